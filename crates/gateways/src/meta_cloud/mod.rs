//! Meta's WhatsApp Cloud API (graph.facebook.com): messages sent one per request to
//! `POST /{phone_number_id}/messages` with a bearer access token; statuses and customer
//! messages arrive at one signed webhook.
//!
//! The account's sender is the phone number ID (a Graph object id, not the phone number); its
//! secret holds `{"access_token", "app_secret", "verify_token"}` (see [`credentials`]).

mod credentials;
mod incoming;
mod media;
pub mod phrases;
mod read;
mod reasons;
pub(crate) mod send;
mod status;
pub mod templates;
mod validation;
pub(crate) mod webhook;
mod wire;

use std::time::Duration;

use switchboard_core::media::MB;

use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{
    Capabilities, CatalogSource, FetchedMedia, Gateway, GatewayConfig, MediaLimit, OutgoingMessage,
    SendError, SendReceipt, ValidationError, WebhookError, WebhookOutcome, WebhookRequest,
};
use switchboard_core::phrase::Phrase;

use crate::wire::rejected;
use phrases as said;

pub use credentials::Credentials;
pub use incoming::MEDIA_SCHEME;
pub use reasons::describe as describe_error;
pub use send::{error as interpret_error, interpret, regain_access};
pub use webhook::ENDPOINT;

/// The Graph API version this adapter was written against, for accounts without a base URL.
pub const DEFAULT_BASE_URL: &str = "https://graph.facebook.com/v21.0";

/// The text message's `body`: "Maximum 4096 characters".
pub const MAX_TEXT_CHARS: usize = 4096;
/// Media captions: "Maximum 1024 characters".
pub const MAX_CAPTION_CHARS: usize = 1024;
/// Template language when neither the message nor the account option `language` names one.
pub const DEFAULT_LANGUAGE: &str = "en_US";

/// The Cloud API's supported media types (Media reference): audio, documents, images, video.
/// Stickers (image/webp) are left out: they travel as their own type with their own limits.
pub const MEDIA_TYPES: &[&str] = &[
    "audio/aac",
    "audio/amr",
    "audio/mpeg",
    "audio/mp4",
    "audio/ogg",
    "text/plain",
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "image/jpeg",
    "image/png",
    "video/mp4",
    "video/3gpp",
];

/// Some copies of the table write 3GPP video as "video/3gp"; whoever copies one must not be
/// refused.
const MEDIA_TYPE_ALIASES: &[&str] = &["video/3gp"];

pub fn capabilities() -> Capabilities {
    Capabilities {
        text: true,
        max_text_len: MAX_TEXT_CHARS as u32,
        media_types: MEDIA_TYPES.iter().map(|m| (*m).to_owned()).collect(),
        // The Cloud API's documented limits (Media reference).
        media_limits: vec![
            MediaLimit::new("image/", 5 * MB),
            MediaLimit::new("audio/", 16 * MB),
            MediaLimit::new("video/", 16 * MB),
            MediaLimit::new("", 100 * MB),
        ],
        templates: true,
        template_catalog: CatalogSource::Gateway,
        webhooks: vec![ENDPOINT.to_owned()],
        polling: None,
        history: false,
        contact_sync: false,
        enforces_24h_window: true,
        idempotent_send: false,
        // Meta's "Mark messages as read": `status: read` on the messages endpoint (read.rs).
        read_receipts: true,
    }
}

/// Whether the Cloud API takes `mime`, ignoring case and parameters (`; codecs=opus`).
pub fn accepts_media_type(mime: &str) -> bool {
    let essence = mime.split(';').next().unwrap_or_default().trim();
    MEDIA_TYPES
        .iter()
        .chain(MEDIA_TYPE_ALIASES)
        .any(|m| m.eq_ignore_ascii_case(essence))
}

/// One phone number on the Cloud API.
#[derive(Debug)]
pub struct MetaCloudGateway {
    /// Downloads customers' files (the public internet only, unless the connector says).
    media: crate::media::Fetcher,
    http: reqwest::Client,
    /// The client's timeout, to say how long we waited when Meta does not answer.
    timeout: Duration,
    config: GatewayConfig,
    /// Read once from the secret; a sentence (never the secret) when it cannot be used.
    credentials: Result<Credentials, Phrase>,
}

impl MetaCloudGateway {
    pub fn new(
        http: reqwest::Client,
        media: crate::media::Fetcher,
        timeout: Duration,
        config: GatewayConfig,
    ) -> Self {
        let credentials = Credentials::parse(config.secret.as_ref());
        Self {
            http,
            media,
            timeout,
            config,
            credentials,
        }
    }

    fn phone_number_id(&self) -> &str {
        self.config.sender.trim()
    }

    fn base(&self) -> &str {
        let base = self.config.base_url.trim();
        let base = if base.is_empty() {
            DEFAULT_BASE_URL
        } else {
            base
        };
        base.trim_end_matches('/')
    }

    /// `POST /{phone_number_id}/messages`, which sends a message or a read receipt: Meta tells
    /// them apart by the body.
    async fn post_messages(
        &self,
        credentials: &Credentials,
        body: &serde_json::Value,
    ) -> Result<send::Exchange, SendError> {
        let url = format!("{}/{}/messages", self.base(), self.phone_number_id());
        send::post(&self.http, &url, credentials, body, self.timeout).await
    }

    /// The template language the account asks for (option `language`), else `en_US`.
    fn default_language(&self) -> &str {
        self.config
            .options
            .get("language")
            .and_then(serde_json::Value::as_str)
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .unwrap_or(DEFAULT_LANGUAGE)
    }

    fn credentials(&self) -> Result<&Credentials, SendError> {
        self.credentials
            .as_ref()
            .map_err(|problem| rejected("credentials", problem.clone()))
    }

    fn settings_problem(&self) -> Option<ValidationError> {
        if let Err(problem) = validation::phone_number_id(self.phone_number_id()) {
            return Some(problem);
        }
        validation::language_option(&self.config.options).err()
    }
}

#[async_trait::async_trait]
impl Gateway for MetaCloudGateway {
    fn kind(&self) -> GatewayKind {
        GatewayKind::MetaCloud
    }

    fn capabilities(&self) -> Capabilities {
        capabilities()
    }

    async fn fetch_media(&self, url: &str, max_bytes: u64) -> Result<FetchedMedia, SendError> {
        media::fetch(self, url, max_bytes).await
    }

    fn validate(&self, message: &OutgoingMessage) -> Result<(), ValidationError> {
        if let Some(problem) = self.settings_problem() {
            return Err(problem);
        }
        validation::content(&message.content)
    }

    async fn send(&self, message: &OutgoingMessage) -> Result<SendReceipt, SendError> {
        let credentials = self.credentials()?;
        if let Some(problem) = self.settings_problem() {
            return Err(rejected("settings", problem.0));
        }
        let body = wire::request_body(message, self.default_language());
        let answer = self.post_messages(credentials, &body).await?;
        let body = send::Answer::new(&answer.body, &credentials.secrets());
        send::interpret(answer.status, answer.retry_after, body)
            .map_err(|e| credentials.redact_error(e))
    }

    /// One page of the business account's templates (option `waba_id`), from the `after`
    /// cursor, as `templates.rs` says.
    async fn list_templates(
        &self,
        cursor: Option<String>,
    ) -> Result<switchboard_core::templates::TemplatePage, SendError> {
        let credentials = self.credentials()?;
        let waba_id = templates::waba_id(&self.config.options)?;
        let url = templates::page_url(self.base(), waba_id, cursor.as_deref())?;
        templates::fetch(&self.http, url, credentials, self.timeout).await
    }

    /// The customer's message `gateway_message_id` (its `wamid`) is marked read, as `read.rs`
    /// says.
    async fn mark_read(&self, gateway_message_id: &str) -> Result<(), SendError> {
        let credentials = self.credentials()?;
        // Only the phone number ID is in the request: a bad template language must not stop
        // a receipt.
        validation::phone_number_id(self.phone_number_id())
            .map_err(|problem| rejected("settings", problem.0))?;
        let body = read::request_body(gateway_message_id);
        let answer = self.post_messages(credentials, &body).await?;
        let body = send::Answer::new(&answer.body, &credentials.secrets());
        read::interpret(answer.status, answer.retry_after, body)
            .map_err(|e| credentials.redact_error(e))
    }

    fn parse_webhook(
        &self,
        endpoint: &str,
        request: &WebhookRequest,
    ) -> Result<WebhookOutcome, WebhookError> {
        if endpoint != ENDPOINT {
            return Err(WebhookError::UnknownEndpoint(endpoint.to_owned()));
        }
        let account = webhook::Account {
            phone_number_id: self.phone_number_id(),
            credentials: self.credentials.as_ref().map_err(|p| p.text.as_str()),
        };
        webhook::handle(&account, request)
    }

    /// `GET /{phone_number_id}?fields=display_phone_number,verified_name`: a wrong or expired
    /// token, or a phone number ID the token cannot see, fails here without sending anything.
    async fn check(&self) -> Result<Phrase, SendError> {
        let credentials = self.credentials()?;
        if let Some(problem) = self.settings_problem() {
            return Err(rejected("settings", problem.0));
        }
        let url = format!(
            "{}/{}?fields=display_phone_number,verified_name",
            self.base(),
            self.phone_number_id()
        );
        let answer = send::get(&self.http, &url, credentials, self.timeout).await?;
        let body = send::Answer::new(&answer.body, &credentials.secrets());
        if !(200..=299).contains(&answer.status) {
            return Err(credentials.redact_error(send::error(
                answer.status,
                answer.retry_after,
                &body,
            )));
        }
        let number: serde_json::Value = serde_json::from_str(body.text())
            .map_err(|_| credentials.redact_error(send::check_not_json(&body)))?;
        let field = |name: &str| number.get(name).and_then(serde_json::Value::as_str);
        let id = self.phone_number_id();
        let mut said = match (field("display_phone_number"), field("verified_name")) {
            (Some(phone), Some(name)) => said::CHECK_WORKS_NAMED
                .with("id", id)
                .arg("phone", phone)
                .arg("name", name),
            (Some(phone), None) => said::CHECK_WORKS_PHONE.with("id", id).arg("phone", phone),
            _ => said::CHECK_WORKS.with("id", id),
        };
        let warnings = [
            credentials
                .app_secret
                .is_none()
                .then_some(said::CHECK_NO_APP_SECRET),
            credentials
                .verify_token
                .is_none()
                .then_some(said::CHECK_NO_VERIFY_TOKEN),
        ];
        for warning in warnings.into_iter().flatten() {
            said = said::CHECK_AND
                .phrase()
                .nest("said", said)
                .nest("warning", warning.phrase());
        }
        Ok(credentials.redact_phrase(said))
    }
}

#[cfg(test)]
mod tests;
