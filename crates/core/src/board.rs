//! The supervisor's live board: who is accepting chats, open conversations per manager, and the
//! customers waiting for an answer, the longest waiting first.
//!
//! A customer waits when they wrote after the last operator reply (notes are no reply) in an
//! open conversation; they have waited since their first message after that reply. Pending and
//! snoozed conversations wait on the customer, resolved ones on nobody: not on the board.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::Caller;
use crate::api::Empty;
use crate::engine::Engine;
use crate::error::Result;
use crate::message::OperatorRef;
use crate::operator::{LOCAL_OPERATOR, Role};
use crate::store::Db;
use crate::time::Timestamp;

/// The most waiting customers the board lists.
pub const MAX_WAITING: usize = 100;

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
    /// Active managers and supervisors (the local operator, who has no login, only while they
    /// hold open conversations), each with their open and waiting conversations; and the
    /// customers waiting longest, whoever has them (unassigned ones too).
    pub async fn live_board(&self, _who: &Caller, _req: Empty) -> Result<Board> {
        Ok(self
            .db
            .read(|c| {
                let operators = Db::operators(c)?;
                let open = Db::open_per_assignee(c)?;
                let waiting = Db::waiting_conversations(c)?;
                let mut board = Vec::new();
                for o in operators {
                    let open = open
                        .iter()
                        .find(|(id, _)| *id == o.id)
                        .map_or(0, |(_, n)| *n);
                    let works = o.active && matches!(o.role, Role::Manager | Role::Supervisor);
                    if !works || (o.id == LOCAL_OPERATOR && open == 0) {
                        continue;
                    }
                    let theirs = waiting.iter().filter(|w| w.assignee_id == Some(o.id));
                    board.push(BoardOperator {
                        open,
                        waiting: count(theirs.clone().count()),
                        // Waiting is ordered longest first.
                        oldest_waiting_since: theirs.map(|w| w.since).next(),
                        accepting: o.accepting,
                        operator: OperatorRef {
                            id: o.id,
                            name: o.name,
                        },
                    });
                }
                let names: std::collections::HashMap<i64, String> = board
                    .iter()
                    .map(|b| (b.operator.id, b.operator.name.clone()))
                    .collect();
                let mut longest = Vec::new();
                for w in waiting.iter().take(MAX_WAITING) {
                    let (contact, account) = Db::board_names(c, w.conversation_id)?;
                    let assignee = match w.assignee_id {
                        Some(id) => Some(OperatorRef {
                            id,
                            name: match names.get(&id) {
                                Some(name) => name.clone(),
                                None => Db::operator_by_id(c, id)?
                                    .map(|o| o.name)
                                    .unwrap_or_default(),
                            },
                        }),
                        None => None,
                    };
                    longest.push(WaitingCustomer {
                        conversation_id: w.conversation_id,
                        contact,
                        account,
                        assignee,
                        waiting_since: w.since,
                    });
                }
                Ok(Board {
                    operators: board,
                    waiting: longest,
                    waiting_total: count(waiting.len()),
                })
            })
            .await?)
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
