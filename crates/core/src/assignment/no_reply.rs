//! The no-reply timeout and the assignment worker: an assignee who does not answer a waiting
//! customer within the team's minutes loses the conversation to the queue (and on to another
//! manager), or supervisors are told once per wait; the worker gives the queue out and sleeps
//! until the next reply is due.

use std::sync::Arc;
use std::time::Duration;

use super::BATCH;
use crate::engine::Engine;
use crate::error::Result;
use crate::event::Event;
use crate::message::OperatorRef;
use crate::store::{Applied, Db, NewFact};
use crate::team::NoReplyAction;
use crate::time::Timestamp;

/// How long the assignment worker sleeps at most between looks (a deadline set by another
/// process, or a clock that jumped, is noticed within this).
const LOOK: Duration = Duration::from_secs(60);

/// The shortest sleep between rounds, so that a conversation that cannot be handled yet never
/// turns the worker into a busy loop.
const MIN_SLEEP: Duration = Duration::from_secs(1);

/// Whole minutes from `since` to `now`.
fn minutes_between(since: Timestamp, now: Timestamp) -> u32 {
    u32::try_from(now.millis_since(since).max(0) / 60_000).unwrap_or(u32::MAX)
}

impl Engine {
    /// Looks for assigned conversations whose customer has waited longer than the team's
    /// `no_reply_minutes` (from the later of the assignment and their first unanswered
    /// message) and does what the team says: back to the queue (and on to another manager
    /// with room), or supervisors told once per wait. How many were handled. Time is the
    /// engine's clock: tests move theirs and call this.
    pub async fn check_no_reply(self: &Arc<Self>) -> Result<usize> {
        let team = self.team();
        let Some(limit) = team.no_reply_minutes else {
            return Ok(0);
        };
        let limit_ms = i64::from(limit) * 60_000;
        let now = self.now();
        match team.no_reply_action {
            NoReplyAction::Requeue => {
                let applied = self
                    .commit(move |tx| {
                        let mut applied = Applied::default();
                        for o in Db::overdue(tx, limit_ms, now, false, BATCH)? {
                            let id = o.conversation_id;
                            Db::assign(tx, id, None, now)?;
                            applied.conversations.push(id);
                            applied.reassigned.push((id, Some(o.assignee)));
                            applied.facts.push(Db::record_fact(
                                tx,
                                &NewFact {
                                    conversation_id: id,
                                    at: now,
                                    actor: None,
                                    kind: "unassigned",
                                    detail: serde_json::json!({
                                        "operator_id": null,
                                        "from": o.assignee,
                                        "reason": "no_reply",
                                        "minutes": minutes_between(o.waiting_since, now),
                                    }),
                                },
                            )?);
                        }
                        Ok(applied)
                    })
                    .await?;
                if !applied.conversations.is_empty() {
                    self.assign_queue().await?;
                }
                Ok(applied.conversations.len())
            }
            NoReplyAction::NotifySupervisors => {
                let (told, _) = self
                    .commit(move |tx| {
                        let mut applied = Applied::default();
                        let mut told = Vec::new();
                        for o in Db::overdue(tx, limit_ms, now, true, BATCH)? {
                            let minutes = minutes_between(o.waiting_since, now);
                            // Also what keeps this wait from being told again.
                            applied.facts.push(Db::record_fact(
                                tx,
                                &NewFact {
                                    conversation_id: o.conversation_id,
                                    at: now,
                                    actor: None,
                                    kind: "overdue",
                                    detail: serde_json::json!({
                                        "operator_id": o.assignee,
                                        "minutes": minutes,
                                        "limit": limit,
                                    }),
                                },
                            )?);
                            let assignee =
                                Db::operator_by_id(tx, o.assignee)?.map(|op| OperatorRef {
                                    id: op.id,
                                    name: op.name,
                                });
                            told.push(Event::Overdue {
                                conversation_id: o.conversation_id,
                                assignee,
                                minutes,
                            });
                        }
                        Ok((told, applied))
                    })
                    .await?;
                for event in &told {
                    self.host.events.emit(event);
                }
                Ok(told.len())
            }
        }
    }

    /// Gives out the queue and watches reply deadlines from now on: at once (what became due
    /// while the app was stopped), then whenever woken or the next deadline comes.
    pub(crate) fn spawn_assignment_worker(self: &Arc<Self>) {
        let wake = self.assignment_wake.clone();
        self.spawn_background("assignment worker", wake, LOOK, |engine| async move {
            engine.assignment_round().await
        });
    }

    /// One round of the worker; how long until the next reply deadline (at most a look).
    async fn assignment_round(self: &Arc<Self>) -> Result<Duration> {
        while self.check_no_reply().await? == BATCH as usize {}
        self.assign_queue().await?;
        let Some(limit) = self.team().no_reply_minutes else {
            return Ok(LOOK);
        };
        let limit_ms = i64::from(limit) * 60_000;
        let next = self
            .db
            .read(move |c| Db::next_reply_deadline(c, limit_ms))
            .await?;
        let now = self.now();
        Ok(next.map_or(LOOK, |at| {
            Duration::from_millis(at.millis_since(now).max(0) as u64).clamp(MIN_SLEEP, LOOK)
        }))
    }
}
