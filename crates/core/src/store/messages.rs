//! Reading messages: threads, single messages, full-text search.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Db, Result, StoreError};
use crate::conversation::Contact;
use crate::media::{MediaInfo, MediaState};
use crate::message::{Content, Direction, Message, MessageError, OperatorRef, SendState};
use crate::phone::Phone;
use crate::phrase::Phrase;
use crate::status::Status;
use crate::time::Timestamp;

/// Where the next (older) page of a thread starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ThreadCursor {
    pub timestamp: Timestamp,
    pub row: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SearchHit {
    pub message: Message,
    pub contact: Contact,
    /// The matching words marked with `[` and `]` (plain text: the UI renders it as text).
    pub snippet: String,
}

pub(super) const SELECT: &str =
    "SELECT m.id, m.uid, m.conversation_id, m.account_id, m.direction, m.body, m.content,
        m.status, m.gateway_message_id, m.sort_ts, m.received_at, m.error_code, m.error_reason,
        m.operator_id, op.name, o.state, o.attempts,
        MAX(o.next_attempt_at, COALESCE(p.paused_until, 0)) AS due_at, o.last_error,
        md.state AS media_state, md.mime AS media_mime, md.size AS media_size,
        md.note AS media_note, md.attempts AS media_attempts, md.name AS media_name
    FROM messages m
    LEFT JOIN operators op ON op.id = m.operator_id
    LEFT JOIN outbox o ON o.message_id = m.id
    LEFT JOIN outbox_pauses p ON p.account_id = m.account_id
    LEFT JOIN media md ON md.message_id = m.id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<(i64, Result<Message>)> {
    decode(r, 0)
}

/// Decodes the columns of [`SELECT`] starting at column `at`.
fn decode(r: &Row<'_>, at: usize) -> rusqlite::Result<(i64, Result<Message>)> {
    let row_id: i64 = r.get(at)?;
    let direction: String = r.get(at + 4)?;
    let content: String = r.get(at + 6)?;
    let content: Content = match serde_json::from_str(&content) {
        Ok(c) => c,
        Err(e) => {
            return Ok((
                row_id,
                Err(StoreError::Corrupt(format!("message content: {e}"))),
            ));
        }
    };
    let error_code: Option<String> = r.get(at + 11)?;
    let error_reason: Option<Phrase> = r.get(at + 12)?;
    let operator_id: Option<i64> = r.get(at + 13)?;
    let operator_name: Option<String> = r.get(at + 14)?;
    let send_state: Option<SendState> = r.get(at + 15)?;
    // A message held by its account's pause waits until the pause ends.
    let next_attempt_at = match send_state {
        Some(SendState::Queued) => r
            .get::<_, Option<i64>>(at + 17)?
            .map(Timestamp::from_millis),
        _ => None,
    };
    Ok((
        row_id,
        Ok(Message {
            id: r.get(at + 1)?,
            conversation_id: r.get(at + 2)?,
            account_id: r.get(at + 3)?,
            direction: if direction == "in" {
                Direction::In
            } else {
                Direction::Out
            },
            text: r.get(at + 5)?,
            content,
            status: Status::parse(&r.get::<_, String>(at + 7)?),
            gateway_message_id: r.get(at + 8)?,
            timestamp: Timestamp::from_millis(r.get(at + 9)?),
            received_at: Timestamp::from_millis(r.get(at + 10)?),
            // A failure the gateway reported stands; otherwise the outbox's state may have
            // something to say (a send cut short, why the last try failed).
            error: match (error_reason, send_state) {
                (Some(reason), _) => Some(MessageError::new(error_code, reason)),
                (None, Some(state)) => state.warning(r.get::<_, Option<Phrase>>(at + 18)?),
                (None, None) => None,
            },
            operator: operator_id
                .zip(operator_name)
                .map(|(id, name)| OperatorRef { id, name }),
            send_state,
            attempts: r.get::<_, Option<u32>>(at + 16)?.unwrap_or(0),
            next_attempt_at,
            history: Vec::new(),
            media: match r.get::<_, Option<String>>(at + 19)? {
                Some(state) => Some(Box::new(MediaInfo {
                    state: MediaState::parse(&state),
                    mime: r.get(at + 20)?,
                    size: r.get::<_, Option<i64>>(at + 21)?.map(|s| s.max(0) as u64),
                    note: r.get(at + 22)?,
                    attempts: r.get(at + 23)?,
                    name: r.get(at + 24)?,
                })),
                None => None,
            },
        }),
    ))
}

fn with_history(conn: &Connection, row_id: i64, message: Result<Message>) -> Result<Message> {
    let mut message = message?;
    message.history = super::status::history(conn, row_id)?;
    Ok(message)
}

/// Turns what a person typed into an FTS5 query that cannot be a syntax error: every word is
/// quoted, and the last one matches as a prefix so results follow the typing.
fn fts_query(input: &str) -> Option<String> {
    let words: Vec<String> = input
        .split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    if words.is_empty() {
        return None;
    }
    Some(format!("{}*", words.join(" ")))
}

impl Db {
    pub fn message_by_row(conn: &Connection, row: i64) -> Result<Option<Message>> {
        let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE m.id = ?1"))?;
        let found = stmt.query_row([row], from_row).optional()?;
        found.map(|(id, m)| with_history(conn, id, m)).transpose()
    }

    /// The gateway id of the newest customer message in a conversation (what a read receipt
    /// names: the gateway marks it and everything before it read).
    pub fn newest_incoming_gateway_id(
        conn: &Connection,
        conversation_id: i64,
    ) -> Result<Option<String>> {
        Ok(conn
            .prepare_cached(
                "SELECT gateway_message_id FROM messages
                 WHERE conversation_id = ?1 AND direction = 'in' AND gateway_message_id IS NOT NULL
                 ORDER BY sort_ts DESC, id DESC LIMIT 1",
            )?
            .query_row([conversation_id], |r| r.get(0))
            .optional()?)
    }

    /// A message's row id from its uid.
    pub fn message_row(conn: &Connection, uid: &str) -> Result<Option<i64>> {
        Ok(conn
            .prepare_cached("SELECT id FROM messages WHERE uid = ?1")?
            .query_row([uid], |r| r.get(0))
            .optional()?)
    }

    pub fn message_by_uid(conn: &Connection, uid: &str) -> Result<Option<Message>> {
        let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE m.uid = ?1"))?;
        let found = stmt.query_row([uid], from_row).optional()?;
        found.map(|(id, m)| with_history(conn, id, m)).transpose()
    }

    /// One page of a thread, oldest first, and the cursor for the page before it.
    pub fn thread_page(
        conn: &Connection,
        conversation_id: i64,
        before: Option<ThreadCursor>,
        limit: u32,
    ) -> Result<(Vec<Message>, Option<ThreadCursor>)> {
        let (ts, row) = before.map_or((i64::MAX, i64::MAX), |c| (c.timestamp.as_millis(), c.row));
        let mut stmt = conn.prepare_cached(&format!(
            "{SELECT} WHERE m.conversation_id = ?1 AND (m.sort_ts, m.id) < (?2, ?3)
             ORDER BY m.sort_ts DESC, m.id DESC LIMIT ?4"
        ))?;
        let rows: Vec<(i64, Result<Message>)> = stmt
            .query_map(params![conversation_id, ts, row, limit + 1], from_row)?
            .collect::<rusqlite::Result<_>>()?;
        let more = rows.len() > limit as usize;
        let mut page = Vec::with_capacity(rows.len().min(limit as usize));
        let mut next = None;
        for (id, m) in rows.into_iter().take(limit as usize) {
            let m = with_history(conn, id, m)?;
            next = Some(ThreadCursor {
                timestamp: m.timestamp,
                row: id,
            });
            page.push(m);
        }
        page.reverse();
        Ok((page, next.filter(|_| more)))
    }

    /// Messages matching `query`, best first, in the conversations `scope` allows (filtered
    /// before the limit, so a manager gets as many hits as anyone).
    pub fn search(
        conn: &Connection,
        scope: crate::access::Scope,
        query: &str,
        limit: u32,
    ) -> Result<Vec<SearchHit>> {
        let Some(q) = fts_query(query) else {
            return Ok(Vec::new());
        };
        let mut stmt = conn.prepare_cached(&format!(
            "WITH hits AS (
                 SELECT messages_fts.rowid, snippet(messages_fts, 0, '[', ']', '…', 12) AS snip, rank
                 FROM messages_fts
                 JOIN messages hm ON hm.id = messages_fts.rowid
                 JOIN conversations hc ON hc.id = hm.conversation_id
                 WHERE messages_fts MATCH ?1
                   AND (?3 IS NULL OR hc.assignee_id IS NULL OR hc.assignee_id = ?3)
                 ORDER BY rank LIMIT ?2
             )
             SELECT hits.snip, c.id, c.phone, c.name, x.*
             FROM hits
             JOIN ({SELECT}) x ON x.id = hits.rowid
             JOIN conversations cv ON cv.id = x.conversation_id
             JOIN contacts c ON c.id = cv.contact_id
             ORDER BY hits.rank"
        ))?;
        let rows = stmt.query_map(params![q, limit, scope.own()], |r| {
            let snippet: String = r.get(0)?;
            let contact = (
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            );
            // The message columns follow the four above.
            Ok((snippet, contact, decode(r, 4)?))
        })?;
        let mut hits = Vec::new();
        for row in rows {
            let (snippet, (cid, phone, name), (id, m)) = row?;
            let phone = Phone::parse(&phone).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            hits.push(SearchHit {
                message: with_history(conn, id, m)?,
                contact: Contact {
                    id: cid,
                    phone,
                    name,
                },
                snippet,
            });
        }
        Ok(hits)
    }
}
