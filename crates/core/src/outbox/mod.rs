//! The outbox: a worker per account sends its messages through the account's gateway, each
//! customer's in the order they were queued.
//!
//! - `state`: where a message stands ([`SendState`]) and the only ways it moves
//!   ([`SendState::after`]).
//! - [`policy`]: what happens after an attempt — retry when, pause the account, give up.
//! - `claimant`: who claims a message before sending it ([`Claimant`]), and whether they are
//!   still alive.
//!
//! The store persists all of it (`crate::store`'s outbox module, the only writer of the
//! `outbox` table).

mod claimant;
pub mod policy;
mod state;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

pub use claimant::{Claimant, Liveness};
pub use state::{SendState, Transition};

use crate::engine::{Engine, lock};
use crate::error::{Error, Result};
use crate::gateway::{OutgoingMessage, SendError, SendReceipt};
use crate::message::Message;
use crate::phrase::core as said;
use crate::store::{Claim, ClaimOutcome, Db};
use crate::time::Timestamp;
use policy::Verdict;

/// Idle workers look at the queue this often, to pick up messages queued by another process
/// (`switchboard send` while `serve` runs).
const IDLE_POLL: Duration = Duration::from_secs(2);

/// What one round of an account's outbox did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// A message was sent, retried or failed: look again at once.
    Worked,
    /// Nothing may go before then (backoff, a pause, another process's send under way).
    WaitUntil(Timestamp),
    Idle,
    /// The account is gone.
    Gone,
}

impl Engine {
    pub(crate) fn spawn_worker(self: &Arc<Self>, account_id: i64) {
        let notify = {
            let mut workers = lock(&self.workers);
            if let Some(n) = workers.get(&account_id) {
                n.notify_one();
                return;
            }
            let n = Arc::new(Notify::new());
            workers.insert(account_id, n.clone());
            n
        };
        let engine = self.clone();
        tokio::spawn(async move {
            let mut shutdown = engine.shutdown.subscribe();
            loop {
                if *shutdown.borrow() {
                    break;
                }
                let wait = match engine.send_next(account_id).await {
                    Ok(Step::Worked) => continue,
                    Ok(Step::Gone) => break,
                    Ok(Step::Idle) => IDLE_POLL,
                    Ok(Step::WaitUntil(t)) => {
                        let ms = t.millis_since(engine.now()).max(10);
                        Duration::from_millis(ms as u64).min(IDLE_POLL)
                    }
                    Err(e) => {
                        tracing::warn!(account_id, "outbox: {e}");
                        IDLE_POLL
                    }
                };
                tokio::select! {
                    _ = notify.notified() => {}
                    _ = tokio::time::sleep(wait) => {}
                    _ = shutdown.changed() => {}
                }
            }
            lock(&engine.workers).remove(&account_id);
        });
    }

    /// Nudges an account's worker (a message was queued or requeued).
    pub(crate) fn wake(self: &Arc<Self>, account_id: i64) {
        if self.started.load(std::sync::atomic::Ordering::SeqCst) {
            self.spawn_worker(account_id);
        }
    }

    /// Tells the outbox that the host's clock moved on (a laptop woke up, a test's clock was
    /// advanced): every worker looks again at once instead of finishing its nap.
    pub fn clock_moved(&self) {
        for worker in lock(&self.workers).values() {
            worker.notify_one();
        }
    }

    /// One round of an account's outbox, as its worker does it: settles sends whose process
    /// is gone, then claims the first message that may go and sends it.
    pub async fn send_next(&self, account_id: i64) -> Result<Step> {
        let Some(account) = self
            .db
            .read(move |c| Db::account_by_id(c, account_id))
            .await?
        else {
            return Ok(Step::Gone);
        };
        let gateway = self.gateway(&account).await?;
        let idempotent = gateway.capabilities().idempotent_send;
        let now = self.now();
        let claimant = self.claimant.clone();
        let (outcome, _) = self
            // IMMEDIATE (as every commit): two processes must never claim the same row.
            .commit(move |tx| {
                Db::claim_next(
                    tx,
                    account_id,
                    claimant.name(),
                    now,
                    policy::LEASE_MS,
                    idempotent,
                    &|other| claimant.abandoned(other),
                )
            })
            .await?;
        let claim = match outcome {
            ClaimOutcome::Idle => return Ok(Step::Idle),
            ClaimOutcome::WaitUntil(t) => return Ok(Step::WaitUntil(t)),
            ClaimOutcome::Claimed(c) => *c,
        };
        let message = OutgoingMessage {
            our_id: claim.uid.clone(),
            to: claim.to.clone(),
            content: claim.content.clone(),
            callback_url: if gateway
                .capabilities()
                .webhooks
                .iter()
                .any(|w| w == "status")
            {
                self.webhook_url(&account, "status")
            } else {
                None
            },
        };
        let result = gateway.send(&message).await;
        let accepted = result.is_ok();
        self.record(claim, result, idempotent).await?;
        if accepted {
            // A polled gateway has a status for it soon: look sooner than the idle pace.
            self.nudge_poller(account_id);
        }
        Ok(Step::Worked)
    }

    /// Stores what became of an attempt, as the policy judges it. A claim this process lost
    /// meanwhile (settled by another after our lease ran out, then perhaps discarded) is left
    /// as it is, unless the gateway accepted the message: that is the truth whatever happened.
    async fn record(
        &self,
        claim: Claim,
        result: Result<SendReceipt, SendError>,
        idempotent: bool,
    ) -> Result<()> {
        let now = self.now();
        let verdict = policy::judge(result, claim.attempt, now, idempotent);
        let (row, claimant) = (claim.row, self.claimant.name().to_owned());
        self.commit(move |tx| match verdict {
            Verdict::Sent { gateway_message_id } => {
                Db::record_sent(tx, row, &gateway_message_id, now)
            }
            Verdict::Retry {
                at,
                reason,
                pause_account,
            } => Db::record_retry(tx, row, &claimant, &reason, at, pause_account, now),
            Verdict::Failed {
                status,
                code,
                reason,
            } => Db::record_failure(tx, row, &claimant, status, code.as_deref(), &reason, now),
            Verdict::Unconfirmed { reason } => Db::record_unconfirmed(tx, row, &claimant, &reason),
        })
        .await?;
        Ok(())
    }

    /// Sends one queued message from this process (the CLI's `send`) and waits until it is
    /// settled — accepted, refused, or handed to the user as unconfirmed — or `patience` runs
    /// out, in which case it stays queued for `serve` to send. Another process may claim it
    /// first: the outbox's claim makes sure only one of them sends it.
    pub async fn send_and_wait(&self, uid: &str, patience: Duration) -> Result<Message> {
        let deadline = tokio::time::Instant::now() + patience;
        loop {
            let message = self.message(uid).await?;
            let settled = !message.send_state.is_some_and(SendState::holds_its_place);
            if settled || tokio::time::Instant::now() >= deadline {
                return Ok(message);
            }
            let wait = match self.send_next(message.account_id).await? {
                Step::Worked => continue,
                Step::Gone => return Err(Error::NotFound(said::ACCOUNT_GONE.phrase())),
                Step::Idle => Duration::from_millis(200),
                Step::WaitUntil(t) => {
                    Duration::from_millis(t.millis_since(self.now()).clamp(10, 1000) as u64)
                }
            };
            tokio::time::sleep(
                wait.min(deadline.saturating_duration_since(tokio::time::Instant::now())),
            )
            .await;
        }
    }

    pub async fn message(&self, uid: &str) -> Result<Message> {
        let key = uid.to_owned();
        self.db
            .read(move |c| Db::message_by_uid(c, &key))
            .await?
            .ok_or_else(|| Error::NotFound(said::MESSAGE_NOT_FOUND.phrase()))
    }
}
