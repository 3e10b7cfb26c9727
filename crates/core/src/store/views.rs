//! The inbox's views: the sidebar's counts, each one grouped read of an index. (A view's page
//! is `Db::conversation_page`, beside the list entry it reads.)

use rusqlite::Connection;

use super::{Db, Result, StoreError};
use crate::access::Scope;
use crate::conversation::ConversationStatus;
use crate::message::OperatorRef;

/// Conversations of one status, assignee and account, as the counts index groups them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CountedGroup {
    pub status: ConversationStatus,
    pub assignee_id: Option<i64>,
    pub account_id: i64,
    pub count: u32,
}

/// The assignee conditions of a scope: every conversation, or a manager's own and the
/// unassigned, each an equality on the index (read apart, never a walk through colleagues').
fn scope_ranges(scope: Scope) -> Vec<&'static str> {
    match scope {
        Scope::All => vec!["1"],
        Scope::Own(_) => vec!["cv.assignee_id = :me", "cv.assignee_id IS NULL"],
    }
}

impl Db {
    /// The conversations in `scope` counted per status, assignee and account: an index-only
    /// grouped read of `conversations_counted`.
    pub fn counted_groups(conn: &Connection, scope: Scope) -> Result<Vec<CountedGroup>> {
        let parts: Vec<String> = scope_ranges(scope)
            .into_iter()
            .map(|whose| {
                format!(
                    "SELECT cv.state, cv.assignee_id, cv.account_id, COUNT(*) FROM conversations cv
                     WHERE cv.state IN ('open', 'pending', 'snoozed', 'resolved') AND {whose}
                     GROUP BY cv.state, cv.assignee_id, cv.account_id"
                )
            })
            .collect();
        let mut stmt = conn.prepare_cached(&parts.join(" UNION ALL "))?;
        let me = scope.own();
        let rows = if me.is_some() {
            stmt.query_map(rusqlite::named_params! {":me": me}, group_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?
        } else {
            stmt.query_map([], group_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?
        };
        rows.into_iter().collect()
    }

    /// Open conversations in `scope` per tag, every tag of the team listed (zero included),
    /// in the tags' order.
    pub fn open_per_tag(conn: &Connection, scope: Scope) -> Result<Vec<(i64, u32)>> {
        let parts: Vec<String> = scope_ranges(scope)
            .into_iter()
            .map(|whose| {
                format!(
                    "SELECT ct.tag_id AS tag_id FROM conversations cv
                     JOIN conversation_tags ct ON ct.conversation_id = cv.id
                     WHERE cv.state = 'open' AND {whose}"
                )
            })
            .collect();
        let sql = format!(
            "WITH counted AS (
                 SELECT tag_id, COUNT(*) AS n FROM ({}) GROUP BY tag_id
             )
             SELECT t.id, COALESCE(counted.n, 0) FROM tags t
             LEFT JOIN counted ON counted.tag_id = t.id
             ORDER BY t.name COLLATE NOCASE, t.id",
            parts.join(" UNION ALL ")
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let me = scope.own();
        let rows = if me.is_some() {
            stmt.query_map(rusqlite::named_params! {":me": me}, |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
        } else {
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?
        };
        Ok(rows)
    }

    /// The operators who can be given conversations (active, not reviewers), the local
    /// operator first, then by name.
    pub fn assignable_operators(conn: &Connection) -> Result<Vec<OperatorRef>> {
        let mut stmt = conn.prepare_cached(
            "SELECT id, name FROM operators WHERE active = 1 AND role != 'reviewer'
             ORDER BY id != 1, name COLLATE NOCASE, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(OperatorRef {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every account's id, in the accounts' order.
    pub fn account_ids(conn: &Connection) -> Result<Vec<i64>> {
        let mut stmt = conn.prepare_cached("SELECT id FROM accounts ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn group_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<CountedGroup>> {
    let state: String = r.get(0)?;
    let Some(status) = ConversationStatus::parse(&state) else {
        return Ok(Err(StoreError::Corrupt(format!(
            "a conversation has the unknown status {state:?}"
        ))));
    };
    Ok(Ok(CountedGroup {
        status,
        assignee_id: r.get(1)?,
        account_id: r.get(2)?,
        count: r.get(3)?,
    }))
}
