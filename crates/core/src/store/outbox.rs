//! The persisted outbox: every outgoing message is a row here before any gateway hears of it.
//!
//! A row is claimed (`sending`, with a lease naming the process) in a committed transaction
//! before the gateway is called, so a crash mid-send leaves evidence: a `sending` row whose lease
//! ran out. Such a send is `unconfirmed` — shown to the user, never repeated blindly — unless
//! the gateway de-duplicates by our id, in which case it is simply queued again.

use rusqlite::{Connection, OptionalExtension, params};

use super::ingest::refresh_status;
use super::{Applied, Db, Result, StoreError};
use crate::message::{Content, Direction};
use crate::phone::Phone;
use crate::status::{Status, StatusChange};
use crate::time::Timestamp;

/// Attempts before a message that keeps failing for passing reasons is given up on.
pub const MAX_ATTEMPTS: u32 = 8;

/// The pause before attempt `attempts + 1`: 1 s doubling to 5 min, or longer when the gateway
/// asked for it.
pub fn backoff_ms(attempts: u32, retry_after_ms: Option<i64>) -> i64 {
    let exp = 1000i64.saturating_mul(1i64 << attempts.saturating_sub(1).min(20));
    exp.min(300_000).max(retry_after_ms.unwrap_or(0))
}

/// The head of an account's queue: row, state, due time, lease end, claimant.
type QueueHead = (i64, String, i64, Option<i64>, Option<String>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub row: i64,
    pub uid: String,
    pub account_id: i64,
    pub conversation_id: i64,
    pub to: Phone,
    pub content: Content,
    /// Including this one.
    pub attempt: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimOutcome {
    Claimed(Box<Claim>),
    /// The head of the queue is not due (backoff) or another process is sending it.
    WaitUntil(Timestamp),
    Idle,
}


impl Db {
    /// Stores a new outgoing message and queues it, in one transaction.
    pub fn enqueue(
        conn: &Connection,
        account_id: i64,
        to: &Phone,
        content: &Content,
        operator_id: Option<i64>,
        now: Timestamp,
    ) -> Result<(i64, i64)> {
        let contact = Db::upsert_contact(conn, to, None, now)?;
        let conversation = Db::upsert_conversation(conn, account_id, contact, now)?;
        let json =
            serde_json::to_string(content).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        conn.prepare_cached(
            "INSERT INTO messages (uid, conversation_id, account_id, direction, kind, body, content,
                                   sort_ts, received_at, status, operator_id)
             VALUES (?1, ?2, ?3, 'out', ?4, ?5, ?6, ?7, ?7, 'queued', ?8)",
        )?
        .execute(params![
            uuid::Uuid::now_v7().to_string(),
            conversation,
            account_id,
            content.kind(),
            content.preview(),
            json,
            now.as_millis(),
            operator_id
        ])?;
        let row = conn.last_insert_rowid();
        conn.prepare_cached(
            "INSERT INTO outbox (message_id, account_id, state, next_attempt_at, enqueued_at)
             VALUES (?1, ?2, 'queued', ?3, ?3)",
        )?
        .execute(params![row, account_id, now.as_millis()])?;
        let queued = StatusChange {
            status: Status::Queued,
            at: now,
            code: None,
            reason: None,
        };
        Db::add_status(conn, row, &queued, now)?;
        Db::touch_conversation(conn, conversation, Direction::Out, now)?;
        Ok((row, conversation))
    }

    /// Claims the head of an account's queue if it is due. Messages go out in the order they
    /// were queued: a head waiting for its retry holds the ones behind it.
    pub fn claim_next(
        conn: &Connection,
        account_id: i64,
        owner: &str,
        now: Timestamp,
        lease_ms: i64,
        idempotent_gateway: bool,
        abandoned: &dyn Fn(&str) -> bool,
    ) -> Result<(ClaimOutcome, Applied)> {
        let mut applied = Applied::default();
        loop {
            let head: Option<QueueHead> = conn
                .prepare_cached(
                    "SELECT message_id, state, next_attempt_at, lease_until, claimed_by FROM outbox
                     WHERE account_id = ?1 AND state IN ('queued', 'sending')
                     ORDER BY enqueued_at, message_id LIMIT 1",
                )?
                .query_row([account_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .optional()?;
            let Some((row, state, due, lease, claimed_by)) = head else {
                return Ok((ClaimOutcome::Idle, applied));
            };
            if state == "sending" {
                let lease = Timestamp::from_millis(lease.unwrap_or(0));
                // A claim holds until its lease ends, unless its process is known to be gone.
                let owner_gone = claimed_by.as_deref().is_some_and(abandoned);
                if lease > now && !owner_gone {
                    return Ok((ClaimOutcome::WaitUntil(lease), applied));
                }
                Db::settle_abandoned_send(conn, row, idempotent_gateway, &mut applied)?;
                continue;
            }
            if due > now.as_millis() {
                return Ok((
                    ClaimOutcome::WaitUntil(Timestamp::from_millis(due)),
                    applied,
                ));
            }
            conn.prepare_cached(
                "UPDATE outbox SET state = 'sending', claimed_by = ?2, lease_until = ?3,
                     attempts = attempts + 1
                 WHERE message_id = ?1",
            )?
            .execute(params![row, owner, now.plus_millis(lease_ms).as_millis()])?;
            let claim = conn
                .prepare_cached(
                    "SELECT m.uid, m.conversation_id, c.phone, m.content, o.attempts
                     FROM outbox o JOIN messages m ON m.id = o.message_id
                     JOIN conversations cv ON cv.id = m.conversation_id
                     JOIN contacts c ON c.id = cv.contact_id
                     WHERE o.message_id = ?1",
                )?
                .query_row([row], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, u32>(4)?,
                    ))
                })?;
            let (uid, conversation_id, phone, content, attempt) = claim;
            let to = Phone::parse(&phone).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let content =
                serde_json::from_str(&content).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            applied.message(row, conversation_id);
            return Ok((
                ClaimOutcome::Claimed(Box::new(Claim {
                    row,
                    uid,
                    account_id,
                    conversation_id,
                    to,
                    content,
                    attempt,
                })),
                applied,
            ));
        }
    }

    /// A `sending` row whose lease ran out: its process died mid-send.
    fn settle_abandoned_send(
        conn: &Connection,
        row: i64,
        idempotent_gateway: bool,
        applied: &mut Applied,
    ) -> Result<()> {
        if idempotent_gateway {
            conn.execute(
                "UPDATE outbox SET state = 'queued', claimed_by = NULL, lease_until = NULL WHERE message_id = ?1",
                [row],
            )?;
        } else {
            conn.execute(
                "UPDATE outbox SET state = 'unconfirmed', claimed_by = NULL, lease_until = NULL WHERE message_id = ?1",
                [row],
            )?;
            conn.execute(
                "UPDATE messages SET error_code = 'unconfirmed', error_reason = ?2 WHERE id = ?1",
                params![row, crate::phrase::core::SEND_UNCONFIRMED.phrase()],
            )?;
        }
        let conversation: i64 = conn.query_row(
            "SELECT conversation_id FROM messages WHERE id = ?1",
            [row],
            |r| r.get(0),
        )?;
        applied.message(row, conversation);
        Ok(())
    }

    /// The gateway accepted the message.
    pub fn record_sent(
        conn: &Connection,
        row: i64,
        gateway_id: &str,
        now: Timestamp,
    ) -> Result<Applied> {
        let (account_id, conversation): (i64, i64) = conn.query_row(
            "SELECT account_id, conversation_id FROM messages WHERE id = ?1",
            [row],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        // The gateway's copy may already be stored (a poll saw it before the send returned):
        // keep ours, with the other's history.
        let other: Option<i64> = conn
            .query_row(
                "SELECT id FROM messages WHERE account_id = ?1 AND gateway_message_id = ?2 AND id != ?3",
                params![account_id, gateway_id, row],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(other) = other {
            conn.execute(
                "UPDATE OR IGNORE status_changes SET message_id = ?2 WHERE message_id = ?1",
                params![other, row],
            )?;
            conn.execute("DELETE FROM messages WHERE id = ?1", [other])?;
        }
        conn.execute(
            "UPDATE messages SET gateway_message_id = ?2, error_code = NULL, error_reason = NULL WHERE id = ?1",
            params![row, gateway_id],
        )?;
        conn.execute(
            "UPDATE outbox SET state = 'done', claimed_by = NULL, lease_until = NULL, last_error = NULL WHERE message_id = ?1",
            [row],
        )?;
        let sent = StatusChange {
            status: Status::Sent,
            at: now,
            code: None,
            reason: None,
        };
        // Our own word that the gateway took it, with our time: the gateway's own "sent", when
        // it reports one, replaces it (see `add_status_once`).
        Db::add_status_once(conn, row, &sent, true, now)?;
        Db::adopt_orphans(conn, account_id, gateway_id, row, now)?;
        refresh_status(conn, row)?;
        let mut applied = Applied::default();
        applied.message(row, conversation);
        Ok(applied)
    }

    /// A passing failure: try again at `next_at`.
    pub fn record_retry(
        conn: &Connection,
        row: i64,
        reason: &crate::phrase::Phrase,
        next_at: Timestamp,
    ) -> Result<Applied> {
        conn.execute(
            "UPDATE outbox SET state = 'queued', claimed_by = NULL, lease_until = NULL,
                 next_attempt_at = ?2, last_error = ?3
             WHERE message_id = ?1",
            params![row, next_at.as_millis(), reason],
        )?;
        Db::applied_for(conn, row)
    }

    /// The gateway refused the message, or retries ran out.
    pub fn record_failure(
        conn: &Connection,
        row: i64,
        status: Status,
        code: Option<&str>,
        reason: &crate::phrase::Phrase,
        now: Timestamp,
    ) -> Result<Applied> {
        conn.execute(
            "UPDATE outbox SET state = 'failed', claimed_by = NULL, lease_until = NULL, last_error = ?2
             WHERE message_id = ?1",
            params![row, reason],
        )?;
        let change = StatusChange {
            status,
            at: now,
            code: code.map(str::to_owned),
            reason: Some(reason.clone()),
        };
        Db::add_status(conn, row, &change, now)?;
        Db::applied_for(conn, row)
    }

    /// Queues a failed or unconfirmed message again, at the head of its account's queue.
    /// Returns the account to wake, or `None` when the message cannot be retried.
    pub fn retry_message(
        conn: &Connection,
        uid: &str,
        now: Timestamp,
    ) -> Result<Option<(i64, Applied)>> {
        let found: Option<(i64, i64)> = conn
            .query_row(
                "SELECT o.message_id, o.account_id FROM outbox o JOIN messages m ON m.id = o.message_id
                 WHERE m.uid = ?1 AND o.state IN ('failed', 'unconfirmed')",
                [uid],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((row, account_id)) = found else {
            return Ok(None);
        };
        conn.execute(
            "UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = ?2, last_error = NULL
             WHERE message_id = ?1",
            params![row, now.as_millis()],
        )?;
        // The user chose to try again: the old failure no longer describes the message.
        conn.execute(
            "DELETE FROM status_changes WHERE message_id = ?1 AND status IN ('failed', 'rejected')",
            [row],
        )?;
        conn.execute(
            "UPDATE messages SET gateway_message_id = NULL, error_code = NULL, error_reason = NULL WHERE id = ?1",
            [row],
        )?;
        refresh_status(conn, row)?;
        Ok(Some((account_id, Db::applied_for(conn, row)?)))
    }

    fn applied_for(conn: &Connection, row: i64) -> Result<Applied> {
        let conversation: i64 = conn.query_row(
            "SELECT conversation_id FROM messages WHERE id = ?1",
            [row],
            |r| r.get(0),
        )?;
        let mut applied = Applied::default();
        applied.message(row, conversation);
        Ok(applied)
    }
}

#[cfg(test)]
mod tests {
    use super::backoff_ms;

    #[test]
    fn backoff_doubles_caps_and_honours_the_gateway() {
        assert_eq!(backoff_ms(1, None), 1000);
        assert_eq!(backoff_ms(2, None), 2000);
        assert_eq!(backoff_ms(4, None), 8000);
        assert_eq!(backoff_ms(30, None), 300_000);
        assert_eq!(backoff_ms(1, Some(5000)), 5000);
    }
}
