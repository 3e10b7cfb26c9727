//! The inbox's views: Mine, Unassigned, All, per operator, by status, by tag, by account, with
//! live counts in the sidebar, combined with a search box over names, phones and message text
//! (the list stays keyset-paged and fast at 100k conversations); supervisors acting on several
//! conversations at once; starting a conversation with a new customer.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::Caller;
use crate::api::Empty;
use crate::conversation::{Conversation, ConversationStatus};
use crate::engine::Engine;
use crate::error::{ApiError, Error, Result};
use crate::message::{Content, OperatorRef};

/// What views say to people.
pub mod said {
    crate::phrases! {}
}

/// Whose conversations a view shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AssigneeFilter {
    /// Assigned to the caller.
    Mine,
    Unassigned,
    /// Everything the caller may see.
    Anyone,
    /// Assigned to this operator (supervisors and reviewers).
    Operator {
        operator_id: i64,
    },
}

/// Open conversations per operator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OperatorCount {
    pub operator: OperatorRef,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatusCount {
    pub status: ConversationStatus,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TagCount {
    pub tag_id: i64,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AccountCount {
    pub account_id: i64,
    pub count: u32,
}

/// The sidebar's counts, of what the caller may see. Assignee, tag and account counts are of
/// open conversations; `by_status` counts every status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ViewCounts {
    pub mine: u32,
    pub unassigned: u32,
    /// Open conversations the caller may see (none for a manager who sees only their own).
    pub all: Option<u32>,
    /// Supervisors and reviewers only (empty for managers).
    pub by_operator: Vec<OperatorCount>,
    pub by_status: Vec<StatusCount>,
    pub by_tag: Vec<TagCount>,
    pub by_account: Vec<AccountCount>,
}

/// What to do to several conversations at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BulkAction {
    /// Give them to an operator, or to nobody.
    Assign {
        operator_id: Option<i64>,
    },
    Tag {
        tag_id: i64,
    },
    Untag {
        tag_id: i64,
    },
    /// Open, pending or resolved (a snooze needs its own time: one at a time).
    Status {
        status: ConversationStatus,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BulkUpdate {
    /// At most 500.
    pub conversation_ids: Vec<i64>,
    pub action: BulkAction,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct BulkFailure {
    pub conversation_id: i64,
    pub error: ApiError,
}

/// Each conversation is changed on its own: one that cannot be does not stop the others.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct BulkOutcome {
    pub updated: Vec<Conversation>,
    pub failed: Vec<BulkFailure>,
}

/// Writes first to a customer: the phone in any common form, the account, then what to send
/// (a template where the gateway's 24-hour rule requires one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StartConversation {
    pub account_id: i64,
    pub phone: String,
    pub content: Content,
}

impl Engine {
    /// The sidebar's live counts for the caller.
    pub async fn view_counts(&self, _who: &Caller, _req: Empty) -> Result<ViewCounts> {
        Err(Error::internal("view_counts is being built"))
    }

    pub async fn bulk_update(
        self: &Arc<Self>,
        _who: &Caller,
        _req: BulkUpdate,
    ) -> Result<BulkOutcome> {
        Err(Error::internal("bulk_update is being built"))
    }

    /// Starts (or continues) the conversation with a customer by sending them a message; a
    /// manager who starts one is its assignee.
    pub async fn start_conversation(
        self: &Arc<Self>,
        _who: &Caller,
        _req: StartConversation,
    ) -> Result<Conversation> {
        Err(Error::internal("start_conversation is being built"))
    }
}
