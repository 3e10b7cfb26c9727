//! Quality control: a reviewer or supervisor scores a conversation (1–5) with a comment; the
//! scores appear per manager in the reports. Reviewing reads nothing as read: it never changes
//! the manager's unread state or sends the customer a read receipt.
//!
//! One reviewer may score a conversation again (after the manager improved, say): each score is
//! a row of its own and the history is kept; the reports decide which to count.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::Caller;
use crate::api::ConversationRef;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::message::OperatorRef;
use crate::phrase::core as core_said;
use crate::store::Db;
use crate::time::Timestamp;

/// What reviews say to people.
pub mod said {
    crate::phrases! {
        SCORE_OUT_OF_RANGE = "review.score_out_of_range": "A score is a whole number from {min} to {max}";
        COMMENT_TOO_LONG = "review.comment_too_long": "A review's comment may have at most {max} characters";
    }
}

pub const MIN_SCORE: u8 = 1;
pub const MAX_SCORE: u8 = 5;
/// The longest comment, in characters.
pub const MAX_COMMENT: usize = 2000;

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
    /// Scores a conversation the caller may see. Only the reviews table is written: nothing is
    /// marked read, no read receipt goes to the customer, and no event reaches the operators.
    pub async fn review_conversation(
        self: &Arc<Self>,
        who: &Caller,
        req: NewReview,
    ) -> Result<Review> {
        if !(MIN_SCORE..=MAX_SCORE).contains(&req.score) {
            return Err(Error::BadRequest(
                said::SCORE_OUT_OF_RANGE
                    .with("min", MIN_SCORE)
                    .arg("max", MAX_SCORE),
            ));
        }
        let comment = req.comment.trim().to_owned();
        if comment.chars().count() > MAX_COMMENT {
            return Err(Error::BadRequest(
                said::COMMENT_TOO_LONG.with("max", MAX_COMMENT),
            ));
        }
        let id = req.conversation_id;
        self.visible_conversation(who, id).await?;
        let (reviewer, score, now) = (who.id(), req.score, self.now());
        let review = self
            .db
            .transact(move |tx| Db::insert_review(tx, id, reviewer, score, &comment, now))
            .await?
            .ok_or_else(|| Error::NotFound(core_said::CONVERSATION_NOT_FOUND.phrase()))?;
        let detail = serde_json::json!({
            "conversation_id": id,
            "score": score,
            "manager": review.manager.as_ref().map(|m| m.id),
        });
        self.audit(Some(who), None, "reviewed", detail).await;
        Ok(review)
    }

    /// A conversation's reviews, newest first.
    pub async fn conversation_reviews(
        &self,
        who: &Caller,
        req: ConversationRef,
    ) -> Result<Vec<Review>> {
        let id = req.conversation_id;
        self.visible_conversation(who, id).await?;
        Ok(self
            .db
            .read(move |c| Db::conversation_reviews(c, id))
            .await?)
    }
}
