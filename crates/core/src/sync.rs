//! Pollers: one per account whose gateway is polled (WAMM's history, DecisionTelecom's status
//! look-ups). What a poll returns goes through the same ingest as webhooks, committed together
//! with the adapter's cursor, so a crash between polls neither skips nor repeats a page.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::Notify;
use ts_rs::TS;

use crate::engine::{Engine, lock};
use crate::error::Result;
use crate::event::Event;
use crate::gateway::{PollPolicy, PollRequest, SendError, SyncProgress};
use crate::store::{Db, SyncRow};
use crate::time::Timestamp;

/// An account counts as busy (polled at `active_ms`) this long after its last message.
const ACTIVE_FOR_MS: i64 = 10 * 60 * 1000;

/// Errors back the poller off, doubling from its interval up to this.
const MAX_BACKOFF: Duration = Duration::from_secs(15 * 60);

/// How an account's sync stands, for the UI.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncStatus {
    pub account_id: i64,
    /// The gateway is polled (otherwise everything arrives by webhook).
    pub polled: bool,
    pub last_poll_at: Option<Timestamp>,
    pub last_ok_at: Option<Timestamp>,
    /// Why the last poll failed; cleared by the next one that works.
    pub last_error: Option<crate::phrase::Phrase>,
    /// A history backfill under way.
    pub progress: Option<SyncProgress>,
}

impl SyncStatus {
    pub(crate) fn from_row(account_id: i64, polled: bool, row: SyncRow) -> Self {
        Self {
            account_id,
            polled,
            last_poll_at: row.last_poll_at,
            last_ok_at: row.last_ok_at,
            last_error: row.last_error,
            progress: row.progress,
        }
    }
}

/// What one poll came to, for choosing the pause before the next.
struct Polled {
    /// The gateway has more right now (a backfill page).
    more: bool,
    /// Statuses are awaited or a conversation moved lately.
    busy: bool,
}

/// The pause before the next poll: short while busy, long when idle, doubling on errors.
fn next_wait(policy: &PollPolicy, outcome: &Result<Polled, Failure>, failures: u32) -> Duration {
    let ms = |v: u32| Duration::from_millis(u64::from(v));
    let wait = match outcome {
        Ok(p) if p.more => ms(policy.min_ms),
        Ok(p) if p.busy => ms(policy.active_ms),
        Ok(_) => ms(policy.idle_ms),
        Err(f) => {
            let base = ms(policy.active_ms.max(policy.min_ms)).max(Duration::from_secs(1));
            let doubled = base.saturating_mul(1 << failures.min(16)).min(MAX_BACKOFF);
            // A gateway's "come back later" is honoured up to the outbox's own limit.
            let asked = f.retry_after.unwrap_or_default().min(Duration::from_millis(
                crate::outbox::policy::MAX_RETRY_WAIT_MS.unsigned_abs(),
            ));
            doubled.max(asked)
        }
    };
    wait.max(ms(policy.min_ms))
}

struct Failure {
    retry_after: Option<Duration>,
}

impl Engine {
    /// Starts the account's poller when its gateway is polled; a no-op when it runs already.
    pub(crate) fn spawn_poller(self: &Arc<Self>, account_id: i64, policy: PollPolicy) {
        let notify = {
            let mut pollers = lock(&self.pollers);
            if pollers.contains_key(&account_id) {
                return;
            }
            let n = Arc::new(Notify::new());
            pollers.insert(account_id, n.clone());
            n
        };
        let engine = self.clone();
        tokio::spawn(async move {
            let mut shutdown = engine.shutdown.subscribe();
            let mut failures = 0u32;
            loop {
                if *shutdown.borrow() {
                    break;
                }
                let began = tokio::time::Instant::now();
                let outcome = match engine.poll_once(account_id).await {
                    Ok(Some(p)) => Ok(p),
                    Ok(None) => break,
                    Err(f) => Err(f),
                };
                failures = if outcome.is_ok() { 0 } else { failures + 1 };
                let wait = next_wait(&policy, &outcome, failures.saturating_sub(1));
                tokio::select! {
                    // A nudge (a message was sent) polls sooner, but never sooner than the
                    // gateway allows.
                    _ = notify.notified() => {
                        tokio::time::sleep_until(began + Duration::from_millis(u64::from(policy.min_ms))).await;
                    }
                    _ = tokio::time::sleep(wait) => {}
                    _ = shutdown.changed() => {}
                }
            }
            lock(&engine.pollers).remove(&account_id);
        });
    }

    /// Asks the account's poller to poll soon (it waits out the gateway's minimum interval).
    pub(crate) fn nudge_poller(&self, account_id: i64) {
        if let Some(n) = lock(&self.pollers).get(&account_id) {
            n.notify_one();
        }
    }

    /// One poll: `Ok(None)` when the account is gone or no longer polled.
    async fn poll_once(
        self: &Arc<Self>,
        account_id: i64,
    ) -> std::result::Result<Option<Polled>, Failure> {
        let fail = |e: &dyn std::fmt::Display| {
            tracing::warn!(account_id, "sync: {e}");
            Failure { retry_after: None }
        };
        let now = self.now();
        let loaded = self
            .db
            .read(move |c| {
                let Some(account) = Db::account_by_id(c, account_id)? else {
                    return Ok(None);
                };
                let state = Db::sync_state(c, account_id)?;
                let pending = Db::awaiting_status(c, account_id, now)?;
                let last = Db::last_activity(c, account_id)?;
                Ok(Some((account, state, pending, last)))
            })
            .await
            .map_err(|e| fail(&e))?;
        let Some((account, state, pending, last)) = loaded else {
            return Ok(None);
        };
        let gateway = self.gateway(&account).await.map_err(|e| fail(&e))?;
        if gateway.capabilities().polling.is_none() {
            return Ok(None);
        }
        let busy = !pending.is_empty() || last.is_some_and(|t| now.millis_since(t) < ACTIVE_FOR_MS);
        let request = PollRequest {
            cursor: state.cursor.clone(),
            pending,
        };
        match gateway.poll(request).await {
            Ok(result) => {
                let progress = result.progress.clone();
                let more = result.more;
                let applied = self
                    .commit(move |tx| {
                        let applied = Db::ingest(tx, account_id, &result.events, now)?;
                        Db::record_poll(
                            tx,
                            account_id,
                            result.cursor.as_deref(),
                            result.progress.as_ref(),
                            now,
                        )?;
                        Ok(applied)
                    })
                    .await
                    .map_err(|e| fail(&e))?;
                self.after_ingest(&applied).await;
                if state.last_error.is_some() || state.progress != progress {
                    self.emit_sync(account_id).await;
                }
                Ok(Some(Polled {
                    more,
                    busy: busy || more,
                }))
            }
            Err(e) => {
                let retry_after = match &e {
                    SendError::Retryable { retry_after, .. } => *retry_after,
                    SendError::Rejected { .. } | SendError::AnswerLost { .. } => None,
                };
                let reason = e.reason().clone();
                tracing::warn!(account_id, "sync: {reason}");
                let stored = self
                    .db
                    .write(move |c| Db::record_poll_error(c, account_id, &reason, now))
                    .await;
                if let Err(e) = stored {
                    tracing::warn!(account_id, "sync: could not record the error: {e}");
                }
                self.emit_sync(account_id).await;
                Err(Failure { retry_after })
            }
        }
    }

    async fn emit_sync(&self, account_id: i64) {
        match self.sync_status_of(account_id).await {
            Ok(sync) => self.host.events.emit(&Event::Sync { sync }),
            Err(e) => tracing::warn!(account_id, "sync: could not load its state: {e}"),
        }
    }

    pub(crate) async fn sync_status_of(&self, account_id: i64) -> Result<SyncStatus> {
        let row = self
            .db
            .read(move |c| {
                Ok((
                    Db::account_by_id(c, account_id)?,
                    Db::sync_state(c, account_id)?,
                ))
            })
            .await?;
        let (account, state) = row;
        let account = account.ok_or_else(|| {
            crate::error::Error::NotFound(
                crate::phrase::core::ACCOUNT_NOT_FOUND.with("id", account_id),
            )
        })?;
        let polled = self
            .connector
            .capabilities(account.gateway)
            .is_some_and(|c| c.polling.is_some());
        Ok(SyncStatus::from_row(account_id, polled, state))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: PollPolicy = PollPolicy {
        min_ms: 1_000,
        active_ms: 5_000,
        idle_ms: 60_000,
    };

    #[test]
    fn busy_accounts_are_polled_faster_and_backfills_fastest() {
        let ok = |more, busy| Ok(Polled { more, busy });
        assert_eq!(
            next_wait(&POLICY, &ok(true, true), 0),
            Duration::from_secs(1)
        );
        assert_eq!(
            next_wait(&POLICY, &ok(false, true), 0),
            Duration::from_secs(5)
        );
        assert_eq!(
            next_wait(&POLICY, &ok(false, false), 0),
            Duration::from_secs(60)
        );
    }

    #[test]
    fn errors_back_off_doubling_up_to_a_cap_and_honour_retry_after() {
        let err = |s| {
            Err(Failure {
                retry_after: Some(Duration::from_secs(s)),
            })
        };
        assert_eq!(next_wait(&POLICY, &err(0), 0), Duration::from_secs(5));
        assert_eq!(next_wait(&POLICY, &err(0), 3), Duration::from_secs(40));
        assert_eq!(next_wait(&POLICY, &err(0), 30), MAX_BACKOFF);
        assert_eq!(next_wait(&POLICY, &err(120), 0), Duration::from_secs(120));
        assert_eq!(
            next_wait(&POLICY, &err(u64::MAX), 0),
            Duration::from_secs(3600),
            "a gateway asking for ages is polled again within the hour"
        );
    }

    #[test]
    fn never_sooner_than_the_gateway_allows() {
        let strict = PollPolicy {
            min_ms: 30_000,
            active_ms: 5_000,
            idle_ms: 10_000,
        };
        let ok = Ok(Polled {
            more: true,
            busy: true,
        });
        assert_eq!(next_wait(&strict, &ok, 0), Duration::from_secs(30));
    }
}
