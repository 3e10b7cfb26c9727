//! Requests and responses of the API that are not domain types themselves.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::account::{AccountFields, GatewayKind};
use crate::conversation::Conversation;
use crate::gateway::Capabilities;
use crate::media::MediaState;
use crate::message::{Content, Message};
use crate::operator::Operator;
use crate::store::{ConversationCursor, ThreadCursor};
use crate::time::Timestamp;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Empty {}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GatewayInfo {
    pub kind: GatewayKind,
    pub name: String,
    pub default_base_url: Option<String>,
    /// What the add-account form asks for.
    pub fields: AccountFields,
    pub capabilities: Capabilities,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub operator: Operator,
    /// Gateways this build can talk to.
    pub gateways: Vec<GatewayInfo>,
    /// Where gateways post callbacks, when known.
    pub callback_base: Option<String>,
    /// The team lets managers see every conversation.
    pub managers_see_all: bool,
    /// The team lets managers take over a colleague's conversation.
    pub managers_take_over: bool,
    /// The team lets managers add tags.
    pub managers_create_tags: bool,
}

/// Gives a conversation to an operator, or to nobody (`operator_id` null).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AssignConversation {
    pub conversation_id: i64,
    pub operator_id: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct ListConversations {
    pub account_id: Option<i64>,
    /// Whose: the caller's, unassigned, anyone's they may see (when absent), an operator's.
    pub assignee: Option<crate::views::AssigneeFilter>,
    pub status: Option<crate::conversation::ConversationStatus>,
    pub tag_id: Option<i64>,
    /// Words or a phone fragment, matched in contact names, phones and message text.
    pub query: Option<String>,
    pub before: Option<ConversationCursor>,
    /// At most 200; 50 when absent.
    pub limit: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConversationPage {
    pub conversations: Vec<Conversation>,
    /// Pass as `before` for the next page; absent on the last page.
    pub next: Option<ConversationCursor>,
}

/// A thread by conversation id, or by phone (and account, when the phone talks to several).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct GetThread {
    pub conversation_id: Option<i64>,
    pub phone: Option<String>,
    pub account_id: Option<i64>,
    /// Messages older than this (a `next` cursor).
    pub before: Option<ThreadCursor>,
    /// Messages newer than this (a `newer` cursor).
    pub after: Option<ThreadCursor>,
    /// The page around this message (its id), about as many older messages as newer: a
    /// search hit opened in its thread. Names the conversation when no id or phone is given.
    /// At most one of `before`, `after` and `around`.
    pub around: Option<String>,
    /// At most 500; 50 when absent.
    pub limit: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Thread {
    pub conversation: Conversation,
    /// Oldest first.
    pub messages: Vec<Message>,
    /// Pass as `before` for older messages; absent when this page reaches the start.
    pub next: Option<ThreadCursor>,
    /// Pass as `after` for newer messages; absent when this page reaches the newest message
    /// (the newest page, and a page `around` a message near the end).
    pub newer: Option<ThreadCursor>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SendMessage {
    pub account_id: i64,
    /// The customer's number in any common form; stored in E.164.
    pub to: String,
    pub content: Content,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MessageRef {
    pub id: String,
}

/// Names a conversation's contact; `None` (or blank) forgets the name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RenameContact {
    pub conversation_id: i64,
    pub name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConversationRef {
    pub conversation_id: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Search {
    pub query: String,
    #[ts(optional)]
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AccountRef {
    pub account_id: i64,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AddAccount {
    pub name: String,
    pub gateway: GatewayKind,
    pub sender: String,
    /// The gateway's documented address when absent.
    #[ts(optional)]
    #[serde(default)]
    pub base_url: Option<String>,
    #[ts(optional, type = "Record<string, unknown>")]
    #[serde(default)]
    pub options: Option<serde_json::Map<String, serde_json::Value>>,
    /// Goes to the keychain; never stored in the database, logged or returned.
    pub secret: String,
}

impl std::fmt::Debug for AddAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AddAccount")
            .field("name", &self.name)
            .field("gateway", &self.gateway)
            .field("sender", &self.sender)
            .field("base_url", &self.base_url)
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// The answer to "test connection".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConnectionCheck {
    pub ok: bool,
    /// What was checked, or what is wrong and how to fix it.
    pub message: crate::phrase::Phrase,
}

/// A local file to send: uploaded, checked against the account's gateway, then served to the
/// gateway from the public media route until it expires.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UploadMedia {
    pub account_id: i64,
    /// The file's name as the user had it; cleaned before use.
    pub name: String,
    /// What the browser said the type is; only a hint, the bytes decide.
    #[ts(optional)]
    #[serde(default)]
    pub mime: Option<String>,
    /// The file, base64 (standard alphabet, padding optional).
    pub data_base64: String,
}

impl std::fmt::Debug for UploadMedia {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadMedia")
            .field("account_id", &self.account_id)
            .field("name", &self.name)
            .field("mime", &self.mime)
            .field(
                "data_base64",
                &format_args!("<{} chars>", self.data_base64.len()),
            )
            .finish()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UploadedMedia {
    pub media_id: i64,
    /// The public URL to put in `Content::Media.url` or a template header.
    pub url: String,
    /// Sniffed from the bytes.
    pub mime: String,
    /// The cleaned file name, also the URL's last segment.
    pub name: String,
    pub size: u64,
    /// The URL answers 404 from then on.
    pub expires_at: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MediaRef {
    /// The message's id (ours).
    pub message_id: String,
}

/// A message's media file for display: its state, and its bytes once it is here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MediaContent {
    pub state: MediaState,
    pub mime: Option<String>,
    pub name: String,
    pub size: Option<u64>,
    /// Why it is not here (yet), for people.
    pub note: Option<crate::phrase::Phrase>,
    /// The bytes, base64; only when ready and not larger than the display limit.
    pub data_base64: Option<String>,
}
