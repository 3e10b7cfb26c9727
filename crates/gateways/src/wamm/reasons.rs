//! WAMM.chat's `err` strings, in words a sales manager can act on.
//!
//! The strings are the ones the documentation lists for each method; anything else is quoted
//! and retried, since an error we do not know is no proof the message can never go.

use std::time::Duration;

use switchboard_core::gateway::SendError;

/// WAMM queues sends 5-12 s apart: a number that is "not checked yet" is worth another try
/// once a queue slot or two has passed.
const RECHECK_AFTER: Duration = Duration::from_secs(15);

/// Test accounts may send 30 messages a day by API; the count resets with the day, so an hour
/// is a fair pause before asking again.
const DAY_LIMIT_RETRY: Duration = Duration::from_secs(3600);

pub const TOKEN_FAIL: &str = "token fail";
pub const NOT_AUTHORIZED: &str = "acc not authorized";
pub const NO_MESSAGES: &str = "msgs not be";
pub const MSG_NOT_FOUND: &str = "msg not be";
pub const MSG_ID_FAIL: &str = "msg_id fail";
pub const PHONE_NOT_FOUND: &str = "phone not found";
pub const FAIL_EXECUTION: &str = "fail execution";
pub const NOT_CHECKED: &str = "phone not checked for WhatsApp, please retry";
pub const NO_WHATSAPP: &str = "no WhatsApp on the number";

fn rejected(code: &str, reason: impl Into<String>) -> SendError {
    SendError::Rejected {
        code: Some(code.to_owned()),
        reason: reason.into(),
    }
}

fn retryable(reason: impl Into<String>, retry_after: Option<Duration>) -> SendError {
    SendError::Retryable {
        reason: reason.into(),
        retry_after,
    }
}

/// An `err` that any method may answer, or that a send (`msg_to`, `file_to`) answers.
/// `phone` is the number the request was about, as people read it.
pub fn error(err: &str, phone: &str) -> SendError {
    let lower = err.trim().to_ascii_lowercase();
    match lower.as_str() {
        TOKEN_FAIL => rejected(
            TOKEN_FAIL,
            "WAMM.chat refused the API token: copy it again from Settings in WAMM.chat \
             (administrators see it there) into the account's secret",
        ),
        NOT_AUTHORIZED => rejected(
            NOT_AUTHORIZED,
            "WAMM.chat is not connected to WhatsApp: open WAMM.chat and link the phone again \
             (scan the QR code), then retry",
        ),
        "phone fail" => rejected(
            "phone fail",
            format!("WAMM.chat did not accept the phone number {phone}: check the number"),
        ),
        l if l == NO_WHATSAPP.to_ascii_lowercase() => no_whatsapp(phone),
        l if l == NOT_CHECKED.to_ascii_lowercase() => retryable(
            format!(
                "WAMM.chat has not finished checking whether {phone} has WhatsApp; the message \
                 is tried again shortly"
            ),
            Some(RECHECK_AFTER),
        ),
        FAIL_EXECUTION => retryable(
            format!(
                "WAMM.chat could not check whether {phone} has WhatsApp this time; trying again shortly"
            ),
            Some(RECHECK_AFTER),
        ),
        "text fail" => rejected(
            "text fail",
            "The message is empty: WAMM.chat sends no empty text",
        ),
        "text fail, more 1500" => rejected(
            "text fail, more 1500",
            "The message is too long: WAMM.chat accepts at most 1500 characters",
        ),
        "url fail" => rejected(
            "url fail",
            "The file link is empty or does not start with http:// or https://: WAMM.chat \
             fetches files from a public link",
        ),
        "col fail or more 100" => rejected(
            "col fail or more 100",
            "WAMM.chat refused the number of messages asked for (1 to 100 are allowed)",
        ),
        MSG_ID_FAIL | MSG_NOT_FOUND => {
            rejected(&lower, "WAMM.chat does not know this message any more")
        }
        "name fail" => rejected(
            "name fail",
            "WAMM.chat keeps contacts only with a name: give the contact a name",
        ),
        "name fail, more 250" => rejected(
            "name fail, more 250",
            "The contact's name is too long: WAMM.chat accepts at most 250 characters",
        ),
        PHONE_NOT_FOUND => rejected(
            PHONE_NOT_FOUND,
            format!("WAMM.chat has no contact with the number {phone}"),
        ),
        // Not in the documentation: the 30-a-day cap of test accounts must say something, and
        // whatever WAMM words it as, it will name a limit or a day.
        l if l.contains("limit") || l.contains("day") => retryable(
            format!(
                "WAMM.chat refused more messages for today ('{}'): test accounts may send 30 \
                 messages a day by API; the message is tried again later",
                err.trim()
            ),
            Some(DAY_LIMIT_RETRY),
        ),
        _ => retryable(
            format!(
                "WAMM.chat answered '{}'; the request is tried again later",
                err.trim()
            ),
            None,
        ),
    }
}

/// `check_phone` said `none` (or `msg_to` said so): nothing was sent, and sending again
/// cannot help.
pub fn no_whatsapp(phone: &str) -> SendError {
    rejected(
        "no_whatsapp",
        format!("{phone} has no WhatsApp: WAMM.chat checked the number, and nothing was sent"),
    )
}
