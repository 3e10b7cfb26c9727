//! One app under test, in-process: a Devino simulator, an engine on a real SQLite file, and the
//! HTTP server (API, live events, webhooks) on a real port.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use switchboard_core::Engine;
use switchboard_core::host::Broadcast;
use switchboard_core::message::Message;
use switchboard_gateways::Gateways;
use switchboard_server::http::{AppState, router};
use switchboard_simulator::DevinoHandle;
pub use switchboard_test_support::devino::{KEY as SIM_KEY, SENDER};
use switchboard_test_support::{ManualClock, TestHost, Waiting, devino, devino_account};
use tempfile::TempDir;

pub const API_TOKEN: &str = "test-api-token-0123456789";

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
    /// What the HTTP event stream serves.
    pub events: Arc<Broadcast>,
    /// The engine's host: its notifications, and a clock that follows the wall clock (the
    /// simulator's times are real) and can be moved on.
    pub host: TestHost,
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
        let sim = devino::simulator(options.step).await;
        let dir = tempfile::tempdir().expect("a temp dir");
        let db_path = dir.path().join("switchboard.db");
        let events = Arc::new(Broadcast::new(1024));
        let host =
            TestHost::with_clock(Arc::new(ManualClock::running())).also_emitting(events.clone());
        let engine = Engine::open(
            &db_path,
            host.host.clone(),
            // The tests' file servers are on 127.0.0.1, as a sandbox's are.
            Arc::new(
                Gateways::with_timeout(options.timeout)
                    .with_media_reach(switchboard_gateways::media::Reach::AlsoLoopback),
            ),
        )
        .expect("the engine opens");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let app = router(
            AppState::open(engine.clone(), API_TOKEN.to_owned(), events.clone())
                .await
                .expect("the HTTP face opens"),
        );
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let base = format!("http://{addr}");
        engine
            .set_callback_base(Some(base.clone()))
            .await
            .expect("callback base");
        let account = engine
            .add_account(
                &switchboard_core::access::Caller::local(),
                devino::account("Devino main", &sim),
            )
            .await
            .expect("the account is added");
        engine.start().await.expect("the engine starts");
        Self {
            sim,
            engine,
            events,
            host,
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
            .add_account(
                &switchboard_core::access::Caller::local(),
                devino_account(name, sender, Some(self.sim.base_url()), secret),
            )
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
        Waiting::DEFAULT
            .for_message(&self.engine, id, what, ok)
            .await
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
