//! Conversations: one account talking with one contact.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::account::GatewayKind;
use crate::message::{Direction, OperatorRef};
use crate::phone::Phone;
use crate::status::Status;
use crate::time::Timestamp;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ConversationStatus {
    Open,
    Pending,
    Resolved,
}

impl ConversationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Pending => "pending",
            Self::Resolved => "resolved",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Open, Self::Pending, Self::Resolved]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Contact {
    pub id: i64,
    pub phone: Phone,
    /// From the customer's WhatsApp profile (or the gateway's contact book).
    pub name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LastMessage {
    pub id: String,
    pub direction: Direction,
    pub text: String,
    pub status: Status,
    pub timestamp: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Conversation {
    pub id: i64,
    pub account_id: i64,
    pub account_name: String,
    pub gateway: GatewayKind,
    pub sandbox: bool,
    pub contact: Contact,
    pub last_activity: Timestamp,
    pub last_message: Option<LastMessage>,
    /// Customer messages the operator asking has not read (in live events, which every
    /// operator shares, 0: a client adds the growth of `incoming_count` to the count it has).
    pub unread: u32,
    /// Every customer message this conversation has held: only grows.
    pub incoming_count: u32,
    /// The customer wrote last and nobody has answered yet (shared by the whole team).
    pub awaiting_reply: bool,
    /// When the customer last wrote: free-form replies are allowed for 24 hours after it.
    pub last_customer_message_at: Option<Timestamp>,
    pub assignee: Option<OperatorRef>,
    pub status: ConversationStatus,
}
