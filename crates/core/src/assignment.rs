//! Who works each conversation: taking one, taking over a colleague's (where the team allows),
//! managers accepting new chats or not, and automatic assignment (round robin, least loaded,
//! the returning customer's owner first) within each manager's capacity, counted across all
//! accounts together. A conversation whose assignee does not answer in time goes back to the
//! queue, or supervisors are told; when a manager frees up, the queue is given out oldest first.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::Caller;
use crate::api::ConversationRef;
use crate::conversation::Conversation;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::operator::Operator;

/// What assignment says to people.
pub mod said {
    crate::phrases! {}
}

/// An operator's own "I take new chats" switch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SetAccepting {
    pub accepting: bool,
}

impl Engine {
    /// The caller takes a conversation: an unassigned one, or a colleague's where the team
    /// lets managers take over (supervisors always may). Logged either way.
    pub async fn take_conversation(
        self: &Arc<Self>,
        _who: &Caller,
        _req: ConversationRef,
    ) -> Result<Conversation> {
        Err(Error::internal("take_conversation is being built"))
    }

    /// The caller starts or stops taking new chats.
    pub async fn set_accepting(
        self: &Arc<Self>,
        _who: &Caller,
        _req: SetAccepting,
    ) -> Result<Operator> {
        Err(Error::internal("set_accepting is being built"))
    }
}
