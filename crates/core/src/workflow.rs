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
        let reader = Reader::of(&who.operator);
        self.db
            .read(move |c| Db::conversation_for(c, id, reader))
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
        Ok(applied.conversations.len())
    }

    /// Wakes snoozes on time from now on: at once (what ended while the app was stopped),
    /// then when the next one ends.
    pub(crate) fn spawn_snooze_worker(self: &Arc<Self>) {
        let engine = self.clone();
        tokio::spawn(async move {
            let mut shutdown = engine.shutdown.subscribe();
            loop {
                if *shutdown.borrow() {
                    return;
                }
                let wait = match engine.snooze_round().await {
                    Ok(wait) => wait,
                    Err(e) => {
                        tracing::warn!("snooze worker: {e}");
                        SNOOZE_LOOK
                    }
                };
                tokio::select! {
                    _ = engine.snooze_wake.notified() => {}
                    _ = tokio::time::sleep(wait) => {}
                    _ = shutdown.changed() => return,
                }
            }
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
