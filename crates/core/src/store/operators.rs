//! Operators: the people who sign in, and their roles.

use rusqlite::{Connection, OptionalExtension, Row};

use super::{Db, Result, StoreError};
use crate::operator::{Operator, Role};
use crate::time::Timestamp;

pub(super) const SELECT: &str =
    "SELECT id, login, name, role, active, last_seen_at, created_at FROM operators";

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
    }))
}

impl Db {
    pub fn operator_by_id(conn: &Connection, id: i64) -> Result<Option<Operator>> {
        conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
            .query_row([id], from_row)
            .optional()?
            .transpose()
    }
}
