//! The supervisor's live board: who is accepting chats, open conversations per manager, and the
//! customers waiting for an answer, the longest waiting first.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::Caller;
use crate::api::Empty;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::message::OperatorRef;
use crate::time::Timestamp;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BoardOperator {
    pub operator: OperatorRef,
    pub accepting: bool,
    /// Open conversations assigned to them.
    pub open: u32,
    /// Of those, customers waiting for an answer.
    pub waiting: u32,
    /// When the customer waiting longest for them began waiting.
    pub oldest_waiting_since: Option<Timestamp>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WaitingCustomer {
    pub conversation_id: i64,
    /// The contact's name, or their phone.
    pub contact: String,
    pub account: String,
    pub assignee: Option<OperatorRef>,
    /// The customer's first message since the last answer.
    pub waiting_since: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Board {
    /// Active managers and supervisors.
    pub operators: Vec<BoardOperator>,
    /// The customers waiting longest, oldest first (at most 100).
    pub waiting: Vec<WaitingCustomer>,
    /// How many customers are waiting in all.
    pub waiting_total: u32,
}

impl Engine {
    pub async fn live_board(&self, _who: &Caller, _req: Empty) -> Result<Board> {
        Err(Error::internal("live_board is being built"))
    }
}
