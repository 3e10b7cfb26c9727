//! Queues the benchmark's sends through serve's API (`POST /api/send_message`), a few at once,
//! across serve's deaths: a request that got no answer may have been committed before serve
//! died, so the database is asked (by the message's unique text) before it is posted again.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The gateways the sends go through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gateway {
    /// De-duplicates by our id: a repeated send is delivered once.
    Rapporto,
    /// Does not: a repeated send is delivered twice.
    Devino,
}

impl Gateway {
    pub fn name(self) -> &'static str {
        match self {
            Gateway::Rapporto => "rapporto",
            Gateway::Devino => "devino",
        }
    }
}

/// One message to send.
pub struct Planned {
    pub gateway: Gateway,
    pub account_id: i64,
    pub to: String,
    pub text: String,
}

pub struct Queue {
    pub sends: Vec<Planned>,
    next: AtomicUsize,
    /// Our id of each send, once serve took it.
    uids: Mutex<Vec<Option<String>>>,
    queued: AtomicUsize,
    /// When the last send was queued.
    finished: Mutex<Option<Instant>>,
    /// Requests that got no answer and were found committed all the same.
    pub found_committed: AtomicUsize,
    /// Requests posted again (serve died before committing them, or was down).
    pub posted_again: AtomicUsize,
    /// Answers that refused a send: never expected.
    pub refusals: Mutex<Vec<String>>,
    api: String,
    token: String,
    db: PathBuf,
    /// Send `i` is queued no sooner than `i / rate` seconds after `started`, as operators
    /// would over a working day, so that serve also dies while sends are being queued.
    started: Instant,
    rate: f64,
}

impl Queue {
    pub fn new(sends: Vec<Planned>, base: &str, token: String, db: PathBuf, rate: f64) -> Self {
        Self {
            uids: Mutex::new(vec![None; sends.len()]),
            sends,
            next: AtomicUsize::new(0),
            queued: AtomicUsize::new(0),
            finished: Mutex::new(None),
            found_committed: AtomicUsize::new(0),
            posted_again: AtomicUsize::new(0),
            refusals: Mutex::new(Vec::new()),
            api: format!("{base}/api/send_message"),
            token,
            db,
            started: Instant::now(),
            rate,
        }
    }

    pub fn queued(&self) -> usize {
        self.queued.load(Ordering::SeqCst)
    }

    /// When the last send was queued, once it was.
    pub fn finished(&self) -> Option<Instant> {
        *lock(&self.finished)
    }

    pub fn uids(&self) -> Vec<Option<String>> {
        lock(&self.uids).clone()
    }

    /// Queues sends until none is left.
    pub async fn run(self: Arc<Self>, http: reqwest::Client) {
        loop {
            let i = self.next.fetch_add(1, Ordering::SeqCst);
            let Some(send) = self.sends.get(i) else {
                return;
            };
            let due = self.started + Duration::from_secs_f64(i as f64 / self.rate);
            tokio::time::sleep_until(due.into()).await;
            let uid = self.queue_one(&http, send).await;
            lock(&self.uids)[i] = uid;
            if self.queued.fetch_add(1, Ordering::SeqCst) + 1 == self.sends.len() {
                *lock(&self.finished) = Some(Instant::now());
            }
        }
    }

    async fn queue_one(&self, http: &reqwest::Client, send: &Planned) -> Option<String> {
        let request = json!({"account_id": send.account_id, "to": send.to,
                             "content": {"kind": "text", "text": send.text}});
        loop {
            let answer = http
                .post(&self.api)
                .bearer_auth(&self.token)
                .json(&request)
                .send()
                .await;
            match answer {
                Ok(r) if r.status().is_success() => {
                    let body: Value = r.json().await.unwrap_or(Value::Null);
                    if let Some(id) = body["id"].as_str() {
                        return Some(id.to_owned());
                    }
                }
                Ok(r) if r.status().is_client_error() => {
                    let said = format!("{}: {}", r.status(), r.text().await.unwrap_or_default());
                    lock(&self.refusals).push(said);
                    return None;
                }
                // Serve died while answering, or is down.
                Ok(_) | Err(_) => {}
            }
            let (db, text) = (self.db.clone(), send.text.clone());
            let committed = tokio::task::spawn_blocking(move || uid_by_text(&db, &text))
                .await
                .ok()
                .flatten();
            if let Some(uid) = committed {
                self.found_committed.fetch_add(1, Ordering::SeqCst);
                return Some(uid);
            }
            self.posted_again.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Our id of the message whose text is `text`, when serve committed it.
fn uid_by_text(db: &std::path::Path, text: &str) -> Option<String> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .ok()?;
    conn.busy_timeout(Duration::from_secs(10)).ok()?;
    conn.query_row(
        "SELECT uid FROM messages WHERE direction = 'out' AND body = ?1",
        [text],
        |r| r.get(0),
    )
    .ok()
}
