//! Requests and responses of the API that are not domain types themselves.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::account::{AccountFields, GatewayKind};
use crate::conversation::Conversation;
use crate::gateway::Capabilities;
use crate::message::{Content, Message};
use crate::operator::Operator;
use crate::store::{ConversationCursor, ThreadCursor};

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
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct ListConversations {
    pub account_id: Option<i64>,
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
    pub before: Option<ThreadCursor>,
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
    pub message: String,
}
