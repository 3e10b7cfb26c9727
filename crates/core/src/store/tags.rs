//! The team's tags and the conversations that carry them.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Db, Result, StoreError};
use crate::tags::{Tag, TagColor};
use crate::time::Timestamp;

fn tag_from(r: &Row<'_>) -> rusqlite::Result<Result<Tag>> {
    let color: String = r.get(2)?;
    let Some(color) = TagColor::parse(&color) else {
        return Ok(Err(StoreError::Corrupt(format!(
            "tag {}: colour {color}",
            r.get::<_, i64>(0)?
        ))));
    };
    Ok(Ok(Tag {
        id: r.get(0)?,
        name: r.get(1)?,
        color,
    }))
}

impl Db {
    /// Every tag of the team, by name whatever its case.
    pub fn tags(conn: &Connection) -> Result<Vec<Tag>> {
        let mut stmt = conn
            .prepare_cached("SELECT id, name, color FROM tags ORDER BY name COLLATE NOCASE, id")?;
        let rows = stmt.query_map([], tag_from)?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .collect()
    }

    pub fn tag(conn: &Connection, id: i64) -> Result<Option<Tag>> {
        conn.prepare_cached("SELECT id, name, color FROM tags WHERE id = ?1")?
            .query_row([id], tag_from)
            .optional()?
            .transpose()
    }

    /// The tag called `name` whatever its case (in any alphabet), other than `except`.
    pub fn tag_named(conn: &Connection, name: &str, except: Option<i64>) -> Result<Option<i64>> {
        // SQLite folds the case of ASCII letters only: «ВИП» and «вип» are compared here.
        let mut stmt = conn.prepare_cached("SELECT id, name FROM tags WHERE id IS NOT ?1")?;
        let wanted = name.to_lowercase();
        let mut rows = stmt.query([except])?;
        while let Some(row) = rows.next()? {
            if row.get::<_, String>(1)?.to_lowercase() == wanted {
                return Ok(Some(row.get(0)?));
            }
        }
        Ok(None)
    }

    pub fn insert_tag(
        conn: &Connection,
        name: &str,
        color: TagColor,
        by: i64,
        at: Timestamp,
    ) -> Result<i64> {
        Ok(conn
            .prepare_cached(
                "INSERT INTO tags (name, color, created_by, created_at) VALUES (?1, ?2, ?3, ?4)
                 RETURNING id",
            )?
            .query_row(params![name, color.as_str(), by, at.as_millis()], |r| {
                r.get(0)
            })?)
    }

    /// Renames and recolours a tag; false when there is no such tag.
    pub fn update_tag(conn: &Connection, id: i64, name: &str, color: TagColor) -> Result<bool> {
        Ok(conn
            .prepare_cached("UPDATE tags SET name = ?2, color = ?3 WHERE id = ?1")?
            .execute(params![id, name, color.as_str()])?
            > 0)
    }

    /// Deletes a tag, taking it off every conversation; false when there is no such tag.
    pub fn delete_tag(conn: &Connection, id: i64) -> Result<bool> {
        // The cascade needs foreign keys on, which every connection has; said here as well so
        // the rows go whatever the connection.
        conn.prepare_cached("DELETE FROM conversation_tags WHERE tag_id = ?1")?
            .execute([id])?;
        Ok(conn
            .prepare_cached("DELETE FROM tags WHERE id = ?1")?
            .execute([id])?
            > 0)
    }

    /// Puts a tag on a conversation (`on`) or takes it off; whether anything changed.
    pub fn set_conversation_tag(
        conn: &Connection,
        conversation_id: i64,
        tag_id: i64,
        on: bool,
    ) -> Result<bool> {
        let sql = if on {
            "INSERT OR IGNORE INTO conversation_tags (conversation_id, tag_id) VALUES (?1, ?2)"
        } else {
            "DELETE FROM conversation_tags WHERE conversation_id = ?1 AND tag_id = ?2"
        };
        Ok(conn
            .prepare_cached(sql)?
            .execute(params![conversation_id, tag_id])?
            > 0)
    }
}
