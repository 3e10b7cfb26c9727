//! The one ingest path: webhooks and polling both end here.
//!
//! Idempotent by construction: a gateway message is stored once per account (unique key), a
//! status change once per (message, status, time), conversation counters only move for rows
//! actually inserted, and the status a message shows is recomputed from its whole history.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Db, Result};
use crate::ingest::{GatewayMessage, IngestEvent, StatusReport};
use crate::status::{self, StatusChange};
use crate::time::Timestamp;

/// What an ingest (or an outbox step) changed, for live events and notifications.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Applied {
    /// Messages created or changed (row ids), without repeats.
    pub messages: Vec<i64>,
    /// Newly stored incoming messages (row ids).
    pub incoming: Vec<i64>,
    /// Conversations whose list entry changed.
    pub conversations: Vec<i64>,
    /// Accounts whose outbox has work again.
    pub requeued_accounts: Vec<i64>,
    /// Incoming media were queued for the download worker.
    pub downloads: bool,
}

impl Applied {
    pub(super) fn message(&mut self, row: i64, conversation: i64) {
        if !self.messages.contains(&row) {
            self.messages.push(row);
        }
        if !self.conversations.contains(&conversation) {
            self.conversations.push(conversation);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.messages.is_empty() && self.conversations.is_empty()
    }
}

impl Db {
    /// Applies gateway events for one account. Call inside a transaction; commit before
    /// acknowledging the webhook.
    pub fn ingest(
        conn: &Connection,
        account_id: i64,
        events: &[IngestEvent],
        now: Timestamp,
    ) -> Result<Applied> {
        let mut applied = Applied::default();
        for event in events {
            match event {
                IngestEvent::Message(m) => ingest_message(conn, account_id, m, now, &mut applied)?,
                IngestEvent::Status(s) => ingest_status(conn, account_id, s, now, &mut applied)?,
            }
        }
        Ok(applied)
    }

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
                        status: crate::status::Status::parse(&r.get::<_, String>(0)?),
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
}

fn ingest_message(
    conn: &Connection,
    account_id: i64,
    m: &GatewayMessage,
    now: Timestamp,
    applied: &mut Applied,
) -> Result<()> {
    let contact = Db::upsert_contact(conn, &m.phone, m.profile_name.as_deref(), m.at)?;
    let conversation = Db::upsert_conversation(conn, account_id, contact, m.at)?;
    let content =
        serde_json::to_string(&m.content).map_err(|e| super::StoreError::Corrupt(e.to_string()))?;
    let initial = match m.direction {
        crate::message::Direction::In => "received",
        crate::message::Direction::Out => "sent",
    };
    let inserted = conn
        .prepare_cached(
            "INSERT INTO messages (uid, conversation_id, account_id, direction, kind, body, content,
                                   gateway_message_id, sort_ts, received_at, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT (account_id, gateway_message_id) DO NOTHING
             RETURNING id",
        )?
        .query_row(
            params![
                uuid::Uuid::now_v7().to_string(),
                conversation,
                account_id,
                m.direction.as_str(),
                m.content.kind(),
                m.content.preview(),
                content,
                m.gateway_message_id,
                m.at.as_millis(),
                now.as_millis(),
                initial
            ],
            |r| r.get::<_, i64>(0),
        )
        .optional()?;
    let row = match inserted {
        Some(row) => {
            Db::touch_conversation(conn, conversation, m.direction, m.at)?;
            if m.direction == crate::message::Direction::In {
                applied.incoming.push(row);
                // The file is fetched later by the media worker, never on the webhook's time.
                if let crate::message::Content::Media {
                    url, name, mime, ..
                } = &m.content
                {
                    let fallback = url.rsplit('/').next().filter(|n| !n.contains(':'));
                    let name = crate::media::safe_file_name(
                        name.as_deref().or(fallback),
                        mime.as_deref().unwrap_or_default(),
                    );
                    Db::queue_download(conn, account_id, row, url, &name, now)?;
                    applied.downloads = true;
                }
            }
            // Statuses can only have waited for messages we (or someone) sent.
            if m.direction == crate::message::Direction::Out {
                Db::adopt_orphans(conn, account_id, &m.gateway_message_id, row, now)?;
            }
            applied.message(row, conversation);
            row
        }
        None => conn.query_row(
            "SELECT id FROM messages WHERE account_id = ?1 AND gateway_message_id = ?2",
            params![account_id, m.gateway_message_id],
            |r| r.get(0),
        )?,
    };
    if let Some(change) = &m.status
        && Db::add_status(conn, row, change, now)?
    {
        applied.message(row, conversation);
    }
    Ok(())
}

fn ingest_status(
    conn: &Connection,
    account_id: i64,
    s: &StatusReport,
    now: Timestamp,
    applied: &mut Applied,
) -> Result<()> {
    let mut found: Option<(i64, i64)> = conn
        .prepare_cached(
            "SELECT id, conversation_id FROM messages WHERE account_id = ?1 AND gateway_message_id = ?2",
        )?
        .query_row(params![account_id, s.gateway_message_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if found.is_none()
        && let Some(uid) = &s.our_id
    {
        // The callback beat the send's answer, the app stopped mid-send, or an attempt that
        // timed out went through after all: the gateway echoed our id, so this is the message,
        // now we know its gateway id, and it must not be sent again.
        found = conn
            .prepare_cached(
                "SELECT id, conversation_id FROM messages
                 WHERE account_id = ?1 AND uid = ?2 AND gateway_message_id IS NULL",
            )?
            .query_row(params![account_id, uid], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((row, _)) = found {
            conn.execute(
                "UPDATE messages SET gateway_message_id = ?2 WHERE id = ?1",
                params![row, s.gateway_message_id],
            )?;
            conn.execute(
                "UPDATE outbox SET state = 'done', claimed_by = NULL, lease_until = NULL, last_error = NULL
                 WHERE message_id = ?1
                   AND (state IN ('sending', 'unconfirmed') OR (state = 'queued' AND attempts > 0))",
                [row],
            )?;
            conn.execute(
                "UPDATE messages SET error_code = NULL, error_reason = NULL
                 WHERE id = ?1 AND error_code = 'unconfirmed'",
                [row],
            )?;
        }
    }
    let Some((row, conversation)) = found else {
        conn.prepare_cached(
            "INSERT INTO orphan_statuses (account_id, gateway_message_id, status, at, code, reason, received_at, observed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
        )?
        .execute(params![
            account_id,
            s.gateway_message_id,
            s.change.status.as_str(),
            s.change.at.as_millis(),
            s.change.code,
            s.change.reason,
            now.as_millis(),
            s.observed
        ])?;
        return Ok(());
    };
    if Db::add_status_once(conn, row, &s.change, s.observed, now)? {
        applied.message(row, conversation);
        if s.retry
            && s.change.status.is_failure()
            && requeue_after_transient_failure(conn, row, &s.change, now)?
        {
            applied.requeued_accounts.push(account_id);
        }
    }
    Ok(())
}

/// A gateway that failed a message for a passing reason (Devino 2301) gets it again after a
/// pause. The failed attempt's gateway id is let go so that the next attempt's id can be stored;
/// late callbacks for the old id then land among the orphans instead of on the new attempt.
fn requeue_after_transient_failure(
    conn: &Connection,
    row: i64,
    change: &StatusChange,
    now: Timestamp,
) -> Result<bool> {
    let attempts: Option<u32> = conn
        .query_row(
            "SELECT attempts FROM outbox WHERE message_id = ?1 AND state = 'done'",
            [row],
            |r| r.get(0),
        )
        .optional()?;
    let Some(attempts) = attempts else {
        return Ok(false);
    };
    if attempts >= super::outbox::MAX_ATTEMPTS {
        return Ok(false);
    }
    let reason = change
        .reason
        .clone()
        .unwrap_or_else(|| crate::phrase::core::GATEWAY_ASKED_RETRY.phrase());
    conn.execute(
        "UPDATE outbox SET state = 'queued', next_attempt_at = ?2, last_error = ?3 WHERE message_id = ?1",
        params![row, now.plus_millis(super::outbox::backoff_ms(attempts, None)).as_millis(), reason],
    )?;
    conn.execute(
        "UPDATE messages SET gateway_message_id = NULL WHERE id = ?1",
        [row],
    )?;
    Ok(true)
}

/// Sets the status (and failure reason) a message shows from its whole history.
pub(super) fn refresh_status(conn: &Connection, row: i64) -> Result<()> {
    let changes = super::messages::history(conn, row)?;
    let Some(current) = status::effective(&changes) else {
        return Ok(());
    };
    let (code, reason) = if current.status.is_failure() {
        (
            current.code.clone(),
            Some(
                current
                    .reason
                    .clone()
                    .unwrap_or_else(|| {
                        crate::phrase::core::GATEWAY_REPORTED.with("status", &current.status)
                    }),
            ),
        )
    } else {
        (None, None)
    };
    // An unconfirmed send keeps its warning until the gateway confirms or the user acts.
    conn.prepare_cached(
        "UPDATE messages SET status = ?2,
             error_code = CASE WHEN ?4 IS NULL AND error_code = 'unconfirmed' THEN error_code ELSE ?3 END,
             error_reason = CASE WHEN ?4 IS NULL AND error_code = 'unconfirmed' THEN error_reason ELSE ?4 END
         WHERE id = ?1",
    )?
    .execute(params![row, current.status.as_str(), code, reason])?;
    Ok(())
}
