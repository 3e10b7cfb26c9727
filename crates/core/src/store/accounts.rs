//! The `accounts` table.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Db, Result, StoreError};
use crate::account::GatewayKind;
use crate::time::Timestamp;

/// An account as stored, including the parts the API never shows (`secret_ref`) and the
/// webhook token the API shows only inside callback URLs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountRow {
    pub id: i64,
    pub name: String,
    pub gateway: GatewayKind,
    pub sender: String,
    pub base_url: String,
    pub options: serde_json::Map<String, serde_json::Value>,
    pub sandbox: bool,
    pub webhook_token: String,
    pub secret_ref: String,
    pub created_at: Timestamp,
}

#[derive(Clone, Debug)]
pub struct NewAccount {
    pub name: String,
    pub gateway: GatewayKind,
    pub sender: String,
    pub base_url: String,
    pub options: serde_json::Map<String, serde_json::Value>,
    pub sandbox: bool,
}

const COLUMNS: &str =
    "id, name, gateway, sender, base_url, options, sandbox, webhook_token, secret_ref, created_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Result<AccountRow>> {
    let gateway: String = r.get(2)?;
    let options: String = r.get(5)?;
    let Some(gateway) = GatewayKind::parse(&gateway) else {
        return Ok(Err(StoreError::Corrupt(format!(
            "unknown gateway '{gateway}'"
        ))));
    };
    let options = match serde_json::from_str(&options) {
        Ok(o) => o,
        Err(e) => return Ok(Err(StoreError::Corrupt(format!("account options: {e}")))),
    };
    Ok(Ok(AccountRow {
        id: r.get(0)?,
        name: r.get(1)?,
        gateway,
        sender: r.get(3)?,
        base_url: r.get(4)?,
        options,
        sandbox: r.get(6)?,
        webhook_token: r.get(7)?,
        secret_ref: r.get(8)?,
        created_at: Timestamp::from_millis(r.get(9)?),
    }))
}

/// 244 random bits (two v4 UUIDs) as 64 hex characters: unguessable, and safe in a URL path.
pub fn random_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

impl Db {
    pub fn insert_account(
        conn: &Connection,
        new: &NewAccount,
        now: Timestamp,
    ) -> Result<AccountRow> {
        let options =
            serde_json::to_string(&new.options).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        conn.execute(
            "INSERT INTO accounts (name, gateway, sender, base_url, options, sandbox, webhook_token, secret_ref, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                new.name,
                new.gateway.as_str(),
                new.sender,
                new.base_url,
                options,
                new.sandbox,
                random_token(),
                uuid::Uuid::new_v4().to_string(),
                now.as_millis()
            ],
        )?;
        let id = conn.last_insert_rowid();
        Self::account_by_id(conn, id)?.ok_or_else(|| StoreError::Corrupt("account vanished".into()))
    }

    pub fn accounts(conn: &Connection) -> Result<Vec<AccountRow>> {
        let mut stmt =
            conn.prepare_cached(&format!("SELECT {COLUMNS} FROM accounts ORDER BY id"))?;
        let rows = stmt.query_map([], from_row)?;
        rows.map(|r| r?).collect()
    }

    fn account_where(
        conn: &Connection,
        clause: &str,
        value: &dyn rusqlite::ToSql,
    ) -> Result<Option<AccountRow>> {
        let mut stmt =
            conn.prepare_cached(&format!("SELECT {COLUMNS} FROM accounts WHERE {clause}"))?;
        stmt.query_row([value], from_row).optional()?.transpose()
    }

    pub fn account_by_id(conn: &Connection, id: i64) -> Result<Option<AccountRow>> {
        Self::account_where(conn, "id = ?1", &id)
    }

    pub fn account_by_name(conn: &Connection, name: &str) -> Result<Option<AccountRow>> {
        Self::account_where(conn, "name = ?1", &name)
    }

    /// The account whose webhooks `token` names at `now`: its token, or the one it replaced
    /// while that one's grace period lasts; with when the token stops working (`None`: never).
    pub fn account_by_token(
        conn: &Connection,
        token: &str,
        now: Timestamp,
    ) -> Result<Option<(AccountRow, Option<Timestamp>)>> {
        if let Some(row) = Self::account_where(conn, "webhook_token = ?1", &token)? {
            return Ok(Some((row, None)));
        }
        let until: Option<(i64, i64)> = conn
            .prepare_cached(
                "SELECT id, previous_until FROM accounts WHERE previous_token = ?1 AND previous_until > ?2",
            )?
            .query_row(params![token, now.as_millis()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((id, until)) = until else {
            return Ok(None);
        };
        Ok(Self::account_by_id(conn, id)?.map(|row| (row, Some(Timestamp::from_millis(until)))))
    }

    /// Gives an account a new webhook token; the old one keeps working until `old_until`
    /// (replacing any earlier one still in its grace period).
    pub fn rotate_webhook_token(
        conn: &Connection,
        id: i64,
        old_until: Timestamp,
    ) -> Result<Option<AccountRow>> {
        let changed = conn.execute(
            "UPDATE accounts SET previous_token = webhook_token, previous_until = ?2,
                                 webhook_token = ?3
             WHERE id = ?1",
            params![id, old_until.as_millis(), random_token()],
        )?;
        if changed == 0 {
            return Ok(None);
        }
        Self::account_by_id(conn, id)
    }

    /// Removes an account with its conversations, their messages and facts. The facts that are
    /// audit entries are first copied into the audit log's own table, in the same savepoint: the
    /// log outlives what it names, and a removal that fails halfway archives nothing.
    pub fn delete_account(conn: &mut Connection, id: i64) -> Result<bool> {
        let sp = conn.savepoint()?;
        Db::archive_account_facts(&sp, id)?;
        let removed = sp.execute("DELETE FROM accounts WHERE id = ?1", [id])? > 0;
        sp.commit()?;
        Ok(removed)
    }

    pub fn set_account_base_url(conn: &Connection, id: i64, base_url: &str) -> Result<()> {
        conn.execute(
            "UPDATE accounts SET base_url = ?2 WHERE id = ?1",
            params![id, base_url],
        )?;
        Ok(())
    }
}
