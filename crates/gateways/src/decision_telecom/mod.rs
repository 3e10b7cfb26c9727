//! DecisionTelecom (web.it-decision.com): one JSON request per message to `send-whatsapp`,
//! statuses posted to each message's `callback_url` and looked up with `receive-whatsapp`.
//!
//! The protocol is the one on DecisionTelecom's WhatsApp Business API page (Russian and English
//! copies). Two things the page leaves out are assumed as a real gateway plausibly does them:
//! the status callback's body has the look-up's shape (`{"message_id": 554, "status": 1}`),
//! and a wrong access key is answered 401 without one of the page's error codes.

pub(crate) mod errors;
pub(crate) mod lookup;
pub mod phrases;
pub(crate) mod send;
pub(crate) mod status;
mod template;
mod validate;

use std::time::Duration;

use switchboard_core::media::MB;

use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{
    Capabilities, CatalogSource, FetchedMedia, Gateway, GatewayConfig, MediaLimit, OutgoingMessage,
    PollPolicy, PollRequest, PollResult, Secret, SendError, SendReceipt, ValidationError,
    WebhookError, WebhookOutcome, WebhookRequest,
};
use switchboard_core::phrase::Phrase;
use switchboard_core::time::Timestamp;

pub use errors::interpret_error;
pub use send::interpret;
pub use status::status_of;
pub use template::template_params;

/// DecisionTelecom's production API, for accounts created without a base URL.
pub const DEFAULT_BASE_URL: &str = "https://web.it-decision.com/v1/api";

/// "text: <= 4096 chars".
pub const MAX_TEXT_CHARS: usize = 4096;
/// "source_addr: <= 20 chars".
pub const MAX_SENDER_CHARS: usize = 20;
/// "destination_addr: <= 20 chars".
pub const MAX_DESTINATION_CHARS: usize = 20;

/// "jpg or jpeg (mime type is image/jpeg), png (mime type is image/png)".
pub const MEDIA_TYPES: &[&str] = &["image/jpeg", "image/png"];

/// The account option holding the WhatsApp Business namespace of the account's templates.
pub const NAMESPACE_OPTION: &str = "namespace";
/// The account option holding the template language used when a message names none.
pub const LANGUAGE_OPTION: &str = "language";
/// The template language when neither the message nor the account names one.
pub const DEFAULT_LANGUAGE: &str = "en";

/// Statuses normally arrive by callback; looking them up is the fallback for callbacks that
/// never came (no public webhook URL, our server down). The page gives no rate limit, so the
/// look-ups stay gentle: at most [`LOOKUPS_PER_POLL`] one after another, every 15 s at most
/// while messages wait for a status.
pub const POLL_POLICY: PollPolicy = PollPolicy {
    min_ms: 5_000,
    active_ms: 15_000,
    idle_ms: 120_000,
};

/// The most status look-ups one poll makes; the rest wait for the next poll, in turn.
pub const LOOKUPS_PER_POLL: usize = 20;

pub fn capabilities() -> Capabilities {
    Capabilities {
        text: true,
        max_text_len: MAX_TEXT_CHARS as u32,
        media_types: MEDIA_TYPES.iter().map(|m| (*m).to_owned()).collect(),
        // Undocumented: WhatsApp's own 5 MB for images.
        media_limits: vec![MediaLimit::new("image/", 5 * MB)],
        templates: true,
        template_catalog: CatalogSource::Registered,
        webhooks: vec!["status".to_owned()],
        polling: Some(POLL_POLICY),
        history: false,
        contact_sync: false,
        enforces_24h_window: true,
        idempotent_send: false,
        // DecisionTelecom's "seen" is our message's status (seed 000); no call marks theirs read.
        read_receipts: false,
    }
}

/// One DecisionTelecom account.
#[derive(Debug)]
pub struct DecisionTelecomGateway {
    /// Downloads customers' files (the public internet only, unless the connector says).
    media: crate::media::Fetcher,
    http: reqwest::Client,
    /// The client's timeout, to say how long we waited when DecisionTelecom does not answer.
    timeout: Duration,
    config: GatewayConfig,
}

impl DecisionTelecomGateway {
    pub fn new(
        http: reqwest::Client,
        media: crate::media::Fetcher,
        timeout: Duration,
        config: GatewayConfig,
    ) -> Self {
        Self {
            http,
            media,
            timeout,
            config,
        }
    }

    fn url(&self, method: &str) -> String {
        let base = self.config.base_url.trim();
        let base = if base.is_empty() {
            DEFAULT_BASE_URL
        } else {
            base
        };
        format!("{}/{method}", base.trim_end_matches('/'))
    }

    fn secret(&self) -> Result<&Secret, SendError> {
        self.config
            .secret
            .as_ref()
            .ok_or_else(|| SendError::Rejected {
                code: Some("no_access_key".to_owned()),
                reason: phrases::NO_ACCESS_KEY.phrase(),
            })
    }

    /// An option's text; `account add --option k=v` stores strings, but a number is fine too.
    fn option(&self, name: &str) -> Option<String> {
        match self.config.options.get(name)? {
            serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    fn client(&self) -> Result<lookup::Client<'_>, SendError> {
        Ok(lookup::Client {
            http: &self.http,
            url: self.url("receive-whatsapp"),
            secret: self.secret()?,
            timeout: self.timeout,
        })
    }
}

#[async_trait::async_trait]
impl Gateway for DecisionTelecomGateway {
    fn kind(&self) -> GatewayKind {
        GatewayKind::DecisionTelecom
    }

    fn capabilities(&self) -> Capabilities {
        capabilities()
    }

    async fn fetch_media(&self, url: &str, max_bytes: u64) -> Result<FetchedMedia, SendError> {
        self.media.fetch(url, max_bytes, None, None).await
    }

    fn validate(&self, message: &OutgoingMessage) -> Result<(), ValidationError> {
        validate::message(
            &self.config.sender,
            self.option(NAMESPACE_OPTION).as_deref(),
            message,
        )
    }

    async fn send(&self, message: &OutgoingMessage) -> Result<SendReceipt, SendError> {
        let secret = self.secret()?;
        let namespace = self.option(NAMESPACE_OPTION).unwrap_or_default();
        let language = self
            .option(LANGUAGE_OPTION)
            .unwrap_or_else(|| DEFAULT_LANGUAGE.to_owned());
        let account = template::Account {
            namespace: &namespace,
            language: &language,
        };
        let body = send::request_body(&self.config.sender, &account, message);
        send::post(
            &self.http,
            &self.url("send-whatsapp"),
            secret,
            &body,
            self.timeout,
        )
        .await
    }

    fn parse_webhook(
        &self,
        endpoint: &str,
        request: &WebhookRequest,
    ) -> Result<WebhookOutcome, WebhookError> {
        match endpoint {
            "status" => Ok(WebhookOutcome {
                events: status::parse_callback(&request.body, Timestamp::now())?,
                reply: None,
            }),
            other => Err(WebhookError::UnknownEndpoint(other.to_owned())),
        }
    }

    async fn poll(&self, request: PollRequest) -> Result<PollResult, SendError> {
        lookup::poll(&self.client()?, request).await
    }

    async fn check(&self) -> Result<Phrase, SendError> {
        validate::sender(&self.config.sender).map_err(|e| SendError::Rejected {
            code: Some("sender".to_owned()),
            reason: e.0,
        })?;
        lookup::check(&self.client()?).await
    }
}

#[cfg(test)]
mod tests;
