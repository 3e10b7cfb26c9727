//! The persisted outbox: every outgoing message is a row here before any gateway hears of it.
//! This module is the only writer of the `outbox` and `outbox_pauses` tables, and it moves a
//! row only as [`SendState::after`] allows; what to do after an attempt (retry, when, pause the
//! account, give up) is decided by the outbox's policy ([`crate::outbox::policy`]).
//!
//! A row is claimed (`Sending`, with a lease naming the process) in a committed transaction
//! before the gateway is called, so a crash mid-send leaves evidence: a `Sending` row whose
//! process is gone or whose lease ran out. Such a send is `Unconfirmed` — shown to the user,
//! never repeated blindly — unless the gateway de-duplicates by our id, in which case it is
//! simply queued again.
//!
//! Order is kept per customer: a message holds back later messages to the same conversation
//! while it waits or is being sent, and nothing else. Trouble of the whole account pauses all
//! of its messages (`outbox_pauses`).

use std::collections::HashSet;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Applied, Db, Result, StoreError};
use crate::message::{Content, Direction, SendState};
use crate::outbox::{Transition, policy};
use crate::phone::Phone;
use crate::phrase::Phrase;
use crate::status::{Status, StatusChange};
use crate::time::Timestamp;

impl ToSql for SendState {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for SendState {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let word = value.as_str()?;
        SendState::parse(word)
            .ok_or_else(|| FromSqlError::Other(format!("unknown outbox state '{word}'").into()))
    }
}

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
    /// Nothing may go before this time: every waiting message is in backoff, held behind an
    /// earlier message to its customer, or the account is paused.
    WaitUntil(Timestamp),
    Idle,
}

/// A row's state with what the transitions need to know.
struct Row {
    state: SendState,
    account_id: i64,
    attempts: u32,
    claimed_by: Option<String>,
}

/// A message that keeps its place in its customer's queue.
struct Waiting {
    row: i64,
    conversation: i64,
    due: i64,
    lease_until: Option<i64>,
    claimed_by: Option<String>,
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
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10)",
        )?
        .execute(params![
            uuid::Uuid::now_v7().to_string(),
            conversation,
            account_id,
            Direction::Out.as_str(),
            content.kind(),
            content.preview(),
            json,
            now.as_millis(),
            Status::Queued.as_str(),
            operator_id
        ])?;
        let row = conn.last_insert_rowid();
        conn.prepare_cached(
            "INSERT INTO outbox (message_id, account_id, state, next_attempt_at, enqueued_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
        )?
        .execute(params![row, account_id, SendState::Queued, now.as_millis()])?;
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

    /// Claims the first message of the account that may go now, in the order they were queued:
    /// due, not held behind an earlier message to its customer, the account not paused. Sends
    /// whose process is gone are settled on the way (see the module's comment).
    pub fn claim_next(
        conn: &Connection,
        account_id: i64,
        claimant: &str,
        now: Timestamp,
        lease_ms: i64,
        idempotent_gateway: bool,
        abandoned: &dyn Fn(&str) -> bool,
    ) -> Result<(ClaimOutcome, Applied)> {
        let mut applied = Applied::default();
        let now_ms = now.as_millis();
        // Conversations whose head is waiting or being sent: their later messages wait for it.
        let mut held = HashSet::new();
        let mut wake: Option<i64> = None;
        let mut sending = Vec::new();
        visit_waiting(conn, account_id, SendState::Sending, &mut |w| {
            sending.push(w);
            false
        })?;
        for w in sending {
            let lease = w.lease_until.unwrap_or(0);
            // A claim holds until its lease ends, unless its process is known to be gone.
            if lease > now_ms && !w.claimed_by.as_deref().is_some_and(abandoned) {
                held.insert(w.conversation);
                wake = Some(earliest(wake, lease));
                continue;
            }
            let settle = Transition::Abandoned { idempotent_gateway };
            if Db::transition(conn, w.row, settle, None)?.is_some() {
                applied.message(w.row, w.conversation);
            }
        }
        if let Some(until) = Db::paused_until(conn, account_id)?
            && until > now
        {
            let until = Timestamp::from_millis(earliest(wake, until.as_millis()));
            return Ok((ClaimOutcome::WaitUntil(until), applied));
        }
        // Walked in order, stopping at the first message that may go: usually the first.
        let mut next = None;
        visit_waiting(conn, account_id, SendState::Queued, &mut |w| {
            if !held.insert(w.conversation) {
                return false;
            }
            if w.due > now_ms {
                wake = Some(earliest(wake, w.due));
                return false;
            }
            next = Some(w);
            true
        })?;
        let Some(next) = next else {
            let outcome = wake.map_or(ClaimOutcome::Idle, |t| {
                ClaimOutcome::WaitUntil(Timestamp::from_millis(t))
            });
            return Ok((outcome, applied));
        };
        if Db::transition(conn, next.row, Transition::Claim, None)?.is_none() {
            return Err(StoreError::Corrupt(format!(
                "outbox row {} changed under its claim",
                next.row
            )));
        }
        conn.prepare_cached(
            "UPDATE outbox SET claimed_by = ?2, lease_until = ?3, attempts = attempts + 1
             WHERE message_id = ?1",
        )?
        .execute(params![
            next.row,
            claimant,
            now.plus_millis(lease_ms).as_millis()
        ])?;
        let (uid, phone, content, attempt) = conn
            .prepare_cached(
                "SELECT m.uid, c.phone, m.content, o.attempts
                 FROM outbox o JOIN messages m ON m.id = o.message_id
                 JOIN conversations cv ON cv.id = m.conversation_id
                 JOIN contacts c ON c.id = cv.contact_id
                 WHERE o.message_id = ?1",
            )?
            .query_row([next.row], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, u32>(3)?,
                ))
            })?;
        let to = Phone::parse(&phone).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let content =
            serde_json::from_str(&content).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        applied.message(next.row, next.conversation);
        Ok((
            ClaimOutcome::Claimed(Box::new(Claim {
                row: next.row,
                uid,
                account_id,
                conversation_id: next.conversation,
                to,
                content,
                attempt,
            })),
            applied,
        ))
    }

    /// The gateway accepted the message. Recorded whatever happened to the row meanwhile
    /// (another process may have settled our claim as unconfirmed): the gateway has it.
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
            Db::move_history(conn, other, row)?;
            conn.execute("DELETE FROM messages WHERE id = ?1", [other])?;
        }
        conn.execute(
            "UPDATE messages SET gateway_message_id = ?2, error_code = NULL, error_reason = NULL WHERE id = ?1",
            params![row, gateway_id],
        )?;
        Db::transition(conn, row, Transition::Accepted, None)?;
        // The gateway took a message: whatever paused the account is over.
        conn.execute(
            "DELETE FROM outbox_pauses WHERE account_id = ?1",
            [account_id],
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
        super::status::refresh_status(conn, row)?;
        let mut applied = Applied::default();
        applied.message(row, conversation);
        Ok(applied)
    }

    /// A passing failure: try again at `next_at`; with `pause_account`, nothing of the account
    /// goes before then. Only while `claimant` still holds the claim: a claim settled by
    /// another process meanwhile is theirs to decide.
    pub fn record_retry(
        conn: &Connection,
        row: i64,
        claimant: &str,
        reason: &Phrase,
        next_at: Timestamp,
        pause_account: bool,
        now: Timestamp,
    ) -> Result<Applied> {
        let Some(account_id) = Db::transition(conn, row, Transition::RetryLater, Some(claimant))?
        else {
            return Ok(Applied::default());
        };
        conn.prepare_cached(
            "UPDATE outbox SET next_attempt_at = ?2, last_error = ?3 WHERE message_id = ?1",
        )?
        .execute(params![row, next_at.as_millis(), reason])?;
        if pause_account {
            conn.prepare_cached(
                "INSERT INTO outbox_pauses (account_id, paused_until, reason, since)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (account_id) DO UPDATE SET paused_until = excluded.paused_until,
                     reason = excluded.reason",
            )?
            .execute(params![
                account_id,
                next_at.as_millis(),
                reason,
                now.as_millis()
            ])?;
        }
        Db::applied_for(conn, row)
    }

    /// The request went out but its answer was lost, on a gateway that would not know a second
    /// copy: unconfirmed, for the user to retry or discard (a status echoing our id may still
    /// prove it sent). Only while `claimant` still holds the claim.
    pub fn record_unconfirmed(
        conn: &Connection,
        row: i64,
        claimant: &str,
        reason: &Phrase,
    ) -> Result<Applied> {
        let abandoned = Transition::Abandoned {
            idempotent_gateway: false,
        };
        if Db::transition(conn, row, abandoned, Some(claimant))?.is_none() {
            return Ok(Applied::default());
        }
        conn.prepare_cached("UPDATE outbox SET last_error = ?2 WHERE message_id = ?1")?
            .execute(params![row, reason])?;
        Db::applied_for(conn, row)
    }

    /// The gateway refused the message, or retries ran out. Only while `claimant` still holds
    /// the claim.
    pub fn record_failure(
        conn: &Connection,
        row: i64,
        claimant: &str,
        status: Status,
        code: Option<&str>,
        reason: &Phrase,
        now: Timestamp,
    ) -> Result<Applied> {
        if Db::transition(conn, row, Transition::Refused, Some(claimant))?.is_none() {
            return Ok(Applied::default());
        }
        conn.prepare_cached("UPDATE outbox SET last_error = ?2 WHERE message_id = ?1")?
            .execute(params![row, reason])?;
        let change = StatusChange {
            status,
            at: now,
            code: code.map(str::to_owned),
            reason: Some(reason.clone()),
        };
        Db::add_status(conn, row, &change, now)?;
        Db::applied_for(conn, row)
    }

    /// A transition the user asks for on message `uid` (no claim involved): its outbox row and
    /// account, or `None` when the message has no outbox row or its state does not allow it.
    fn user_transition(
        conn: &Connection,
        uid: &str,
        transition: Transition,
    ) -> Result<Option<(i64, i64)>> {
        let Some(row) = Db::outbox_row_of(conn, uid)? else {
            return Ok(None);
        };
        Ok(Db::transition(conn, row, transition, None)?.map(|account| (row, account)))
    }

    /// Queues a failed or unconfirmed message again, from its first attempt, in its original
    /// place. Returns the account to wake, or `None` when the message cannot be retried.
    pub fn retry_message(
        conn: &Connection,
        uid: &str,
        now: Timestamp,
    ) -> Result<Option<(i64, Applied)>> {
        let Some((row, account_id)) = Db::user_transition(conn, uid, Transition::Retry)? else {
            return Ok(None);
        };
        conn.execute(
            "UPDATE outbox SET attempts = 0, next_attempt_at = ?2, last_error = NULL
             WHERE message_id = ?1",
            params![row, now.as_millis()],
        )?;
        // The user chose to try again: the old failure no longer describes the message.
        conn.execute(
            "UPDATE messages SET gateway_message_id = NULL, error_code = NULL, error_reason = NULL WHERE id = ?1",
            [row],
        )?;
        Db::forget_failures(conn, row)?;
        Ok(Some((account_id, Db::applied_for(conn, row)?)))
    }

    /// Takes an unconfirmed, failed or waiting message out of the outbox for good; it stays in
    /// the history. `None` when the message is not in one of those states (a send under way,
    /// one already sent, an incoming message).
    pub fn discard_message(conn: &Connection, uid: &str) -> Result<Option<Applied>> {
        match Db::user_transition(conn, uid, Transition::Discard)? {
            Some((row, _)) => Ok(Some(Db::applied_for(conn, row)?)),
            None => Ok(None),
        }
    }

    /// Makes a waiting message due now, lifting its account's pause: the user asks to try now.
    /// Returns the account to wake, or `None` when the message is not waiting.
    pub fn send_message_now(
        conn: &Connection,
        uid: &str,
        now: Timestamp,
    ) -> Result<Option<(i64, Applied)>> {
        let Some((row, account_id)) = Db::user_transition(conn, uid, Transition::SendNow)? else {
            return Ok(None);
        };
        conn.execute(
            "UPDATE outbox SET next_attempt_at = MIN(next_attempt_at, ?2) WHERE message_id = ?1",
            params![row, now.as_millis()],
        )?;
        conn.execute(
            "DELETE FROM outbox_pauses WHERE account_id = ?1",
            [account_id],
        )?;
        Ok(Some((account_id, Db::applied_for(conn, row)?)))
    }

    /// The gateway reported a status carrying our id for this message: it has it, so it must
    /// not be sent again. Whether that settles the row depends on its state.
    pub(super) fn prove_sent(conn: &Connection, row: i64) -> Result<bool> {
        let Some(current) = Db::outbox_row(conn, row)? else {
            return Ok(false);
        };
        let proof = Transition::ProvenSent {
            attempted: current.attempts > 0,
        };
        Ok(Db::transition(conn, row, proof, None)?.is_some())
    }

    /// The gateway failed a message it had accepted, for a passing reason: it is queued again
    /// when the policy gives it another attempt. Returns the account to wake.
    pub(super) fn resend_after_gateway_failure(
        conn: &Connection,
        row: i64,
        reason: &Phrase,
        now: Timestamp,
    ) -> Result<Option<i64>> {
        let Some(current) = Db::outbox_row(conn, row)? else {
            return Ok(None);
        };
        let Some(at) = policy::resend_at(current.attempts, now) else {
            return Ok(None);
        };
        let Some(account_id) = Db::transition(conn, row, Transition::GatewayRetry, None)? else {
            return Ok(None);
        };
        conn.execute(
            "UPDATE outbox SET next_attempt_at = ?2, last_error = ?3 WHERE message_id = ?1",
            params![row, at.as_millis(), reason],
        )?;
        Ok(Some(account_id))
    }

    /// Until when the account's outbox is paused, if it ever was.
    pub fn paused_until(conn: &Connection, account_id: i64) -> Result<Option<Timestamp>> {
        Ok(conn
            .prepare_cached("SELECT paused_until FROM outbox_pauses WHERE account_id = ?1")?
            .query_row([account_id], |r| r.get(0))
            .optional()?
            .map(Timestamp::from_millis))
    }

    /// Moves a row by `transition` when its state allows it (and, with `claimant`, only while
    /// that claimant holds it). Every state change of the outbox goes through here. Answers the
    /// row's account when the row moved.
    fn transition(
        conn: &Connection,
        row: i64,
        transition: Transition,
        claimant: Option<&str>,
    ) -> Result<Option<i64>> {
        let Some(current) = Db::outbox_row(conn, row)? else {
            return Ok(None);
        };
        if claimant.is_some() && current.claimed_by.as_deref() != claimant {
            return Ok(None);
        }
        let Some(next) = current.state.after(transition) else {
            return Ok(None);
        };
        // A claim lasts only as long as the send it was taken for: any move ends it (a new
        // claim is written by `claim_next`).
        conn.prepare_cached(
            "UPDATE outbox SET state = ?3, claimed_by = NULL, lease_until = NULL
             WHERE message_id = ?1 AND state = ?2",
        )?
        .execute(params![row, current.state, next])?;
        Ok(Some(current.account_id))
    }

    fn outbox_row(conn: &Connection, row: i64) -> Result<Option<Row>> {
        Ok(conn
            .prepare_cached(
                "SELECT state, account_id, attempts, claimed_by FROM outbox WHERE message_id = ?1",
            )?
            .query_row([row], |r| {
                Ok(Row {
                    state: r.get(0)?,
                    account_id: r.get(1)?,
                    attempts: r.get(2)?,
                    claimed_by: r.get(3)?,
                })
            })
            .optional()?)
    }

    fn outbox_row_of(conn: &Connection, uid: &str) -> Result<Option<i64>> {
        Ok(conn
            .prepare_cached(
                "SELECT o.message_id FROM outbox o JOIN messages m ON m.id = o.message_id
                 WHERE m.uid = ?1",
            )?
            .query_row([uid], |r| r.get(0))
            .optional()?)
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

/// Shows `visit` an account's messages in `state`, in the order they were queued, until it
/// answers `true`.
fn visit_waiting(
    conn: &Connection,
    account_id: i64,
    state: SendState,
    visit: &mut dyn FnMut(Waiting) -> bool,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.message_id, m.conversation_id, o.next_attempt_at, o.lease_until, o.claimed_by
         FROM outbox o JOIN messages m ON m.id = o.message_id
         WHERE o.account_id = ?1 AND o.state = ?2
         ORDER BY o.enqueued_at, o.message_id",
    )?;
    let mut rows = stmt.query(params![account_id, state])?;
    while let Some(r) = rows.next()? {
        let w = Waiting {
            row: r.get(0)?,
            conversation: r.get(1)?,
            due: r.get(2)?,
            lease_until: r.get(3)?,
            claimed_by: r.get(4)?,
        };
        if visit(w) {
            break;
        }
    }
    Ok(())
}

fn earliest(a: Option<i64>, b: i64) -> i64 {
    a.map_or(b, |a| a.min(b))
}
