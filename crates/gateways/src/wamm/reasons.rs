//! WAMM.chat's `err` strings, in words a sales manager can act on.
//!
//! The strings are the ones the documentation lists for each method; anything else is quoted
//! and retried, since an error we do not know is no proof the message can never go.

use std::time::Duration;

use switchboard_core::gateway::SendError;

use super::phrases as said;
use super::{MAX_NAME_CHARS, MAX_TEXT_CHARS};
use crate::wire::{rejected, retry_message, retryable};

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

/// Test accounts may send this many messages a day by API.
const TEST_MESSAGES_PER_DAY: u32 = 30;

/// An `err` that any method may answer, or that a send (`msg_to`, `file_to`) answers.
/// `phone` is the number the request was about, as people read it.
pub fn error(err: &str, phone: &str) -> SendError {
    let lower = err.trim().to_ascii_lowercase();
    match lower.as_str() {
        TOKEN_FAIL => rejected(TOKEN_FAIL, said::ERROR_TOKEN_FAIL.phrase()),
        NOT_AUTHORIZED => rejected(NOT_AUTHORIZED, said::ERROR_NOT_AUTHORIZED.phrase()),
        "phone fail" => rejected("phone fail", said::ERROR_PHONE_FAIL.with("phone", phone)),
        l if l == NO_WHATSAPP.to_ascii_lowercase() => no_whatsapp(phone),
        // About this number alone: messages to other customers may go meanwhile.
        l if l == NOT_CHECKED.to_ascii_lowercase() => retry_message(
            said::ERROR_NOT_CHECKED.with("phone", phone),
            Some(RECHECK_AFTER),
        ),
        FAIL_EXECUTION => retry_message(
            said::ERROR_FAIL_EXECUTION.with("phone", phone),
            Some(RECHECK_AFTER),
        ),
        "text fail" => rejected("text fail", said::ERROR_TEXT_FAIL.phrase()),
        "text fail, more 1500" => rejected(
            "text fail, more 1500",
            said::ERROR_TEXT_TOO_LONG.with("max", MAX_TEXT_CHARS),
        ),
        "url fail" => rejected("url fail", said::ERROR_URL_FAIL.phrase()),
        "col fail or more 100" => rejected("col fail or more 100", said::ERROR_COL_FAIL.phrase()),
        MSG_ID_FAIL | MSG_NOT_FOUND => rejected(&lower, said::ERROR_MSG_GONE.phrase()),
        "name fail" => rejected("name fail", said::ERROR_NAME_FAIL.phrase()),
        "name fail, more 250" => rejected(
            "name fail, more 250",
            said::ERROR_NAME_TOO_LONG.with("max", MAX_NAME_CHARS),
        ),
        PHONE_NOT_FOUND => rejected(
            PHONE_NOT_FOUND,
            said::ERROR_PHONE_NOT_FOUND.with("phone", phone),
        ),
        // Not in the documentation: the 30-a-day cap of test accounts must say something, and
        // whatever WAMM words it as, it will name a limit or a day.
        l if l.contains("limit") || l.contains("day") => retryable(
            said::ERROR_DAY_LIMIT
                .with("said", err.trim())
                .arg("per_day", TEST_MESSAGES_PER_DAY),
            Some(DAY_LIMIT_RETRY),
        ),
        _ => retryable(said::ERROR_OTHER.with("said", err.trim()), None),
    }
}

/// `check_phone` said `none` (or `msg_to` said so): nothing was sent, and sending again
/// cannot help.
pub fn no_whatsapp(phone: &str) -> SendError {
    rejected("no_whatsapp", said::NO_WHATSAPP.with("phone", phone))
}
