//! Sending (`msg_to`, `file_to`) after `check_phone`, and keeping WAMM's address book in step
//! (`contact_to`, `contact_delete`).

use serde_json::{Map, Value};
use switchboard_core::gateway::{ContactChange, OutgoingMessage, SendError, SendReceipt};
use switchboard_core::message::Content;

use super::client::CallError;
use super::{MAX_NAME_CHARS, WammGateway, phrases as said, reasons};
use crate::wire::{rejected, retryable};

impl WammGateway {
    pub(super) async fn send_message(
        &self,
        message: &OutgoingMessage,
    ) -> Result<SendReceipt, SendError> {
        let client = self.client()?;
        let shown = message.to.e164();
        let digits = message.to.digits();
        let (method, params) = match &message.content {
            Content::Text { text } => ("msg_to", [("phone", digits), ("text", text.as_str())]),
            Content::Media { url, .. } => ("file_to", [("phone", digits), ("url", url.as_str())]),
            Content::Template { .. } => {
                return Err(rejected("templates", said::TEMPLATES_REFUSED.phrase()));
            }
        };
        if !self.is_checked(digits) {
            self.check_phone(digits, shown).await?;
        }
        match client.call(method, &params).await {
            Ok(answer) => receipt(&answer),
            Err(CallError::Gateway(err)) => {
                // WAMM forgot its check, or the number lost WhatsApp: ask again next time.
                if err.eq_ignore_ascii_case(reasons::NOT_CHECKED)
                    || err.eq_ignore_ascii_case(reasons::NO_WHATSAPP)
                {
                    self.forget_checked(digits);
                }
                Err(reasons::error(&err, shown))
            }
            Err(CallError::Transport(e)) => Err(e),
        }
    }

    /// `check_phone` once per number per adapter: WAMM refuses sends to numbers it has not
    /// checked, and a number without WhatsApp is refused here, before anything is sent.
    async fn check_phone(&self, digits: &str, shown: &str) -> Result<(), SendError> {
        let answer = match self
            .client()?
            .call("check_phone", &[("phone", digits)])
            .await
        {
            Ok(answer) => answer,
            Err(CallError::Gateway(err)) => return Err(reasons::error(&err, shown)),
            Err(CallError::Transport(e)) => return Err(e),
        };
        match answer.get("result").and_then(Value::as_str).map(str::trim) {
            Some("exists") => {
                self.remember_checked(digits);
                Ok(())
            }
            Some("none") => Err(reasons::no_whatsapp(shown)),
            Some(other) => Err(retryable(
                said::CHECK_PHONE_UNCLEAR
                    .with("phone", shown)
                    .arg("said", other),
                None,
            )),
            None => Err(retryable(
                said::CHECK_PHONE_SILENT.with("phone", shown),
                None,
            )),
        }
    }

    pub(super) async fn change_contact(&self, change: &ContactChange) -> Result<(), SendError> {
        let client = self.client()?;
        let (method, phone, name) = match change {
            ContactChange::Upsert { phone, name } => {
                let name = name.trim();
                if name.is_empty() {
                    return Err(reasons::error("name fail", phone.e164()));
                }
                // WAMM refuses longer names; a shortened name beats a contact left out of step.
                let name: String = name.chars().take(MAX_NAME_CHARS).collect();
                ("contact_to", phone, Some(name))
            }
            ContactChange::Delete { phone } => ("contact_delete", phone, None),
        };
        let mut params = vec![("phone", phone.digits())];
        if let Some(name) = &name {
            params.push(("name", name.as_str()));
        }
        match client.call(method, &params).await {
            Ok(_) => Ok(()),
            // Deleting what is already gone is done.
            Err(CallError::Gateway(err))
                if method == "contact_delete"
                    && err.eq_ignore_ascii_case(reasons::PHONE_NOT_FOUND) =>
            {
                Ok(())
            }
            Err(CallError::Gateway(err)) => Err(reasons::error(&err, phone.e164())),
            Err(CallError::Transport(e)) => Err(e),
        }
    }
}

/// `{"err":0,"msg_id":1234567}`: the id is documented as a number and listed as a string.
pub fn receipt(answer: &Map<String, Value>) -> Result<SendReceipt, SendError> {
    let id = match answer.get("msg_id") {
        Some(Value::Number(n)) if n.is_u64() => n.to_string(),
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
        _ => {
            // WAMM took the message but did not say which it is: sending again would send it
            // twice, so this one is given up (the history sync still brings it in).
            return Err(rejected("no_msg_id", said::NO_MSG_ID.phrase()));
        }
    };
    Ok(SendReceipt {
        gateway_message_id: id,
    })
}
