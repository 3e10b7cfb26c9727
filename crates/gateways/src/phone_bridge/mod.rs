//! A phone as the gateway: an Android automation app (Tasker, Automagic, MacroDroid) on a phone
//! with WhatsApp asks Switchboard every few seconds for the next message, pastes it into
//! WhatsApp, reports whether it went out, and posts the messages it catches from WhatsApp's
//! notifications (seed 004, first article).
//!
//! Nothing here calls out: the phone calls us, on three webhook endpoints of the account
//! (`/hooks/{account token}/next`, `.../result`, `.../incoming`). A send therefore parks the
//! message in this adapter until the phone takes it through `next` ([`handover`]); the engine
//! keeps one adapter per account, so the outbox worker and the webhook handler meet here.

mod auth;
mod fields;
mod handover;
pub(crate) mod incoming;
pub mod phrases;
pub(crate) mod result;
pub mod strength;

use std::time::Duration;

use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{
    Capabilities, CatalogSource, Gateway, GatewayConfig, OutgoingMessage, SendError, SendReceipt,
    ValidationError, WebhookError, WebhookOutcome, WebhookReply, WebhookRequest,
};
use switchboard_core::message::Content;
use switchboard_core::phrase::Phrase;
use switchboard_core::time::Timestamp;

use crate::wire::{phrases as shared, rejected};
use phrases as said;

pub use auth::authenticate;
pub use handover::Handover;
pub use incoming::derived_id;

/// The longest text we hand to the phone. WhatsApp itself takes far more, but the text is
/// pasted into WhatsApp's input field by an accessibility action and travels through the
/// automation app's variables; 4096 characters is the limit the WhatsApp Business APIs set for a
/// text body, keeps a long message on one screen of review, and is well inside what Tasker and
/// Automagic handle reliably.
pub const MAX_TEXT_CHARS: usize = 4096;

/// How long a send waits for the phone to ask for it, unless `pickup_timeout_s` says otherwise.
/// The article's phone asks every 5 s; a minute means the app is not running.
pub const DEFAULT_PICKUP_TIMEOUT: Duration = Duration::from_secs(60);

/// The outbox's claim on a message lasts 90 s; a send must end well before that, or another
/// worker would take the message as abandoned while the phone may still pick it up.
pub const MAX_PICKUP_TIMEOUT_SECS: f64 = 80.0;

/// Pickup timeouts shorter than this would fail sends between two polls of a healthy phone.
pub const MIN_PICKUP_TIMEOUT_SECS: f64 = 0.1;

pub const PICKUP_TIMEOUT_OPTION: &str = "pickup_timeout_s";

pub fn capabilities() -> Capabilities {
    Capabilities {
        text: true,
        max_text_len: MAX_TEXT_CHARS as u32,
        // The automation pastes text; attaching a file would need another UI script.
        media_types: Vec::new(),
        // Text only.
        media_limits: Vec::new(),
        templates: false,
        template_catalog: CatalogSource::None,
        webhooks: vec![
            "next".to_owned(),
            "result".to_owned(),
            "incoming".to_owned(),
        ],
        polling: None,
        history: false,
        contact_sync: false,
        // A personal WhatsApp on a phone may write to anyone at any time.
        enforces_24h_window: false,
        // A message handed to the phone again would be typed and sent again.
        idempotent_send: false,
        // Seed 004's phone marks a message read as its notification comes; nothing asks it to.
        read_receipts: false,
    }
}

/// One phone, for one account.
#[derive(Debug)]
pub struct PhoneBridgeGateway {
    config: GatewayConfig,
    /// The pickup timeout, or why the account's option is unusable.
    pickup_timeout: Result<Duration, Phrase>,
    handover: Handover,
}

impl PhoneBridgeGateway {
    pub fn new(config: GatewayConfig) -> Self {
        let pickup_timeout = pickup_timeout(&config.options);
        Self {
            config,
            pickup_timeout,
            handover: Handover::default(),
        }
    }

    fn authenticate(&self, request: &WebhookRequest) -> Result<(), WebhookError> {
        authenticate(request, self.config.secret.as_ref())
    }
}

/// Reads `pickup_timeout_s`: a number of seconds, as a JSON number or a string (options set on
/// the command line arrive as strings).
pub fn pickup_timeout(
    options: &serde_json::Map<String, serde_json::Value>,
) -> Result<Duration, Phrase> {
    let seconds = match options.get(PICKUP_TIMEOUT_OPTION) {
        None | Some(serde_json::Value::Null) => return Ok(DEFAULT_PICKUP_TIMEOUT),
        Some(serde_json::Value::Number(n)) => n.as_f64(),
        Some(serde_json::Value::String(s)) => s.trim().parse::<f64>().ok(),
        Some(_) => None,
    };
    match seconds {
        Some(s) if (MIN_PICKUP_TIMEOUT_SECS..=MAX_PICKUP_TIMEOUT_SECS).contains(&s) => {
            Ok(Duration::from_secs_f64(s))
        }
        _ => Err(said::BAD_PICKUP_TIMEOUT
            .with("option", PICKUP_TIMEOUT_OPTION)
            .arg("max", format!("{MAX_PICKUP_TIMEOUT_SECS:.0}"))),
    }
}

#[async_trait::async_trait]
impl Gateway for PhoneBridgeGateway {
    fn kind(&self) -> GatewayKind {
        GatewayKind::PhoneBridge
    }

    fn capabilities(&self) -> Capabilities {
        capabilities()
    }

    fn validate(&self, message: &OutgoingMessage) -> Result<(), ValidationError> {
        if let Err(problem) = &self.pickup_timeout {
            return Err(ValidationError(problem.clone()));
        }
        match &message.content {
            Content::Text { text } => {
                let chars = text.chars().count();
                if text.trim().is_empty() {
                    Err(shared::EMPTY_MESSAGE.into())
                } else if chars > MAX_TEXT_CHARS {
                    Err(ValidationError(
                        said::TEXT_TOO_LONG
                            .with("max", MAX_TEXT_CHARS)
                            .arg("chars", chars),
                    ))
                } else {
                    Ok(())
                }
            }
            Content::Media { .. } => Err(said::NO_FILES.into()),
            Content::Template { .. } => Err(said::NO_TEMPLATES.into()),
        }
    }

    async fn send(&self, message: &OutgoingMessage) -> Result<SendReceipt, SendError> {
        if self.config.secret.is_none() {
            return Err(rejected("no_secret", said::NO_SECRET.phrase()));
        }
        let wait = self
            .pickup_timeout
            .clone()
            .map_err(|reason| rejected("bad_option", reason))?;
        self.handover.send(message, wait).await
    }

    fn parse_webhook(
        &self,
        endpoint: &str,
        request: &WebhookRequest,
    ) -> Result<WebhookOutcome, WebhookError> {
        // Unknown endpoints are said as such even without credentials: nothing is revealed.
        if !matches!(endpoint, "next" | "result" | "incoming") {
            return Err(WebhookError::UnknownEndpoint(endpoint.to_owned()));
        }
        self.authenticate(request)?;
        let secret = self.config.secret.as_ref();
        match endpoint {
            "next" => Ok(WebhookOutcome {
                events: Vec::new(),
                reply: Some(WebhookReply::Json(self.handover.next_reply())),
            }),
            "result" => Ok(WebhookOutcome {
                events: vec![result::parse(&request.body, secret, Timestamp::now())?],
                reply: None,
            }),
            _ => Ok(WebhookOutcome {
                events: vec![incoming::parse(&request.body, Timestamp::now())?],
                reply: None,
            }),
        }
    }

    async fn check(&self) -> Result<Phrase, SendError> {
        let Some(secret) = &self.config.secret else {
            return Err(rejected("no_secret", said::CHECK_NO_SECRET.phrase()));
        };
        if let Some(weak) = strength::problem(secret.expose()) {
            return Err(rejected("weak_secret", weak));
        }
        if let Err(reason) = &self.pickup_timeout {
            return Err(rejected("bad_option", reason.clone()));
        }
        Ok(said::CHECK_NOTHING_TO_CALL.phrase())
    }
}

#[cfg(test)]
mod tests;
