//! Quality-control scores of conversations.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Db, Result};
use crate::message::OperatorRef;
use crate::review::Review;
use crate::time::Timestamp;

const SELECT: &str = "SELECT r.id, r.conversation_id, r.reviewer_id, rv.name, r.manager_id, m.name,
        r.score, r.comment, r.at
    FROM reviews r
    JOIN operators rv ON rv.id = r.reviewer_id
    LEFT JOIN operators m ON m.id = r.manager_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Review> {
    let manager_id: Option<i64> = r.get(4)?;
    let manager_name: Option<String> = r.get(5)?;
    Ok(Review {
        id: r.get(0)?,
        conversation_id: r.get(1)?,
        reviewer: OperatorRef {
            id: r.get(2)?,
            name: r.get(3)?,
        },
        manager: manager_id.map(|id| OperatorRef {
            id,
            name: manager_name.unwrap_or_default(),
        }),
        score: r.get(6)?,
        comment: r.get(7)?,
        at: Timestamp::from_millis(r.get(8)?),
    })
}

impl Db {
    /// Scores a conversation as it stands now: whose work it is (the assignee) is read in the
    /// same transaction. None when there is no such conversation.
    pub fn insert_review(
        conn: &Connection,
        conversation_id: i64,
        reviewer_id: i64,
        score: u8,
        comment: &str,
        at: Timestamp,
    ) -> Result<Option<Review>> {
        let Some(manager) = Self::conversation_assignee(conn, conversation_id)? else {
            return Ok(None);
        };
        conn.prepare_cached(
            "INSERT INTO reviews (conversation_id, reviewer_id, manager_id, score, comment, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            conversation_id,
            reviewer_id,
            manager,
            score,
            comment,
            at.as_millis()
        ])?;
        let id = conn.last_insert_rowid();
        Ok(conn
            .prepare_cached(&format!("{SELECT} WHERE r.id = ?1"))?
            .query_row([id], from_row)
            .optional()?)
    }

    /// A conversation's reviews, newest first.
    pub fn conversation_reviews(conn: &Connection, conversation_id: i64) -> Result<Vec<Review>> {
        let mut stmt = conn.prepare_cached(&format!(
            "{SELECT} WHERE r.conversation_id = ?1 ORDER BY r.at DESC, r.id DESC"
        ))?;
        let rows = stmt.query_map([conversation_id], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
