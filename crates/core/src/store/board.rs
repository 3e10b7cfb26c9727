//! The live board: open and waiting conversations per operator.
//!
//! Both reads go by indexes that hold a small share of the conversations: the open ones per
//! assignee (`conversations_by_state`, index-only), and the open ones whose customer waits
//! (`conversations_awaiting`, partial), each waiting one's start found in its thread's index.

use rusqlite::{Connection, params};

use super::assignment::WAITING_SINCE;
use super::{Db, Result};
use crate::time::Timestamp;

/// The customer wrote last and nobody has answered: the same rule as the assignment queue's
/// (store/assignment.rs), written as `conversations_awaiting`'s condition so SQLite uses it.
const AWAITING: &str = "last_customer_at > COALESCE(last_reply_at, 0)";

/// An open conversation whose customer waits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiting {
    pub conversation_id: i64,
    pub assignee_id: Option<i64>,
    pub since: Timestamp,
}

impl Db {
    /// Open conversations per assignee (unassigned ones left out).
    pub fn open_per_assignee(conn: &Connection) -> Result<Vec<(i64, u32)>> {
        let mut stmt = conn.prepare_cached(
            "SELECT assignee_id, COUNT(*) FROM conversations
             WHERE state = 'open' AND assignee_id IS NOT NULL GROUP BY assignee_id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every open conversation whose customer waits, the longest waiting first.
    pub fn waiting_conversations(conn: &Connection) -> Result<Vec<Waiting>> {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT id, assignee_id, since FROM (
                 SELECT cv.id, cv.assignee_id, {WAITING_SINCE} AS since
                 FROM conversations cv INDEXED BY conversations_awaiting
                 WHERE cv.state = 'open' AND {AWAITING}
             ) ORDER BY since, id"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok(Waiting {
                conversation_id: r.get(0)?,
                assignee_id: r.get(1)?,
                since: Timestamp::from_millis(r.get(2)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A conversation's contact (their name, or their phone) and account name.
    pub fn board_names(conn: &Connection, conversation_id: i64) -> Result<(String, String)> {
        Ok(conn
            .prepare_cached(
                "SELECT COALESCE(NULLIF(ct.name, ''), ct.phone), a.name
                 FROM conversations cv
                 JOIN contacts ct ON ct.id = cv.contact_id
                 JOIN accounts a ON a.id = cv.account_id
                 WHERE cv.id = ?1",
            )?
            .query_row(params![conversation_id], |r| Ok((r.get(0)?, r.get(1)?)))?)
    }
}
