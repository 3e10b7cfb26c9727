//! Where each polled account's sync stands: its cursor, its last outcome, its progress.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Db, Result};
use crate::gateway::{PendingMessage, SyncProgress};
use crate::phone::Phone;
use crate::status::Status;
use crate::time::Timestamp;

/// How many awaited statuses one poll asks about: the newest ones matter most.
const PENDING_LIMIT: i64 = 50;

/// Statuses older than this are no longer asked about: the gateway has long forgotten them.
const PENDING_MAX_AGE_MS: i64 = 3 * 24 * 3600 * 1000;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncRow {
    pub cursor: Option<String>,
    pub last_poll_at: Option<Timestamp>,
    pub last_ok_at: Option<Timestamp>,
    pub last_error: Option<crate::phrase::Phrase>,
    pub progress: Option<SyncProgress>,
}

impl Db {
    pub fn sync_state(conn: &Connection, account_id: i64) -> Result<SyncRow> {
        Ok(conn
            .prepare_cached(
                "SELECT cursor, last_poll_at, last_ok_at, last_error, progress
                 FROM sync_state WHERE account_id = ?1",
            )?
            .query_row([account_id], |r| {
                let progress: Option<String> = r.get(4)?;
                Ok(SyncRow {
                    cursor: r.get(0)?,
                    last_poll_at: r.get::<_, Option<i64>>(1)?.map(Timestamp::from_millis),
                    last_ok_at: r.get::<_, Option<i64>>(2)?.map(Timestamp::from_millis),
                    last_error: r.get(3)?,
                    // A progress we cannot read is only a display glitch, not a reason to stop.
                    progress: progress.and_then(|p| serde_json::from_str(&p).ok()),
                })
            })
            .optional()?
            .unwrap_or_default())
    }

    /// Records a successful poll; call in the transaction that ingested its events.
    pub fn record_poll(
        conn: &Connection,
        account_id: i64,
        cursor: Option<&str>,
        progress: Option<&SyncProgress>,
        now: Timestamp,
    ) -> Result<()> {
        let progress = progress.map(|p| serde_json::to_string(p).unwrap_or_default());
        conn.prepare_cached(
            "INSERT INTO sync_state (account_id, cursor, last_poll_at, last_ok_at, last_error, progress)
             VALUES (?1, ?2, ?3, ?3, NULL, ?4)
             ON CONFLICT (account_id) DO UPDATE SET
                 cursor = COALESCE(excluded.cursor, cursor), last_poll_at = excluded.last_poll_at,
                 last_ok_at = excluded.last_ok_at, last_error = NULL, progress = excluded.progress",
        )?
        .execute(params![account_id, cursor, now.as_millis(), progress])?;
        Ok(())
    }

    pub fn record_poll_error(
        conn: &Connection,
        account_id: i64,
        error: &crate::phrase::Phrase,
        now: Timestamp,
    ) -> Result<()> {
        conn.prepare_cached(
            "INSERT INTO sync_state (account_id, last_poll_at, last_error) VALUES (?1, ?2, ?3)
             ON CONFLICT (account_id) DO UPDATE SET
                 last_poll_at = excluded.last_poll_at, last_error = excluded.last_error",
        )?
        .execute(params![account_id, now.as_millis(), error])?;
        Ok(())
    }

    /// Our sent messages whose status may still change, newest first.
    pub fn awaiting_status(
        conn: &Connection,
        account_id: i64,
        now: Timestamp,
    ) -> Result<Vec<PendingMessage>> {
        let mut stmt = conn.prepare_cached(
            "SELECT m.gateway_message_id, m.uid, ct.phone, m.status, m.sort_ts
             FROM messages m
             JOIN conversations cv ON cv.id = m.conversation_id
             JOIN contacts ct ON ct.id = cv.contact_id
             WHERE m.account_id = ?1 AND m.direction = 'out' AND m.gateway_message_id IS NOT NULL
               AND m.status NOT IN ('seen', 'failed', 'rejected') AND m.sort_ts >= ?2
             ORDER BY m.sort_ts DESC LIMIT ?3",
        )?;
        let rows = stmt.query_map(
            params![
                account_id,
                now.plus_millis(-PENDING_MAX_AGE_MS).as_millis(),
                PENDING_LIMIT
            ],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (gateway_message_id, our_id, phone, status, at) = row?;
            // Numbers in the store were normalised on the way in; one that no longer parses
            // cannot be asked about.
            let Ok(to) = Phone::parse(&phone) else {
                continue;
            };
            out.push(PendingMessage {
                gateway_message_id,
                our_id,
                to,
                status: Status::parse(&status),
                sent_at: Timestamp::from_millis(at),
            });
        }
        Ok(out)
    }

    /// When the account last saw a message either way: a busy account is polled faster.
    pub fn last_activity(conn: &Connection, account_id: i64) -> Result<Option<Timestamp>> {
        Ok(conn
            .prepare_cached("SELECT MAX(last_activity) FROM conversations WHERE account_id = ?1")?
            .query_row([account_id], |r| r.get::<_, Option<i64>>(0))?
            .map(Timestamp::from_millis))
    }
}
