//! Conversations' states and the facts of how they are handled: who assigned, resolved,
//! snoozed or reopened what, and when.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Db, Result, StoreError};
use crate::conversation::{Activity, AssignmentRule, Change, ConversationStatus, UnassignReason};
use crate::message::OperatorRef;
use crate::time::Timestamp;

/// A fact to store.
pub struct NewFact {
    pub conversation_id: i64,
    pub at: Timestamp,
    /// None: the customer or the clock.
    pub actor: Option<i64>,
    pub kind: &'static str,
    pub detail: serde_json::Value,
}

impl Db {
    pub fn record_fact(conn: &Connection, fact: &NewFact) -> Result<i64> {
        Ok(conn
            .prepare_cached(
                "INSERT INTO conversation_facts (conversation_id, at, actor_id, kind, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
            )?
            .query_row(
                params![
                    fact.conversation_id,
                    fact.at.as_millis(),
                    fact.actor,
                    fact.kind,
                    fact.detail.to_string()
                ],
                |r| r.get(0),
            )?)
    }

    /// A conversation's state and when it last changed; none: no such conversation.
    pub fn conversation_state(
        conn: &Connection,
        id: i64,
    ) -> Result<Option<(ConversationStatus, Timestamp)>> {
        let row: Option<(String, i64)> = conn
            .prepare_cached("SELECT state, state_at FROM conversations WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        row.map(|(state, at)| {
            ConversationStatus::parse(&state)
                .map(|s| (s, Timestamp::from_millis(at)))
                .ok_or_else(|| StoreError::Corrupt(format!("conversation {id}: state {state}")))
        })
        .transpose()
    }

    /// Sets a conversation's state (`until`: when a snooze ends, only for snoozed).
    pub fn set_conversation_state(
        conn: &Connection,
        id: i64,
        state: ConversationStatus,
        until: Option<Timestamp>,
        at: Timestamp,
    ) -> Result<bool> {
        Ok(conn
            .prepare_cached(
                "UPDATE conversations SET state = ?2, snoozed_until = ?3, state_at = ?4
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                state.as_str(),
                until.map(Timestamp::as_millis),
                at.as_millis()
            ])?
            > 0)
    }

    /// The customer wrote (at `message_at`, the gateway's time) to a conversation that is not
    /// open: it opens again, unless the message is older than the last change of state (a late
    /// webhook of what was already handled). The fact's id when it reopened.
    pub fn reopen_by_customer(
        conn: &Connection,
        id: i64,
        message_at: Timestamp,
        now: Timestamp,
    ) -> Result<Option<i64>> {
        let Some((state, state_at)) = Self::conversation_state(conn, id)? else {
            return Ok(None);
        };
        if state == ConversationStatus::Open || message_at <= state_at {
            return Ok(None);
        }
        Self::set_conversation_state(conn, id, ConversationStatus::Open, None, now)?;
        Self::record_fact(
            conn,
            &NewFact {
                conversation_id: id,
                at: now,
                actor: None,
                kind: "reopened",
                detail: serde_json::json!({"was": state.as_str()}),
            },
        )
        .map(Some)
    }

    /// Snoozed conversations whose time has come, oldest first (at most `limit`).
    pub fn due_snoozes(conn: &Connection, now: Timestamp, limit: u32) -> Result<Vec<i64>> {
        let mut stmt = conn.prepare_cached(
            "SELECT id FROM conversations WHERE state = 'snoozed' AND snoozed_until <= ?1
             ORDER BY snoozed_until LIMIT ?2",
        )?;
        let ids = stmt.query_map(params![now.as_millis(), limit], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }

    /// When the next snooze ends, if any is running.
    pub fn next_snooze_end(conn: &Connection) -> Result<Option<Timestamp>> {
        let at: Option<i64> = conn
            .prepare_cached("SELECT MIN(snoozed_until) FROM conversations WHERE state = 'snoozed'")?
            .query_row([], |r| r.get(0))?;
        Ok(at.map(Timestamp::from_millis))
    }

    /// A conversation's facts, oldest first (at most `limit`, the newest ones).
    pub fn activity(conn: &Connection, conversation_id: i64, limit: u32) -> Result<Vec<Activity>> {
        let mut stmt = conn.prepare_cached(
            "SELECT * FROM (
                 SELECT f.id, f.conversation_id, f.at, f.actor_id, a.name, f.kind, f.detail
                 FROM conversation_facts f LEFT JOIN operators a ON a.id = f.actor_id
                 WHERE f.conversation_id = ?1 ORDER BY f.at DESC, f.id DESC LIMIT ?2
             ) ORDER BY at, id",
        )?;
        let rows = stmt.query_map(params![conversation_id, limit], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, conversation_id, at, actor_id, actor_name, kind, detail) = row?;
            let Some(change) = change_of(conn, &kind, &detail)? else {
                // A kind this build does not know (written by a newer one): left out.
                continue;
            };
            out.push(Activity {
                id,
                conversation_id,
                at: Timestamp::from_millis(at),
                actor: actor_id
                    .zip(actor_name)
                    .map(|(id, name)| OperatorRef { id, name }),
                change,
            });
        }
        Ok(out)
    }

    /// One fact by id, for announcing it.
    pub fn fact(conn: &Connection, id: i64) -> Result<Option<Activity>> {
        let conversation: Option<i64> = conn
            .prepare_cached("SELECT conversation_id FROM conversation_facts WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        let Some(conversation) = conversation else {
            return Ok(None);
        };
        // Facts of one conversation are few; the newest is almost always the one asked for.
        Ok(Self::activity(conn, conversation, 50)?
            .into_iter()
            .find(|a| a.id == id))
    }
}

/// A stored fact's change, with operators' current names.
fn change_of(conn: &Connection, kind: &str, detail: &str) -> Result<Option<Change>> {
    let detail: serde_json::Value = serde_json::from_str(detail)
        .map_err(|e| StoreError::Corrupt(format!("a conversation fact's detail: {e}")))?;
    Ok(match kind {
        "assigned" => {
            let Some(to) = operator_ref(conn, &detail["operator_id"])? else {
                return Ok(None);
            };
            Some(Change::Assigned {
                to,
                from: operator_ref(conn, &detail["from"])?,
                rule: detail["rule"].as_str().and_then(AssignmentRule::parse),
            })
        }
        "unassigned" => Some(Change::Unassigned {
            from: operator_ref(conn, &detail["from"])?,
            reason: match detail["reason"].as_str() {
                Some("no_reply") => Some(UnassignReason::NoReply),
                _ => None,
            },
        }),
        "overdue" => Some(Change::Overdue {
            assignee: operator_ref(conn, &detail["operator_id"])?,
            minutes: detail["minutes"]
                .as_u64()
                .and_then(|m| u32::try_from(m).ok())
                .unwrap_or_default(),
        }),
        "status" => detail["status"]
            .as_str()
            .and_then(ConversationStatus::parse)
            .map(|status| Change::Status {
                status,
                until: detail["until"].as_i64().map(Timestamp::from_millis),
            }),
        "reopened" => detail["was"]
            .as_str()
            .and_then(ConversationStatus::parse)
            .map(|was| Change::Reopened { was }),
        "woke" => Some(Change::Woke),
        "note" => {
            let mut mentions = Vec::new();
            for id in detail["mentions"].as_array().into_iter().flatten() {
                if let Some(id) = id.as_i64()
                    && let Some(o) = Db::operator_by_id(conn, id)?
                {
                    mentions.push(OperatorRef { id, name: o.name });
                }
            }
            Some(Change::Note {
                text: detail["text"].as_str().unwrap_or_default().to_owned(),
                mentions,
            })
        }
        "tagged" | "untagged" => {
            let Some(id) = detail["tag_id"].as_i64() else {
                return Ok(None);
            };
            let tag = Db::tag(conn, id)?.unwrap_or_else(|| crate::tags::Tag {
                id,
                name: detail["name"].as_str().unwrap_or_default().to_owned(),
                color: crate::tags::TagColor::default(),
            });
            Some(if kind == "tagged" {
                Change::Tagged { tag }
            } else {
                Change::Untagged { tag }
            })
        }
        "contact_field" => Some(Change::ContactField {
            label: detail["label"].as_str().unwrap_or_default().to_owned(),
            value: detail["value"].as_str().map(str::to_owned),
        }),
        _ => None,
    })
}

/// The operator a fact's detail names by id, with their current name (an operator is never
/// deleted, so a missing one only means a damaged id: named by nobody).
fn operator_ref(conn: &Connection, id: &serde_json::Value) -> Result<Option<OperatorRef>> {
    let Some(id) = id.as_i64() else {
        return Ok(None);
    };
    let name = Db::operator_by_id(conn, id)?.map_or_else(String::new, |o| o.name);
    Ok(Some(OperatorRef { id, name }))
}
