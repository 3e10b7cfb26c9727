//! Live events: what changed, sent to the UI after it is committed.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::conversation::Conversation;
use crate::message::Message;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
// Events are short-lived and mostly messages; boxing the big variant would only add an
// allocation to the common case and a `Box` to every host's match.
#[allow(clippy::large_enum_variant)]
pub enum Event {
    /// A message was stored or its status, send state or error changed.
    Message { message: Message },
    /// A conversation's list entry changed (new message, assignment, contact name). Every
    /// operator shares it, so its `unread` is nobody's (0): a client adds the growth of
    /// `incoming_count` to the unread count it was last given.
    Conversation {
        conversation: Conversation,
        /// Who had it before, when this change reassigned it: the operator who lost it is
        /// told too. Only for deciding who receives the event; never sent.
        #[serde(skip)]
        #[ts(skip)]
        previous_assignee: Option<Option<i64>>,
    },
    /// The operator read a conversation (in another window, say): their unread count now.
    Read {
        operator_id: i64,
        conversation_id: i64,
        unread: u32,
    },
    /// A change to how a conversation is handled (assigned, status, reopened): its activity
    /// line.
    Activity {
        activity: crate::conversation::Activity,
    },
    /// An operator was named in a note (`@login`): sent to them alone, for a notification and
    /// a badge.
    Mentioned {
        operator_id: i64,
        conversation_id: i64,
        by: crate::message::OperatorRef,
        text: String,
    },
    /// The team changed (operators, roles, who sees what, who is accepting chats): ask
    /// `app_info` and lists again.
    Team,
    /// The team's tags were added, renamed, recoloured or deleted: ask `list_tags` again.
    Tags,
    /// Canned replies changed: the team's (`owner_id` none) or an operator's own.
    Canned { owner_id: Option<i64> },
    /// The contact card's custom fields were defined anew: ask `list_contact_fields` again.
    ContactFields,
    /// An account's template catalog changed (registered, imported, deleted, or refreshed
    /// from the gateway — a refresh also when only its time or failure changed): ask
    /// `list_templates` again.
    Templates { account_id: i64 },
    /// A conversation's assignee has not answered the customer in the team's time: supervisors
    /// are told (when the team says so).
    Overdue {
        conversation_id: i64,
        assignee: Option<crate::message::OperatorRef>,
        /// How long the customer has waited.
        minutes: u32,
    },
    /// One of the operator's sessions or API keys ended: their live streams check theirs at
    /// once (a revoked one stops). Nothing for a client to do.
    Credentials { operator_id: i64 },
    /// Accounts were added, removed or changed.
    Accounts,
    /// A polled account's sync state changed: an error, or backfill progress.
    Sync { sync: crate::sync::SyncStatus },
    /// The public address, the tunnel's state or the last webhook time changed: ask
    /// `public_address` again.
    PublicAddress,
}

/// Who may receive an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Every signed-in operator.
    Everyone,
    /// Supervisors only (accounts' addresses and the public address are theirs).
    Supervisors,
    /// The operator alone.
    Operator(i64),
    /// Whoever may see this conversation (its assignee decides, see `access::Scope`).
    Conversation(i64),
}

impl Event {
    pub fn audience(&self) -> Audience {
        match self {
            Event::Message { message } => Audience::Conversation(message.conversation_id),
            Event::Conversation { conversation, .. } => Audience::Conversation(conversation.id),
            Event::Activity { activity } => Audience::Conversation(activity.conversation_id),
            Event::Read { operator_id, .. }
            | Event::Credentials { operator_id }
            | Event::Mentioned { operator_id, .. } => Audience::Operator(*operator_id),
            Event::Canned {
                owner_id: Some(operator_id),
            } => Audience::Operator(*operator_id),
            Event::Accounts
            | Event::Sync { .. }
            | Event::Team
            | Event::Tags
            | Event::ContactFields
            | Event::Templates { .. }
            | Event::Canned { owner_id: None } => Audience::Everyone,
            Event::PublicAddress | Event::Overdue { .. } => Audience::Supervisors,
        }
    }
}
