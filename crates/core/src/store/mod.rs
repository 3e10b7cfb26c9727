//! SQLite storage: one writer connection behind a mutex, a small pool of readers, and every call
//! moved off the async runtime's threads.
//!
//! Several processes may open the same file (`switchboard send` while `serve` runs): WAL lets
//! readers proceed during writes, and `busy_timeout` serialises writers across processes.
//!
//! Modules depend on each other in one direction only: `ingest` uses `outbox` and `status`,
//! `outbox` uses `status`, and `messages` reads `status`' history; none uses `ingest`.

mod accounts;
mod applied;
mod assignment;
mod audit;
mod board;
mod canned;
mod contacts;
mod conversations;
mod credentials;
mod facts;
mod ingest;
mod media;
mod messages;
mod operators;
mod outbox;
mod phrase;
mod reports;
mod review;
mod schema;
mod search_terms;
mod settings;
mod status;
mod sync;
mod tags;
mod templates;
mod views;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::Connection;

pub use accounts::{AccountRow, NewAccount, random_token};
pub use applied::Applied;
pub use audit::{AuditRow, AuditSelect, AuditSource, NewAuditEvent};
pub use conversations::{ConversationCursor, MAX_PROFILE_NAME};
pub use credentials::{CredentialKind, CredentialRow, NewCredential};
pub use facts::NewFact;
pub use media::{MediaRow, NewUpload};
pub use messages::{SearchHit, ThreadCursor, ThreadPage, ThreadPosition};
pub use operators::{NewOperator, OperatorChange};
pub use outbox::{Claim, ClaimOutcome};
pub use status::{ORPHAN_MAX_AGE_MS, ORPHANS_PER_ACCOUNT};
pub use sync::SyncRow;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "the database file {path} was written by a newer Switchboard (schema {found}, this build knows {known})"
    )]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// The database's files could not be created or made private.
    #[error("{0}")]
    File(String),
    #[error("the storage worker stopped: {0}")]
    Worker(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Reads that may run at once, each on a blocking thread with a connection of its own. More
/// wait their turn: a flood of requests (webhooks with made-up tokens, say) costs a queue, not
/// a thread and a database connection each.
pub const MAX_READERS: usize = 8;

/// Idle reader connections kept open for the next read; more are closed.
const IDLE_READERS: usize = 4;

#[derive(Clone)]
pub struct Db {
    path: PathBuf,
    writer: Arc<Mutex<Connection>>,
    readers: Arc<Mutex<Vec<Connection>>>,
    read_permits: Arc<tokio::sync::Semaphore>,
}

impl Db {
    /// Opens (creating if needed) the database and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self> {
        make_private(path)?;
        let mut writer = connect(path)?;
        schema::migrate(&mut writer, path)?;
        Ok(Self {
            path: path.to_owned(),
            writer: Arc::new(Mutex::new(writer)),
            readers: Arc::new(Mutex::new(Vec::new())),
            read_permits: Arc::new(tokio::sync::Semaphore::new(MAX_READERS)),
        })
    }

    /// Runs `f` on the writer connection on a blocking thread.
    pub async fn write<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    {
        let writer = self.writer.clone();
        tokio::task::spawn_blocking(move || f(&mut lock(&writer)))
            .await
            .map_err(|e| StoreError::Worker(e.to_string()))?
    }

    /// Runs `f` inside an IMMEDIATE transaction on the writer, committing when it succeeds.
    ///
    /// IMMEDIATE takes the write lock up front: a deferred transaction that reads first and
    /// writes later gets SQLITE_BUSY at once, without waiting, when another process (`serve`
    /// beside `send`) committed in between.
    pub async fn transact<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Transaction<'_>) -> Result<T> + Send + 'static,
    {
        self.write(move |c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        })
        .await
    }

    /// Runs `f` on a reader connection on a blocking thread, at most [`MAX_READERS`] at once.
    pub async fn read<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T> + Send + 'static,
    {
        let permit = self
            .read_permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| StoreError::Worker(e.to_string()))?;
        let db = self.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            db.read_blocking(f)
        })
        .await
        .map_err(|e| StoreError::Worker(e.to_string()))?
    }

    /// The same as [`Db::read`] for callers already on a blocking thread.
    pub fn read_blocking<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = match lock(&self.readers).pop() {
            Some(c) => c,
            None => connect(&self.path)?,
        };
        // One snapshot for the whole call: a thread's conversation row and its messages (or a
        // report's batches) are read as of the same commit, never half before and half after
        // an ingest that lands between two statements.
        let out = conn
            .unchecked_transaction()
            .map_err(StoreError::from)
            .and_then(|tx| {
                let out = f(&tx)?;
                // Nothing was written: ending the read transaction cannot lose anything.
                tx.finish()?;
                Ok(out)
            });
        let mut pool = lock(&self.readers);
        // A handful of idle readers covers the UI's concurrent queries; more are closed.
        if pool.len() < IDLE_READERS {
            pool.push(conn);
        }
        out
    }
}

/// A poisoned lock only means another thread panicked mid-call; SQLite's own transaction
/// rollback keeps the data consistent, so the connection is still usable.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The database file, its WAL and shared-memory index, readable only by their owner. The file
/// is created private before SQLite opens it: SQLite gives the WAL and the index the database
/// file's mode. Files an earlier version left readable by others are tightened.
fn make_private(path: &Path) -> Result<()> {
    let failed = |p: &Path, e: std::io::Error| {
        StoreError::File(format!("cannot make {} private: {e}", p.display()))
    };
    crate::private_files::create_file(path).map_err(|e| failed(path, e))?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        let side = PathBuf::from(side);
        crate::private_files::tighten_file(&side).map_err(|e| failed(&side, e))?;
    }
    Ok(())
}

fn connect(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    // FULL: a webhook is acknowledged only after its data is durable, even across power loss.
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA busy_timeout = 10000;
         PRAGMA cache_size = -32000;",
    )?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::Db;

    /// A read sees one commit throughout: a write committed between two of its statements
    /// (an ingest landing while a thread's conversation and messages are read) is not half
    /// seen.
    #[test]
    fn a_read_sees_one_snapshot_whatever_commits_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("switchboard.sqlite3");
        let db = Db::open(&path).unwrap();
        let writer = super::connect(&path).unwrap();
        let count = |c: &rusqlite::Connection| -> i64 {
            c.query_row("SELECT COUNT(*) FROM settings", [], |r| r.get(0))
                .unwrap()
        };
        let (before, after) = db
            .read_blocking(|c| {
                let before = count(c);
                writer
                    .execute("INSERT INTO settings (key, value) VALUES ('k', 'v')", [])
                    .unwrap();
                Ok((before, count(c)))
            })
            .unwrap();
        assert_eq!(before, after, "the second statement saw a later commit");
        assert_eq!(
            db.read_blocking(|c| Ok(count(c))).unwrap(),
            before + 1,
            "the next read sees it"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn reads_queue_for_a_bounded_number_of_readers() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("switchboard.sqlite3")).unwrap();
        let (now, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let reads: Vec<_> = (0..40)
            .map(|_| {
                let (db, now, most) = (db.clone(), now.clone(), most.clone());
                tokio::spawn(async move {
                    db.read(move |c| {
                        let running = now.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(running, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        now.fetch_sub(1, Ordering::SeqCst);
                        Ok(c.execute_batch("SELECT 1")?)
                    })
                    .await
                })
            })
            .collect();
        for read in reads {
            read.await.unwrap().unwrap();
        }
        let most = most.load(Ordering::SeqCst);
        assert!(
            most <= super::MAX_READERS,
            "40 reads at once ran {most} at a time: each would have had a thread and a connection"
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_database_and_its_wal_are_readable_only_by_their_owner() {
        use std::os::unix::fs::PermissionsExt;

        use crate::private_files::mode;

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("switchboard.sqlite3");
        let db = Db::open(&path).unwrap();
        db.read_blocking(|c| Ok(c.execute_batch("SELECT 1")?))
            .unwrap();
        for file in [
            "switchboard.sqlite3",
            "switchboard.sqlite3-wal",
            "switchboard.sqlite3-shm",
        ] {
            assert_eq!(
                mode(&dir.path().join(file)).unwrap(),
                0o600,
                "{file} holds customers' messages"
            );
        }
        drop(db);

        // An earlier version's files, readable by everyone, are tightened on the next start.
        for file in ["switchboard.sqlite3", "switchboard.sqlite3-wal"] {
            let p = dir.path().join(file);
            if p.exists() {
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
            }
        }
        Db::open(&path).unwrap();
        assert_eq!(mode(&path).unwrap(), 0o600);
    }
}
