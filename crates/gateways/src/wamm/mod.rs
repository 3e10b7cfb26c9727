//! WAMM.chat (wamm.chat/api2): a WhatsApp account on a phone, driven by plain GET calls.
//!
//! There are no webhooks: new messages, each contact's history and our messages' statuses are
//! all polled ([`Gateway::poll`]). Every call carries the account's token in its URL path, so
//! the token is cut out of every error we make (see `client`).

pub(crate) mod client;
pub(crate) mod history;
pub mod phrases;
mod poll;
mod reasons;
mod send;

use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use jiff::tz::TimeZone;
use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{
    Capabilities, CatalogSource, ContactChange, FetchedMedia, Gateway, GatewayConfig, MediaLimit,
    OutgoingMessage, PollPolicy, PollRequest, PollResult, SendError, SendReceipt, ValidationError,
    WebhookError, WebhookOutcome, WebhookRequest,
};
use switchboard_core::media::MB;
use switchboard_core::message::Content;
use switchboard_core::phrase::Phrase;

use crate::wire::{phrases as shared, rejected};
use phrases as said;

pub use client::{CallError, interpret};
pub use history::{DEFAULT_TIMEZONE, smileys, status_of, wall_time, zone};
pub use poll::{BACKFILL_PER_POLL, Cursor, PAGE, STATUS_LOOKUPS_PER_POLL};
pub use send::receipt;

/// WAMM.chat's API, for accounts created without a base URL.
pub const DEFAULT_BASE_URL: &str = "https://wamm.chat/api2";

/// "text fail, more 1500".
pub const MAX_TEXT_CHARS: usize = 1500;
/// "name fail, more 250".
pub const MAX_NAME_CHARS: usize = 250;

/// How the core polls a WAMM account. No read limit is documented, so these are our own
/// manners: at most one poll a second (a poll makes at most 1 + 5 + 5 requests, 3 more on
/// the very first), every 5 s while a conversation is live (WAMM sends 5-12 s apart, so
/// nothing moves faster), every 30 s when idle, so a customer's new message shows within
/// half a minute at about 3,000 small requests a day.
pub const POLL_POLICY: PollPolicy = PollPolicy {
    min_ms: 1_000,
    active_ms: 5_000,
    idle_ms: 30_000,
};

/// What `file_to` is given: it fetches any public link ("file, picture, voice ..."). These
/// are the common types WhatsApp shows inline or as documents.
pub const MEDIA_TYPES: &[&str] = &[
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "video/mp4",
    "video/3gpp",
    "audio/mpeg",
    "audio/ogg",
    "audio/mp4",
    "audio/aac",
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/zip",
    "text/plain",
];

pub fn capabilities() -> Capabilities {
    Capabilities {
        text: true,
        max_text_len: MAX_TEXT_CHARS as u32,
        media_types: MEDIA_TYPES.iter().map(|m| (*m).to_owned()).collect(),
        // WAMM documents no sizes; a phone's WhatsApp takes 16 MB of photo, video or audio and
        // larger documents, of which we offer 100 MB.
        media_limits: vec![
            MediaLimit::new("image/", 16 * MB),
            MediaLimit::new("audio/", 16 * MB),
            MediaLimit::new("video/", 16 * MB),
            MediaLimit::new("", 100 * MB),
        ],
        templates: false,
        template_catalog: CatalogSource::None,
        webhooks: vec![],
        polling: Some(POLL_POLICY),
        history: true,
        contact_sync: true,
        // A phone's WhatsApp account, not the Business API: no 24-hour rule applies.
        enforces_24h_window: false,
        idempotent_send: false,
        // WAMM.chat's documented calls (seed 004) include none that marks a message read.
        read_receipts: false,
    }
}

/// Whether `file_to` is offered `mime`, ignoring case and parameters.
pub fn accepts_media_type(mime: &str) -> bool {
    let essence = mime.split(';').next().unwrap_or_default().trim();
    MEDIA_TYPES.iter().any(|m| m.eq_ignore_ascii_case(essence))
}

/// One WAMM.chat account.
#[derive(Debug)]
pub struct WammGateway {
    /// Downloads customers' files (the public internet only, unless the connector says).
    media: crate::media::Fetcher,
    client: Option<client::Client>,
    /// The account's wall-clock zone, or why the `timezone` option is unusable.
    zone: Result<TimeZone, Phrase>,
    /// Numbers `check_phone` found on WhatsApp: asked once per adapter.
    checked: Mutex<HashSet<String>>,
    /// Whose turn it is for a `msg_state` look-up.
    status_turn: AtomicUsize,
}

impl WammGateway {
    pub fn new(
        http: reqwest::Client,
        media: crate::media::Fetcher,
        timeout: Duration,
        config: GatewayConfig,
    ) -> Self {
        let base = config.base_url.trim();
        let base_url = if base.is_empty() {
            DEFAULT_BASE_URL
        } else {
            base
        };
        let option = config.options.get("timezone").and_then(|v| v.as_str());
        Self {
            media,
            client: config.secret.map(|token| client::Client {
                http,
                base_url: base_url.to_owned(),
                token,
                timeout,
            }),
            zone: zone(option),
            checked: Mutex::new(HashSet::new()),
            status_turn: AtomicUsize::new(0),
        }
    }

    fn client(&self) -> Result<&client::Client, SendError> {
        self.client
            .as_ref()
            .filter(|c| !c.token.expose().trim().is_empty())
            .ok_or_else(|| rejected("no_token", said::NO_TOKEN.phrase()))
    }

    fn zone(&self) -> Result<&TimeZone, SendError> {
        self.zone
            .as_ref()
            .map_err(|why| rejected("timezone", why.clone()))
    }

    fn is_checked(&self, digits: &str) -> bool {
        self.checked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .contains(digits)
    }

    fn remember_checked(&self, digits: &str) {
        self.checked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(digits.to_owned());
    }

    fn forget_checked(&self, digits: &str) {
        self.checked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(digits);
    }
}

#[async_trait::async_trait]
impl Gateway for WammGateway {
    fn kind(&self) -> GatewayKind {
        GatewayKind::Wamm
    }

    fn capabilities(&self) -> Capabilities {
        capabilities()
    }

    async fn fetch_media(&self, url: &str, max_bytes: u64) -> Result<FetchedMedia, SendError> {
        self.media.fetch(url, max_bytes, None, None).await
    }

    fn validate(&self, message: &OutgoingMessage) -> Result<(), ValidationError> {
        match &message.content {
            Content::Text { text } => {
                let chars = text.chars().count();
                if text.trim().is_empty() {
                    return Err(shared::EMPTY_MESSAGE.into());
                }
                if chars > MAX_TEXT_CHARS {
                    return Err(invalid(
                        said::TEXT_TOO_LONG
                            .with("max", MAX_TEXT_CHARS)
                            .arg("chars", chars),
                    ));
                }
                Ok(())
            }
            Content::Media {
                url, mime, caption, ..
            } => validate_media(url, mime.as_deref(), caption.as_deref()),
            Content::Template { .. } => Err(said::TEMPLATES.into()),
        }
    }

    async fn send(&self, message: &OutgoingMessage) -> Result<SendReceipt, SendError> {
        self.send_message(message).await
    }

    fn parse_webhook(
        &self,
        endpoint: &str,
        _request: &WebhookRequest,
    ) -> Result<WebhookOutcome, WebhookError> {
        // WAMM posts nothing: everything is polled.
        Err(WebhookError::UnknownEndpoint(endpoint.to_owned()))
    }

    async fn poll(&self, request: PollRequest) -> Result<PollResult, SendError> {
        self.poll_once(request).await
    }

    async fn check(&self) -> Result<Phrase, SendError> {
        self.zone()?;
        match self.client()?.call("msg_get_last", &[("col", "1")]).await {
            Ok(_) => Ok(said::CHECK_CONNECTED.phrase()),
            Err(CallError::Gateway(err)) if err.eq_ignore_ascii_case(reasons::NO_MESSAGES) => {
                Ok(said::CHECK_NO_MESSAGES.phrase())
            }
            Err(CallError::Gateway(err)) => Err(reasons::error(&err, "")),
            Err(CallError::Transport(e)) => Err(e),
        }
    }

    async fn update_contact(&self, change: &ContactChange) -> Result<(), SendError> {
        self.change_contact(change).await
    }
}

fn invalid(phrase: Phrase) -> ValidationError {
    ValidationError(phrase)
}

fn validate_media(
    url: &str,
    mime: Option<&str>,
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
    if caption.is_some_and(|c| !c.trim().is_empty()) {
        return Err(said::CAPTION.into());
    }
    Ok(())
}

/// A scheme, a host, and no spaces.
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
