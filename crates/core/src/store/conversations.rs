//! Contacts and conversations: finding or creating them, and listing the inbox.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Db, Result, StoreError};
use crate::access::Reader;
use crate::account::GatewayKind;
use crate::conversation::{Contact, Conversation, ConversationStatus, LastMessage};
use crate::message::{Direction, OperatorRef};
use crate::phone::Phone;
use crate::status::Status;
use crate::time::Timestamp;
use crate::views::ViewFilter;

/// The most matching messages a search box looks at, newest first: a word found in more
/// messages finds the conversations of the newest ones.
pub const SEARCH_MESSAGES: u32 = 20_000;

/// The longest profile name kept (WhatsApp's own limit is 25 characters).
pub const MAX_PROFILE_NAME: usize = 100;

/// Where the next page of the inbox starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConversationCursor {
    pub last_activity: Timestamp,
    pub id: i64,
}

/// A conversation's list entry, with the unread count of the reader `:reader` (see
/// [`Reader`]): the growth of `incoming_count` since they last opened it; for a conversation
/// they never opened, the customer messages since `:since` (counted only then, and only where
/// the customer wrote after `:since` at all).
const SELECT: &str =
    "SELECT cv.id, cv.account_id, a.name, a.gateway, a.sandbox, c.id, c.phone, c.name,
        cv.last_activity,
        CASE WHEN r.read_count IS NOT NULL THEN MAX(cv.incoming_count - r.read_count, 0)
             WHEN COALESCE(cv.last_customer_at, 0) <= :since THEN 0
             ELSE (SELECT COUNT(*) FROM messages m
                   WHERE m.conversation_id = cv.id AND m.direction = 'in' AND m.sort_ts > :since)
        END,
        cv.last_customer_at, cv.assignee_id, op.name, cv.state,
        lm.uid, lm.direction, lm.body, lm.status, lm.sort_ts,
        cv.incoming_count, cv.last_reply_at, cv.snoozed_until,
        (SELECT json_group_array(json_object('id', t.id, 'name', t.name, 'color', t.color))
         FROM (SELECT t.* FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id
               WHERE ct.conversation_id = cv.id ORDER BY t.name COLLATE NOCASE) t)
    FROM conversations cv
    JOIN accounts a ON a.id = cv.account_id
    JOIN contacts c ON c.id = cv.contact_id
    LEFT JOIN operators op ON op.id = cv.assignee_id
    LEFT JOIN reads r ON r.operator_id = :reader AND r.conversation_id = cv.id
    LEFT JOIN messages lm ON lm.id = (
        SELECT id FROM messages WHERE conversation_id = cv.id ORDER BY sort_ts DESC, id DESC LIMIT 1
    )";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Result<Conversation>> {
    let gateway: String = r.get(3)?;
    let phone: String = r.get(6)?;
    let status: String = r.get(13)?;
    let (Some(gateway), Ok(phone), Some(status)) = (
        GatewayKind::parse(&gateway),
        Phone::parse(&phone),
        ConversationStatus::parse(&status),
    ) else {
        return Ok(Err(StoreError::Corrupt(format!(
            "conversation {} has an unreadable gateway, phone or status",
            r.get::<_, i64>(0)?
        ))));
    };
    let last_message = match r.get::<_, Option<String>>(14)? {
        Some(id) => Some(LastMessage {
            id,
            direction: if r.get::<_, String>(15)? == "in" {
                Direction::In
            } else {
                Direction::Out
            },
            text: r.get(16)?,
            status: Status::parse(&r.get::<_, String>(17)?),
            timestamp: Timestamp::from_millis(r.get(18)?),
        }),
        None => None,
    };
    let assignee = r
        .get::<_, Option<i64>>(11)?
        .zip(r.get::<_, Option<String>>(12)?)
        .map(|(id, name)| OperatorRef { id, name });
    let last_customer: Option<i64> = r.get(10)?;
    let tags = match serde_json::from_str(&r.get::<_, String>(22)?) {
        Ok(tags) => tags,
        Err(e) => return Ok(Err(StoreError::Corrupt(format!("tags: {e}")))),
    };
    let last_reply: Option<i64> = r.get(20)?;
    Ok(Ok(Conversation {
        id: r.get(0)?,
        account_id: r.get(1)?,
        account_name: r.get(2)?,
        gateway,
        sandbox: r.get(4)?,
        contact: Contact {
            id: r.get(5)?,
            phone,
            name: r.get(7)?,
        },
        last_activity: Timestamp::from_millis(r.get(8)?),
        last_message,
        unread: r.get(9)?,
        incoming_count: r.get(19)?,
        awaiting_reply: last_customer.is_some_and(|c| last_reply.is_none_or(|r| r < c)),
        last_customer_message_at: last_customer.map(Timestamp::from_millis),
        assignee,
        status,
        snoozed_until: r.get::<_, Option<i64>>(21)?.map(Timestamp::from_millis),
        tags,
    }))
}

impl Db {
    /// Finds or creates the contact; a name is taken only from a message at least as new as the
    /// one that gave the current name, so replays in any order settle on the same name, and
    /// never over a name the manager gave.
    pub fn upsert_contact(
        conn: &Connection,
        phone: &Phone,
        name: Option<&str>,
        at: Timestamp,
    ) -> Result<i64> {
        // A profile name is the customer's to choose: one line, readable as written, bounded.
        let name = name
            .map(|n| crate::text::one_line(n, MAX_PROFILE_NAME))
            .filter(|n| !n.is_empty());
        let mut stmt = conn.prepare_cached(
            "INSERT INTO contacts (phone, name, name_at) VALUES (?1, ?2, CASE WHEN ?2 IS NULL THEN NULL ELSE ?3 END)
             ON CONFLICT (phone) DO UPDATE SET
                 name = CASE WHEN named_by_user = 0 AND excluded.name IS NOT NULL AND (name_at IS NULL OR excluded.name_at > name_at
                             OR (excluded.name_at = name_at AND excluded.name > name))
                        THEN excluded.name ELSE name END,
                 name_at = CASE WHEN excluded.name IS NOT NULL AND (name_at IS NULL OR excluded.name_at > name_at
                             OR (excluded.name_at = name_at AND excluded.name > name))
                        THEN excluded.name_at ELSE name_at END
             RETURNING id",
        )?;
        Ok(stmt.query_row(params![phone.e164(), name, at.as_millis()], |r| r.get(0))?)
    }

    /// The manager names a contact (`None` forgets the name: profile names fill it again).
    pub fn rename_contact(conn: &Connection, contact_id: i64, name: Option<&str>) -> Result<bool> {
        Ok(conn
            .prepare_cached(
                "UPDATE contacts SET name = ?2, name_at = NULL, named_by_user = ?2 IS NOT NULL
                 WHERE id = ?1",
            )?
            .execute(params![contact_id, name])?
            > 0)
    }

    /// The conversations (of any account) with a contact, for announcing its new name.
    pub fn conversations_of_contact(conn: &Connection, contact_id: i64) -> Result<Vec<i64>> {
        let mut stmt = conn.prepare_cached("SELECT id FROM conversations WHERE contact_id = ?1")?;
        let rows = stmt.query_map([contact_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn upsert_conversation(
        conn: &Connection,
        account_id: i64,
        contact_id: i64,
        at: Timestamp,
    ) -> Result<i64> {
        let mut stmt = conn.prepare_cached(
            "INSERT INTO conversations (account_id, contact_id, last_activity) VALUES (?1, ?2, ?3)
             ON CONFLICT (account_id, contact_id) DO UPDATE SET last_activity = last_activity
             RETURNING id",
        )?;
        Ok(
            stmt.query_row(params![account_id, contact_id, at.as_millis()], |r| {
                r.get(0)
            })?,
        )
    }

    /// Records a new message in its conversation's counters. Every input is a max or a count of
    /// distinct messages, so the result does not depend on the order messages arrive in.
    pub fn touch_conversation(
        conn: &Connection,
        id: i64,
        direction: Direction,
        at: Timestamp,
    ) -> Result<()> {
        let incoming = direction == Direction::In;
        conn.prepare_cached(
            "UPDATE conversations SET
                 last_activity = MAX(last_activity, ?2),
                 incoming_count = incoming_count + ?3,
                 last_customer_at = CASE WHEN ?3 THEN MAX(COALESCE(last_customer_at, 0), ?2) ELSE last_customer_at END,
                 last_reply_at = CASE WHEN ?3 THEN last_reply_at ELSE MAX(COALESCE(last_reply_at, 0), ?2) END
             WHERE id = ?1",
        )?
        .execute(params![id, at.as_millis(), incoming])?;
        if incoming {
            // Those who read past this message's time read it with its neighbours.
            conn.prepare_cached(
                "UPDATE reads SET read_count = read_count + 1
                 WHERE conversation_id = ?1 AND read_upto >= ?2",
            )?
            .execute(params![id, at.as_millis()])?;
        }
        Ok(())
    }

    /// The operator has read every customer message the conversation holds now.
    pub fn mark_read(conn: &Connection, id: i64, operator_id: i64, at: Timestamp) -> Result<bool> {
        Ok(conn
            .prepare_cached(
                "INSERT INTO reads (conversation_id, operator_id, read_count, read_upto, read_at)
                 SELECT id, ?2, incoming_count, COALESCE(last_customer_at, 0), ?3
                 FROM conversations WHERE id = ?1
                 ON CONFLICT (conversation_id, operator_id) DO UPDATE SET
                     read_count = MAX(read_count, excluded.read_count),
                     read_upto = MAX(read_upto, excluded.read_upto),
                     read_at = excluded.read_at",
            )?
            .execute(params![id, operator_id, at.as_millis()])?
            > 0)
    }

    /// A conversation as everyone sees it (unread counts are each reader's: none here).
    pub fn conversation(conn: &Connection, id: i64) -> Result<Option<Conversation>> {
        Self::conversation_for(conn, id, Reader::NOBODY)
    }

    /// A conversation with `reader`'s unread count.
    pub fn conversation_for(
        conn: &Connection,
        id: i64,
        reader: Reader,
    ) -> Result<Option<Conversation>> {
        let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE cv.id = :id"))?;
        stmt.query_row(
            rusqlite::named_params! {
                ":id": id,
                ":reader": reader.operator_id,
                ":since": reader.since.as_millis(),
            },
            from_row,
        )
        .optional()?
        .transpose()
    }

    /// Conversations `ids` with `reader`'s unread counts, in the order asked; ids of no
    /// conversation are left out. One query for the lot (the ids as a JSON array, so the
    /// statement is the same whatever their number and stays prepared).
    pub fn conversations_for(
        conn: &Connection,
        ids: &[i64],
        reader: Reader,
    ) -> Result<Vec<Conversation>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = conn.prepare_cached(&format!(
            "{SELECT} WHERE cv.id IN (SELECT value FROM json_each(:ids))"
        ))?;
        let asked = serde_json::to_string(ids).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut found: std::collections::HashMap<i64, Conversation> = stmt
            .query_map(
                rusqlite::named_params! {
                    ":ids": asked,
                    ":reader": reader.operator_id,
                    ":since": reader.since.as_millis(),
                },
                from_row,
            )?
            .map(|row| row?.map(|c| (c.id, c)))
            .collect::<Result<_>>()?;
        Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
    }

    /// Who a conversation is assigned to (`Some(None)`: nobody), for deciding who may see it;
    /// `None` when there is no such conversation.
    pub fn conversation_assignee(conn: &Connection, id: i64) -> Result<Option<Option<i64>>> {
        Ok(conn
            .prepare_cached("SELECT assignee_id FROM conversations WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    pub fn conversation_with(
        conn: &Connection,
        account_id: i64,
        phone: &Phone,
    ) -> Result<Option<Conversation>> {
        let id: Option<i64> = conn
            .prepare_cached(
                "SELECT cv.id FROM conversations cv JOIN contacts c ON c.id = cv.contact_id
                 WHERE cv.account_id = ?1 AND c.phone = ?2",
            )?
            .query_row(params![account_id, phone.e164()], |r| r.get(0))
            .optional()?;
        id.map_or(Ok(None), |id| Self::conversation(conn, id))
    }

    /// Conversations with this phone across all accounts, newest first.
    pub fn conversations_with_phone(conn: &Connection, phone: &Phone) -> Result<Vec<i64>> {
        let mut stmt = conn.prepare_cached(
            "SELECT cv.id FROM conversations cv JOIN contacts c ON c.id = cv.contact_id
             WHERE c.phone = ?1 ORDER BY cv.last_activity DESC",
        )?;
        let ids = stmt.query_map([phone.e164()], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }

    /// One page of a view, newest activity first (keyset pagination: stays fast at any
    /// depth), with `reader`'s unread counts. Each assignee range of the view is read apart, in
    /// the index's order, and the ranges merged: a manager's inbox is their own range and the
    /// unassigned one, never a walk through colleagues' conversations. A search is matched
    /// first (names and phones by trigram, message text by the full-text index) and the view's
    /// filters then narrow the matches.
    pub fn conversation_page(
        conn: &Connection,
        view: &ViewFilter,
        reader: Reader,
        before: Option<ConversationCursor>,
        limit: u32,
    ) -> Result<(Vec<Conversation>, Option<ConversationCursor>)> {
        let (ts, id) = before.map_or((i64::MAX, i64::MAX), |c| {
            (c.last_activity.as_millis(), c.id)
        });
        let ranges: Vec<Option<Option<i64>>> = match &view.assignees {
            None => vec![None],
            Some(list) if list.is_empty() => return Ok((Vec::new(), None)),
            Some(list) => list.iter().copied().map(Some).collect(),
        };
        let mut params: Vec<(String, Box<dyn rusqlite::ToSql>)> = vec![
            (":ts".into(), Box::new(ts)),
            (":id".into(), Box::new(id)),
            (":limit".into(), Box::new(limit + 1)),
            (":reader".into(), Box::new(reader.operator_id)),
            (":since".into(), Box::new(reader.since.as_millis())),
        ];
        let mut common = String::new();
        if let Some(account) = view.account_id {
            common.push_str(" AND cv.account_id = :account");
            params.push((":account".into(), Box::new(account)));
        }
        if let Some(status) = view.status {
            common.push_str(" AND cv.state = :state");
            params.push((":state".into(), Box::new(status.as_str())));
        }
        if let Some(tag) = view.tag_id {
            common.push_str(
                " AND cv.id IN (SELECT conversation_id FROM conversation_tags WHERE tag_id = :tag)",
            );
            params.push((":tag".into(), Box::new(tag)));
        }
        let mut with = Vec::new();
        if let Some(search) = &view.search {
            let mut found = Vec::new();
            if let Some(q) = &search.contacts {
                found.push(
                    "SELECT hcv.id FROM contacts_fts
                     JOIN conversations hcv ON hcv.contact_id = contacts_fts.rowid
                     WHERE contacts_fts MATCH :contacts",
                );
                params.push((":contacts".into(), Box::new(q.clone())));
            }
            // The last word's prefix as the whole words it covers: FTS5 would merge the
            // lists of every word it covers before its first row (hundreds of milliseconds for
            // a common prefix at millions of messages).
            let words = match &search.messages {
                None => None,
                Some(q) => match super::search_terms::expanded(conn, &search.text)? {
                    super::search_terms::Expansion::Query(expanded) => Some(expanded),
                    super::search_terms::Expansion::Nothing => None,
                    super::search_terms::Expansion::AsTyped => Some(q.clone()),
                },
            };
            if let Some(q) = words {
                // The newest matching messages, at most SEARCH_MESSAGES of them: a word in
                // half the inbox must not cost a lookup per message it is in.
                found.push(
                    "SELECT hm.conversation_id FROM (
                         SELECT rowid FROM messages_fts WHERE messages_fts MATCH :words
                         ORDER BY rowid DESC LIMIT :found_cap
                     ) f JOIN messages hm ON hm.id = f.rowid",
                );
                params.push((":words".into(), Box::new(q)));
                params.push((":found_cap".into(), Box::new(SEARCH_MESSAGES)));
            }
            if found.is_empty() {
                return Ok((Vec::new(), None));
            }
            with.push(format!(
                "found(id) AS MATERIALIZED ({})",
                found.join(" UNION ")
            ));
            common.push_str(" AND cv.id IN (SELECT id FROM found)");
        }
        let branches: Vec<String> = ranges
            .iter()
            .enumerate()
            .map(|(i, range)| {
                let whose = match range {
                    None => "1".to_owned(),
                    Some(None) => "cv.assignee_id IS NULL".to_owned(),
                    Some(Some(operator)) => {
                        params.push((format!(":whose{i}"), Box::new(*operator)));
                        format!("cv.assignee_id = :whose{i}")
                    }
                };
                format!(
                    "SELECT * FROM (SELECT cv.id FROM conversations cv
                         WHERE {whose}{common} AND (cv.last_activity, cv.id) < (:ts, :id)
                         ORDER BY cv.last_activity DESC, cv.id DESC LIMIT :limit)"
                )
            })
            .collect();
        with.push(format!("page AS ({})", branches.join(" UNION ALL ")));
        let sql = format!(
            "WITH {}
             {SELECT} WHERE cv.id IN (SELECT id FROM page)
             ORDER BY cv.last_activity DESC, cv.id DESC LIMIT :limit",
            with.join(", ")
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let bound: Vec<(&str, &dyn rusqlite::ToSql)> = params
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_ref()))
            .collect();
        let rows: Vec<Result<Conversation>> = stmt
            .query_map(bound.as_slice(), from_row)?
            .collect::<rusqlite::Result<_>>()?;
        let more = rows.len() > limit as usize;
        let page: Vec<Conversation> = rows
            .into_iter()
            .take(limit as usize)
            .collect::<Result<_>>()?;
        let next = page.last().filter(|_| more).map(|c| ConversationCursor {
            last_activity: c.last_activity,
            id: c.id,
        });
        Ok((page, next))
    }
}
