//! Rapporto: one JSON request per WhatsApp message, with the login and password in the body;
//! delivery reports posted back to the message's `notifyUrl`.
//!
//! The page documents the send request, its answer and its error codes, but not the endpoint
//! (each client gets theirs from Rapporto: the account's base URL is that full URL) nor the
//! delivery report's body (a separate "Delivery Status Service"): `report.rs` says what we
//! accept.
//!
//! Ids: we send our message id as Rapporto's partner-side `id`, so a send repeated after a
//! timeout is delivered once and answers the first attempt's message number. The answer's
//! `mtNum` is Rapporto's message number and is what we keep as the gateway message id; reports
//! name it as `mtNum` (or `messageId`) and may echo our `id`, which reconciles a report that
//! arrives before the send's answer.

mod errors;
pub mod phrases;
pub(crate) mod report;
pub(crate) mod send;
mod settings;

use std::time::Duration;

use switchboard_core::media::MB;

use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{
    Capabilities, CatalogSource, FetchedMedia, Gateway, GatewayConfig, MediaLimit, OutgoingMessage,
    SendError, SendReceipt, ValidationError, WebhookError, WebhookOutcome, WebhookRequest,
};
use switchboard_core::message::Content;
use switchboard_core::phrase::Phrase;
use switchboard_core::time::Timestamp;

use crate::wire::phrases as shared;
use phrases as said;

pub use settings::{Settings, TTL_MINUTES};

/// "Message text. Maximum length is: 1000 characters."
pub const MAX_TEXT_CHARS: usize = 1000;
/// "400x400px image with JPG or PNG extension is recommended": the only images WhatsApp gets
/// through Rapporto.
pub const MEDIA_TYPES: &[&str] = &["image/jpeg", "image/png"];
/// The file endings that say JPG or PNG when a media item carries no MIME type.
const IMAGE_ENDINGS: &[&str] = &[".jpg", ".jpeg", ".png"];
/// "The notifyUrl string must be no more than 2048 characters long."
pub const MAX_NOTIFY_URL_CHARS: usize = 2048;

pub fn capabilities() -> Capabilities {
    Capabilities {
        text: true,
        max_text_len: MAX_TEXT_CHARS as u32,
        media_types: MEDIA_TYPES.iter().map(|m| (*m).to_owned()).collect(),
        // WhatsApp's 5 MB for images.
        media_limits: vec![MediaLimit::new("image/", 5 * MB)],
        // The WhatsApp section documents TEXT and IMAGE_URL only.
        templates: false,
        template_catalog: CatalogSource::None,
        webhooks: vec!["status".to_owned()],
        polling: None,
        history: false,
        contact_sync: false,
        enforces_24h_window: true,
        // The partner-side `id` makes a repeated send deliver once (see the module docs).
        idempotent_send: true,
        // Rapporto's documents (seed 002) have no call that marks a customer's message read.
        read_receipts: false,
    }
}

/// One Rapporto account.
#[derive(Debug)]
pub struct RapportoGateway {
    /// Downloads customers' files (the public internet only, unless the connector says).
    media: crate::media::Fetcher,
    http: reqwest::Client,
    /// The client's timeout, to say how long we waited when Rapporto does not answer.
    timeout: Duration,
    config: GatewayConfig,
}

impl RapportoGateway {
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

    /// The account's settings, or a sentence saying what to fix in them.
    fn settings(&self) -> Result<Settings, Phrase> {
        Settings::from_config(&self.config)
    }
}

#[async_trait::async_trait]
impl Gateway for RapportoGateway {
    fn kind(&self) -> GatewayKind {
        GatewayKind::Rapporto
    }

    fn capabilities(&self) -> Capabilities {
        capabilities()
    }

    async fn fetch_media(&self, url: &str, max_bytes: u64) -> Result<FetchedMedia, SendError> {
        self.media.fetch(url, max_bytes, None, None).await
    }

    fn validate(&self, message: &OutgoingMessage) -> Result<(), ValidationError> {
        self.settings().map_err(ValidationError)?;
        if let Some(url) = &message.callback_url {
            validate_notify_url(url)?;
        }
        match &message.content {
            Content::Text { text } => validate_text(text),
            Content::Media {
                url, mime, caption, ..
            } => validate_image(url, mime.as_deref(), caption.as_deref()),
            Content::Template { .. } => Err(said::TEMPLATES.into()),
        }
    }

    async fn send(&self, message: &OutgoingMessage) -> Result<SendReceipt, SendError> {
        let settings = self.settings().map_err(|reason| SendError::Rejected {
            code: Some("account_settings".to_owned()),
            reason,
        })?;
        let Some(password) = &self.config.secret else {
            return Err(SendError::Rejected {
                code: Some("no_password".to_owned()),
                reason: said::NO_PASSWORD.phrase(),
            });
        };
        let body = send::request_body(&settings, password, &self.config.sender, message);
        send::post(
            &self.http,
            &settings.endpoint,
            password,
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
                events: report::parse(&request.body, Timestamp::now())?,
                reply: None,
            }),
            other => Err(WebhookError::UnknownEndpoint(other.to_owned())),
        }
    }

    /// Rapporto has no credential check. We post a request with the login and password and
    /// nothing to send (no recipient, no message): it cannot deliver anything, and its answer
    /// tells whether the address is a Rapporto endpoint and, when Rapporto checks credentials
    /// before the message, whether they are right.
    async fn check(&self) -> Result<Phrase, SendError> {
        let settings = self.settings().map_err(|reason| SendError::Rejected {
            code: Some("account_settings".to_owned()),
            reason,
        })?;
        let Some(password) = &self.config.secret else {
            return Err(SendError::Rejected {
                code: Some("no_password".to_owned()),
                reason: said::NO_PASSWORD.phrase(),
            });
        };
        send::probe(&self.http, &settings, password, self.timeout).await
    }
}

fn invalid(phrase: Phrase) -> ValidationError {
    ValidationError(phrase)
}

fn validate_text(text: &str) -> Result<(), ValidationError> {
    if text.trim().is_empty() {
        return Err(shared::EMPTY_MESSAGE.into());
    }
    let chars = text.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(invalid(
            said::TEXT_TOO_LONG
                .with("max", MAX_TEXT_CHARS)
                .arg("chars", chars),
        ));
    }
    Ok(())
}

/// Rapporto sends "text only" or "image only": a caption would need both in one message.
fn validate_image(
    url: &str,
    mime: Option<&str>,
    caption: Option<&str>,
) -> Result<(), ValidationError> {
    if caption.is_some_and(|c| !c.trim().is_empty()) {
        return Err(said::CAPTION.into());
    }
    if !is_http_url(url) {
        return Err(invalid(said::IMAGE_NOT_HTTP.with("url", url)));
    }
    match mime {
        Some(mime) if !accepts_media_type(mime) => {
            Err(invalid(said::IMAGE_TYPE.with("mime", mime)))
        }
        Some(_) => Ok(()),
        None if has_image_ending(url) => Ok(()),
        None => Err(said::IMAGE_UNTYPED.into()),
    }
}

fn validate_notify_url(url: &str) -> Result<(), ValidationError> {
    let chars = url.chars().count();
    if url.trim().is_empty() {
        return Err(said::NOTIFY_URL_EMPTY.into());
    }
    if chars > MAX_NOTIFY_URL_CHARS {
        return Err(invalid(
            said::NOTIFY_URL_TOO_LONG
                .with("max", MAX_NOTIFY_URL_CHARS)
                .arg("chars", chars),
        ));
    }
    Ok(())
}

/// Whether `mime` is JPG or PNG, ignoring case and parameters.
pub fn accepts_media_type(mime: &str) -> bool {
    let essence = mime.split(';').next().unwrap_or_default().trim();
    MEDIA_TYPES.iter().any(|m| m.eq_ignore_ascii_case(essence))
}

fn has_image_ending(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let lower = path.to_ascii_lowercase();
    IMAGE_ENDINGS.iter().any(|e| lower.ends_with(e))
}

/// A scheme, a host, and no spaces.
pub(crate) fn is_http_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            !host.is_empty() && !url.trim().chars().any(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests;
