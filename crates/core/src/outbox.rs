//! Outbox workers: one per account, sending its queue in order through the account's gateway.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use crate::engine::{Engine, lock};
use crate::error::{Error, Result};
use crate::gateway::{OutgoingMessage, SendError};
use crate::message::{Message, SendState};
use crate::status::Status;
use crate::store::{Claim, ClaimOutcome, Db, outbox::MAX_ATTEMPTS, outbox::backoff_ms};
use crate::time::Timestamp;

/// How long a claim on a message holds: longer than any gateway call may take.
const LEASE_MS: i64 = 90_000;

/// Idle workers look at the queue this often, to pick up messages queued by another process
/// (`switchboard send` while `serve` runs).
const IDLE_POLL: Duration = Duration::from_secs(2);

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
        let (outcome, applied) = self
            .db
            .write(move |c| {
                // IMMEDIATE: two processes must never claim the same row.
                let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                let out = Db::claim_next(&tx, account_id, &owner, now, LEASE_MS, idempotent)?;
                tx.commit()?;
                Ok(out)
            })
            .await?;
        self.publish(applied).await;
        let claim = match outcome {
            ClaimOutcome::Idle => return Ok(Step::Idle),
            ClaimOutcome::WaitUntil(t) => return Ok(Step::WaitUntil(t)),
            ClaimOutcome::Claimed(c) => c,
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
        self.record(claim, result).await?;
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
            .write(move |c| {
                let tx = c.transaction()?;
                let applied = match result {
                    Ok(receipt) => Db::record_sent(&tx, row, &receipt.gateway_message_id, now)?,
                    Err(SendError::Rejected { code, reason }) => Db::record_failure(
                        &tx,
                        row,
                        Status::Rejected,
                        code.as_deref(),
                        &reason,
                        now,
                    )?,
                    Err(SendError::Retryable { reason, .. }) if claim.attempt >= MAX_ATTEMPTS => {
                        let reason = format!("gave up after {} attempts: {reason}", claim.attempt);
                        Db::record_failure(&tx, row, Status::Failed, None, &reason, now)?
                    }
                    Err(SendError::Retryable {
                        reason,
                        retry_after,
                    }) => {
                        let wait =
                            backoff_ms(claim.attempt, retry_after.map(|d| d.as_millis() as i64));
                        Db::record_retry(&tx, row, &reason, now.plus_millis(wait))?
                    }
                };
                tx.commit()?;
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
                Step::Gone => return Err(Error::NotFound("the account was removed".into())),
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
            .ok_or_else(|| Error::NotFound(format!("no message with id {uid}")))
    }
}
