//! The audit log: what only it keeps (sign-ins, exports, settings, opening a conversation), and
//! reading every source of it in time order.
//!
//! The log is three tables read as one: `conversation_facts` (assignments, statuses),
//! `operator_changes` and `audit_events` (which also keeps the facts of removed accounts'
//! conversations, archived under their kind). Each is read newest first by its own time index
//! with the page's limit, and the three short lists are merged: a page costs three index range
//! reads, however long the log. Entries are ordered by (time, source, id), all descending; the
//! page's cursor is that triple.

use rusqlite::types::Value;
use rusqlite::{Connection, params};

use super::{Db, Result};
use crate::audit::FACT_KINDS;
use crate::time::Timestamp;

/// Where an entry is kept. Ordered as entries of one millisecond are listed (descending).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AuditSource {
    /// `audit_events`: what only the audit log keeps.
    Events,
    /// `conversation_facts`.
    Facts,
    /// `operator_changes`.
    Operators,
}

impl AuditSource {
    pub const ALL: [AuditSource; 3] = [Self::Events, Self::Facts, Self::Operators];

    /// The letter entry ids and cursors name it by.
    pub fn letter(self) -> char {
        match self {
            Self::Events => 'e',
            Self::Facts => 'f',
            Self::Operators => 'o',
        }
    }

    pub fn from_letter(c: char) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.letter() == c)
    }

    /// The source's rows in the shape of [`AuditRow`]'s columns.
    fn select(self) -> &'static str {
        match self {
            Self::Events => {
                "SELECT at, id, actor_id, address, conversation_id, NULL AS subject, kind, detail
                 FROM audit_events"
            }
            Self::Facts => {
                "SELECT at, id, actor_id, NULL, conversation_id, NULL, kind, detail
                 FROM conversation_facts"
            }
            Self::Operators => {
                "SELECT at, id, actor_id, NULL, NULL, operator_id, kind, detail
                 FROM operator_changes"
            }
        }
    }
}

/// An entry to append to `audit_events`.
#[derive(Clone, Debug)]
pub struct NewAuditEvent {
    pub at: Timestamp,
    pub actor_id: Option<i64>,
    pub address: Option<String>,
    pub conversation_id: Option<i64>,
    pub kind: String,
    pub detail: serde_json::Value,
}

/// One stored entry of any source, as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRow {
    pub source: AuditSource,
    pub id: i64,
    pub at: Timestamp,
    pub actor_id: Option<i64>,
    pub address: Option<String>,
    pub conversation_id: Option<i64>,
    /// The operator an operator change was made to.
    pub subject_id: Option<i64>,
    /// The kind as its source stores it.
    pub kind: String,
    pub detail: String,
}

/// Which rows to read, newest first.
#[derive(Clone, Debug, Default)]
pub struct AuditSelect {
    /// The sources to read, each with the stored kinds wanted (none: every kind).
    pub sources: Vec<(AuditSource, Option<Vec<&'static str>>)>,
    pub actor_id: Option<i64>,
    /// From this time on (inclusive).
    pub from: Option<Timestamp>,
    /// Before this time (exclusive).
    pub to: Option<Timestamp>,
    /// Rows after this one in the log's order: (time, source, id) of the last row seen.
    pub after: Option<(Timestamp, AuditSource, i64)>,
    pub limit: u32,
}

impl Db {
    pub fn record_audit_event(conn: &Connection, event: &NewAuditEvent) -> Result<i64> {
        Ok(conn
            .prepare_cached(
                "INSERT INTO audit_events (at, actor_id, address, conversation_id, kind, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
            )?
            .query_row(
                params![
                    event.at.as_millis(),
                    event.actor_id,
                    event.address,
                    event.conversation_id,
                    event.kind,
                    event.detail.to_string()
                ],
                |r| r.get(0),
            )?)
    }

    /// Appends `event` (an `opened`) unless its actor opened its conversation at or after
    /// `since` already; whether it was appended.
    pub fn record_opened(
        conn: &Connection,
        event: &NewAuditEvent,
        since: Timestamp,
    ) -> Result<bool> {
        let recent = conn
            .prepare_cached(
                "SELECT 1 FROM audit_events
                 WHERE kind = 'opened' AND actor_id IS ?1 AND conversation_id IS ?2 AND at >= ?3",
            )?
            .exists(params![
                event.actor_id,
                event.conversation_id,
                since.as_millis()
            ])?;
        if recent {
            return Ok(false);
        }
        Self::record_audit_event(conn, event)?;
        Ok(true)
    }

    /// Copies the audit entries among the facts of account `account_id`'s conversations into
    /// `audit_events` (same time, actor, conversation, kind and detail; no address, as facts
    /// have none), before removing the account cascades to them. In their order, so entries of
    /// one millisecond keep theirs.
    pub fn archive_account_facts(conn: &Connection, account_id: i64) -> Result<usize> {
        let kinds = vec!["?"; FACT_KINDS.len()].join(", ");
        let sql = format!(
            "INSERT INTO audit_events (at, actor_id, address, conversation_id, kind, detail)
             SELECT f.at, f.actor_id, NULL, f.conversation_id, f.kind, f.detail
             FROM conversations cv
             JOIN conversation_facts f ON f.conversation_id = cv.id
             WHERE cv.account_id = ? AND f.kind IN ({kinds})
             ORDER BY f.at, f.id"
        );
        let mut args: Vec<Value> = vec![account_id.into()];
        args.extend(FACT_KINDS.iter().map(|k| Value::from((*k).to_owned())));
        Ok(conn.execute(&sql, rusqlite::params_from_iter(args))?)
    }

    /// The address a session or API key was last used from.
    pub fn credential_address(conn: &Connection, credential_id: i64) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(conn
            .prepare_cached("SELECT last_address FROM credentials WHERE id = ?1")?
            .query_row([credential_id], |r| r.get(0))
            .optional()?
            .flatten())
    }

    /// The log's rows `select` asks for, newest first.
    pub fn audit_rows(conn: &Connection, select: &AuditSelect) -> Result<Vec<AuditRow>> {
        let mut parts = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        for (source, kinds) in &select.sources {
            let mut sql = format!("{} WHERE 1", source.select());
            if let Some(actor) = select.actor_id {
                sql.push_str(" AND actor_id = ?");
                args.push(actor.into());
            }
            if let Some(kinds) = kinds {
                let marks = vec!["?"; kinds.len()].join(", ");
                sql.push_str(&format!(" AND kind IN ({marks})"));
                args.extend(kinds.iter().map(|k| Value::from((*k).to_owned())));
            }
            if let Some(from) = select.from {
                sql.push_str(" AND at >= ?");
                args.push(from.as_millis().into());
            }
            if let Some(to) = select.to {
                sql.push_str(" AND at < ?");
                args.push(to.as_millis().into());
            }
            if let Some((at, after_source, id)) = select.after {
                // Within the same millisecond, sources come in descending order, then ids.
                let below = match source.cmp(&after_source) {
                    std::cmp::Ordering::Equal => id,
                    std::cmp::Ordering::Less => i64::MAX,
                    std::cmp::Ordering::Greater => i64::MIN,
                };
                sql.push_str(" AND (at, id) < (?, ?)");
                args.push(at.as_millis().into());
                args.push(below.into());
            }
            sql.push_str(" ORDER BY at DESC, id DESC LIMIT ?");
            args.push(i64::from(select.limit).into());
            parts.push(format!(
                "SELECT *, '{}' AS source FROM ({sql})",
                source.letter()
            ));
        }
        if parts.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT * FROM ({}) ORDER BY at DESC, source DESC, id DESC LIMIT ?",
            parts.join(" UNION ALL ")
        );
        args.push(i64::from(select.limit).into());
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            let letter: String = r.get(8)?;
            Ok(AuditRow {
                at: Timestamp::from_millis(r.get(0)?),
                id: r.get(1)?,
                actor_id: r.get(2)?,
                address: r.get(3)?,
                conversation_id: r.get(4)?,
                subject_id: r.get(5)?,
                kind: r.get(6)?,
                detail: r.get(7)?,
                source: letter
                    .chars()
                    .next()
                    .and_then(AuditSource::from_letter)
                    .unwrap_or(AuditSource::Events),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
