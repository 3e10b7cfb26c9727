//! The facts and messages a report is computed from, read for a period: which conversations
//! had anything happen in it, then each batch of them as timelines.

use std::collections::HashMap;

use rusqlite::Connection;
use rusqlite::types::{Value, ValueRef};

use super::{Db, Result, StoreError};
use crate::reports::metrics::{Happening, Step};
use crate::time::Timestamp;

/// A conversation's contact (name, else phone) and account name.
pub type Names = HashMap<i64, (String, String)>;

/// A text column without copying it.
fn text<'a>(r: &'a rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'a str> {
    r.get_ref(i)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// A text column's bytes without copying or checking them (empty when NULL): for comparing
/// with a known word.
fn bytes<'a>(r: &'a rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'a [u8]> {
    Ok(match r.get_ref(i)? {
        ValueRef::Text(b) | ValueRef::Blob(b) => b,
        _ => &[],
    })
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

impl Db {
    /// The conversations that may have something to count in a period that starts at
    /// `since` (the report's start less a day, so windows closing in it are seen) and ends at
    /// `to`: those active since (a message at or after `since`: `last_activity`'s index), with
    /// a fact in the span (`conversation_facts_by_time`) or reviewed in it (`reviews_by_time`),
    /// of one account and with one tag when asked. By id.
    ///
    /// For one operator, only those of them where something can be credited to them: they
    /// wrote in the span (`messages_by_operator`), acted on it in the span (a resolution:
    /// `conversation_facts_by_actor`), it was ever assigned to them before `to` (a missed
    /// burst or a customer message is credited to the assignee then:
    /// `conversation_facts_assigned_to`), or their work in it was reviewed in the span
    /// (`reviews_by_manager`). A superset of what counts, so the figures are the same.
    pub fn report_candidates(
        conn: &Connection,
        since: Timestamp,
        to: Timestamp,
        operator_id: Option<i64>,
        account_id: Option<i64>,
        tag_id: Option<i64>,
    ) -> Result<Vec<i64>> {
        let filters = "AND (:account IS NULL OR cv.account_id = :account)
             AND (:tag IS NULL OR EXISTS (
                 SELECT 1 FROM conversation_tags ct
                 WHERE ct.conversation_id = cv.id AND ct.tag_id = :tag))
             ORDER BY cv.id";
        let Some(operator_id) = operator_id else {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT cv.id FROM conversations cv
                 WHERE cv.id IN (
                     SELECT id FROM conversations WHERE last_activity >= :since
                     UNION
                     SELECT conversation_id FROM conversation_facts WHERE at >= :since AND at < :to
                     UNION
                     SELECT conversation_id FROM reviews WHERE at >= :since AND at < :to
                 )
                 {filters}"
            ))?;
            let rows = stmt.query_map(
                rusqlite::named_params! {
                    ":since": since.as_millis(),
                    ":to": to.as_millis(),
                    ":account": account_id,
                    ":tag": tag_id,
                },
                |r| r.get(0),
            )?;
            return Ok(rows.collect::<rusqlite::Result<_>>()?);
        };
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT cv.id FROM conversations cv
             WHERE cv.id IN (
                 SELECT conversation_id FROM messages INDEXED BY messages_by_operator
                 WHERE operator_id = :operator AND sort_ts >= :since AND sort_ts < :to
                 UNION
                 SELECT conversation_id FROM conversation_facts
                 WHERE actor_id = :operator AND at >= :since AND at < :to
                 UNION
                 SELECT conversation_id FROM conversation_facts
                 WHERE kind = 'assigned' AND json_extract(detail, '$.operator_id') = :operator
                   AND at < :to
                 UNION
                 SELECT conversation_id FROM reviews
                 WHERE manager_id = :operator AND at >= :since AND at < :to
             )
             AND (cv.last_activity >= :since
                  OR EXISTS (SELECT 1 FROM conversation_facts f
                             WHERE f.conversation_id = cv.id AND f.at >= :since AND f.at < :to)
                  OR EXISTS (SELECT 1 FROM reviews r
                             WHERE r.conversation_id = cv.id AND r.at >= :since AND r.at < :to))
             {filters}"
        ))?;
        let rows = stmt.query_map(
            rusqlite::named_params! {
                ":since": since.as_millis(),
                ":to": to.as_millis(),
                ":operator": operator_id,
                ":account": account_id,
                ":tag": tag_id,
            },
            |r| r.get(0),
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The timelines of conversations `ids` before `to`, each oldest first: customer messages
    /// and operators' messages by gateway time (`messages_for_reports`, an index-only read),
    /// and assignments, statuses and reviews by our clock; a message before a fact, a fact
    /// before a review of the same instant.
    ///
    /// Messages are read from the conversation's last resolution before `from` on (all of
    /// them when there is none; `conversation_facts_resolved` finds it), not from its first:
    /// a resolution ends the episode and its burst, so what came before it counts for nothing
    /// in `[from, to)` — only the assignee carries over, and facts are read whole. A long
    /// history costs what its open episode holds, not every message ever written.
    pub fn report_timelines(
        conn: &Connection,
        ids: &[i64],
        from: Timestamp,
        to: Timestamp,
    ) -> Result<HashMap<i64, Vec<Step>>> {
        let mut timelines: HashMap<i64, Vec<Step>> = HashMap::with_capacity(ids.len());
        let mut params: Vec<Value> = ids.iter().map(|id| Value::Integer(*id)).collect();
        params.push(Value::Integer(to.as_millis()));
        // Ordered by the conversations' ids then the index: no sort, and each conversation's
        // messages come together, so the map is looked up once a conversation.
        let mut stmt = conn.prepare_cached(
            "SELECT m.conversation_id, m.sort_ts, m.direction, m.operator_id, m.kind
             FROM conversations cv
             JOIN messages m INDEXED BY messages_for_reports
               ON m.conversation_id = cv.id
              AND m.sort_ts >= COALESCE((
                      SELECT MAX(f.at) FROM conversation_facts f
                      INDEXED BY conversation_facts_resolved
                      WHERE f.conversation_id = cv.id AND f.at < :from
                        AND f.kind = 'status' AND f.detail ->> 'status' = 'resolved'
                  ), :earliest)
              AND m.sort_ts < :to
             WHERE cv.id IN (SELECT value FROM json_each(:ids))
               AND (m.direction = 'in' OR m.operator_id IS NOT NULL)
             ORDER BY cv.id, m.sort_ts",
        )?;
        let asked = serde_json::to_string(ids).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut rows = stmt.query(rusqlite::named_params! {
            ":ids": asked,
            ":from": from.as_millis(),
            ":to": to.as_millis(),
            ":earliest": i64::MIN,
        })?;
        let mut current: Option<(i64, Vec<Step>)> = None;
        while let Some(r) = rows.next()? {
            let conversation: i64 = r.get(0)?;
            let at = Timestamp::from_millis(r.get(1)?);
            let what = match (bytes(r, 2)?, r.get::<_, Option<i64>>(3)?) {
                (b"in", _) => Happening::CustomerWrote,
                (_, Some(operator_id)) => Happening::Replied {
                    operator_id,
                    template: bytes(r, 4)? == b"template",
                },
                _ => continue,
            };
            match &mut current {
                Some((id, steps)) if *id == conversation => steps.push(Step { at, what }),
                _ => {
                    if let Some((id, steps)) = current.take() {
                        timelines.insert(id, steps);
                    }
                    current = Some((conversation, vec![Step { at, what }]));
                }
            }
        }
        if let Some((id, steps)) = current {
            timelines.insert(id, steps);
        }
        let facts = format!(
            "SELECT conversation_id, at, actor_id, kind, detail FROM conversation_facts
             WHERE conversation_id IN ({}) AND at < ?{}
               AND kind IN ('assigned', 'unassigned', 'status', 'reopened', 'woke')
             ORDER BY conversation_id, at, id",
            placeholders(ids.len()),
            ids.len() + 1
        );
        let mut stmt = conn.prepare_cached(&facts)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
        let mut facts: HashMap<i64, Vec<Step>> = HashMap::new();
        while let Some(r) = rows.next()? {
            let conversation: i64 = r.get(0)?;
            let at = Timestamp::from_millis(r.get(1)?);
            let actor: Option<i64> = r.get(2)?;
            let detail: serde_json::Value = serde_json::from_str(text(r, 4)?).unwrap_or_default();
            let what = match text(r, 3)? {
                "assigned" => match detail["operator_id"].as_i64() {
                    Some(operator_id) => Happening::Assigned { operator_id },
                    None => continue,
                },
                "unassigned" => Happening::Unassigned,
                "status" => match detail["status"].as_str() {
                    Some("pending" | "snoozed") => Happening::Paused,
                    Some("open") => Happening::Resumed,
                    Some("resolved") => Happening::Resolved { by: actor },
                    _ => continue,
                },
                _ => Happening::Resumed,
            };
            facts
                .entry(conversation)
                .or_default()
                .push(Step { at, what });
        }
        let reviews = format!(
            "SELECT conversation_id, at, manager_id, score FROM reviews
             INDEXED BY reviews_by_conversation
             WHERE conversation_id IN ({}) AND at < ?{}
             ORDER BY conversation_id, at, id",
            placeholders(ids.len()),
            ids.len() + 1
        );
        let mut stmt = conn.prepare_cached(&reviews)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
        while let Some(r) = rows.next()? {
            let conversation: i64 = r.get(0)?;
            let at = Timestamp::from_millis(r.get(1)?);
            let what = Happening::Reviewed {
                manager_id: r.get(2)?,
                score: r.get(3)?,
            };
            facts
                .entry(conversation)
                .or_default()
                .push(Step { at, what });
        }
        for (conversation, facts) in facts {
            let timeline = timelines.entry(conversation).or_default();
            timeline.extend(facts);
            // Stable: messages (read first) stay before facts of the same instant.
            timeline.sort_by_key(|s| s.at);
        }
        Ok(timelines)
    }

    /// Conversations' contact and account names, for per-episode rows.
    pub fn report_names(conn: &Connection, ids: &[i64]) -> Result<Names> {
        if ids.is_empty() {
            return Ok(Names::new());
        }
        let sql = format!(
            "SELECT cv.id, COALESCE(ct.name, ct.phone), a.name FROM conversations cv
             JOIN contacts ct ON ct.id = cv.contact_id JOIN accounts a ON a.id = cv.account_id
             WHERE cv.id IN ({})",
            placeholders(ids.len())
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(ids.iter()), |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every operator's name (inactive ones too: their figures stay theirs), and whether they
    /// are listed in a report's table unasked (active, not a reviewer).
    pub fn report_operators(conn: &Connection) -> Result<Vec<(i64, String, bool)>> {
        let mut stmt = conn.prepare_cached(
            "SELECT id, name, active = 1 AND role != 'reviewer' FROM operators
             ORDER BY name COLLATE NOCASE, id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
