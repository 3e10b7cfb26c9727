//! Read receipts, as Meta's guide "Mark messages as read" documents them
//! (<https://developers.facebook.com/docs/whatsapp/cloud-api/guides/mark-message-as-read>; not
//! among the seeds, which hold no Cloud API page): `POST /{phone_number_id}/messages` with the
//! bearer token and `{"messaging_product": "whatsapp", "status": "read", "message_id":
//! "<wamid>"}`, answered `{"success": true}`. The customer sees blue ticks on that message and
//! on the earlier ones of the chat. An id Meta never delivered to the business (an outgoing
//! message's, a made-up one) is error 131009, "Parameter value is not valid".

use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};
use switchboard_core::gateway::SendError;

use super::send::{self, Answer, CLOUD_API, not_documented};

/// The documented body, and nothing else: the same endpoint sends messages, and a stray
/// field of a message would make it one.
pub fn request_body(gateway_message_id: &str) -> Value {
    json!({
        "messaging_product": "whatsapp",
        "status": "read",
        "message_id": gateway_message_id.trim(),
    })
}

/// `{"success": true}`
#[derive(Deserialize, Debug)]
struct ReadAnswer {
    success: bool,
}

/// What an answer to a read receipt means. Errors are Meta's error object, read as a send's
/// are; a 2xx that does not say `success: true` is not taken for one, since the customer would
/// then never see the ticks we believe were sent.
pub fn interpret<'a>(
    status: u16,
    retry_after: Option<Duration>,
    body: impl Into<Answer<'a>>,
) -> Result<(), SendError> {
    let body = &body.into();
    if !(200..=299).contains(&status) {
        return Err(send::error(status, retry_after, body));
    }
    match serde_json::from_str::<ReadAnswer>(body.text()) {
        Ok(ReadAnswer { success: true }) => Ok(()),
        _ => Err(not_documented(CLOUD_API, body)),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use serde_json::json;
    use switchboard_core::gateway::{RetryScope, SendError};

    use super::{interpret, request_body};

    #[test]
    fn the_body_is_the_documented_one_and_nothing_more() {
        assert_eq!(
            request_body(" wamid.HBgL "),
            json!({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.HBgL"})
        );
    }

    #[test]
    fn only_success_true_is_done() {
        assert_eq!(interpret(200, None, r#"{"success": true}"#), Ok(()));
        for body in ["", "<html>", r#"{"success": false}"#, "{}", "null"] {
            let error = interpret(200, None, body).expect_err(body);
            assert!(
                matches!(error, SendError::Retryable { .. }),
                "an answer that does not say the ticks were set may be asked again: {error:?}"
            );
        }
    }

    #[test]
    fn meta_errors_mean_what_they_mean_for_a_send() {
        let unknown = json!({"error": {"message": "(#131009) Parameter value is not valid",
            "type": "OAuthException", "code": 131009,
            "error_data": {"messaging_product": "whatsapp", "details": "Invalid message_id"},
            "fbtrace_id": "Axyz"}});
        let SendError::Rejected { code, reason } =
            interpret(400, None, unknown.to_string().as_str()).expect_err("refused")
        else {
            panic!("an id Meta does not know will not become known by asking again");
        };
        assert_eq!(code.as_deref(), Some("131009"));
        assert!(
            reason.text.contains("not valid") && reason.text.contains("Invalid message_id"),
            "{reason}"
        );
        let busy = interpret(503, Some(Duration::from_secs(2)), "Service Unavailable");
        assert!(
            matches!(
                busy,
                Err(SendError::Retryable {
                    scope: RetryScope::Account,
                    ..
                })
            ),
            "{busy:?}"
        );
    }
}
