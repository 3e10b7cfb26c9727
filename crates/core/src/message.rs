//! Messages as the API shows them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::outbox::SendState;
use crate::status::{Status, StatusChange};
use crate::time::Timestamp;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    In,
    Out,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::In => "in",
            Self::Out => "out",
        }
    }
}

/// What a message carries. Media travel by URL: every gateway fetches media from a link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Content {
    Text {
        text: String,
    },
    Media {
        url: String,
        /// MIME type, e.g. `image/jpeg`; gateways check it against what they accept.
        mime: Option<String>,
        /// File name shown to the customer.
        name: Option<String>,
        caption: Option<String>,
    },
    Template {
        /// The template's id or name in the gateway's system.
        id: String,
        /// Positional parameters: `{{1}}`, `{{2}}` ...
        params: Vec<String>,
        /// e.g. `en`, `ru`; the gateway's default when absent.
        language: Option<String>,
        /// The header's parameter, for templates whose header has one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        header: Option<TemplateHeader>,
        /// Parameters of the template's dynamic buttons (URL suffixes, quick-reply payloads).
        #[serde(default)]
        buttons: Vec<TemplateButton>,
        /// What the customer sees, filled in by Switchboard from the account's catalog when the
        /// message is queued (whatever a client sent here is replaced); absent on messages
        /// stored before catalogs existed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        rendered: Option<Box<crate::templates::RenderedTemplate>>,
    },
}

/// A template header's variable part (Meta's `header` component parameters).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum TemplateHeader {
    Text { text: String },
    Image { url: String },
    Video { url: String },
    Document { url: String, name: Option<String> },
}

/// A dynamic button's parameter: the `index` of the button in the template and its value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateButton {
    pub index: u32,
    pub sub_type: ButtonKind,
    /// The URL suffix for `url` buttons, the payload for `quick_reply` ones.
    pub value: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ButtonKind {
    Url,
    QuickReply,
}

impl Content {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Text { .. } => "text",
            Self::Media { .. } => "media",
            Self::Template { .. } => "template",
        }
    }

    /// The words a person reads in a list or a search result.
    pub fn preview(&self) -> String {
        match self {
            Self::Text { text } => text.clone(),
            Self::Media {
                caption: Some(c), ..
            } if !c.is_empty() => c.clone(),
            Self::Media { name: Some(n), .. } => format!("[file] {n}"),
            Self::Media { url, .. } => format!("[file] {url}"),
            Self::Template {
                rendered: Some(r), ..
            } => r.body.clone(),
            Self::Template { id, params, .. } if params.is_empty() => format!("[template {id}]"),
            Self::Template { id, params, .. } => format!("[template {id}] {}", params.join(", ")),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OperatorRef {
    pub id: i64,
    pub name: String,
}

/// Why a message did not go out, in words a manager can act on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MessageError {
    /// The gateway's code (`2305`, `invalid`, `7` ...) or ours (`retrying`, `unconfirmed`).
    pub code: Option<String>,
    /// The English words, for logs and scripts.
    pub message: String,
    /// The words in a form the UI shows in the user's language.
    pub phrase: crate::phrase::Phrase,
}

impl MessageError {
    pub fn new(code: Option<String>, phrase: crate::phrase::Phrase) -> Self {
        Self {
            code,
            message: phrase.text.clone(),
            phrase,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Message {
    /// Our id (stable across gateways and restarts).
    pub id: String,
    pub conversation_id: i64,
    pub account_id: i64,
    pub direction: Direction,
    /// Text, caption or a readable stand-in for media and templates.
    pub text: String,
    pub content: Content,
    pub status: Status,
    pub gateway_message_id: Option<String>,
    /// The gateway's time (for messages we send: when the operator sent it).
    pub timestamp: Timestamp,
    /// When this app first stored it.
    pub received_at: Timestamp,
    pub error: Option<MessageError>,
    /// The operator who sent it; absent for incoming messages and ones sent outside Switchboard.
    pub operator: Option<OperatorRef>,
    pub send_state: Option<SendState>,
    pub attempts: u32,
    pub next_attempt_at: Option<Timestamp>,
    /// Every status the gateway reported, oldest first.
    pub history: Vec<StatusChange>,
    /// The cached copy of an incoming message's media: downloading, ready or failed.
    pub media: Option<Box<crate::media::MediaInfo>>,
}
