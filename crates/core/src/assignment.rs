//! Who works each conversation: taking one, taking over a colleague's (where the team allows),
//! managers accepting new chats or not, and automatic assignment (round robin, least loaded,
//! the returning customer's owner first) within each manager's capacity, counted across all
//! accounts together. A conversation whose assignee does not answer in time goes back to the
//! queue, or supervisors are told; when a manager frees up, the queue is given out oldest first.
//!
//! Every decision is made inside one write transaction, which the single writer serialises:
//! two arrivals at once never both see the same free slot, so capacity holds exactly.

use std::sync::Arc;

mod no_reply;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::{Caller, Reader};
use crate::api::ConversationRef;
use crate::conversation::{AssignmentRule, Conversation};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::event::Event;
use crate::operator::{Operator, Role};
use crate::phrase::core as core_said;
use crate::store::{Applied, Db, NewFact, OperatorChange};
use crate::team::{AssignmentMode, TeamSettings};
use crate::time::Timestamp;

/// What assignment says to people.
pub mod said {
    crate::phrases! {
        TAKE_OVER_NOT_ALLOWED = "assignment.take_over_not_allowed": "{name} is working on this conversation, and the team does not let managers take over a colleague's conversations: ask a supervisor to transfer it";
    }
}

/// Conversations given out (or timed out) in one transaction; more wait for the next one.
pub(crate) const BATCH: u32 = 200;

/// An operator's own "I take new chats" switch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SetAccepting {
    pub accepting: bool,
}

/// A manager automatic assignment may choose (active and accepting), with their load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Assignable {
    pub operator_id: i64,
    /// Their open conversations, across all accounts.
    pub open: u32,
}

/// A conversation waiting in the queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Queued {
    pub conversation_id: i64,
    /// Who has this customer in another conversation (the returning customer's owner).
    pub owner: Option<i64>,
    /// Who it was taken from for not answering: it goes to someone else.
    pub dropped_by: Option<i64>,
}

/// An assigned conversation whose customer has waited past the team's limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Overdue {
    pub conversation_id: i64,
    pub assignee: i64,
    /// The customer's first unanswered message.
    pub waiting_since: Timestamp,
}

/// The managers and the round robin's turn, as one transaction's choices change them.
struct Roster<'a> {
    team: &'a TeamSettings,
    managers: Vec<Assignable>,
    turn: Option<i64>,
}

impl Roster<'_> {
    fn has_room(&self, m: &Assignable) -> bool {
        self.team.capacity.is_none_or(|c| m.open < c)
    }

    fn anyone_has_room(&self) -> bool {
        self.managers.iter().any(|m| self.has_room(m))
    }

    /// Who gets a conversation, and by which rule: of the managers with room (never `not`),
    /// its `owner` first where the team says so, else the mode's choice; none: nobody may.
    fn choose(&self, owner: Option<i64>, not: Option<i64>) -> Option<(i64, AssignmentRule)> {
        // The owner rule is on top of a mode: with assignment off, nobody is chosen at all.
        if self.team.assignment == AssignmentMode::Off {
            return None;
        }
        let free: Vec<&Assignable> = self
            .managers
            .iter()
            .filter(|m| self.has_room(m) && Some(m.operator_id) != not)
            .collect();
        if self.team.returning_to_owner
            && let Some(owner) = owner
            && free.iter().any(|m| m.operator_id == owner)
        {
            return Some((owner, AssignmentRule::ReturningToOwner));
        }
        match self.team.assignment {
            AssignmentMode::Off => None,
            // The next manager after the one served last, by id, around the circle.
            AssignmentMode::RoundRobin => free
                .iter()
                .find(|m| self.turn.is_none_or(|t| m.operator_id > t))
                .or(free.first())
                .map(|m| (m.operator_id, AssignmentRule::RoundRobin)),
            // Ties go to the lowest id: the same state always gives the same answer.
            AssignmentMode::LeastLoaded => free
                .iter()
                .min_by_key(|m| (m.open, m.operator_id))
                .map(|m| (m.operator_id, AssignmentRule::LeastLoaded)),
        }
    }

    /// `to` was given a conversation by `rule`.
    fn gave(&mut self, to: i64, rule: AssignmentRule) {
        if let Some(m) = self.managers.iter_mut().find(|m| m.operator_id == to) {
            m.open += 1;
        }
        if rule == AssignmentRule::RoundRobin {
            self.turn = Some(to);
        }
    }
}

/// Gives conversation `id` to `to` as the system (no actor), with its fact.
fn give(
    tx: &rusqlite::Connection,
    id: i64,
    to: i64,
    from: Option<i64>,
    rule: AssignmentRule,
    now: Timestamp,
    applied: &mut Applied,
) -> crate::store::Result<()> {
    Db::assign(tx, id, Some(to), now)?;
    applied.conversations.push(id);
    applied.reassigned.push((id, from));
    applied.facts.push(Db::record_fact(
        tx,
        &NewFact {
            conversation_id: id,
            at: now,
            actor: None,
            kind: "assigned",
            detail: serde_json::json!({"operator_id": to, "from": from, "rule": rule.as_str()}),
        },
    )?);
    Ok(())
}

impl Engine {
    /// The caller takes a conversation: an unassigned one, or a colleague's where the team
    /// lets managers take over (supervisors always may). Logged either way.
    pub async fn take_conversation(
        self: &Arc<Self>,
        who: &Caller,
        req: ConversationRef,
    ) -> Result<Conversation> {
        let id = req.conversation_id;
        self.visible_conversation(who, id).await?;
        let manager = who.role() == Role::Manager;
        let may_take_over = !manager || self.team().managers_take_over;
        let (me, scope, now) = (who.id(), self.scope(who), self.now());
        let (taken, _) = self
            .commit(move |tx| {
                let mut applied = Applied::default();
                // Decided again under the writer: it may have been given to someone meanwhile.
                let before = match Db::conversation_assignee(tx, id)? {
                    Some(before) if scope.sees(before) => before,
                    _ => {
                        let missing = core_said::CONVERSATION_NOT_FOUND.phrase();
                        return Ok((Err(Error::NotFound(missing)), applied));
                    }
                };
                if before == Some(me) {
                    return Ok((Ok(()), applied));
                }
                if let Some(colleague) = before
                    && !may_take_over
                {
                    let name = Db::operator_by_id(tx, colleague)?.map(|o| o.name).unwrap_or_default();
                    let refusal = said::TAKE_OVER_NOT_ALLOWED.with("name", name);
                    return Ok((Err(Error::Forbidden(refusal)), applied));
                }
                Db::assign(tx, id, Some(me), now)?;
                applied.conversations.push(id);
                applied.reassigned.push((id, before));
                applied.facts.push(Db::record_fact(
                    tx,
                    &NewFact {
                        conversation_id: id,
                        at: now,
                        actor: Some(me),
                        kind: "assigned",
                        detail: serde_json::json!({"operator_id": me, "from": before, "took": true}),
                    },
                )?);
                Ok((Ok(()), applied))
            })
            .await?;
        taken?;
        // Whoever had it has room again.
        self.assignment_wake.notify_one();
        let reader = Reader::of(&who.operator);
        self.db
            .read(move |c| Db::conversation_for(c, id, reader))
            .await?
            .ok_or_else(|| Error::NotFound(core_said::CONVERSATION_NOT_FOUND.phrase()))
    }

    /// The caller starts or stops taking new chats.
    pub async fn set_accepting(
        self: &Arc<Self>,
        who: &Caller,
        req: SetAccepting,
    ) -> Result<Operator> {
        let (me, accepting, now) = (who.id(), req.accepting, self.now());
        let (operator, changed) = self
            .db
            .transact(move |tx| {
                let was = Db::operator_by_id(tx, me)?.map(|o| o.accepting);
                let changed = was.is_some_and(|was| was != accepting);
                if changed {
                    Db::set_accepting(tx, me, accepting)?;
                    Db::record_operator_change(
                        tx,
                        &OperatorChange {
                            at: now,
                            actor_id: me,
                            operator_id: me,
                            kind: "accepting",
                            detail: serde_json::json!({ "accepting": accepting }),
                        },
                    )?;
                }
                Ok((Db::operator_by_id(tx, me)?, changed))
            })
            .await?;
        let operator = operator
            .ok_or_else(|| Error::NotFound(core_said::OPERATOR_NOT_FOUND.with("id", me)))?;
        if changed {
            // Everyone's list of who takes chats changed.
            self.host.events.emit(&Event::Team);
            if accepting {
                self.assignment_wake.notify_one();
            }
        }
        Ok(operator)
    }

    /// Gives out the queue — open, unassigned conversations whose customer waits — longest
    /// waiting first, to managers with room as the team's mode says; how many were given. The
    /// assignment worker calls it when woken; tests call it directly.
    pub async fn assign_queue(self: &Arc<Self>) -> Result<usize> {
        let team = self.team();
        if team.assignment == AssignmentMode::Off {
            return Ok(0);
        }
        let mut total = 0;
        loop {
            let (team, now) = (team.clone(), self.now());
            let ((given, more), _) = self
                .commit(move |tx| {
                    let mut applied = Applied::default();
                    let mut roster = Roster {
                        team: &team,
                        managers: Db::assignable_managers(tx, None)?,
                        turn: Db::round_robin_turn(tx)?,
                    };
                    if !roster.anyone_has_room() {
                        return Ok(((0, false), applied));
                    }
                    let turn = roster.turn;
                    let queue = Db::queue(tx, BATCH)?;
                    let mut given = 0;
                    for q in &queue {
                        if !roster.anyone_has_room() {
                            break;
                        }
                        let Some((to, rule)) = roster.choose(q.owner, q.dropped_by) else {
                            continue;
                        };
                        give(tx, q.conversation_id, to, None, rule, now, &mut applied)?;
                        roster.gave(to, rule);
                        given += 1;
                    }
                    if roster.turn != turn
                        && let Some(turn) = roster.turn
                    {
                        Db::set_round_robin_turn(tx, turn)?;
                    }
                    let more = queue.len() == BATCH as usize && given > 0;
                    Ok(((given, more), applied))
                })
                .await?;
            total += given;
            if !more {
                return Ok(total);
            }
        }
    }

    /// After ingest stored customer messages: a customer returning to a resolved conversation
    /// goes to their owner or as the mode says, and new or reopened unassigned ones are given
    /// out with the queue. Never fails the ingest: what is not done here the worker does.
    pub(crate) async fn assign_arrivals(self: &Arc<Self>, applied: &Applied) {
        if applied.incoming.is_empty() {
            return;
        }
        // A customer's new wait has a deadline the worker may have to be awake for.
        if self.team().no_reply_minutes.is_some() {
            self.assignment_wake.notify_one();
        }
        if self.team().assignment == AssignmentMode::Off {
            return;
        }
        let facts = applied.facts.clone();
        let done = async {
            self.welcome_back(facts).await?;
            self.assign_queue().await
        };
        if let Err(e) = done.await {
            tracing::warn!("assigning new conversations: {e}");
            self.assignment_wake.notify_one();
        }
    }

    /// Customers who wrote again to resolved conversations (a new episode): with
    /// `returning_to_owner`, they stay with their assignee when that manager is accepting and
    /// has room; otherwise the mode chooses (perhaps the same manager). When nobody may take
    /// them, they stay where they were.
    async fn welcome_back(self: &Arc<Self>, facts: Vec<i64>) -> Result<()> {
        if facts.is_empty() {
            return Ok(());
        }
        let (team, now) = (self.team(), self.now());
        self.commit(move |tx| {
            let mut applied = Applied::default();
            let returning = Db::reopened_after_resolve(tx, &facts)?;
            if returning.is_empty() {
                return Ok(applied);
            }
            let turn = Db::round_robin_turn(tx)?;
            let mut roster = Roster {
                team: &team,
                managers: Vec::new(),
                turn,
            };
            for id in returning {
                // Unassigned ones are the queue's.
                let Some(owner) = Db::open_assignee(tx, id)? else {
                    continue;
                };
                // The owner's room is counted without this very conversation.
                roster.managers = Db::assignable_managers(tx, Some(id))?;
                let Some((to, rule)) = roster.choose(Some(owner), None) else {
                    continue;
                };
                roster.gave(to, rule);
                if to != owner {
                    give(tx, id, to, Some(owner), rule, now, &mut applied)?;
                }
            }
            if roster.turn != turn
                && let Some(turn) = roster.turn
            {
                Db::set_round_robin_turn(tx, turn)?;
            }
            Ok(applied)
        })
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team(assignment: AssignmentMode, capacity: Option<u32>, returning: bool) -> TeamSettings {
        TeamSettings {
            assignment,
            capacity,
            returning_to_owner: returning,
            ..TeamSettings::default()
        }
    }

    fn roster<'a>(team: &'a TeamSettings, loads: &[(i64, u32)], turn: Option<i64>) -> Roster<'a> {
        Roster {
            team,
            managers: loads
                .iter()
                .map(|&(operator_id, open)| Assignable { operator_id, open })
                .collect(),
            turn,
        }
    }

    #[test]
    fn round_robin_goes_around_skipping_the_full() {
        let t = team(AssignmentMode::RoundRobin, Some(2), false);
        let mut r = roster(&t, &[(2, 0), (3, 2), (5, 0)], None);
        let mut order = Vec::new();
        for _ in 0..4 {
            let (to, rule) = r.choose(None, None).expect("someone has room");
            r.gave(to, rule);
            order.push(to);
        }
        assert_eq!(order, [2, 5, 2, 5], "3 is full");
        assert_eq!(r.choose(None, None), None, "everyone is full");
    }

    #[test]
    fn least_loaded_takes_the_fewest_open_then_the_lowest_id() {
        let t = team(AssignmentMode::LeastLoaded, None, false);
        let r = roster(&t, &[(2, 3), (3, 1), (4, 1)], None);
        assert_eq!(r.choose(None, None), Some((3, AssignmentRule::LeastLoaded)));
        assert_eq!(
            r.choose(None, Some(3)),
            Some((4, AssignmentRule::LeastLoaded)),
            "never the one it was taken from"
        );
    }

    #[test]
    fn the_owner_comes_first_only_where_the_team_says_and_they_have_room() {
        let on = team(AssignmentMode::LeastLoaded, Some(2), true);
        let r = roster(&on, &[(2, 0), (3, 1)], None);
        assert_eq!(
            r.choose(Some(3), None),
            Some((3, AssignmentRule::ReturningToOwner))
        );
        let r = roster(&on, &[(2, 0), (3, 2)], None);
        assert_eq!(
            r.choose(Some(3), None),
            Some((2, AssignmentRule::LeastLoaded)),
            "a full owner: the mode chooses"
        );
        let off = team(AssignmentMode::LeastLoaded, Some(2), false);
        let r = roster(&off, &[(2, 0), (3, 1)], None);
        assert_eq!(
            r.choose(Some(3), None),
            Some((2, AssignmentRule::LeastLoaded))
        );
        let none = team(AssignmentMode::Off, None, true);
        let r = roster(&none, &[(2, 0)], None);
        assert_eq!(r.choose(Some(2), None), None, "off: nobody is chosen");
    }
}
