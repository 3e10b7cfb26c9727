//! The phone bridge through the real core: an Engine on a temporary SQLite file, its webhook
//! entry point served over HTTP as the app serves it, and a simulated phone on the other side.

mod auth;
mod outbox;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use switchboard_core::Engine;
use switchboard_core::WebhookFailure;
use switchboard_core::account::GatewayKind;
use switchboard_core::api::{AccountRef, AddAccount, GetThread, Thread};
use switchboard_core::gateway::{WebhookError, WebhookRequest};
use switchboard_core::host::{Broadcast, Host, MemorySecrets, Notification, Notifier, SystemClock};
use switchboard_gateways::Gateways;
use tempfile::TempDir;

pub const SECRET: &str = "phone-secret-K7x/9+q-c55ad015a3bf4f1b2b0b";
pub const CUSTOMER: &str = "+79031234567";

struct Silent;

impl Notifier for Silent {
    fn notify(&self, _: &Notification) {}
}

/// An engine on a temporary SQLite file with one phone bridge account, its webhooks served on
/// 127.0.0.1 as `switchboard serve` serves them.
pub struct App {
    pub engine: Arc<Engine>,
    pub account_id: i64,
    /// The account's webhook token (the unguessable part of its hook addresses).
    pub token: String,
    /// `http://127.0.0.1:<port>/hooks/<token>`: what the phone is set up with.
    pub hooks_url: String,
    _dir: TempDir,
}

impl App {
    pub async fn open(pickup_timeout_s: &str) -> Self {
        let dir = tempfile::tempdir().expect("a temp dir");
        let host = Host {
            secrets: Arc::new(MemorySecrets::default()),
            notifier: Arc::new(Silent),
            clock: Arc::new(SystemClock),
            events: Arc::new(Broadcast::new(64)),
        };
        let engine = Engine::open(
            &dir.path().join("switchboard.db"),
            host,
            Arc::new(Gateways::new()),
        )
        .expect("the engine opens a real SQLite file");
        let addr = serve_hooks(engine.clone()).await;
        engine
            .set_callback_base(Some(format!("http://{addr}")))
            .await
            .expect("the public address is kept");
        let mut options = serde_json::Map::new();
        options.insert("pickup_timeout_s".into(), pickup_timeout_s.into());
        let account = engine
            .add_account(
                &switchboard_core::access::Caller::local(),
                AddAccount {
                    name: "Work phone".into(),
                    gateway: GatewayKind::PhoneBridge,
                    sender: "+7 900 000-00-01".into(),
                    // The phone calls us: there is no address to give.
                    base_url: None,
                    options: Some(options),
                    secret: SECRET.into(),
                },
            )
            .await
            .expect("the account is added");
        let hooks = engine
            .account_webhooks(
                &switchboard_core::access::Caller::local(),
                AccountRef {
                    account_id: account.id,
                },
            )
            .await
            .expect("the account's hook addresses");
        let kinds: Vec<&str> = hooks.iter().map(|h| h.kind.as_str()).collect();
        assert_eq!(kinds, ["next", "result", "incoming"]);
        let next = &hooks[0].url;
        let hooks_url = next.trim_end_matches("/next").to_owned();
        let token = hooks_url
            .rsplit('/')
            .next()
            .expect("the token ends the address")
            .to_owned();
        Self {
            engine,
            account_id: account.id,
            token,
            hooks_url,
            _dir: dir,
        }
    }

    pub async fn thread(&self, phone: &str) -> Option<Thread> {
        self.engine
            .get_thread(
                &switchboard_core::access::Caller::local(),
                GetThread {
                    conversation_id: None,
                    phone: Some(phone.to_owned()),
                    account_id: Some(self.account_id),
                    limit: Some(100),
                    ..GetThread::default()
                },
            )
            .await
            .ok()
    }
}

/// `/hooks/{token}/{endpoint}` forwarded to `Engine::webhook`, answered as the server answers.
async fn serve_hooks(engine: Arc<Engine>) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local addr");
    let app = Router::new()
        .route("/hooks/{token}/{endpoint}", any(receive))
        .with_state(engine);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

async fn receive(
    State(engine): State<Arc<Engine>>,
    Path((token, endpoint)): Path<(String, String)>,
    method: Method,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request = WebhookRequest {
        method: method.to_string(),
        query: query.unwrap_or_default(),
        headers: headers
            .iter()
            .filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned())))
            .collect(),
        body: body.to_vec(),
    };
    match engine.webhook(&token, &endpoint, request).await {
        Ok(Some(reply)) => (
            [("content-type", "application/json")],
            reply.body().to_owned(),
        )
            .into_response(),
        Ok(None) => ([("content-type", "application/json")], r#"{"ok":true}"#).into_response(),
        Err(WebhookFailure::Rejected(e @ WebhookError::Unauthenticated(_))) => {
            (StatusCode::UNAUTHORIZED, e.to_string()).into_response()
        }
        Err(WebhookFailure::Store(e)) => {
            (StatusCode::SERVICE_UNAVAILABLE, e.to_string()).into_response()
        }
        Err(e) => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    }
}

pub use switchboard_test_support::eventually;
