//! Devino (api.devino.online): WhatsApp messages sent in JSON batches, statuses and incoming
//! messages posted back to us.
//!
//! The protocol is the one in Devino's documentation (English and Russian copies): statuses
//! are a JSON array posted to each message's `callbackUrl`; incoming messages are posted to a
//! URL agreed with Devino's support.

pub(crate) mod incoming;
pub mod phrases;
mod reasons;
pub(crate) mod send;
pub(crate) mod status;

use std::time::Duration;

use switchboard_core::media::MB;

use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{
    Capabilities, CatalogSource, FetchedMedia, Gateway, GatewayConfig, MediaLimit, OutgoingMessage,
    SendError, SendReceipt, ValidationError, WebhookError, WebhookOutcome, WebhookRequest,
};
use switchboard_core::message::Content;
use switchboard_core::phrase::Phrase;

use crate::wire::phrases as shared;
use phrases as said;

/// Devino's production API, for accounts created without a base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.devino.online";

/// "Up to 1000 UTF-8 characters".
pub const MAX_TEXT_CHARS: usize = 1000;
/// "Content name: up to 100 characters".
pub const MAX_CONTENT_NAME_CHARS: usize = 100;
/// Template messages live a day: the documentation's only possible `validity`.
pub const TEMPLATE_VALIDITY_SECS: u32 = 86_400;

/// The MIME types of the documentation's media table. Office documents are spelled out because
/// the table only says "office documents" (.do*, .xl*, .ppt, .sx*, .od*).
pub const MEDIA_TYPES: &[&str] = &[
    "audio/aac",
    "audio/mp4",
    "audio/amr",
    "audio/mpeg",
    "audio/ogg",
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    "image/jpeg",
    "image/png",
    "video/mp4",
    "video/3gpp",
];

/// The table writes AAC audio as "audio/acc"; someone copying it must not be refused.
const MEDIA_TYPE_ALIASES: &[&str] = &["audio/acc"];

/// Language codes are WhatsApp locales: `en`, `fil`, `pt_BR`.
const LANGUAGE_CODE_CHARS: std::ops::RangeInclusive<usize> = 2..=5;

pub fn capabilities() -> Capabilities {
    Capabilities {
        text: true,
        max_text_len: MAX_TEXT_CHARS as u32,
        media_types: MEDIA_TYPES.iter().map(|m| (*m).to_owned()).collect(),
        // Devino refuses larger images with 2303; audio and video follow WhatsApp's 16 MB,
        // documents its 100 MB.
        media_limits: vec![
            MediaLimit::new("image/", 5 * MB),
            MediaLimit::new("audio/", 16 * MB),
            MediaLimit::new("video/", 16 * MB),
            MediaLimit::new("", 100 * MB),
        ],
        templates: true,
        template_catalog: CatalogSource::Registered,
        webhooks: vec!["status".to_owned(), "incoming".to_owned()],
        polling: None,
        history: false,
        contact_sync: false,
        enforces_24h_window: true,
        idempotent_send: false,
        // Devino's documents (seeds 003, 004) have no call that marks a customer's message read.
        read_receipts: false,
    }
}

/// Whether Devino accepts `mime` for media, ignoring case and parameters (`; codecs=opus`).
pub fn accepts_media_type(mime: &str) -> bool {
    let essence = mime.split(';').next().unwrap_or_default().trim();
    MEDIA_TYPES
        .iter()
        .chain(MEDIA_TYPE_ALIASES)
        .any(|m| m.eq_ignore_ascii_case(essence))
}

/// One Devino account.
#[derive(Debug)]
pub struct DevinoGateway {
    /// Downloads customers' files (the public internet only, unless the connector says).
    media: crate::media::Fetcher,
    http: reqwest::Client,
    /// The client's timeout, to say how long we waited when Devino does not answer.
    timeout: Duration,
    config: GatewayConfig,
}

impl DevinoGateway {
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

    fn messages_url(&self) -> String {
        let base = self.config.base_url.trim();
        let base = if base.is_empty() {
            DEFAULT_BASE_URL
        } else {
            base
        };
        format!("{}/whatsapp/messages", base.trim_end_matches('/'))
    }
}

#[async_trait::async_trait]
impl Gateway for DevinoGateway {
    fn kind(&self) -> GatewayKind {
        GatewayKind::Devino
    }

    fn capabilities(&self) -> Capabilities {
        capabilities()
    }

    async fn fetch_media(&self, url: &str, max_bytes: u64) -> Result<FetchedMedia, SendError> {
        self.media.fetch(url, max_bytes, None, None).await
    }

    fn validate(&self, message: &OutgoingMessage) -> Result<(), ValidationError> {
        if self.config.sender.trim().is_empty() {
            return Err(said::NO_SENDER.into());
        }
        match &message.content {
            Content::Text { text } => validate_text(text, Text::Message),
            Content::Media {
                url,
                mime,
                name,
                caption,
            } => validate_media(url, mime.as_deref(), name.as_deref(), caption.as_deref()),
            Content::Template {
                header: Some(_), ..
            } => Err(said::TEMPLATE_HEADER.into()),
            Content::Template { buttons, .. } if !buttons.is_empty() => {
                Err(said::TEMPLATE_BUTTONS.into())
            }
            Content::Template {
                id,
                params,
                language,
                ..
            } => validate_template(id, params, language.as_deref()),
        }
    }

    async fn send(&self, message: &OutgoingMessage) -> Result<SendReceipt, SendError> {
        let Some(secret) = &self.config.secret else {
            return Err(SendError::Rejected {
                code: Some("no_api_key".to_owned()),
                reason: said::NO_API_KEY.phrase(),
            });
        };
        let body = send::request_body(&self.config.sender, message);
        send::post(
            &self.http,
            &self.messages_url(),
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
        let events = match endpoint {
            "status" => status::parse(&request.body)?,
            "incoming" => incoming::parse(&request.body)?,
            other => return Err(WebhookError::UnknownEndpoint(other.to_owned())),
        };
        Ok(WebhookOutcome {
            events,
            reply: None,
        })
    }
}

fn invalid(phrase: Phrase) -> ValidationError {
    ValidationError(phrase)
}

/// Which text a limit is about: the message's own, or a file's caption.
#[derive(Clone, Copy)]
enum Text {
    Message,
    Caption,
}

fn validate_text(text: &str, what: Text) -> Result<(), ValidationError> {
    let chars = text.chars().count();
    if text.trim().is_empty() {
        return Err(match what {
            Text::Message => shared::EMPTY_MESSAGE,
            Text::Caption => shared::EMPTY_CAPTION,
        }
        .into());
    }
    if chars > MAX_TEXT_CHARS {
        let too_long = match what {
            Text::Message => said::TEXT_TOO_LONG,
            Text::Caption => said::CAPTION_TOO_LONG,
        };
        return Err(invalid(
            too_long.with("max", MAX_TEXT_CHARS).arg("chars", chars),
        ));
    }
    Ok(())
}

fn validate_media(
    url: &str,
    mime: Option<&str>,
    name: Option<&str>,
    caption: Option<&str>,
) -> Result<(), ValidationError> {
    if !is_http_url(url) {
        return Err(invalid(said::NOT_HTTP.with("url", url)));
    }
    if let Some(mime) = mime
        && !accepts_media_type(mime)
    {
        return Err(invalid(said::MEDIA_TYPE.with("mime", mime)));
    }
    if let Some(name) = name {
        let chars = name.chars().count();
        if name.trim().is_empty() {
            return Err(shared::EMPTY_FILE_NAME.into());
        }
        if chars > MAX_CONTENT_NAME_CHARS {
            return Err(invalid(
                said::FILE_NAME_TOO_LONG
                    .with("max", MAX_CONTENT_NAME_CHARS)
                    .arg("chars", chars),
            ));
        }
    }
    match caption {
        Some(caption) if !caption.is_empty() => validate_text(caption, Text::Caption),
        _ => Ok(()),
    }
}

fn validate_template(
    id: &str,
    params: &[String],
    language: Option<&str>,
) -> Result<(), ValidationError> {
    if id.trim().is_empty() {
        return Err(shared::NO_TEMPLATE_ID.into());
    }
    for (i, param) in params.iter().enumerate() {
        let problem = if param.contains(['\n', '\r']) {
            said::PARAM_LINE_BREAK
        } else if param.contains('\t') {
            said::PARAM_TAB
        } else if param.contains("    ") {
            said::PARAM_SPACES
        } else {
            continue;
        };
        return Err(invalid(problem.with("n", i + 1)));
    }
    if let Some(language) = language
        && !is_language_code(language)
    {
        return Err(invalid(said::LANGUAGE_CODE.with("language", language)));
    }
    Ok(())
}

fn is_language_code(code: &str) -> bool {
    LANGUAGE_CODE_CHARS.contains(&code.chars().count())
        && code
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '_' || c == '-')
        && code.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

/// "Any valid URL with an http or https scheme": a scheme, a host, and no spaces.
fn is_http_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            !host.is_empty() && !url.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests;
