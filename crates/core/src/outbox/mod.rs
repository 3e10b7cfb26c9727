//! Outbox workers: one per account, sending its queue in order through the account's gateway.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use crate::engine::{Engine, lock};
use crate::error::{Error, Result};
use crate::gateway::{OutgoingMessage, SendError};
use crate::message::{Message, SendState};
use crate::phrase::core as said;
use crate::status::Status;
use crate::store::{Claim, ClaimOutcome, Db, outbox::MAX_ATTEMPTS, outbox::backoff_ms};
use crate::time::Timestamp;

/// How long a claim on a message holds: longer than any gateway call may take.
const LEASE_MS: i64 = 90_000;

/// Idle workers look at the queue this often, to pick up messages queued by another process
/// (`switchboard send` while `serve` runs).
const IDLE_POLL: Duration = Duration::from_secs(2);

/// Names this process in outbox claims: `pid:random`, so a claim can be tied to a process.
pub(crate) fn claim_owner() -> String {
    format!("{}:{}", std::process::id(), uuid::Uuid::new_v4().simple())
}

/// Whether the process that claimed a message is gone, so its send was cut short. Where the OS
/// lists processes under /proc this is known at once; elsewhere the claim's lease decides.
pub(crate) fn claim_abandoned(claimant: &str, me: &str) -> bool {
    if claimant == me {
        return false;
    }
    let Some((pid, _)) = claimant.split_once(':') else {
        return false;
    };
    // Our own pid under another claim: an earlier process that had this pid is gone.
    if pid == std::process::id().to_string() {
        return true;
    }
    let proc = std::path::Path::new("/proc");
    if !proc.join("self").exists() {
        return false;
    }
    // A process that died but was not yet reaped (a zombie) still has an entry: state Z or X.
    match std::fs::read_to_string(proc.join(pid).join("stat")) {
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state == "Z" || state == "X"),
        Err(_) => true,
    }
}

pub(crate) enum Step {
    /// A message was sent, retried or failed: look again at once.
    Worked,
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
                        let ms = (t.as_millis() - engine.now().as_millis()).max(10);
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

    /// Claims and sends the head of an account's queue, if it is due.
    pub(crate) async fn send_next(&self, account_id: i64) -> Result<Step> {
        let Some(account) = self
            .db
            .read(move |c| Db::account_by_id(c, account_id))
            .await?
        else {
            return Ok(Step::Gone);
        };
        let gateway = self.gateway(&account).await?;
        let idempotent = gateway.capabilities().idempotent_send;
        let (now, owner) = (self.now(), self.owner.clone());
        let me = self.owner.clone();
        let abandoned = move |claimant: &str| claim_abandoned(claimant, &me);
        let (outcome, applied) = self
            .db
            // IMMEDIATE (as every transact): two processes must never claim the same row.
            .transact(move |tx| {
                Db::claim_next(
                    tx, account_id, &owner, now, LEASE_MS, idempotent, &abandoned,
                )
            })
            .await?;
        self.publish(applied).await;
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
        self.record(claim, result).await?;
        if accepted {
            // A polled gateway has a status for it soon: look sooner than the idle pace.
            self.nudge_poller(account_id);
        }
        Ok(Step::Worked)
    }

    async fn record(
        &self,
        claim: Claim,
        result: Result<crate::gateway::SendReceipt, SendError>,
    ) -> Result<()> {
        let now = self.now();
        let row = claim.row;
        let applied = self
            .db
            .transact(move |tx| {
                let tx = &**tx;
                let applied = match result {
                    Ok(receipt) => Db::record_sent(tx, row, &receipt.gateway_message_id, now)?,
                    Err(SendError::Rejected { code, reason }) => Db::record_failure(
                        tx,
                        row,
                        Status::Rejected,
                        code.as_deref(),
                        &reason,
                        now,
                    )?,
                    Err(SendError::Retryable { reason, .. }) if claim.attempt >= MAX_ATTEMPTS => {
                        let reason = said::SEND_GAVE_UP
                            .with("attempts", claim.attempt)
                            .nest("reason", reason);
                        Db::record_failure(tx, row, Status::Failed, None, &reason, now)?
                    }
                    Err(SendError::Retryable {
                        reason,
                        retry_after,
                    }) => {
                        let wait =
                            backoff_ms(claim.attempt, retry_after.map(|d| d.as_millis() as i64));
                        Db::record_retry(tx, row, &reason, now.plus_millis(wait))?
                    }
                };
                Ok(applied)
            })
            .await?;
        self.publish(applied).await;
        Ok(())
    }

    /// Sends one queued message from this process (the CLI's `send`) and waits until it is
    /// settled — accepted, refused, or handed to the user as unconfirmed — or `patience` runs
    /// out, in which case it stays queued for `serve` to send. Another process may claim it
    /// first: the outbox's claim makes sure only one of them sends it.
    pub async fn send_now(&self, uid: &str, patience: Duration) -> Result<Message> {
        let deadline = tokio::time::Instant::now() + patience;
        loop {
            let message = self.message(uid).await?;
            let settled = !matches!(
                message.send_state,
                Some(SendState::Queued | SendState::Sending)
            );
            if settled || tokio::time::Instant::now() >= deadline {
                return Ok(message);
            }
            let wait = match self.send_next(message.account_id).await? {
                Step::Worked => continue,
                Step::Gone => return Err(Error::NotFound(said::ACCOUNT_GONE.phrase())),
                Step::Idle => Duration::from_millis(200),
                Step::WaitUntil(t) => Duration::from_millis(
                    (t.as_millis() - self.now().as_millis()).clamp(10, 1000) as u64,
                ),
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
