//! Reading messages: threads, single messages, full-text search.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::search_terms::{Expansion, expanded};
use super::{Db, Result, StoreError};
use crate::conversation::Contact;
use crate::media::{MediaInfo, MediaState};
use crate::message::{Content, Direction, Message, MessageError, OperatorRef, SendState};
use crate::phone::Phone;
use crate::phrase::Phrase;
use crate::search::{CLOSE, OPEN, SnippetPart};
use crate::status::Status;
use crate::time::Timestamp;

/// Where the next (older) page of a thread starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ThreadCursor {
    pub timestamp: Timestamp,
    pub row: i64,
}

/// Which page of a thread: the newest, older or newer than a message shown, or the one around
/// a message (a search hit opened in its thread).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThreadPosition {
    Newest,
    Before(ThreadCursor),
    After(ThreadCursor),
    /// Around the message of this row: as many older as newer, the message included.
    Around(i64),
}

/// One page of a thread, oldest first, with cursors to the pages either side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThreadPage {
    pub messages: Vec<Message>,
    /// Where older messages start; none when the page reaches the first message.
    pub older: Option<ThreadCursor>,
    /// Where newer messages start; none when the page reaches the newest message.
    pub newer: Option<ThreadCursor>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SearchHit {
    pub message: Message,
    pub contact: Contact,
    /// The text around the matched words, matched words in brackets: for a terminal (a
    /// customer's own brackets read the same; a UI shows `parts`).
    pub snippet: String,
    /// The same text as parts, each matched or not: to render as text, never as markup.
    pub parts: Vec<SnippetPart>,
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

#[derive(Clone, Copy)]
enum Side {
    Older,
    Newer,
}

/// Rows of a thread with where each stands in it.
type Rows = Vec<(ThreadCursor, Result<Message>)>;

/// Up to `limit` messages of a conversation on one side of `from` (not included; none: from
/// the newest end), the nearest first, and whether there are more beyond them.
fn side(
    conn: &Connection,
    conversation_id: i64,
    side: Side,
    from: Option<ThreadCursor>,
    limit: u32,
) -> Result<(Rows, bool)> {
    let (ts, row) = from.map_or((i64::MAX, i64::MAX), |c| (c.timestamp.as_millis(), c.row));
    let sql = match side {
        Side::Older => format!(
            "{SELECT} WHERE m.conversation_id = ?1 AND (m.sort_ts, m.id) < (?2, ?3)
             ORDER BY m.sort_ts DESC, m.id DESC LIMIT ?4"
        ),
        Side::Newer => format!(
            "{SELECT} WHERE m.conversation_id = ?1 AND (m.sort_ts, m.id) > (?2, ?3)
             ORDER BY m.sort_ts, m.id LIMIT ?4"
        ),
    };
    let mut rows: Rows = conn
        .prepare_cached(&sql)?
        .query_map(params![conversation_id, ts, row, limit + 1], |r| {
            let (id, message) = from_row(r)?;
            let at = ThreadCursor {
                timestamp: Timestamp::from_millis(r.get(9)?),
                row: id,
            };
            Ok((at, message))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    Ok((rows, more))
}

/// The rows either side of a point (each nearest first) as one page oldest first, with a
/// cursor at each end that has more beyond it.
fn page_of(
    older: Rows,
    newer: Rows,
    more_older: bool,
    more_newer: bool,
) -> (Rows, Option<ThreadCursor>, Option<ThreadCursor>) {
    let mut rows: Rows = older.into_iter().rev().collect();
    rows.extend(newer);
    let first = rows.first().map(|(at, _)| *at).filter(|_| more_older);
    let last = rows.last().map(|(at, _)| *at).filter(|_| more_newer);
    (rows, first, last)
}

/// Where the message of `row` stands in its thread, if it is in this conversation.
fn cursor_of(conn: &Connection, conversation_id: i64, row: i64) -> Result<Option<ThreadCursor>> {
    Ok(conn
        .prepare_cached("SELECT sort_ts FROM messages WHERE id = ?1 AND conversation_id = ?2")?
        .query_row([row, conversation_id], |r| {
            Ok(ThreadCursor {
                timestamp: Timestamp::from_millis(r.get(0)?),
                row,
            })
        })
        .optional()?)
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
        let position = before.map_or(ThreadPosition::Newest, ThreadPosition::Before);
        let page = Self::thread_page_at(conn, conversation_id, position, limit)?;
        Ok((page.messages, page.older))
    }

    /// One page of a thread at `position`, oldest first, with cursors both ways (keyset reads
    /// of the conversation's time index in either direction: as fast deep in a long history
    /// as at its end).
    pub fn thread_page_at(
        conn: &Connection,
        conversation_id: i64,
        position: ThreadPosition,
        limit: u32,
    ) -> Result<ThreadPage> {
        let limit = limit.max(1);
        let page = match position {
            ThreadPosition::Newest => {
                let (older, more) = side(conn, conversation_id, Side::Older, None, limit)?;
                page_of(older, Vec::new(), more, false)
            }
            ThreadPosition::Before(cursor) => {
                let (older, more) = side(conn, conversation_id, Side::Older, Some(cursor), limit)?;
                // What the reader shows already is newer, starting at `cursor`.
                let newer = !older.is_empty();
                page_of(older, Vec::new(), more, newer)
            }
            ThreadPosition::After(cursor) => {
                let (newer, more) = side(conn, conversation_id, Side::Newer, Some(cursor), limit)?;
                let older = !newer.is_empty();
                page_of(Vec::new(), newer, older, more)
            }
            ThreadPosition::Around(row) => {
                let Some(at) = cursor_of(conn, conversation_id, row)? else {
                    return Ok(ThreadPage {
                        messages: Vec::new(),
                        older: None,
                        newer: None,
                    });
                };
                // The message itself is the first of the older half (`before` the row after it).
                let newer_half = limit / 2;
                let older_half = limit - newer_half;
                let through = ThreadCursor {
                    timestamp: at.timestamp,
                    row: at.row + 1,
                };
                let (older, more_older) = side(
                    conn,
                    conversation_id,
                    Side::Older,
                    Some(through),
                    older_half,
                )?;
                let (newer, more_newer) = side(
                    conn,
                    conversation_id,
                    Side::Newer,
                    Some(at),
                    newer_half.max(1),
                )?;
                // With an odd budget spent, the newer half may be one over: fine (`max(1)`
                // makes sure the reader learns whether anything newer exists).
                page_of(older, newer, more_older, more_newer)
            }
        };
        let mut messages = Vec::with_capacity(page.0.len());
        for (at, m) in page.0 {
            messages.push(with_history(conn, at.row, m)?);
        }
        Ok(ThreadPage {
            messages,
            older: page.1,
            newer: page.2,
        })
    }

    /// Messages matching what a person typed (each word, the last one as a prefix: see
    /// [`crate::views::SearchTerms`]), newest first, in the conversations `scope` allows
    /// (filtered before the limit, so a manager gets as many hits as anyone).
    ///
    /// Newest first rather than by relevance: the index walks its lists from the newest row
    /// and stops at `limit`, so a word in every message costs as little as a rare one; ranking
    /// would score every match first.
    pub fn search(
        conn: &Connection,
        scope: crate::access::Scope,
        query: &str,
        limit: u32,
    ) -> Result<Vec<SearchHit>> {
        let Some(q) = crate::views::SearchTerms::parse(query).and_then(|t| t.messages) else {
            return Ok(Vec::new());
        };
        let q = match expanded(conn, query)? {
            Expansion::Query(expanded) => expanded,
            Expansion::Nothing => return Ok(Vec::new()),
            Expansion::AsTyped => q,
        };
        let mut stmt = conn.prepare_cached(&format!(
            "WITH hits AS MATERIALIZED (
                 SELECT messages_fts.rowid AS id,
                     highlight(messages_fts, 0, char({open}), char({close})) AS marked
                 FROM messages_fts
                 JOIN messages hm ON hm.id = messages_fts.rowid
                 JOIN conversations hc ON hc.id = hm.conversation_id
                 WHERE messages_fts MATCH ?1
                   AND (?3 IS NULL OR hc.assignee_id IS NULL OR hc.assignee_id = ?3)
                 ORDER BY messages_fts.rowid DESC LIMIT ?2
             )
             SELECT hits.marked, c.id, c.phone, c.name, x.*
             FROM hits
             JOIN ({SELECT}) x ON x.id = hits.id
             JOIN conversations cv ON cv.id = x.conversation_id
             JOIN contacts c ON c.id = cv.contact_id
             ORDER BY hits.id DESC",
            open = OPEN as u32,
            close = CLOSE as u32,
        ))?;
        let rows = stmt.query_map(params![q, limit, scope.own()], |r| {
            let marked: Option<String> = r.get(0)?;
            let contact = (
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            );
            // The message columns follow the four above.
            Ok((marked, contact, decode(r, 4)?))
        })?;
        let mut hits = Vec::new();
        for row in rows {
            let (marked, (cid, phone, name), (id, m)) = row?;
            let phone = Phone::parse(&phone).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let message = with_history(conn, id, m)?;
            let text = message.text.as_str();
            let parts = crate::search::snippet(text, marked.as_deref().unwrap_or(text));
            hits.push(SearchHit {
                snippet: crate::search::bracketed(&parts),
                parts,
                message,
                contact: Contact {
                    id: cid,
                    phone,
                    name,
                },
            });
        }
        Ok(hits)
    }
}
