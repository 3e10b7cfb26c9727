//! Status history: every status a gateway (or we) reported for a message, statuses waiting for
//! a message we do not know yet, and the status a message shows, recomputed from its whole
//! history by [`crate::status::effective`] so that arrival order never matters.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Db, Result};
use crate::status::{self, Status, StatusChange};
use crate::time::Timestamp;

/// How long a status waits for a message we do not know yet. A callback that beat the send's
/// answer finds its message within seconds; one for a message that was never ours (or a
/// forged one) never does.
pub const ORPHAN_MAX_AGE_MS: i64 = 7 * 24 * 3600 * 1000;

/// The most statuses kept waiting per account; past it the oldest go.
pub const ORPHANS_PER_ACCOUNT: i64 = 10_000;

/// The count is checked on every this many orphans kept (the age on every one).
const COUNT_EVERY: i64 = 64;

impl Db {
    /// Inserts one status change (once) and recomputes the message's status.
    pub(super) fn add_status(
        conn: &Connection,
        row: i64,
        change: &StatusChange,
        now: Timestamp,
    ) -> Result<bool> {
        Self::add_status_once(conn, row, change, false, now)
    }

    /// Like [`Db::add_status`], for a status that may have been `observed` by a look-up rather
    /// than reported with the gateway's time. An observed status is kept only while the message
    /// has no entry of that status; a timed one replaces observed entries of its status. Either
    /// arrival order leaves the same history.
    pub(super) fn add_status_once(
        conn: &Connection,
        row: i64,
        change: &StatusChange,
        observed: bool,
        now: Timestamp,
    ) -> Result<bool> {
        let status = change.status.as_str();
        if observed {
            let known = conn
                .prepare_cached(
                    "SELECT 1 FROM status_changes WHERE message_id = ?1 AND status = ?2",
                )?
                .query_row(params![row, status], |_| Ok(()))
                .optional()?
                .is_some();
            if known {
                return Ok(false);
            }
        } else {
            conn.prepare_cached(
                "DELETE FROM status_changes WHERE message_id = ?1 AND status = ?2 AND observed = 1",
            )?
            .execute(params![row, status])?;
        }
        let inserted = conn
            .prepare_cached(
                "INSERT INTO status_changes (message_id, status, at, code, reason, received_at, observed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                row,
                status,
                change.at.as_millis(),
                change.code,
                change.reason,
                now.as_millis(),
                observed
            ])?
            > 0;
        if inserted {
            refresh_status(conn, row)?;
        }
        Ok(inserted)
    }

    /// Keeps a status for a gateway id we do not know yet (a callback that beat the send's
    /// answer), until [`Db::adopt_orphans`] finds its message.
    pub(super) fn keep_orphan_status(
        conn: &Connection,
        account_id: i64,
        gateway_id: &str,
        change: &StatusChange,
        observed: bool,
        now: Timestamp,
    ) -> Result<()> {
        // A status seen without a believable time of its own (a look-up, or a time we could not
        // believe) is kept once: its replays carry the arrival time, which differs every time.
        let kept = conn
            .prepare_cached(
                "INSERT INTO orphan_statuses (account_id, gateway_message_id, status, at, code, reason, received_at, observed)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8
                 WHERE NOT (?8 AND EXISTS (
                     SELECT 1 FROM orphan_statuses
                     WHERE account_id = ?1 AND gateway_message_id = ?2 AND status = ?3 AND observed))
                 ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                account_id,
                gateway_id,
                change.status.as_str(),
                change.at.as_millis(),
                change.code,
                change.reason,
                now.as_millis(),
                observed
            ])?
            > 0;
        if kept {
            prune_orphans(
                conn,
                account_id,
                now,
                conn.last_insert_rowid() % COUNT_EVERY == 0,
            )?;
        }
        Ok(())
    }

    /// Moves statuses that arrived before we knew the gateway's id onto the message.
    pub(super) fn adopt_orphans(
        conn: &Connection,
        account_id: i64,
        gateway_id: &str,
        row: i64,
        now: Timestamp,
    ) -> Result<()> {
        // One by one through the same rule as any status, timed ones first so that an observed
        // stand-in is never kept beside the real thing.
        let orphans: Vec<(StatusChange, bool)> = {
            let mut stmt = conn.prepare_cached(
                "SELECT status, at, code, reason, observed FROM orphan_statuses
                 WHERE account_id = ?1 AND gateway_message_id = ?2 ORDER BY observed, at",
            )?;
            let rows = stmt.query_map(params![account_id, gateway_id], |r| {
                Ok((
                    StatusChange {
                        status: Status::parse(&r.get::<_, String>(0)?),
                        at: Timestamp::from_millis(r.get(1)?),
                        code: r.get(2)?,
                        reason: r.get(3)?,
                    },
                    r.get(4)?,
                ))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        conn.prepare_cached(
            "DELETE FROM orphan_statuses WHERE account_id = ?1 AND gateway_message_id = ?2",
        )?
        .execute(params![account_id, gateway_id])?;
        for (change, observed) in orphans {
            Self::add_status_once(conn, row, &change, observed, now)?;
        }
        Ok(())
    }

    /// Gives message `from`'s history to message `to` (the same gateway message stored twice);
    /// entries `to` already has stay as they are.
    pub(super) fn move_history(conn: &Connection, from: i64, to: i64) -> Result<()> {
        conn.execute(
            "UPDATE OR IGNORE status_changes SET message_id = ?2 WHERE message_id = ?1",
            params![from, to],
        )?;
        Ok(())
    }

    /// Forgets a message's failures (the user sends it again: they no longer describe it) and
    /// recomputes its status.
    pub(super) fn forget_failures(conn: &Connection, row: i64) -> Result<()> {
        conn.execute(
            "DELETE FROM status_changes WHERE message_id = ?1 AND status IN (?2, ?3)",
            params![row, Status::Failed.as_str(), Status::Rejected.as_str()],
        )?;
        refresh_status(conn, row)
    }
}

/// Lets go of an account's orphans older than [`ORPHAN_MAX_AGE_MS`] and, when `count`, of the
/// oldest beyond [`ORPHANS_PER_ACCOUNT`].
fn prune_orphans(conn: &Connection, account_id: i64, now: Timestamp, count: bool) -> Result<()> {
    conn.prepare_cached("DELETE FROM orphan_statuses WHERE account_id = ?1 AND received_at < ?2")?
        .execute(params![
            account_id,
            now.plus_millis(-ORPHAN_MAX_AGE_MS).as_millis()
        ])?;
    if count {
        conn.prepare_cached(
            "DELETE FROM orphan_statuses WHERE rowid IN (
                 SELECT rowid FROM orphan_statuses WHERE account_id = ?1
                 ORDER BY received_at DESC, rowid DESC LIMIT -1 OFFSET ?2)",
        )?
        .execute(params![account_id, ORPHANS_PER_ACCOUNT])?;
    }
    Ok(())
}

/// Every status change recorded for a message, oldest first.
pub(super) fn history(conn: &Connection, row_id: i64) -> Result<Vec<StatusChange>> {
    let mut stmt = conn.prepare_cached(
        "SELECT status, at, code, reason FROM status_changes WHERE message_id = ?1 ORDER BY at, status",
    )?;
    let changes = stmt
        .query_map([row_id], |r| {
            Ok(StatusChange {
                status: Status::parse(&r.get::<_, String>(0)?),
                at: Timestamp::from_millis(r.get(1)?),
                code: r.get(2)?,
                reason: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(changes)
}

/// Sets the status (and failure reason) a message shows from its whole history.
pub(super) fn refresh_status(conn: &Connection, row: i64) -> Result<()> {
    let changes = history(conn, row)?;
    let Some(current) = status::effective(&changes) else {
        return Ok(());
    };
    let (code, reason) = if current.status.is_failure() {
        (
            current.code.clone(),
            Some(current.reason.clone().unwrap_or_else(|| {
                crate::phrase::core::GATEWAY_REPORTED.with("status", &current.status)
            })),
        )
    } else {
        (None, None)
    };
    conn.prepare_cached(
        "UPDATE messages SET status = ?2, error_code = ?3, error_reason = ?4 WHERE id = ?1",
    )?
    .execute(params![row, current.status.as_str(), code, reason])?;
    Ok(())
}
