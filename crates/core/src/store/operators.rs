//! Operators: the people who sign in, their roles, their password hashes (which never leave
//! this module except to be verified), and the changes made to them.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Db, Result, StoreError};
use crate::operator::{Operator, Role};
use crate::time::Timestamp;

pub(super) const SELECT: &str =
    "SELECT id, login, name, role, active, last_seen_at, created_at, accepting FROM operators";

/// [`SELECT`]'s columns for a query that joins `operators AS o`, in [`from_row`]'s order.
pub(super) const JOINED: &str =
    "o.id, o.login, o.name, o.role, o.active, o.last_seen_at, o.created_at, o.accepting";

pub(super) fn from_row(r: &Row<'_>) -> rusqlite::Result<Result<Operator>> {
    let role: String = r.get(3)?;
    let Some(role) = Role::parse(&role) else {
        return Ok(Err(StoreError::Corrupt(format!(
            "operator {} has an unknown role",
            r.get::<_, i64>(0)?
        ))));
    };
    Ok(Ok(Operator {
        id: r.get(0)?,
        login: r.get(1)?,
        name: r.get(2)?,
        role,
        active: r.get(4)?,
        last_seen_at: r.get::<_, Option<i64>>(5)?.map(Timestamp::from_millis),
        created_at: Timestamp::from_millis(r.get(6)?),
        accepting: r.get(7)?,
    }))
}

/// An operator to add; the password already hashed.
#[derive(Clone, Debug)]
pub struct NewOperator {
    pub login: String,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
}

/// A change to an operator, as the audit log keeps it.
#[derive(Clone, Debug)]
pub struct OperatorChange {
    pub at: Timestamp,
    pub actor_id: i64,
    pub operator_id: i64,
    /// `added`, `renamed`, `role`, `disabled`, `enabled`, `password_set`, `password_changed`,
    /// `api_key_created`, `api_key_revoked`, `accepting` (the operator's own switch).
    pub kind: &'static str,
    pub detail: serde_json::Value,
}

impl Db {
    pub fn operator_by_id(conn: &Connection, id: i64) -> Result<Option<Operator>> {
        conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
            .query_row([id], from_row)
            .optional()?
            .transpose()
    }

    /// Everyone, the local operator first, then by name.
    pub fn operators(conn: &Connection) -> Result<Vec<Operator>> {
        let mut stmt = conn.prepare_cached(&format!(
            "{SELECT} ORDER BY id != 1, name COLLATE NOCASE, id"
        ))?;
        let rows = stmt.query_map([], from_row)?;
        rows.map(|r| r?).collect()
    }

    /// The operator who signs in as `login` (whatever its case), with their password's hash
    /// if they have one.
    pub fn operator_by_login(
        conn: &Connection,
        login: &str,
    ) -> Result<Option<(Operator, Option<String>)>> {
        conn.prepare_cached(
            "SELECT id, login, name, role, active, last_seen_at, created_at, accepting,
                    password_hash
             FROM operators WHERE login = ?1",
        )?
        .query_row([login], |r| {
            let hash: Option<String> = r.get(8)?;
            Ok(from_row(r)?.map(|o| (o, hash)))
        })
        .optional()?
        .transpose()
    }

    pub fn password_hash(conn: &Connection, operator_id: i64) -> Result<Option<String>> {
        Ok(conn
            .prepare_cached("SELECT password_hash FROM operators WHERE id = ?1")?
            .query_row([operator_id], |r| r.get(0))
            .optional()?
            .flatten())
    }

    pub fn login_taken(conn: &Connection, login: &str) -> Result<bool> {
        Ok(conn
            .prepare_cached("SELECT 1 FROM operators WHERE login = ?1")?
            .exists([login])?)
    }

    /// Whether another operator than `except` has this display name (whatever its case).
    pub fn name_taken(conn: &Connection, name: &str, except: Option<i64>) -> Result<bool> {
        Ok(conn
            .prepare_cached(
                "SELECT 1 FROM operators WHERE name = ?1 COLLATE NOCASE AND id IS NOT ?2",
            )?
            .exists(params![name, except])?)
    }

    pub fn insert_operator(
        conn: &Connection,
        new: &NewOperator,
        now: Timestamp,
    ) -> Result<Operator> {
        conn.prepare_cached(
            "INSERT INTO operators (login, name, role, password_hash, active, created_at)
             VALUES (?1, ?2, ?3, ?4, 1, ?5)",
        )?
        .execute(params![
            new.login,
            new.name,
            new.role.as_str(),
            new.password_hash,
            now.as_millis()
        ])?;
        let id = conn.last_insert_rowid();
        Self::operator_by_id(conn, id)?
            .ok_or_else(|| StoreError::Corrupt("operator vanished".into()))
    }

    /// Active supervisors who can sign in (they have a login), other than `except`.
    pub fn signing_in_supervisors_besides(conn: &Connection, except: i64) -> Result<i64> {
        Ok(conn
            .prepare_cached(
                "SELECT COUNT(*) FROM operators
                 WHERE role = 'supervisor' AND active = 1 AND login IS NOT NULL AND id != ?1",
            )?
            .query_row([except], |r| r.get(0))?)
    }

    pub fn set_operator_name(conn: &Connection, id: i64, name: &str) -> Result<()> {
        conn.prepare_cached("UPDATE operators SET name = ?2 WHERE id = ?1")?
            .execute(params![id, name])?;
        Ok(())
    }

    pub fn set_operator_role(conn: &Connection, id: i64, role: Role) -> Result<()> {
        conn.prepare_cached("UPDATE operators SET role = ?2 WHERE id = ?1")?
            .execute(params![id, role.as_str()])?;
        Ok(())
    }

    pub fn set_operator_active(conn: &Connection, id: i64, active: bool) -> Result<()> {
        conn.prepare_cached("UPDATE operators SET active = ?2 WHERE id = ?1")?
            .execute(params![id, active])?;
        Ok(())
    }

    /// Sets an operator's own "I take new chats" switch; false when there is no such operator.
    pub fn set_accepting(conn: &Connection, operator_id: i64, accepting: bool) -> Result<bool> {
        Ok(conn
            .prepare_cached("UPDATE operators SET accepting = ?2 WHERE id = ?1")?
            .execute(params![operator_id, accepting])?
            > 0)
    }

    pub fn set_password_hash(conn: &Connection, id: i64, hash: &str) -> Result<()> {
        conn.prepare_cached("UPDATE operators SET password_hash = ?2 WHERE id = ?1")?
            .execute(params![id, hash])?;
        Ok(())
    }

    pub fn record_operator_change(conn: &Connection, change: &OperatorChange) -> Result<()> {
        conn.prepare_cached(
            "INSERT INTO operator_changes (at, actor_id, operator_id, kind, detail)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            change.at.as_millis(),
            change.actor_id,
            change.operator_id,
            change.kind,
            change.detail.to_string()
        ])?;
        Ok(())
    }

    /// The changes made to `operator_id`, oldest first: `(at, actor_id, kind, detail)`.
    pub fn operator_changes(
        conn: &Connection,
        operator_id: i64,
    ) -> Result<Vec<(Timestamp, i64, String, serde_json::Value)>> {
        let mut stmt = conn.prepare_cached(
            "SELECT at, actor_id, kind, detail FROM operator_changes
             WHERE operator_id = ?1 ORDER BY at, id",
        )?;
        let rows = stmt.query_map([operator_id], |r| {
            let detail: String = r.get(3)?;
            Ok((
                Timestamp::from_millis(r.get(0)?),
                r.get(1)?,
                r.get(2)?,
                serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
