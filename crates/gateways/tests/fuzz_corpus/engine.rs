//! `Engine::webhook` end to end on a SQLite file, for the fuzz target `engine_webhook` (which
//! includes this file) and the corpus replay. Each input is a short conversation with a fresh
//! database (a copy of one made once, with an account of each gateway that posts webhooks):
//! up to [`MAX_REQUESTS`] requests, each `[account][endpoint][length: 2 bytes][body]`, the
//! last one's body running to the end. Each request is signed as its gateway signs it (Meta's
//! signature, the phone's token), so every parser is reached. An input fails alone, so every
//! failure found is a test that fails the same way again.
//!
//! Properties: a refused webhook stores nothing; an accepted one's events, ingested again,
//! store nothing new (ingest is idempotent); nothing panics.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use switchboard_core::Engine;
use switchboard_core::account::GatewayKind;
use switchboard_core::api::{AccountRef, AddAccount};
use switchboard_core::gateway::{Connector, WebhookRequest};
use switchboard_core::host::{Broadcast, Clock, Host, MemorySecrets, Notification, Notifier};
use switchboard_core::time::Timestamp;
use switchboard_gateways::Gateways;
use switchboard_gateways::fuzzing;

/// Requests one input may make.
pub const MAX_REQUESTS: usize = 8;

/// The gateways that post webhooks (WAMM.chat is polled), by the input's account byte.
pub const KINDS: [GatewayKind; 5] = [
    GatewayKind::Devino,
    GatewayKind::DecisionTelecom,
    GatewayKind::Rapporto,
    GatewayKind::PhoneBridge,
    GatewayKind::MetaCloud,
];

struct Silent;

/// The engine's clock: the wall clock when the process started, one millisecond later at every
/// look, so that a time taken twice always differs (as it would in production, a little later)
/// and a failure that depends on it fails every time.
struct Ticking(std::sync::atomic::AtomicI64);

impl Clock for Ticking {
    fn now(&self) -> Timestamp {
        Timestamp::from_millis(self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
    }
}

impl Notifier for Silent {
    fn notify(&self, _: &Notification) {}
}

#[derive(Clone)]
struct Account {
    kind: GatewayKind,
    id: i64,
    token: String,
    endpoints: Vec<String>,
}

/// The database every input starts from, made once per process.
struct Template {
    db: PathBuf,
    accounts: Vec<Account>,
    _dir: tempfile::TempDir,
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("a runtime: {e}"))
    })
}

fn host() -> Host {
    Host {
        secrets: Arc::new(MemorySecrets::default()),
        notifier: Arc::new(Silent),
        clock: Arc::new(Ticking(std::sync::atomic::AtomicI64::new(
            Timestamp::now().as_millis(),
        ))),
        events: Arc::new(Broadcast::new(16)),
    }
}

fn template() -> &'static Template {
    static TEMPLATE: OnceLock<Template> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("a temp dir: {e}"));
        let db = dir.path().join("switchboard.db");
        let accounts = runtime().block_on(async {
            let engine = Engine::open(&db, host(), Arc::new(Gateways::new()))
                .unwrap_or_else(|e| panic!("the engine opens: {e}"));
            engine
                .set_callback_base(Some("http://127.0.0.1:1".into()))
                .await
                .unwrap_or_else(|e| panic!("a callback base: {e}"));
            let mut accounts = Vec::new();
            for kind in KINDS {
                accounts.push(add(&engine, kind).await);
            }
            accounts
        });
        // The engine is gone: its last connection closed, the database is one file.
        Template {
            db,
            accounts,
            _dir: dir,
        }
    })
}

/// One input's engine, on a copy of the template.
struct Run {
    engine: Arc<Engine>,
    reader: rusqlite::Connection,
    db: PathBuf,
    _dir: tempfile::TempDir,
}

impl Run {
    fn open(template: &Template) -> Self {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("a temp dir: {e}"));
        let db = dir.path().join("switchboard.db");
        std::fs::copy(&template.db, &db).unwrap_or_else(|e| panic!("the template: {e}"));
        let engine = runtime().block_on(async {
            Engine::open(&db, host(), Arc::new(Gateways::new()))
                .unwrap_or_else(|e| panic!("the engine opens: {e}"))
        });
        let reader =
            rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .unwrap_or_else(|e| panic!("the database opens read-only: {e}"));
        Self {
            engine,
            reader,
            db,
            _dir: dir,
        }
    }

    /// Every row of every table, as one number: equal before and after means nothing stored.
    fn fingerprint(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        for (table, rows) in dump(&self.reader, &self.db) {
            table.hash(&mut hasher);
            rows.hash(&mut hasher);
        }
        hasher.finish()
    }

    fn step(&self, account: &Account, endpoint: &str, body: &[u8]) {
        let request = signed(account.kind, body);
        let before = self.fingerprint();
        let before_rows = dump(&self.reader, &self.db);
        let answered = runtime().block_on(self.engine.webhook(
            &account.token,
            endpoint,
            request.clone(),
        ));
        if answered.is_err() {
            assert_eq!(
                self.fingerprint(),
                before,
                "a refused webhook stores nothing: {answered:?}\n{}",
                changes(&before_rows, &dump(&self.reader, &self.db))
            );
            return;
        }
        // The same events again, twice: the second time must change nothing.
        let adapter = Gateways::new()
            .connect(fuzzing::config(account.kind))
            .unwrap_or_else(|| panic!("an adapter for {:?}", account.kind));
        let events = adapter
            .parse_webhook(endpoint, &request)
            .unwrap_or_else(|e| panic!("accepted by the engine, refused alone: {e}"))
            .events;
        runtime()
            .block_on(self.engine.ingest(account.id, events.clone()))
            .unwrap_or_else(|e| panic!("accepted events are stored: {e}"));
        let once = dump(&self.reader, &self.db);
        runtime()
            .block_on(self.engine.ingest(account.id, events.clone()))
            .unwrap_or_else(|e| panic!("accepted events are stored again: {e}"));
        let twice = dump(&self.reader, &self.db);
        assert!(
            once == twice,
            "events ingested again store nothing new: {events:?}\n{}",
            changes(&once, &twice)
        );
    }
}

/// Every table's rows, by table, each row as its values' text.
fn dump(reader: &rusqlite::Connection, db: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let tables: Vec<String> = reader
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             ORDER BY name",
        )
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .unwrap_or_else(|e| panic!("the tables of {}: {e}", db.display()));
    tables
        .into_iter()
        .map(|table| {
            let mut statement = reader
                .prepare(&format!("SELECT * FROM \"{table}\""))
                .unwrap_or_else(|e| panic!("{table}: {e}"));
            let columns = statement.column_count();
            let mut rows = statement
                .query([])
                .unwrap_or_else(|e| panic!("{table}: {e}"));
            let mut text = Vec::new();
            while let Some(row) = rows.next().unwrap_or_else(|e| panic!("{table}: {e}")) {
                text.push((0..columns).map(|i| cell(row.get_ref(i))).collect());
            }
            (table, text)
        })
        .collect()
}

/// A value as text, for comparing and for a failure's message.
fn cell(value: rusqlite::Result<rusqlite::types::ValueRef<'_>>) -> String {
    use rusqlite::types::ValueRef;
    match value {
        Ok(ValueRef::Null) => "NULL".to_owned(),
        Ok(ValueRef::Integer(i)) => i.to_string(),
        Ok(ValueRef::Real(r)) => r.to_string(),
        Ok(ValueRef::Text(t)) => format!("{:?}", String::from_utf8_lossy(t)),
        Ok(ValueRef::Blob(b)) => format!("blob {b:?}"),
        Err(e) => format!("unreadable: {e}"),
    }
}

/// What differs between two dumps, for a failure's message.
fn changes(before: &[(String, Vec<Vec<String>>)], after: &[(String, Vec<Vec<String>>)]) -> String {
    let mut said = String::new();
    for ((table, old), (_, new)) in before.iter().zip(after) {
        for row in new.iter().filter(|r| !old.contains(r)) {
            said.push_str(&format!("+ {table}: {}\n", row.join(" | ")));
        }
        for row in old.iter().filter(|r| !new.contains(r)) {
            said.push_str(&format!("- {table}: {}\n", row.join(" | ")));
        }
    }
    said
}

async fn add(engine: &Arc<Engine>, kind: GatewayKind) -> Account {
    let config = fuzzing::config(kind);
    let account = engine
        .add_account(
            &switchboard_core::access::Caller::local(),
            AddAccount {
                name: format!("{kind:?}"),
                gateway: kind,
                sender: config.sender.clone(),
                base_url: (!config.base_url.is_empty()).then(|| config.base_url.clone()),
                options: (!config.options.is_empty()).then(|| config.options.clone()),
                secret: config
                    .secret
                    .as_ref()
                    .map(|s| s.expose().to_owned())
                    .unwrap_or_default(),
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{kind:?} is added: {e}"));
    let urls = engine
        .account_webhooks(
            &switchboard_core::access::Caller::local(),
            AccountRef {
                account_id: account.id,
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{kind:?}'s webhooks: {e}"));
    // `…/hooks/{token}/{endpoint}`
    let mut token = String::new();
    let mut endpoints = Vec::new();
    for url in urls {
        let mut parts = url.url.rsplit('/');
        endpoints.push(parts.next().unwrap_or_default().to_owned());
        token = parts.next().unwrap_or_default().to_owned();
    }
    Account {
        kind,
        id: account.id,
        token,
        endpoints,
    }
}

/// A POST of `body` as the gateway of `kind` sends it.
fn signed(kind: GatewayKind, body: &[u8]) -> WebhookRequest {
    let headers = match kind {
        GatewayKind::MetaCloud => vec![fuzzing::meta_signature(body)],
        GatewayKind::PhoneBridge => vec![fuzzing::phone_bearer()],
        _ => Vec::new(),
    };
    fuzzing::post(body, headers)
}

/// The requests of an input: `[account][endpoint][length: 2 bytes][body]`, at most
/// [`MAX_REQUESTS`]; a body longer than what is left runs to the end.
pub fn requests(mut data: &[u8]) -> Vec<(u8, u8, &[u8])> {
    let mut requests = Vec::new();
    while let [account, endpoint, rest @ ..] = data {
        if requests.len() == MAX_REQUESTS {
            break;
        }
        let (length, rest) = match rest {
            [high, low, rest @ ..] => (usize::from(u16::from_be_bytes([*high, *low])), rest),
            _ => (0, &[][..]),
        };
        let (body, next) = rest.split_at(length.min(rest.len()));
        requests.push((*account, *endpoint, body));
        data = next;
    }
    requests
}

/// One input: its requests, in order, on a fresh database.
pub fn check(data: &[u8]) {
    let requests = requests(data);
    if requests.is_empty() {
        return;
    }
    let template = template();
    let run = Run::open(template);
    for (account, endpoint, body) in requests {
        let account = &template.accounts[usize::from(account) % template.accounts.len()];
        let endpoint = &account.endpoints[usize::from(endpoint) % account.endpoints.len()];
        run.step(account, endpoint, body);
    }
}

/// An input of one request, as the seeds are written.
#[allow(dead_code, reason = "the seeds use it; the fuzz target does not")]
pub fn one_request(account: u8, endpoint: u8, body: &[u8]) -> Vec<u8> {
    let length = u16::try_from(body.len()).unwrap_or(u16::MAX);
    [&[account, endpoint][..], &length.to_be_bytes(), body].concat()
}
