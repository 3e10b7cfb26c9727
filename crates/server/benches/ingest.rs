//! Ingest and query throughput, each beside a raw rusqlite baseline of the same rows in the
//! same run. `cargo bench -p switchboard-server --bench ingest` (SWITCHBOARD_BENCH_CONVERSATIONS
//! scales the query part; default 100 000 conversations with 10 messages each).

use std::sync::Arc;
use std::time::{Duration, Instant};

use switchboard_core::Engine;
use switchboard_core::account::GatewayKind;
use switchboard_core::api::{AccountRef, AddAccount, GetThread, ListConversations, Search};
use switchboard_core::host::{Broadcast, Host, MemorySecrets, Silent, SystemClock};
use switchboard_core::ingest::{GatewayMessage, IngestEvent};
use switchboard_core::message::{Content, Direction};
use switchboard_core::phone::Phone;
use switchboard_core::store::Db;
use switchboard_core::time::Timestamp;
use switchboard_gateways::Gateways;
use switchboard_server::http::{AppState, router};

const HTTP_CONCURRENCY: usize = 8;
const BATCH_SIZE: usize = 1000;

/// `cargo bench` passes `--bench`; `cargo test --all-targets` does not, and then a small smoke
/// run proves the benchmark still works without taking minutes.
fn full_run() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn phone(i: usize) -> String {
    format!("7900{:07}", i % 10_000_000)
}

fn body(i: usize) -> String {
    format!(
        r#"{{"incomingMessageId":{},"to":"Switchboard","from":"{}","ts":{},"text":"hello number {i} about the order","profileName":"Customer {i}"}}"#,
        1_000_000 + i,
        phone(i % 5000),
        1_700_000_000_000i64 + i as i64
    )
}

/// The same rows written by hand: one unique key, one conversation counter, nothing else.
fn raw_baseline(dir: &std::path::Path, n: usize, per_tx: usize) -> Duration {
    let conn = rusqlite::Connection::open(dir.join(format!("raw-{per_tx}.sqlite3"))).expect("open");
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
         CREATE TABLE conv (phone TEXT PRIMARY KEY, last INTEGER, unread INTEGER);
         CREATE TABLE msg (id INTEGER PRIMARY KEY, gmid TEXT UNIQUE, phone TEXT, ts INTEGER, body TEXT);",
    )
    .expect("schema");
    let start = Instant::now();
    let mut i = 0;
    while i < n {
        let tx = conn.unchecked_transaction().expect("tx");
        for j in i..(i + per_tx).min(n) {
            let (gmid, phone, ts) = (
                (1_000_000 + j).to_string(),
                phone(j % 5000),
                1_700_000_000_000i64 + j as i64,
            );
            let inserted = tx
                .prepare_cached("INSERT INTO msg (gmid, phone, ts, body) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING")
                .and_then(|mut s| s.execute(rusqlite::params![gmid, phone, ts, format!("hello number {j}")]))
                .expect("insert");
            if inserted > 0 {
                tx.prepare_cached(
                    "INSERT INTO conv (phone, last, unread) VALUES (?1, ?2, 1)
                     ON CONFLICT (phone) DO UPDATE SET last = MAX(last, excluded.last), unread = unread + 1",
                )
                .and_then(|mut s| s.execute(rusqlite::params![phone, ts]))
                .expect("conv");
            }
        }
        tx.commit().expect("commit");
        i += per_tx;
    }
    start.elapsed()
}

fn rate(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64()
}

async fn open_engine(dir: &std::path::Path) -> (Arc<Engine>, i64) {
    let host = Host {
        secrets: Arc::new(MemorySecrets::default()),
        notifier: Arc::new(Silent),
        clock: Arc::new(SystemClock),
        events: Arc::new(Broadcast::new(16)),
    };
    let engine = Engine::open(
        &dir.join("switchboard.sqlite3"),
        host,
        Arc::new(Gateways::new()),
    )
    .expect("engine");
    let account = engine
        .add_account(
            &switchboard_core::access::Caller::local(),
            AddAccount {
                name: "bench".into(),
                gateway: GatewayKind::Devino,
                sender: "Switchboard".into(),
                base_url: Some("http://127.0.0.1:9".into()),
                options: None,
                secret: "key".into(),
            },
        )
        .await
        .expect("account");
    (engine, account.id)
}

async fn http_ingest(dir: &std::path::Path, http_events: usize) -> Duration {
    let (engine, account_id) = open_engine(dir).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    engine
        .set_callback_base(Some(format!("http://{addr}")))
        .await
        .expect("base");
    let state = AppState::open(engine.clone(), "t".into(), Arc::new(Broadcast::new(16)))
        .await
        .expect("the HTTP face opens");
    tokio::spawn(async move { axum::serve(listener, router(state)).await });
    let url = engine
        .account_webhooks(
            &switchboard_core::access::Caller::local(),
            AccountRef { account_id },
        )
        .await
        .expect("webhooks")
        .into_iter()
        .find(|w| w.kind == "incoming")
        .expect("incoming url")
        .url;
    let client = reqwest::Client::new();
    let start = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..HTTP_CONCURRENCY {
        let (client, url) = (client.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            for i in (worker..http_events).step_by(HTTP_CONCURRENCY) {
                let r = client.post(&url).body(body(i)).send().await.expect("post");
                assert!(
                    r.status().is_success(),
                    "webhook {i} refused: {}",
                    r.status()
                );
            }
        }));
    }
    for t in tasks {
        t.await.expect("worker");
    }
    start.elapsed()
}

fn events(range: std::ops::Range<usize>, conversations: usize) -> Vec<IngestEvent> {
    range
        .map(|i| {
            IngestEvent::Message(GatewayMessage {
                gateway_message_id: (1_000_000 + i).to_string(),
                direction: if i % 3 == 0 {
                    Direction::Out
                } else {
                    Direction::In
                },
                phone: Phone::parse(&phone(i % conversations)).expect("phone"),
                profile_name: Some(format!("Customer {}", i % conversations)),
                content: Content::Text {
                    text: format!("hello number {i} about the order {}", i % 97),
                },
                at: Timestamp::from_millis(1_700_000_000_000 + i as i64),
                status: None,
            })
        })
        .collect()
}

fn batch_ingest(db: &Db, account_id: i64, total: usize, conversations: usize) -> Duration {
    let start = Instant::now();
    let mut i = 0;
    while i < total {
        let batch = events(i..(i + BATCH_SIZE).min(total), conversations);
        db.read_blocking(|_| Ok(())).expect("warm");
        let now = Timestamp::now();
        let handle = tokio::runtime::Handle::current();
        handle
            .block_on(db.write(move |c| {
                let tx = c.transaction()?;
                Db::ingest(&tx, account_id, &batch, now)?;
                tx.commit()?;
                Ok(())
            }))
            .expect("ingest");
        i += BATCH_SIZE;
    }
    start.elapsed()
}

async fn time<T>(label: &str, runs: u32, mut f: impl AsyncFnMut() -> T) {
    let start = Instant::now();
    for _ in 0..runs {
        f().await;
    }
    println!(
        "  {label:<44} {:>8.2} ms",
        start.elapsed().as_secs_f64() * 1000.0 / runs as f64
    );
}

fn main() {
    let (http_events, batch_events, default_conversations) = if full_run() {
        (3000, 50_000, 100_000)
    } else {
        (200, 2000, 300)
    };
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");

    println!(
        "ingest through the HTTP webhook path ({http_events} requests, {HTTP_CONCURRENCY} connections, each answered after commit):"
    );
    let http = runtime.block_on(http_ingest(
        &dir.path().join("http").tap_mkdir(),
        http_events,
    ));
    let raw1 = raw_baseline(dir.path(), http_events, 1);
    println!(
        "  switchboard {:>10.0} events/s   raw rusqlite, one tx per event {:>10.0} events/s   ratio {:.2}",
        rate(http_events, http),
        rate(http_events, raw1),
        rate(http_events, http) / rate(http_events, raw1)
    );

    println!("batch ingest ({batch_events} events, {BATCH_SIZE} per transaction):");
    let batch_dir = dir.path().join("batch").tap_mkdir();
    let (engine, account_id) = runtime.block_on(open_engine(&batch_dir));
    let batch = runtime.block_on(async {
        let db = engine.db().clone();
        tokio::task::spawn_blocking(move || {
            let handle = tokio::runtime::Handle::current();
            let _guard = handle.enter();
            batch_ingest(&db, account_id, batch_events, 5000)
        })
        .await
        .expect("batch")
    });
    let raw_batch = raw_baseline(dir.path(), batch_events, BATCH_SIZE);
    println!(
        "  switchboard {:>10.0} events/s   raw rusqlite, same batches {:>10.0} events/s   ratio {:.2}",
        rate(batch_events, batch),
        rate(batch_events, raw_batch),
        rate(batch_events, batch) / rate(batch_events, raw_batch)
    );

    let conversations: usize = std::env::var("SWITCHBOARD_BENCH_CONVERSATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_conversations);
    let total = conversations * 10;
    println!("queries at scale: {conversations} conversations, {total} messages");
    let scale_dir = dir.path().join("scale").tap_mkdir();
    let (engine, account_id) = runtime.block_on(open_engine(&scale_dir));
    let fill = runtime.block_on(async {
        let db = engine.db().clone();
        tokio::task::spawn_blocking(move || batch_ingest(&db, account_id, total, conversations))
            .await
            .expect("fill")
    });
    println!("  filled at {:.0} events/s", rate(total, fill));
    runtime.block_on(async {
        time("inbox, first page of 50", 20, async || {
            engine
                .list_conversations(
                    &switchboard_core::access::Caller::local(),
                    ListConversations::default(),
                )
                .await
                .expect("list")
        })
        .await;
        let mut before = None;
        for _ in 0..100 {
            before = engine
                .list_conversations(
                    &switchboard_core::access::Caller::local(),
                    ListConversations {
                        before,
                        ..Default::default()
                    },
                )
                .await
                .expect("page")
                .next;
        }
        time("inbox, page 101 (keyset)", 20, async || {
            engine
                .list_conversations(
                    &switchboard_core::access::Caller::local(),
                    ListConversations {
                        before,
                        ..Default::default()
                    },
                )
                .await
                .expect("deep")
        })
        .await;
        time("thread, newest 50 messages", 20, async || {
            engine
                .get_thread(
                    &switchboard_core::access::Caller::local(),
                    GetThread {
                        conversation_id: Some((conversations / 2) as i64),
                        ..Default::default()
                    },
                )
                .await
                .expect("thread")
        })
        .await;
        time("full-text search 'order 42', 50 hits", 20, async || {
            engine
                .search(
                    &switchboard_core::access::Caller::local(),
                    Search {
                        query: "order 42".into(),
                        limit: Some(50),
                    },
                )
                .await
                .expect("search")
        })
        .await;

        // A team: 40 managers with the conversations dealt round robin, one in 50 left
        // unassigned. A manager's inbox is two ranges of the assignee index, not a walk
        // through everyone's.
        let managers: Vec<switchboard_core::access::Caller> = {
            let db = engine.db().clone();
            db.write(move |c| {
                let tx = c.unchecked_transaction()?;
                for m in 0..40 {
                    tx.execute(
                        "INSERT INTO operators (name, login, role, created_at) VALUES (?1, ?1, 'manager', 0)",
                        [format!("manager-{m}")],
                    )?;
                }
                tx.execute(
                    "UPDATE conversations SET assignee_id = CASE WHEN id % 50 = 0 THEN NULL
                         ELSE (SELECT id FROM operators WHERE login = 'manager-' || (id % 40)) END",
                    [],
                )?;
                tx.commit()?;
                Ok(())
            })
            .await
            .expect("assigned");
            let mut managers = Vec::new();
            for m in [0, 17, 39] {
                let login = format!("manager-{m}");
                let operator = db
                    .read(move |c| {
                        let id: i64 = c.query_row(
                            "SELECT id FROM operators WHERE login = ?1",
                            [&login],
                            |r| r.get(0),
                        )?;
                        switchboard_core::store::Db::operator_by_id(c, id)
                    })
                    .await
                    .expect("read")
                    .expect("a manager");
                managers.push(switchboard_core::access::Caller::new(
                    operator,
                    switchboard_core::access::Credential::Local,
                ));
            }
            managers
        };
        let manager = &managers[1];
        time("a manager's inbox, first page of 50", 20, async || {
            engine
                .list_conversations(manager, ListConversations::default())
                .await
                .expect("list")
        })
        .await;
        let mut before = None;
        for _ in 0..20 {
            before = engine
                .list_conversations(
                    manager,
                    ListConversations {
                        before,
                        ..Default::default()
                    },
                )
                .await
                .expect("page")
                .next;
        }
        time("a manager's inbox, page 21 (keyset)", 20, async || {
            engine
                .list_conversations(
                    manager,
                    ListConversations {
                        before,
                        ..Default::default()
                    },
                )
                .await
                .expect("deep")
        })
        .await;
        time("a manager's full-text search 'order 42'", 20, async || {
            engine
                .search(
                    manager,
                    Search {
                        query: "order 42".into(),
                        limit: Some(50),
                    },
                )
                .await
                .expect("search")
        })
        .await;
    });
}

trait TapMkdir {
    fn tap_mkdir(self) -> Self;
}

impl TapMkdir for std::path::PathBuf {
    fn tap_mkdir(self) -> Self {
        std::fs::create_dir_all(&self).expect("mkdir");
        self
    }
}
