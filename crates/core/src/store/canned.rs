//! Canned replies: the team's (no owner) and each operator's own.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Db, Result};
use crate::canned::CannedReply;
use crate::time::Timestamp;

const COLUMNS: &str = "id, shortcut, body, owner_id IS NULL, updated_at, owner_id";

fn canned_from(r: &Row<'_>) -> rusqlite::Result<(Option<i64>, CannedReply)> {
    Ok((
        r.get(5)?,
        CannedReply {
            id: r.get(0)?,
            shortcut: r.get(1)?,
            body: r.get(2)?,
            team: r.get(3)?,
            updated_at: Timestamp::from_millis(r.get(4)?),
        },
    ))
}

impl Db {
    /// The team's canned replies and `owner`'s own, by shortcut (the team's first on a tie).
    pub fn canned_replies(conn: &Connection, owner: i64) -> Result<Vec<CannedReply>> {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM canned_replies WHERE owner_id IS NULL OR owner_id = ?1
             ORDER BY shortcut COLLATE NOCASE, owner_id IS NOT NULL, id"
        ))?;
        let rows = stmt.query_map([owner], canned_from)?;
        Ok(rows
            .map(|r| r.map(|(_, c)| c))
            .collect::<rusqlite::Result<_>>()?)
    }

    /// A canned reply with its owner (none: the team's).
    pub fn canned_reply(conn: &Connection, id: i64) -> Result<Option<(Option<i64>, CannedReply)>> {
        Ok(conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM canned_replies WHERE id = ?1"
            ))?
            .query_row([id], canned_from)
            .optional()?)
    }

    /// Whether `shortcut` (whatever its case, in any alphabet) is taken in the scope of
    /// `owner` (none: the team's) by a reply other than `except`.
    pub fn canned_shortcut_taken(
        conn: &Connection,
        owner: Option<i64>,
        shortcut: &str,
        except: Option<i64>,
    ) -> Result<bool> {
        // SQLite folds the case of ASCII letters only: /Привет and /привет are compared here.
        let mut stmt = conn.prepare_cached(
            "SELECT shortcut FROM canned_replies WHERE owner_id IS ?1 AND id IS NOT ?2",
        )?;
        let wanted = shortcut.to_lowercase();
        let mut rows = stmt.query(params![owner, except])?;
        while let Some(row) = rows.next()? {
            if row.get::<_, String>(0)?.to_lowercase() == wanted {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Stores a new canned reply (`id` none) or changes one; its id.
    pub fn save_canned_reply(
        conn: &Connection,
        id: Option<i64>,
        owner: Option<i64>,
        shortcut: &str,
        body: &str,
        by: i64,
        at: Timestamp,
    ) -> Result<i64> {
        Ok(match id {
            None => conn
                .prepare_cached(
                    "INSERT INTO canned_replies (owner_id, shortcut, body, updated_at, updated_by)
                     VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                )?
                .query_row(params![owner, shortcut, body, at.as_millis(), by], |r| {
                    r.get(0)
                })?,
            Some(id) => {
                conn.prepare_cached(
                    "UPDATE canned_replies
                     SET owner_id = ?2, shortcut = ?3, body = ?4, updated_at = ?5, updated_by = ?6
                     WHERE id = ?1",
                )?
                .execute(params![
                    id,
                    owner,
                    shortcut,
                    body,
                    at.as_millis(),
                    by
                ])?;
                id
            }
        })
    }

    pub fn delete_canned_reply(conn: &Connection, id: i64) -> Result<bool> {
        Ok(conn
            .prepare_cached("DELETE FROM canned_replies WHERE id = ?1")?
            .execute([id])?
            > 0)
    }
}
