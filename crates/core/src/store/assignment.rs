//! Who gets which conversation: open conversations per manager, the queue, overdue replies.
//!
//! A manager's load is their OPEN conversations, counted across every account together (a
//! manager on three numbers has one budget, not three). The queue is the open, unassigned
//! conversations whose customer waits for an answer, the longest waiting first.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Db, Result};
use crate::assignment::{Assignable, Overdue, Queued};
use crate::time::Timestamp;

/// Where the round robin's turn is kept: the id of the manager it gave a conversation to last.
const TURN: &str = "assignment.round_robin_turn";

/// When the customer's unanswered wait began: their first message after the last reply.
/// Only meaningful where they wait (`last_customer_at > last_reply_at`).
pub(super) const WAITING_SINCE: &str = "COALESCE((SELECT MIN(m.sort_ts) FROM messages m
        WHERE m.conversation_id = cv.id AND m.direction = 'in'
          AND m.sort_ts > COALESCE(cv.last_reply_at, 0)), cv.last_customer_at)";

/// The customer wrote last and nobody has answered (notes are no answer: they are facts).
const AWAITING: &str = "cv.last_customer_at > COALESCE(cv.last_reply_at, 0)";

impl Db {
    /// Gives a conversation to `assignee` (none: nobody), noting when: the no-reply timeout
    /// counts from it. False when there is no such conversation.
    pub(crate) fn assign(
        conn: &Connection,
        id: i64,
        assignee: Option<i64>,
        at: Timestamp,
    ) -> Result<bool> {
        Ok(conn
            .prepare_cached(
                "UPDATE conversations
                 SET assignee_id = ?2, assigned_at = CASE WHEN ?2 IS NULL THEN NULL ELSE ?3 END
                 WHERE id = ?1",
            )?
            .execute(params![id, assignee, at.as_millis()])?
            > 0)
    }

    /// The managers automatic assignment may choose from (active and accepting), by id, each
    /// with their open conversations, `except` one not counted (the conversation being given).
    pub(crate) fn assignable_managers(
        conn: &Connection,
        except: Option<i64>,
    ) -> Result<Vec<Assignable>> {
        let mut stmt = conn.prepare_cached(
            "SELECT o.id, (SELECT COUNT(*) FROM conversations cv
                           WHERE cv.state = 'open' AND cv.assignee_id = o.id AND cv.id IS NOT ?1)
             FROM operators o
             WHERE o.role = 'manager' AND o.active = 1 AND o.accepting = 1
             ORDER BY o.id",
        )?;
        let rows = stmt.query_map([except], |r| {
            Ok(Assignable {
                operator_id: r.get(0)?,
                open: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The open, unassigned conversations whose customer waits, the longest waiting first (at
    /// most `limit`).
    pub(crate) fn queue(conn: &Connection, limit: u32) -> Result<Vec<Queued>> {
        let ids: Vec<i64> = {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT id FROM (
                     SELECT cv.id, {WAITING_SINCE} AS since FROM conversations cv
                     WHERE cv.state = 'open' AND cv.assignee_id IS NULL AND {AWAITING}
                 ) ORDER BY since, id LIMIT ?1"
            ))?;
            let rows = stmt.query_map([limit], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        ids.into_iter()
            .map(|id| {
                Ok(Queued {
                    conversation_id: id,
                    owner: Self::contact_owner(conn, id)?,
                    dropped_by: Self::dropped_by(conn, id)?,
                })
            })
            .collect()
    }

    /// Who has the customer's most recently active other conversation (on any account), if
    /// anyone does.
    pub(crate) fn contact_owner(conn: &Connection, id: i64) -> Result<Option<i64>> {
        Ok(conn
            .prepare_cached(
                "SELECT other.assignee_id FROM conversations cv
                 JOIN conversations other ON other.contact_id = cv.contact_id AND other.id != cv.id
                 WHERE cv.id = ?1 AND other.assignee_id IS NOT NULL
                 ORDER BY other.last_activity DESC, other.id DESC LIMIT 1",
            )?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    /// The operator a conversation was last taken from for not answering, when that is the
    /// last thing that happened to its assignment.
    fn dropped_by(conn: &Connection, id: i64) -> Result<Option<i64>> {
        let last: Option<(String, String)> = conn
            .prepare_cached(
                "SELECT kind, detail FROM conversation_facts
                 WHERE conversation_id = ?1 AND kind IN ('assigned', 'unassigned')
                 ORDER BY at DESC, id DESC LIMIT 1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(last.and_then(|(kind, detail)| {
            let detail: serde_json::Value = serde_json::from_str(&detail).ok()?;
            (kind == "unassigned" && detail["reason"] == "no_reply")
                .then(|| detail["from"].as_i64())
                .flatten()
        }))
    }

    /// Of these facts, the conversations a customer reopened after they were resolved (a
    /// returning customer: a new episode).
    pub(crate) fn reopened_after_resolve(conn: &Connection, facts: &[i64]) -> Result<Vec<i64>> {
        let mut stmt = conn.prepare_cached(
            "SELECT conversation_id FROM conversation_facts
             WHERE id = ?1 AND kind = 'reopened' AND json_extract(detail, '$.was') = 'resolved'",
        )?;
        let mut out = Vec::new();
        for id in facts {
            if let Some(conversation) = stmt.query_row([id], |r| r.get(0)).optional()?
                && !out.contains(&conversation)
            {
                out.push(conversation);
            }
        }
        Ok(out)
    }

    /// A conversation's assignee when it is open (none when it is not, or is unassigned).
    pub(crate) fn open_assignee(conn: &Connection, id: i64) -> Result<Option<i64>> {
        Ok(conn
            .prepare_cached(
                "SELECT assignee_id FROM conversations WHERE id = ?1 AND state = 'open'",
            )?
            .query_row([id], |r| r.get(0))
            .optional()?
            .flatten())
    }

    /// The manager the round robin gave a conversation to last.
    pub(crate) fn round_robin_turn(conn: &Connection) -> Result<Option<i64>> {
        Ok(Self::get_setting(conn, TURN)?.and_then(|v| v.parse().ok()))
    }

    pub(crate) fn set_round_robin_turn(conn: &Connection, operator_id: i64) -> Result<()> {
        Self::set_setting(conn, TURN, &operator_id.to_string())
    }

    /// Open, assigned conversations whose customer has waited `limit_ms` past the later of
    /// the assignment and their first unanswered message, the longest overdue first (at most
    /// `max`). `untold`: only those no `overdue` fact was recorded for in this wait.
    pub(crate) fn overdue(
        conn: &Connection,
        limit_ms: i64,
        now: Timestamp,
        untold: bool,
        max: u32,
    ) -> Result<Vec<Overdue>> {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT id, assignee_id, since FROM (
                 SELECT cv.id, cv.assignee_id, {WAITING_SINCE} AS since,
                        MAX(COALESCE(cv.assigned_at, 0), {WAITING_SINCE}) AS start
                 FROM conversations cv
                 WHERE cv.state = 'open' AND cv.assignee_id IS NOT NULL AND {AWAITING}
             ) w
             WHERE start + ?1 <= ?2
               AND NOT (?3 AND EXISTS (SELECT 1 FROM conversation_facts f
                        WHERE f.conversation_id = w.id AND f.kind = 'overdue' AND f.at >= w.start))
             ORDER BY start, id LIMIT ?4"
        ))?;
        let rows = stmt.query_map(params![limit_ms, now.as_millis(), untold, max], |r| {
            Ok(Overdue {
                conversation_id: r.get(0)?,
                assignee: r.get(1)?,
                waiting_since: Timestamp::from_millis(r.get(2)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// When the next assigned conversation becomes overdue (of those not yet told about in
    /// this wait), if any waits.
    pub(crate) fn next_reply_deadline(
        conn: &Connection,
        limit_ms: i64,
    ) -> Result<Option<Timestamp>> {
        let at: Option<i64> = conn
            .prepare_cached(&format!(
                "SELECT MIN(start + ?1) FROM (
                     SELECT cv.id, MAX(COALESCE(cv.assigned_at, 0), {WAITING_SINCE}) AS start
                     FROM conversations cv
                     WHERE cv.state = 'open' AND cv.assignee_id IS NOT NULL AND {AWAITING}
                 ) w
                 WHERE NOT EXISTS (SELECT 1 FROM conversation_facts f
                     WHERE f.conversation_id = w.id AND f.kind = 'overdue' AND f.at >= w.start)"
            ))?
            .query_row([limit_ms], |r| r.get(0))?;
        Ok(at.map(Timestamp::from_millis))
    }
}
