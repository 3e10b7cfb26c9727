//! The one ingest path: webhooks and polling both end here.
//!
//! Idempotent by construction: a gateway message is stored once per account (unique key), a
//! status change once per (message, status, time), conversation counters only move for rows
//! actually inserted, and the status a message shows is recomputed from its whole history.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Applied, Db, Result};
use crate::ingest::{GatewayMessage, IngestEvent, StatusReport, plausible_time};
use crate::status::StatusChange;
use crate::time::Timestamp;

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
}

fn ingest_message(
    conn: &Connection,
    account_id: i64,
    m: &GatewayMessage,
    now: Timestamp,
    applied: &mut Applied,
) -> Result<()> {
    // Order, unread and names go by the gateway's time only where it can be believed.
    let at = plausible_time(m.at, now).unwrap_or_else(|| {
        tracing::warn!(
            account_id,
            gateway_message_id = %m.gateway_message_id,
            "a message's gateway time ({}) is implausible; the time it arrived is used",
            m.at.rfc3339()
        );
        now
    });
    // A replay changes nothing but what its status adds: the contact and conversation are
    // left alone (an implausible time replaced by the arrival time would otherwise move them).
    let known: Option<(i64, i64)> = conn
        .prepare_cached(
            "SELECT id, conversation_id FROM messages WHERE account_id = ?1 AND gateway_message_id = ?2",
        )?
        .query_row(params![account_id, m.gateway_message_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    if let Some((row, conversation)) = known {
        return add_message_status(conn, m, row, conversation, now, applied);
    }
    let contact = Db::upsert_contact(conn, &m.phone, m.profile_name.as_deref(), at)?;
    let conversation = Db::upsert_conversation(conn, account_id, contact, at)?;
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
                at.as_millis(),
                now.as_millis(),
                initial
            ],
            |r| r.get::<_, i64>(0),
        )
        .optional()?;
    let row = match inserted {
        Some(row) => {
            Db::touch_conversation(conn, conversation, m.direction, at)?;
            if m.direction == crate::message::Direction::In {
                applied.incoming.push(row);
                // A customer writing again reopens a pending, snoozed or resolved one.
                if let Some(fact) = Db::reopen_by_customer(conn, conversation, at, now)? {
                    applied.facts.push(fact);
                }
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
    add_message_status(conn, m, row, conversation, now, applied)
}

/// The status a gateway reported with a message (an outgoing one seen in a history).
fn add_message_status(
    conn: &Connection,
    m: &GatewayMessage,
    row: i64,
    conversation: i64,
    now: Timestamp,
    applied: &mut Applied,
) -> Result<()> {
    if let Some(change) = &m.status
        && let (change, observed) = believable(change, false, now)
        && Db::add_status_once(conn, row, &change, observed, now)?
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
    let (change, observed) = believable(&s.change, s.observed, now);
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
            Db::prove_sent(conn, row)?;
        }
    }
    let Some((row, conversation)) = found else {
        return Db::keep_orphan_status(
            conn,
            account_id,
            &s.gateway_message_id,
            &change,
            observed,
            now,
        );
    };
    if Db::add_status_once(conn, row, &change, observed, now)? {
        applied.message(row, conversation);
        if s.retry && change.status.is_failure() {
            let reason = change
                .reason
                .clone()
                .unwrap_or_else(|| crate::phrase::core::GATEWAY_ASKED_RETRY.phrase());
            if let Some(account) = Db::resend_after_gateway_failure(conn, row, &reason, now)? {
                // The failed attempt's gateway id is let go so that the next attempt's id can be
                // stored; late callbacks for the old id then land among the orphans instead of
                // on the new attempt.
                conn.execute(
                    "UPDATE messages SET gateway_message_id = NULL WHERE id = ?1",
                    [row],
                )?;
                applied.requeued(account);
            }
        }
    }
    Ok(())
}

/// A status as ingest records it. One whose gateway time cannot be believed stands in as if a
/// look-up had seen it now (`observed`): it counts only until the status arrives with a
/// believable time, and a replay of it records nothing new.
fn believable(change: &StatusChange, observed: bool, now: Timestamp) -> (StatusChange, bool) {
    if plausible_time(change.at, now).is_some() {
        return (change.clone(), observed);
    }
    tracing::warn!(
        "a {} status's gateway time ({}) is implausible; the time it arrived is used",
        change.status,
        change.at.rfc3339()
    );
    (
        StatusChange {
            at: now,
            ..change.clone()
        },
        true,
    )
}
