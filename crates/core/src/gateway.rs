//! The one seam between Switchboard and a WhatsApp gateway.
//!
//! Each gateway is one adapter (in `switchboard-gateways`) behind [`Gateway`]. The engine never
//! branches on the gateway's kind: what differs is declared in [`Capabilities`] or handled
//! inside the adapter.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::account::GatewayKind;
use crate::ingest::IngestEvent;
use crate::message::Content;
use crate::phone::Phone;
use crate::phrase::{Phrase, PhraseDef, core as said};

/// A credential. Its `Debug` never prints it, so it cannot leak through logs or error chains.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// What a gateway can do, so that the API and the UI offer only what works.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Capabilities {
    pub text: bool,
    /// Longest text the gateway accepts, in characters (Unicode scalar values).
    pub max_text_len: u32,
    /// MIME types accepted for media by URL; empty when media cannot be sent.
    pub media_types: Vec<String>,
    /// The largest file the gateway takes, by type: the first limit whose `mime_prefix`
    /// starts the file's type applies (`image/` before the catch-all `""`).
    pub media_limits: Vec<MediaLimit>,
    pub templates: bool,
    /// Where an account's template catalog comes from, so the UI offers the right actions.
    pub template_catalog: CatalogSource,
    /// Webhook endpoints the gateway posts to (`status`, `incoming` ...).
    pub webhooks: Vec<String>,
    /// How often to poll, for gateways whose history or statuses are fetched by polling
    /// ([`Gateway::poll`]); `None` when everything arrives by webhook.
    pub polling: Option<PollPolicy>,
    pub history: bool,
    pub contact_sync: bool,
    /// The gateway refuses free-form messages more than 24 hours after the customer last wrote.
    pub enforces_24h_window: bool,
    /// Sending the same message twice with our id delivers it once, so a send whose outcome is
    /// unknown can be repeated safely.
    pub idempotent_send: bool,
    /// The gateway can tell the customer that an incoming message was read (Meta's blue
    /// ticks), through [`Gateway::mark_read`]; elsewhere the customer never learns it.
    pub read_receipts: bool,
}

/// Where an account's message templates come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CatalogSource {
    /// The gateway lists them ([`Gateway::list_templates`]); Switchboard keeps a copy that
    /// supervisors refresh (and a worker refreshes every few hours).
    Gateway,
    /// The gateway lists none: supervisors register them here (or import a JSON file).
    Registered,
    /// The gateway sends no templates.
    None,
}

/// The largest media file of some types a gateway takes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MediaLimit {
    /// `image/`, `video/`, a whole type (`image/webp`), or `""` for every other type.
    pub mime_prefix: String,
    pub max_bytes: u64,
}

impl MediaLimit {
    pub fn new(mime_prefix: &str, max_bytes: u64) -> Self {
        Self {
            mime_prefix: mime_prefix.to_owned(),
            max_bytes,
        }
    }
}

impl Capabilities {
    /// Whether media of type `mime` (parameters and case ignored) can be sent.
    pub fn accepts_media(&self, mime: &str) -> bool {
        let essence = mime_essence(mime);
        self.media_types
            .iter()
            .any(|m| m.eq_ignore_ascii_case(&essence))
    }

    /// The largest file of type `mime` the gateway takes; `None` when it states no limit.
    pub fn max_media_bytes(&self, mime: &str) -> Option<u64> {
        let essence = mime_essence(mime);
        self.media_limits
            .iter()
            .find(|l| essence.starts_with(&l.mime_prefix.to_ascii_lowercase()))
            .map(|l| l.max_bytes)
    }
}

/// `image/JPEG; charset=x` -> `image/jpeg`.
pub fn mime_essence(mime: &str) -> String {
    mime.split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// How a polled gateway wants to be polled. The engine polls every `active_ms` while the
/// account is busy (a message in the last minutes, statuses awaited, a backfill running), every
/// `idle_ms` otherwise, backs off from there on errors, and never polls sooner than `min_ms`
/// after the previous poll began: the gateway's own limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PollPolicy {
    pub min_ms: u32,
    pub active_ms: u32,
    pub idle_ms: u32,
}

/// Everything an adapter needs to talk to one account's gateway.
#[derive(Clone, Debug)]
pub struct GatewayConfig {
    pub kind: GatewayKind,
    pub base_url: String,
    pub sender: String,
    /// `None` for accounts whose secret is missing: validation and webhooks still work,
    /// sending fails with a clear error.
    pub secret: Option<Secret>,
    pub options: serde_json::Map<String, serde_json::Value>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingMessage {
    /// Our id; adapters pass it where the gateway echoes it back (Devino `callbackData`,
    /// Rapporto `id`) so that a status can be matched even before we learnt the gateway's id.
    pub our_id: String,
    pub to: Phone,
    pub content: Content,
    /// Where the gateway should post status changes, when it supports that.
    pub callback_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SendReceipt {
    pub gateway_message_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Worth another try later: rate limits, 5xx, timeouts, Devino 2301.
    #[error("{reason}")]
    Retryable {
        reason: Phrase,
        retry_after: Option<Duration>,
        /// Whose trouble it is, which decides what waits for the retry.
        scope: RetryScope,
    },
    /// The gateway said no; sending again would not help. `reason` is for people.
    #[error("{reason}")]
    Rejected {
        code: Option<String>,
        reason: Phrase,
    },
    /// The request went out but its answer was lost (a timeout, or the connection broke after
    /// the request was written): the gateway may or may not have the message. Sent again only
    /// where the gateway de-duplicates by our id ([`Capabilities::idempotent_send`]); elsewhere
    /// the message is handed to the user as unconfirmed, never resent blindly.
    #[error("{reason}")]
    AnswerLost { reason: Phrase },
}

/// Whose trouble a passing failure is. The outbox keeps order per customer: a message waiting
/// for its retry holds back only later messages to the same customer, unless the trouble is
/// the account's, which pauses every message of the account.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RetryScope {
    /// The gateway or the account is in trouble: rate limits (HTTP 429, Retry-After), the
    /// gateway down (5xx, timeouts, refused connections, answers that are not its protocol),
    /// credentials refused (401/403). Every message of the account waits. The default: when an
    /// adapter cannot tell, holding everything is what spares a struggling gateway.
    #[default]
    Account,
    /// Only this message (or its recipient) cannot go now (a per-recipient rate limit, a
    /// recipient briefly unreachable): later messages to the same customer wait, the others go.
    Message,
}

impl SendError {
    /// A passing failure of the gateway or the account: every message of the account waits.
    pub fn account_trouble(reason: impl Into<Phrase>, retry_after: Option<Duration>) -> Self {
        Self::Retryable {
            reason: reason.into(),
            retry_after,
            scope: RetryScope::Account,
        }
    }

    /// A passing failure of this message alone: later messages to its customer wait.
    pub fn retry_message(reason: impl Into<Phrase>, retry_after: Option<Duration>) -> Self {
        Self::Retryable {
            reason: reason.into(),
            retry_after,
            scope: RetryScope::Message,
        }
    }

    /// What to tell the person, whichever kind it is.
    pub fn reason(&self) -> &Phrase {
        match self {
            Self::Retryable { reason, .. }
            | Self::Rejected { reason, .. }
            | Self::AnswerLost { reason } => reason,
        }
    }
}

/// A message that cannot be sent as it stands: said before it is queued.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ValidationError(pub Phrase);

impl From<Phrase> for ValidationError {
    fn from(p: Phrase) -> Self {
        Self(p)
    }
}

impl From<PhraseDef> for ValidationError {
    fn from(def: PhraseDef) -> Self {
        Self(def.phrase())
    }
}

/// An HTTP request a gateway made to one of our webhook endpoints.
#[derive(Debug, Clone, Default)]
pub struct WebhookRequest {
    pub method: String,
    /// The raw query string, without `?`.
    pub query: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl WebhookRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What a webhook request amounts to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WebhookOutcome {
    pub events: Vec<IngestEvent>,
    /// A body to answer with instead of the default.
    pub reply: Option<WebhookReply>,
}

/// What a webhook is answered with, in the form its caller expects: Meta's handshake wants
/// its challenge back as plain text, a phone asking for work wants JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookReply {
    Text(String),
    Json(String),
}

impl WebhookReply {
    pub fn body(&self) -> &str {
        match self {
            Self::Text(body) | Self::Json(body) => body,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error("malformed webhook: {0}")]
    Malformed(String),
    #[error("webhook not authenticated: {0}")]
    Unauthenticated(String),
    #[error("this gateway has no '{0}' webhook")]
    UnknownEndpoint(String),
}

/// What the engine hands a polled gateway: where the last poll stopped and which of our sent
/// messages still wait for a status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PollRequest {
    /// The adapter's own bookmark from its last [`PollResult`]; `None` before the first sync.
    pub cursor: Option<String>,
    /// Outgoing messages whose status may still change, newest first (a bounded number).
    pub pending: Vec<PendingMessage>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingMessage {
    pub gateway_message_id: String,
    pub our_id: String,
    pub to: Phone,
    pub status: crate::status::Status,
    pub sent_at: crate::time::Timestamp,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PollResult {
    pub events: Vec<IngestEvent>,
    /// Stored with the events in one transaction, so a crash never skips or repeats a page.
    pub cursor: Option<String>,
    /// More is waiting right now (a history backfill): poll again soon.
    pub more: bool,
    /// How far a history backfill has come, to show the user.
    pub progress: Option<SyncProgress>,
}

/// How far an account's history sync has come.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncProgress {
    /// What is being done, for people: "Loading chats", "Loading history with +7 900 ...".
    pub phase: Phrase,
    pub done: u32,
    /// Unknown until the gateway has said how much there is.
    pub total: Option<u32>,
}

/// A change to a contact that gateways with an address book ([`Capabilities::contact_sync`])
/// keep in step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContactChange {
    Upsert { phone: Phone, name: String },
    Delete { phone: Phone },
}

/// A media file downloaded from a gateway (or from the link it gave).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchedMedia {
    pub bytes: Vec<u8>,
    /// The type the server declared; the engine trusts the bytes, not this.
    pub declared_mime: Option<String>,
}

#[async_trait::async_trait]
pub trait Gateway: Send + Sync {
    fn kind(&self) -> GatewayKind;

    fn capabilities(&self) -> Capabilities;

    /// Checks a message against the gateway's documented limits before it is queued.
    fn validate(&self, message: &OutgoingMessage) -> Result<(), ValidationError>;

    async fn send(&self, message: &OutgoingMessage) -> Result<SendReceipt, SendError>;

    /// Turns a request to the webhook endpoint `endpoint` (one of `capabilities().webhooks`)
    /// into ingest events. Must not store anything: the engine commits, then answers 2xx.
    fn parse_webhook(
        &self,
        endpoint: &str,
        request: &WebhookRequest,
    ) -> Result<WebhookOutcome, WebhookError>;

    /// For gateways with [`Capabilities::polling`]: what changed since `request.cursor`, and the
    /// current status of `request.pending`. Must not store anything; the engine commits the
    /// events together with the new cursor. `Retryable` errors back the poller off;
    /// `Rejected` ones (wrong credentials) are shown on the account.
    async fn poll(&self, request: PollRequest) -> Result<PollResult, SendError> {
        let _ = request;
        Ok(PollResult::default())
    }

    /// Checks the account's address and credentials without sending a message. Answers what
    /// was checked, in words for people.
    async fn check(&self) -> Result<Phrase, SendError> {
        Ok(said::CHECK_UNAVAILABLE.with("gateway", self.kind().display_name()))
    }

    /// Downloads an incoming message's media: an `http(s)` link, or the gateway's own media
    /// reference (Meta's `meta-media:<id>`), with the account's credentials where they are
    /// needed. Gives up past `max_bytes` (`Rejected`). `Retryable` errors are tried again later.
    async fn fetch_media(&self, url: &str, max_bytes: u64) -> Result<FetchedMedia, SendError> {
        let _ = (url, max_bytes);
        Err(SendError::Rejected {
            code: None,
            reason: said::MEDIA_DOWNLOAD_UNSUPPORTED.with("gateway", self.kind().display_name()),
        })
    }

    /// One page of the account's approved-and-otherwise templates, from `cursor` (none: the
    /// first page), for gateways whose [`Capabilities::template_catalog`] is
    /// [`CatalogSource::Gateway`]. Must not store anything. The default: the gateway lists none.
    async fn list_templates(
        &self,
        cursor: Option<String>,
    ) -> Result<crate::templates::TemplatePage, SendError> {
        let _ = cursor;
        Err(SendError::Rejected {
            code: None,
            reason: crate::templates::said::NOT_SYNCED.with("gateway", self.kind().display_name()),
        })
    }

    /// Mirrors a contact edit in the gateway's address book; only called when
    /// [`Capabilities::contact_sync`] is set.
    async fn update_contact(&self, change: &ContactChange) -> Result<(), SendError> {
        let _ = change;
        Ok(())
    }

    /// Tells the customer that their message `gateway_message_id` (an incoming one, by the
    /// gateway's id) was read; the gateway may mark earlier messages of the chat read too.
    /// Only gateways with [`Capabilities::read_receipts`] can say it: for the others there is
    /// nothing to send, so the default does nothing and answers `Ok`.
    async fn mark_read(&self, gateway_message_id: &str) -> Result<(), SendError> {
        let _ = gateway_message_id;
        Ok(())
    }
}

/// Builds adapters; supplied by the host so that the core never names an HTTP client.
pub trait Connector: Send + Sync {
    /// `None` when this build has no adapter for the kind.
    fn capabilities(&self, kind: GatewayKind) -> Option<Capabilities>;

    /// `None` when this build has no adapter for the kind.
    fn connect(&self, config: GatewayConfig) -> Option<Arc<dyn Gateway>>;

    /// Why `secret` cannot be a new `kind` account's secret (a phone token too weak to
    /// withstand guessing, where we choose the secret), or `None` when it can.
    fn secret_problem(&self, kind: GatewayKind, secret: &str) -> Option<Phrase> {
        let _ = (kind, secret);
        None
    }
}
