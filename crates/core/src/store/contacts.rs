//! The contact card's custom fields and their values.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Db, Result};
use crate::contacts::{ContactField, FieldValue};

fn field_from(r: &Row<'_>) -> rusqlite::Result<ContactField> {
    Ok(ContactField {
        id: r.get(0)?,
        key: r.get(1)?,
        label: r.get(2)?,
        position: r.get(3)?,
    })
}

impl Db {
    /// The team's custom fields, in the card's order.
    pub fn contact_fields(conn: &Connection) -> Result<Vec<ContactField>> {
        let mut stmt = conn.prepare_cached(
            "SELECT id, key, label, position FROM contact_fields ORDER BY position, id",
        )?;
        let rows = stmt.query_map([], field_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn contact_field(conn: &Connection, id: i64) -> Result<Option<ContactField>> {
        Ok(conn
            .prepare_cached("SELECT id, key, label, position FROM contact_fields WHERE id = ?1")?
            .query_row([id], field_from)
            .optional()?)
    }

    /// Whether a field other than `except` has this key (whatever its case).
    pub fn contact_field_key_taken(
        conn: &Connection,
        key: &str,
        except: Option<i64>,
    ) -> Result<bool> {
        Ok(conn
            .prepare_cached(
                "SELECT 1 FROM contact_fields WHERE key = ?1 COLLATE NOCASE AND id IS NOT ?2",
            )?
            .query_row(params![key, except], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Defines a field (`id` none; with no position, after the last) or changes one (with no
    /// position, where it was); its id.
    pub fn save_contact_field(
        conn: &Connection,
        id: Option<i64>,
        key: &str,
        label: &str,
        position: Option<i64>,
    ) -> Result<i64> {
        Ok(match id {
            None => conn
                .prepare_cached(
                    "INSERT INTO contact_fields (key, label, position)
                     VALUES (?1, ?2, COALESCE(?3,
                         (SELECT COALESCE(MAX(position), -1) + 1 FROM contact_fields)))
                     RETURNING id",
                )?
                .query_row(params![key, label, position], |r| r.get(0))?,
            Some(id) => {
                conn.prepare_cached(
                    "UPDATE contact_fields SET key = ?2, label = ?3, position = COALESCE(?4, position)
                     WHERE id = ?1",
                )?
                .execute(params![id, key, label, position])?;
                id
            }
        })
    }

    /// Deletes a field with every contact's value of it; false when there is no such field.
    pub fn delete_contact_field(conn: &Connection, id: i64) -> Result<bool> {
        conn.prepare_cached("DELETE FROM contact_values WHERE field_id = ?1")?
            .execute([id])?;
        Ok(conn
            .prepare_cached("DELETE FROM contact_fields WHERE id = ?1")?
            .execute([id])?
            > 0)
    }

    /// Every field of the team, in order, with this contact's value.
    pub fn contact_field_values(conn: &Connection, contact_id: i64) -> Result<Vec<FieldValue>> {
        let mut stmt = conn.prepare_cached(
            "SELECT f.id, f.key, f.label, f.position, v.value FROM contact_fields f
             LEFT JOIN contact_values v ON v.field_id = f.id AND v.contact_id = ?1
             ORDER BY f.position, f.id",
        )?;
        let rows = stmt.query_map([contact_id], |r| {
            Ok(FieldValue {
                field: field_from(r)?,
                value: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Sets a contact's value of a field (none: clears it); whether it changed.
    pub fn set_contact_value(
        conn: &Connection,
        contact_id: i64,
        field_id: i64,
        value: Option<&str>,
    ) -> Result<bool> {
        Ok(match value {
            Some(value) => conn
                .prepare_cached(
                    "INSERT INTO contact_values (contact_id, field_id, value) VALUES (?1, ?2, ?3)
                     ON CONFLICT (contact_id, field_id) DO UPDATE SET value = excluded.value
                     WHERE value IS NOT excluded.value",
                )?
                .execute(params![contact_id, field_id, value])?,
            None => conn
                .prepare_cached(
                    "DELETE FROM contact_values WHERE contact_id = ?1 AND field_id = ?2",
                )?
                .execute(params![contact_id, field_id])?,
        } > 0)
    }
}
