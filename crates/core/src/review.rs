//! Quality control: a reviewer or supervisor scores a conversation (1–5) with a comment; the
//! scores appear per manager in the reports. Reviewing reads nothing as read: it never changes
//! the manager's unread state or sends the customer a read receipt.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::Caller;
use crate::api::ConversationRef;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::message::OperatorRef;
use crate::time::Timestamp;

/// What reviews say to people.
pub mod said {
    crate::phrases! {}
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NewReview {
    pub conversation_id: i64,
    /// 1 (poor) to 5 (excellent).
    pub score: u8,
    /// At most 2000 characters; may be empty.
    pub comment: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Review {
    pub id: i64,
    pub conversation_id: i64,
    pub reviewer: OperatorRef,
    /// Whose work was reviewed: the conversation's assignee when it was scored.
    pub manager: Option<OperatorRef>,
    pub score: u8,
    pub comment: String,
    pub at: Timestamp,
}

impl Engine {
    pub async fn review_conversation(
        self: &Arc<Self>,
        _who: &Caller,
        _req: NewReview,
    ) -> Result<Review> {
        Err(Error::internal("review_conversation is being built"))
    }

    /// A conversation's reviews, newest first.
    pub async fn conversation_reviews(
        &self,
        _who: &Caller,
        _req: ConversationRef,
    ) -> Result<Vec<Review>> {
        Err(Error::internal("conversation_reviews is being built"))
    }
}
