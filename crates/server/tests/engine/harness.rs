//! One app under test, in-process: a Devino simulator, an engine on a real SQLite file, and the
//! HTTP server (API, live events, webhooks) on a real port.

use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use switchboard_core::Engine;
use switchboard_core::account::GatewayKind;
use switchboard_core::api::AddAccount;
use switchboard_core::host::{Broadcast, Clock, Host, MemorySecrets, Notification, Notifier};
use switchboard_core::message::Message;
use switchboard_core::time::Timestamp;
use switchboard_gateways::Gateways;
use switchboard_server::http::{AppState, router};
use switchboard_simulator::{DevinoConfig, DevinoHandle, DevinoSimulator};
use tempfile::TempDir;

pub const API_TOKEN: &str = "test-api-token-0123456789";
pub const SIM_KEY: &str = "sim-secret-key-7f3a9c";
pub const SENDER: &str = "Switchboard";

/// How long any condition may take to come true before the test fails.
pub const PATIENCE: Duration = Duration::from_secs(10);

#[derive(Default)]
pub struct RecordingNotifier(Mutex<Vec<Notification>>);

impl RecordingNotifier {
    pub fn all(&self) -> Vec<Notification> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl Notifier for RecordingNotifier {
    fn notify(&self, n: &Notification) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(n.clone());
    }
}

/// The real time, moved on by hand when a test needs a day to pass.
#[derive(Default)]
pub struct TestClock(std::sync::atomic::AtomicI64);

impl TestClock {
    pub fn advance(&self, by: Duration) {
        self.0
            .fetch_add(by.as_millis() as i64, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn now(&self) -> Timestamp {
        Timestamp::now().plus_millis(self.0.load(std::sync::atomic::Ordering::SeqCst))
    }
}

pub struct Options {
    /// The simulator's pause before each status callback.
    pub step: Duration,
    /// How long a request to the gateway may take.
    pub timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            step: Duration::from_millis(30),
            timeout: Duration::from_secs(2),
        }
    }
}

pub struct App {
    pub sim: DevinoHandle,
    pub engine: Arc<Engine>,
    pub events: Arc<Broadcast>,
    pub notes: Arc<RecordingNotifier>,
    pub clock: Arc<TestClock>,
    /// `http://127.0.0.1:<port>` of our server.
    pub base: String,
    pub http: reqwest::Client,
    pub account_id: i64,
    pub db_path: PathBuf,
    server: tokio::task::JoinHandle<()>,
    _dir: TempDir,
}

impl App {
    pub async fn start() -> Self {
        Self::start_with(Options::default()).await
    }

    pub async fn start_with(options: Options) -> Self {
        let sim = DevinoSimulator::start(DevinoConfig {
            api_key: SIM_KEY.to_owned(),
            senders: vec![SENDER.to_owned()],
            step: options.step,
            max_batch: 100,
            customer: None,
        })
        .await
        .expect("the simulator starts");
        let dir = tempfile::tempdir().expect("a temp dir");
        let db_path = dir.path().join("switchboard.db");
        let events = Arc::new(Broadcast::new(1024));
        let notes = Arc::new(RecordingNotifier::default());
        let clock = Arc::new(TestClock::default());
        let host = Host {
            secrets: Arc::new(MemorySecrets::default()),
            notifier: notes.clone(),
            clock: clock.clone(),
            events: events.clone(),
        };
        let engine = Engine::open(
            &db_path,
            host,
            Arc::new(Gateways::with_timeout(options.timeout)),
        )
        .expect("the engine opens");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let app = router(Arc::new(AppState {
            engine: engine.clone(),
            token: API_TOKEN.to_owned(),
            events: events.clone(),
        }));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let base = format!("http://{addr}");
        engine
            .set_callback_base(Some(base.clone()))
            .await
            .expect("callback base");
        let account = engine
            .add_account(AddAccount {
                name: "Devino main".into(),
                gateway: GatewayKind::Devino,
                sender: SENDER.into(),
                base_url: Some(sim.base_url().to_owned()),
                options: None,
                secret: SIM_KEY.into(),
            })
            .await
            .expect("the account is added");
        engine.start().await.expect("the engine starts");
        Self {
            sim,
            engine,
            events,
            notes,
            clock,
            base,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(20))
                .build()
                .expect("client"),
            account_id: account.id,
            db_path,
            server,
            _dir: dir,
        }
    }

    /// Adds another Devino account on the same simulator.
    pub async fn add_account(&self, name: &str, sender: &str, secret: &str) -> i64 {
        self.engine
            .add_account(AddAccount {
                name: name.into(),
                gateway: GatewayKind::Devino,
                sender: sender.into(),
                base_url: Some(self.sim.base_url().to_owned()),
                options: None,
                secret: secret.into(),
            })
            .await
            .expect("the account is added")
            .id
    }

    /// `POST /api/{command}` with the token; the status and the JSON answer.
    pub async fn api(&self, command: &str, body: Value) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}/api/{command}", self.base))
            .bearer_auth(API_TOKEN)
            .json(&body)
            .send()
            .await
            .expect("the API answers");
        let status = r.status().as_u16();
        let value = r.json::<Value>().await.unwrap_or(Value::Null);
        (status, value)
    }

    /// Like [`App::api`] but the call must succeed.
    pub async fn call(&self, command: &str, body: Value) -> Value {
        let (status, value) = self.api(command, body.clone()).await;
        assert_eq!(
            status, 200,
            "{command} {body} should succeed, answered {value}"
        );
        value
    }

    pub async fn send(&self, account_id: i64, to: &str, content: Value) -> Message {
        let v = self
            .call(
                "send_message",
                json!({"account_id": account_id, "to": to, "content": content}),
            )
            .await;
        serde_json::from_value(v).expect("send_message answers a Message")
    }

    pub async fn send_text(&self, to: &str, text: &str) -> Message {
        self.send(self.account_id, to, json!({"kind": "text", "text": text}))
            .await
    }

    /// The account's webhook URL of `kind` (`status`, `incoming`), via the API.
    pub async fn webhook_url(&self, account_id: i64, kind: &str) -> String {
        let v = self
            .call("account_webhooks", json!({"account_id": account_id}))
            .await;
        v.as_array()
            .and_then(|a| a.iter().find(|w| w["kind"] == kind))
            .and_then(|w| w["url"].as_str())
            .unwrap_or_else(|| panic!("account_webhooks lists a '{kind}' URL: {v}"))
            .to_owned()
    }

    pub async fn message(&self, id: &str) -> Message {
        self.engine.message(id).await.expect("the message exists")
    }

    /// Waits until message `id` satisfies `ok`; returns it.
    pub async fn wait_message(
        &self,
        id: &str,
        what: &str,
        ok: impl Fn(&Message) -> bool,
    ) -> Message {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let m = self.message(id).await;
            if ok(&m) {
                return m;
            }
            if tokio::time::Instant::now() >= deadline {
                panic!("timed out waiting until {what}; the message is now {m:#?}");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// POSTs raw bytes to a URL; the status and the JSON answer (Null when not JSON).
    pub async fn post_raw(&self, url: &str, body: Vec<u8>) -> (u16, Value) {
        let r = self
            .http
            .post(url)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("the webhook answers");
        let status = r.status().as_u16();
        let value = r.json::<Value>().await.unwrap_or(Value::Null);
        (status, value)
    }

    pub async fn post_json(&self, url: &str, body: &Value) -> (u16, Value) {
        self.post_raw(url, serde_json::to_vec(body).expect("json"))
            .await
    }

    /// A read-only connection to the app's database (WAL: sees every committed write).
    pub fn sql(&self) -> rusqlite::Connection {
        rusqlite::Connection::open_with_flags(
            &self.db_path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .expect("the database opens read-only")
    }

    /// Row counts of the tables a webhook may write to.
    pub fn counts(&self) -> Vec<(&'static str, i64)> {
        let c = self.sql();
        [
            "messages",
            "status_changes",
            "orphan_statuses",
            "conversations",
            "contacts",
            "outbox",
        ]
        .into_iter()
        .map(|t| {
            let n: i64 = c
                .query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
                .expect("count");
            (t, n)
        })
        .collect()
    }

    pub async fn stop(self) {
        self.engine.shutdown();
        self.server.abort();
        self.sim.shutdown().await;
    }
}

/// Polls `check` every 20 ms for up to [`PATIENCE`]; `None` when it never came true.
pub async fn wait_for<T, F, Fut>(_what: &str, mut check: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        if let Some(v) = check().await {
            return Some(v);
        }
        if tokio::time::Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The statuses of a message's history in order, with repeats of the same word collapsed
/// (our own "sent" on acceptance and the gateway's SENT callback are two entries).
pub fn history_words(m: &Message) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in &m.history {
        let w = c.status.as_str().to_owned();
        if words.last() != Some(&w) {
            words.push(w);
        }
    }
    words
}

/// Devino's status callback body: a JSON array with one status.
pub fn devino_status(message_id: &str, ts: i64, status: &str, error_code: u32) -> Value {
    json!([{
        "messageId": message_id.parse::<u64>().map(Value::from).unwrap_or_else(|_| Value::from(message_id)),
        "ts": ts,
        "status": status,
        "errorCode": error_code,
        "options": null
    }])
}

pub fn now_ms() -> i64 {
    switchboard_core::time::Timestamp::now().as_millis()
}
