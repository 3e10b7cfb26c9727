//! Sessions and API keys: each found by its token's SHA-256 (the token itself is never
//! stored), with who it belongs to and when and where it was last used.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::operators::{self, JOINED};
use super::{Db, Result, StoreError};
use crate::operator::Operator;
use crate::time::Timestamp;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialKind {
    Session,
    ApiKey,
}

impl CredentialKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Session => "session",
            Self::ApiKey => "api_key",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "session" => Some(Self::Session),
            "api_key" => Some(Self::ApiKey),
            _ => None,
        }
    }
}

/// A stored session or API key (never its token).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialRow {
    pub id: i64,
    pub operator_id: i64,
    pub kind: CredentialKind,
    /// An API key's name, or what a session signed in with (a browser's User-Agent).
    pub label: String,
    pub created_at: Timestamp,
    /// Updated at most once a minute; its creation until first used.
    pub last_used_at: Timestamp,
    pub last_address: Option<String>,
}

/// A credential to store.
#[derive(Clone, Debug)]
pub struct NewCredential {
    pub operator_id: i64,
    pub kind: CredentialKind,
    pub token_hash: [u8; 32],
    pub label: String,
    pub address: Option<String>,
}

const COLUMNS: &str =
    "c.id, c.operator_id, c.kind, c.label, c.created_at, c.last_used_at, c.last_address";

/// A credential from [`COLUMNS`] starting at column `at`.
fn from_row(r: &Row<'_>, at: usize) -> rusqlite::Result<Result<CredentialRow>> {
    let kind: String = r.get(at + 2)?;
    let Some(kind) = CredentialKind::parse(&kind) else {
        return Ok(Err(StoreError::Corrupt(format!(
            "credential {} is of an unknown kind",
            r.get::<_, i64>(at)?
        ))));
    };
    Ok(Ok(CredentialRow {
        id: r.get(at)?,
        operator_id: r.get(at + 1)?,
        kind,
        label: r.get(at + 3)?,
        created_at: Timestamp::from_millis(r.get(at + 4)?),
        last_used_at: Timestamp::from_millis(r.get(at + 5)?),
        last_address: r.get(at + 6)?,
    }))
}

impl Db {
    pub fn insert_credential(
        conn: &Connection,
        new: &NewCredential,
        now: Timestamp,
    ) -> Result<CredentialRow> {
        conn.prepare_cached(
            "INSERT INTO credentials
                 (operator_id, kind, token_hash, label, created_at, last_used_at, last_address)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
        )?
        .execute(params![
            new.operator_id,
            new.kind.as_str(),
            &new.token_hash[..],
            new.label,
            now.as_millis(),
            new.address
        ])?;
        let id = conn.last_insert_rowid();
        Self::credential(conn, id)?.ok_or_else(|| StoreError::Corrupt("credential vanished".into()))
    }

    /// Stores an API key for a token made elsewhere (the data directory's), unless it is
    /// stored already; whether it was added.
    pub fn adopt_credential(
        conn: &Connection,
        new: &NewCredential,
        now: Timestamp,
    ) -> Result<bool> {
        let added = conn
            .prepare_cached(
                "INSERT INTO credentials
                     (operator_id, kind, token_hash, label, created_at, last_used_at, last_address)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)
                 ON CONFLICT (token_hash) DO NOTHING",
            )?
            .execute(params![
                new.operator_id,
                new.kind.as_str(),
                &new.token_hash[..],
                new.label,
                now.as_millis(),
                new.address
            ])?;
        Ok(added > 0)
    }

    pub fn credential(conn: &Connection, id: i64) -> Result<Option<CredentialRow>> {
        conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM credentials c WHERE c.id = ?1"
        ))?
        .query_row([id], |r| from_row(r, 0))
        .optional()?
        .transpose()
    }

    /// The credential whose token hashes to `hash`, with its operator: one look-up in the
    /// unique index, made on every request.
    pub fn credential_by_hash(
        conn: &Connection,
        hash: &[u8; 32],
    ) -> Result<Option<(CredentialRow, Operator)>> {
        conn.prepare_cached(&format!(
            "SELECT {JOINED}, {COLUMNS} FROM credentials c
             JOIN operators o ON o.id = c.operator_id
             WHERE c.token_hash = ?1"
        ))?
        .query_row([&hash[..]], |r| {
            let operator = operators::from_row(r)?;
            // The credential's columns follow the operator's ([`JOINED`] has eight).
            let credential = from_row(r, 8)?;
            Ok(operator.and_then(|o| credential.map(|c| (c, o))))
        })
        .optional()?
        .transpose()
    }

    /// Records that a credential was used at `now` from `address`, and that its operator was
    /// seen then.
    pub fn touch_credential(
        conn: &Connection,
        id: i64,
        operator_id: i64,
        now: Timestamp,
        address: Option<&str>,
    ) -> Result<()> {
        conn.prepare_cached(
            "UPDATE credentials SET last_used_at = ?2, last_address = coalesce(?3, last_address)
             WHERE id = ?1",
        )?
        .execute(params![id, now.as_millis(), address])?;
        Self::operator_seen(conn, operator_id, now)
    }

    pub fn operator_seen(conn: &Connection, operator_id: i64, now: Timestamp) -> Result<()> {
        conn.prepare_cached("UPDATE operators SET last_seen_at = ?2 WHERE id = ?1")?
            .execute(params![operator_id, now.as_millis()])?;
        Ok(())
    }

    /// An operator's sessions or API keys, most recently used first.
    pub fn credentials_of(
        conn: &Connection,
        operator_id: i64,
        kind: CredentialKind,
    ) -> Result<Vec<CredentialRow>> {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM credentials c WHERE c.operator_id = ?1 AND c.kind = ?2
             ORDER BY c.last_used_at DESC, c.id DESC"
        ))?;
        let rows = stmt.query_map(params![operator_id, kind.as_str()], |r| from_row(r, 0))?;
        rows.map(|r| r?).collect()
    }

    /// Deletes one of an operator's credentials of `kind`; whether there was one.
    pub fn delete_credential(
        conn: &Connection,
        id: i64,
        operator_id: i64,
        kind: CredentialKind,
    ) -> Result<bool> {
        let deleted = conn
            .prepare_cached(
                "DELETE FROM credentials WHERE id = ?1 AND operator_id = ?2 AND kind = ?3",
            )?
            .execute(params![id, operator_id, kind.as_str()])?;
        Ok(deleted > 0)
    }

    /// Ends an operator's sessions, all but `keep`; how many ended.
    pub fn delete_sessions(
        conn: &Connection,
        operator_id: i64,
        keep: Option<i64>,
    ) -> Result<usize> {
        Ok(conn
            .prepare_cached(
                "DELETE FROM credentials
                 WHERE operator_id = ?1 AND kind = 'session' AND id IS NOT ?2",
            )?
            .execute(params![operator_id, keep])?)
    }

    /// Revokes all of an operator's API keys; how many.
    pub fn delete_api_keys(conn: &Connection, operator_id: i64) -> Result<usize> {
        Ok(conn
            .prepare_cached("DELETE FROM credentials WHERE operator_id = ?1 AND kind = 'api_key'")?
            .execute([operator_id])?)
    }

    /// Deletes an operator's sessions unused since `idle_since`.
    pub fn delete_idle_sessions(
        conn: &Connection,
        operator_id: i64,
        idle_since: Timestamp,
    ) -> Result<usize> {
        Ok(conn
            .prepare_cached(
                "DELETE FROM credentials
                 WHERE operator_id = ?1 AND kind = 'session' AND last_used_at < ?2",
            )?
            .execute(params![operator_id, idle_since.as_millis()])?)
    }
}
