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
    /// Someone on the team has work to do.
    Open,
    /// Waiting on the customer.
    Pending,
    /// Put aside until a time (`snoozed_until`), then open again by itself.
    Snoozed,
    /// Done; the customer writing again opens it (a new episode for the reports).
    Resolved,
}

impl ConversationStatus {
    pub const ALL: [Self; 4] = [Self::Open, Self::Pending, Self::Snoozed, Self::Resolved];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Pending => "pending",
            Self::Snoozed => "snoozed",
            Self::Resolved => "resolved",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
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
    /// When a snoozed conversation opens again by itself.
    pub snoozed_until: Option<Timestamp>,
    /// The team's tags on it, by name.
    pub tags: Vec<crate::tags::Tag>,
}

/// A change to how a conversation is handled, as its activity line says it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// Given to an operator: by a supervisor (the actor), taken by the actor themselves (the
    /// actor is `to`), or by automatic assignment (no actor; `rule` says which).
    Assigned {
        to: OperatorRef,
        /// Who had it before: a transfer, or a take-over when the actor is `to`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        from: Option<OperatorRef>,
        /// How automatic assignment chose `to`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        rule: Option<AssignmentRule>,
    },
    /// Taken from whoever had it, given to nobody (back to the queue).
    Unassigned {
        /// Who had it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        from: Option<OperatorRef>,
        /// Why, when nobody chose to (no actor).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        reason: Option<UnassignReason>,
    },
    /// The assignee did not answer the waiting customer within the team's time; supervisors
    /// were told (the team's no-reply action). `minutes`: how long the customer had waited.
    Overdue {
        assignee: Option<OperatorRef>,
        minutes: u32,
    },
    /// Its status set by an operator (`until`: when a snooze ends).
    Status {
        status: ConversationStatus,
        until: Option<Timestamp>,
    },
    /// The customer wrote to a pending, snoozed or resolved conversation.
    Reopened { was: ConversationStatus },
    /// A snooze ended.
    Woke,
    /// An internal note: for the team only, never sent to the customer, never a reply.
    /// `mentions`: the operators it names with `@login`, who are told.
    Note {
        text: String,
        mentions: Vec<OperatorRef>,
    },
    /// A tag was put on it (the tag as it is now; a deleted one by the name it had).
    Tagged { tag: crate::tags::Tag },
    /// A tag was taken off it.
    Untagged { tag: crate::tags::Tag },
    /// One of the contact's custom fields was set (`value` none: cleared), by its label.
    ContactField {
        label: String,
        value: Option<String>,
    },
}

/// Which rule of automatic assignment chose an assignee.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AssignmentRule {
    RoundRobin,
    LeastLoaded,
    /// A returning customer went back to the manager who had them.
    ReturningToOwner,
}

impl AssignmentRule {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RoundRobin => "round_robin",
            Self::LeastLoaded => "least_loaded",
            Self::ReturningToOwner => "returning_to_owner",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::RoundRobin, Self::LeastLoaded, Self::ReturningToOwner]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// Why a conversation went back to the queue by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum UnassignReason {
    /// Its assignee did not answer the waiting customer within the team's time.
    NoReply,
}

/// A stored fact about a conversation: what changed, who changed it (none: the customer or
/// the clock), and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Activity {
    pub id: i64,
    pub conversation_id: i64,
    pub at: Timestamp,
    pub actor: Option<OperatorRef>,
    pub change: Change,
}
