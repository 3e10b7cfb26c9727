//! How a team works its conversations: each one's status (open, pending, snoozed until a
//! time, resolved), snoozes that end by themselves — across restarts, since the time is
//! stored — and the stored facts behind every activity line ("resolved by …", "reopened by
//! the customer"), which the reports read too.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::{Caller, Reader};
use crate::api::ConversationRef;
use crate::conversation::{Activity, Conversation, ConversationStatus};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::phrase::core as said;
use crate::store::{Applied, Db, NewFact};
use crate::time::Timestamp;

/// The longest snooze: beyond a year it is forgetting, not snoozing.
const MAX_SNOOZE_MS: i64 = 366 * 24 * 3600 * 1000;

/// How long the snooze worker sleeps at most between looks (a snooze set in another process,
/// or a clock that jumped, is noticed within this).
const SNOOZE_LOOK: Duration = Duration::from_secs(60);

/// Snoozes woken in one transaction; more wait for the next round.
const WAKE_BATCH: u32 = 500;

/// The most activity lines answered for a conversation (the newest ones).
const MAX_ACTIVITY: u32 = 1000;

/// The longest note, in characters.
pub const MAX_NOTE: usize = 4000;

/// An internal note to add to a conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AddNote {
    pub conversation_id: i64,
    pub text: String,
}

/// Logins a note names as `@login` (the characters a login may have), each once.
fn mentioned_logins(text: &str) -> Vec<String> {
    let mut logins: Vec<String> = Vec::new();
    for (i, _) in text.match_indices('@') {
        // `a@b` inside a word (an e-mail address) names nobody.
        if text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric())
        {
            continue;
        }
        let login: String = text[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
            .collect();
        let login = login.trim_end_matches('.').to_lowercase();
        if !login.is_empty() && !logins.contains(&login) {
            logins.push(login);
        }
    }
    logins
}

/// Sets a conversation's status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SetConversationStatus {
    pub conversation_id: i64,
    pub status: ConversationStatus,
    /// When a snooze ends: required for `snoozed`, refused otherwise.
    #[serde(default)]
    #[ts(optional)]
    pub snoozed_until: Option<Timestamp>,
}

impl Engine {
    /// Sets a conversation's status, as a stored fact with who set it.
    pub async fn set_conversation_status(
        self: &Arc<Self>,
        who: &Caller,
        req: SetConversationStatus,
    ) -> Result<Conversation> {
        let id = req.conversation_id;
        self.visible_conversation(who, id).await?;
        let now = self.now();
        let until = match (req.status, req.snoozed_until) {
            (ConversationStatus::Snoozed, None) => {
                return Err(Error::BadRequest(said::SNOOZE_NEEDS_TIME.phrase()));
            }
            (ConversationStatus::Snoozed, Some(t)) if t <= now => {
                return Err(Error::BadRequest(said::SNOOZE_IN_THE_PAST.phrase()));
            }
            (ConversationStatus::Snoozed, Some(t)) if t.millis_since(now) > MAX_SNOOZE_MS => {
                return Err(Error::BadRequest(said::SNOOZE_TOO_LONG.phrase()));
            }
            (ConversationStatus::Snoozed, Some(t)) => Some(t),
            (_, Some(_)) => return Err(Error::BadRequest(said::UNTIL_ONLY_FOR_SNOOZE.phrase())),
            (_, None) => None,
        };
        let (status, actor) = (req.status, who.id());
        self.commit(move |tx| {
            let mut applied = Applied::default();
            let Some((current, _)) = Db::conversation_state(tx, id)? else {
                return Ok(applied);
            };
            let current_until = Db::conversation(tx, id)?.and_then(|c| c.snoozed_until);
            if current == status && current_until == until {
                // Nothing changes, so nothing is said to have changed.
                return Ok(applied);
            }
            Db::set_conversation_state(tx, id, status, until, now)?;
            applied.conversations.push(id);
            applied.facts.push(Db::record_fact(
                tx,
                &NewFact {
                    conversation_id: id,
                    at: now,
                    actor: Some(actor),
                    kind: "status",
                    detail: serde_json::json!({
                        "status": status.as_str(),
                        "until": until.map(Timestamp::as_millis),
                    }),
                },
            )?);
            Ok(applied)
        })
        .await?;
        if status == ConversationStatus::Snoozed {
            self.snooze_wake.notify_one();
        }
        // Resolving, pending or snoozing frees the assignee's room; opening may queue it.
        self.assignment_wake.notify_one();
        let reader = Reader::of(&who.operator);
        self.db
            .read(move |c| Db::conversation_for(c, id, reader))
            .await?
            .ok_or_else(|| Error::NotFound(said::CONVERSATION_NOT_FOUND.phrase()))
    }

    /// Adds an internal note: the team sees it in the thread; the customer never does (it is
    /// not a message, never reaches a gateway and never counts as a reply). Operators named
    /// with `@login` who may see the conversation are told.
    pub async fn add_note(self: &Arc<Self>, who: &Caller, req: AddNote) -> Result<Activity> {
        let id = req.conversation_id;
        self.visible_conversation(who, id).await?;
        let text = req.text.trim().to_owned();
        if text.is_empty() {
            return Err(Error::BadRequest(said::NOTE_EMPTY.phrase()));
        }
        if text.chars().count() > MAX_NOTE {
            return Err(Error::BadRequest(said::NOTE_TOO_LONG.with("max", MAX_NOTE)));
        }
        let logins = mentioned_logins(&text);
        let see_all = self.team().managers_see_all;
        let (actor, now) = (who.id(), self.now());
        let note = text.clone();
        let (fact, mentioned) = self
            .commit(move |tx| {
                let assignee = Db::conversation_assignee(tx, id)?.flatten();
                let mut mentioned = Vec::new();
                for login in &logins {
                    let Some((operator, _)) = Db::operator_by_login(tx, login)? else {
                        continue;
                    };
                    let scope = Caller::new(operator.clone(), crate::access::Credential::Local)
                        .scope(see_all);
                    // Someone who may not see the conversation is not told about it.
                    if operator.active && operator.id != actor && scope.sees(assignee) {
                        mentioned.push(operator.id);
                    }
                }
                let mut applied = Applied::default();
                let fact = Db::record_fact(
                    tx,
                    &NewFact {
                        conversation_id: id,
                        at: now,
                        actor: Some(actor),
                        kind: "note",
                        detail: serde_json::json!({"text": note, "mentions": mentioned}),
                    },
                )?;
                applied.facts.push(fact);
                Ok(((fact, mentioned), applied))
            })
            .await?
            .0;
        let by = crate::message::OperatorRef {
            id: who.id(),
            name: who.operator.name.clone(),
        };
        for operator_id in mentioned {
            self.host.events.emit(&crate::event::Event::Mentioned {
                operator_id,
                conversation_id: id,
                by: by.clone(),
                text: text.chars().take(140).collect(),
            });
        }
        self.db
            .read(move |c| Db::fact(c, fact))
            .await?
            .ok_or_else(|| Error::NotFound(said::CONVERSATION_NOT_FOUND.phrase()))
    }

    /// A conversation's activity lines, oldest first (the newest thousand).
    pub async fn conversation_activity(
        &self,
        who: &Caller,
        req: ConversationRef,
    ) -> Result<Vec<Activity>> {
        let id = req.conversation_id;
        self.visible_conversation(who, id).await?;
        Ok(self
            .db
            .read(move |c| Db::activity(c, id, MAX_ACTIVITY))
            .await?)
    }

    /// Opens the snoozed conversations whose time has come; how many. The snooze worker calls
    /// it on time; tests call it after moving their clock.
    pub async fn wake_snoozed(self: &Arc<Self>) -> Result<usize> {
        let now = self.now();
        let applied = self
            .commit(move |tx| {
                let mut applied = Applied::default();
                for id in Db::due_snoozes(tx, now, WAKE_BATCH)? {
                    Db::set_conversation_state(tx, id, ConversationStatus::Open, None, now)?;
                    applied.conversations.push(id);
                    applied.facts.push(Db::record_fact(
                        tx,
                        &NewFact {
                            conversation_id: id,
                            at: now,
                            actor: None,
                            kind: "woke",
                            detail: serde_json::json!({}),
                        },
                    )?);
                }
                Ok(applied)
            })
            .await?;
        if !applied.conversations.is_empty() {
            // Open again: an unassigned one joins the queue, an assigned one counts again.
            self.assignment_wake.notify_one();
        }
        Ok(applied.conversations.len())
    }

    /// Wakes snoozes on time from now on: at once (what ended while the app was stopped),
    /// then when the next one ends.
    pub(crate) fn spawn_snooze_worker(self: &Arc<Self>) {
        let wake = self.snooze_wake.clone();
        self.spawn_background("snooze worker", wake, SNOOZE_LOOK, |engine| async move {
            engine.snooze_round().await
        });
    }

    /// Wakes what is due; how long until the next snooze ends (at most a look's wait).
    async fn snooze_round(self: &Arc<Self>) -> Result<Duration> {
        while self.wake_snoozed().await? == WAKE_BATCH as usize {}
        let next = self.db.read(Db::next_snooze_end).await?;
        let now = self.now();
        Ok(next.map_or(SNOOZE_LOOK, |at| {
            Duration::from_millis(at.millis_since(now).max(0) as u64).min(SNOOZE_LOOK)
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::mentioned_logins;

    #[test]
    fn mentions_are_logins_after_an_at_sign_not_inside_addresses() {
        assert_eq!(
            mentioned_logins("@Mia please call, cc @sue.k. Mail is ann@example.com; @mia again"),
            ["mia", "sue.k"]
        );
        assert!(mentioned_logins("no one @ all").is_empty());
        assert_eq!(mentioned_logins("(@max)"), ["max"]);
    }
}
