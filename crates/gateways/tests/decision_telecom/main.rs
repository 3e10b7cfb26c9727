//! The DecisionTelecom adapter against the DecisionTelecom simulator, over real HTTP: sends,
//! status callbacks through the webhook, status look-ups through `poll`, and `check`.

mod lookups;
mod send;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::WebhookRequest;
use switchboard_core::gateway::{Connector, Gateway, GatewayConfig, OutgoingMessage, Secret};
use switchboard_core::message::Content;
use switchboard_core::phone::Phone;
use switchboard_gateways::Gateways;
use switchboard_simulator::decision_telecom::{
    DecisionTelecomConfig, DecisionTelecomHandle, DecisionTelecomSimulator,
};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub const KEY: &str = "dGVzdC1oYXNoLWtleQ==";
pub const SENDER: &str = "Custom Company";

pub async fn simulator(step: Duration) -> DecisionTelecomHandle {
    DecisionTelecomSimulator::start(DecisionTelecomConfig {
        api_key: KEY.to_owned(),
        step,
    })
    .await
    .expect("the simulator binds 127.0.0.1:0")
}

pub fn config(sim: &DecisionTelecomHandle) -> GatewayConfig {
    let mut options = serde_json::Map::new();
    options.insert("namespace".into(), "xxxxx_xxxx_xxx_xxx_xxxxx".into());
    GatewayConfig {
        kind: GatewayKind::DecisionTelecom,
        // The trailing slash is how people paste URLs; it must not double up in the path.
        base_url: format!("{}/", sim.base_url()),
        sender: SENDER.to_owned(),
        secret: Some(Secret::new(KEY)),
        options,
    }
}

pub fn connect(config: GatewayConfig) -> Arc<dyn Gateway> {
    Gateways::with_timeout(Duration::from_secs(5))
        .connect(config)
        .expect("this build has a DecisionTelecom adapter")
}

pub fn message(to: &str, content: Content, callback_url: Option<String>) -> OutgoingMessage {
    OutgoingMessage {
        our_id: format!("our-{to}"),
        to: Phone::parse(to).expect("test numbers are valid"),
        content,
        callback_url,
    }
}

pub fn text(body: &str) -> Content {
    Content::Text {
        text: body.to_owned(),
    }
}

/// Waits (up to 10 s) until `done` holds; false if it never did.
pub async fn eventually(mut done: impl FnMut() -> bool) -> bool {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while tokio::time::Instant::now() < deadline {
        if done() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    done()
}

type Log = Arc<Mutex<Vec<Vec<u8>>>>;

/// A webhook receiver standing in for the app: it records every status callback body.
pub struct Receiver {
    addr: SocketAddr,
    log: Log,
    server: JoinHandle<()>,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl Receiver {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let log = Log::default();
        let app = Router::new()
            .route("/hook/status", post(record))
            .with_state(log.clone());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { addr, log, server }
    }

    pub fn url(&self) -> String {
        format!("http://{}/hook/status", self.addr)
    }

    pub fn requests(&self) -> Vec<WebhookRequest> {
        self.log
            .lock()
            .expect("log lock")
            .iter()
            .map(|body| WebhookRequest {
                method: "POST".to_owned(),
                body: body.clone(),
                ..WebhookRequest::default()
            })
            .collect()
    }
}

async fn record(State(log): State<Log>, body: Bytes) -> &'static str {
    log.lock().expect("log lock").push(body.to_vec());
    "ok"
}
