//! The phone bridge: the phone calls us, so the suite's "gateway" is a simulated phone, and a
//! tiny server in this file stands in for the app's `/hooks/{token}/{endpoint}` route,
//! forwarding the phone's requests to the adapter under test.
//!
//! How the suite's hooks apply: the adapter sends no credentials anywhere
//! (`wrong_credentials` is `None`; a wrong secret on each endpoint is tested in
//! `tests/phone_bridge`); the only request that can go wrong on our side is the phone not
//! asking, so the one fault is a phone that is silent for a while (`Fault::Delay`) and the one
//! documented send error is the pickup timeout. A phone-reported failure is a status, not a
//! send error, so it is among the statuses.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{
    Connector, Gateway, GatewayConfig, OutgoingMessage, Secret, WebhookError, WebhookRequest,
};
use switchboard_core::ingest::IngestEvent;
use switchboard_core::message::Content;
use switchboard_core::phone::Phone;
use switchboard_core::status::Status;
use switchboard_gateways::Gateways;
use switchboard_simulator::{PhoneAuth, PhoneConfig, PhoneHandle, PhoneSimulator};

use crate::{Accepted, DocumentedError, Fault, Sent, Subject, outgoing, statuses, text, wire_word};

const SECRET: &str = "conformance-phone-secret-7c2e4a91f0b35d8e";
const PICKUP_TIMEOUT: &str = "pickup timeout (the phone does not ask)";

type Handed = Arc<Mutex<Vec<Accepted>>>;

pub struct PhoneBridge {
    phones: Mutex<Vec<PhoneHandle>>,
    /// What the app handed to the phone, in order. On loopback a reply written is a reply
    /// received; the phone's own log lags the send's return by one HTTP response.
    handed: Handed,
}

impl PhoneBridge {
    fn each_phone(&self, f: impl Fn(&PhoneHandle)) {
        self.phones
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .for_each(f);
    }

    fn with_phone<T>(&self, f: impl FnOnce(&PhoneHandle) -> T) -> T {
        let phones = self.phones.lock().unwrap_or_else(PoisonError::into_inner);
        f(phones.last().expect("connect() started a phone"))
    }
}

fn signed(body: &serde_json::Value) -> WebhookRequest {
    WebhookRequest {
        method: "POST".into(),
        query: String::new(),
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("authorization".into(), format!("Bearer {SECRET}")),
        ],
        body: serde_json::to_vec(body).expect("json"),
    }
}

/// Binds 127.0.0.1:0 and serves `/hooks/{endpoint}` by the adapter, as the app would.
fn serve_hooks(gateway: Arc<dyn Gateway>, handed: Handed) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.set_nonblocking(true).expect("non-blocking");
    let addr = listener.local_addr().expect("local addr");
    let listener = tokio::net::TcpListener::from_std(listener).expect("a tokio listener");
    let app = Router::new()
        .route("/hooks/{endpoint}", any(forward))
        .with_state((gateway, handed));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

async fn forward(
    State((gateway, handed)): State<(Arc<dyn Gateway>, Handed)>,
    Path(endpoint): Path<String>,
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
    // No await between the hand-over and the log: the send returns only after both.
    match gateway.parse_webhook(&endpoint, &request) {
        Ok(outcome) => {
            let reply = outcome
                .reply
                .map_or_else(|| r#"{"ok":true}"#.to_owned(), |r| r.body().to_owned());
            if endpoint == "next" {
                let value: serde_json::Value = serde_json::from_str(&reply).expect("JSON");
                if let Some(digits) = value["message"]["digits"].as_str() {
                    handed
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(Accepted {
                            to: digits.to_owned(),
                            kind: "text",
                        });
                }
            }
            ([("content-type", "application/json")], reply).into_response()
        }
        Err(e @ WebhookError::Unauthenticated(_)) => {
            (StatusCode::UNAUTHORIZED, e.to_string()).into_response()
        }
        Err(e) => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    }
}

#[async_trait::async_trait]
impl Subject for PhoneBridge {
    async fn start() -> Self {
        Self {
            phones: Mutex::new(Vec::new()),
            handed: Handed::default(),
        }
    }

    fn config(&self) -> GatewayConfig {
        let mut options = serde_json::Map::new();
        // As `account add --option pickup_timeout_s=1` stores it: a string.
        options.insert("pickup_timeout_s".into(), "1".into());
        GatewayConfig {
            kind: GatewayKind::PhoneBridge,
            // Unused by the adapter, but the core asks every account for one (see the notes):
            // the app's own address, where the phone reaches it.
            base_url: "http://127.0.0.1:8765".into(),
            sender: "+7 900 000-00-01".into(),
            secret: Some(Secret::new(SECRET)),
            options,
        }
    }

    fn wrong_credentials(&self) -> Option<(GatewayConfig, &'static str)> {
        None
    }

    /// The adapter as the app builds it, with a phone that asks it for work every 30 ms.
    fn connect(&self, config: GatewayConfig, timeout: Duration) -> Arc<dyn Gateway> {
        let gateway = Gateways::with_timeout(timeout)
            .connect(config.clone())
            .expect("this build has the phone bridge");
        let addr = serve_hooks(gateway.clone(), self.handed.clone());
        let phone = PhoneSimulator::start(PhoneConfig {
            hooks_url: format!("http://{addr}/hooks"),
            secret: config
                .secret
                .map(|s| s.expose().to_owned())
                .unwrap_or_default(),
            auth: PhoneAuth::Header,
            poll_every: Duration::from_millis(30),
            typing: Duration::ZERO,
            customer: None,
            ..PhoneConfig::default()
        });
        self.phones
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(phone);
        gateway
    }

    fn samples(&self) -> Vec<Content> {
        vec![text("Hello from the conformance suite")]
    }

    fn accepted(&self) -> Vec<Accepted> {
        self.handed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn faults(&self) -> Vec<Fault> {
        vec![Fault::Delay(Duration::from_secs(2))]
    }

    /// A phone that answers late is a phone that stops asking for a while.
    fn inject(&self, fault: Fault) {
        match fault {
            Fault::Delay(d) => self.each_phone(|p| p.pause_for(d)),
            other => panic!("the phone bridge makes no requests that could meet {other:?}"),
        }
    }

    fn documented_errors(&self) -> Vec<DocumentedError> {
        vec![DocumentedError::new(
            PICKUP_TIMEOUT,
            true,
            "has not asked for messages for 1 s",
        )]
    }

    async fn provoke(&self, error: &DocumentedError) -> OutgoingMessage {
        match error.name.as_str() {
            PICKUP_TIMEOUT => self.each_phone(PhoneHandle::pause),
            other => panic!("no way to provoke {other}"),
        }
        outgoing(&self.customer(), text("nobody takes this"))
    }

    fn documented_statuses(&self) -> Vec<(String, Status)> {
        statuses(&[
            ("sent", Status::Sent),
            ("SENT", Status::Sent),
            ("1", Status::Sent),
            ("delivered", Status::Delivered),
            ("read", Status::Seen),
            ("seen", Status::Seen),
            ("failed", Status::Failed),
            ("failed:The chat did not open", Status::Failed),
            ("2", Status::Failed),
            ("typing", Status::Other("typing".into())),
        ])
    }

    async fn report_status(
        &self,
        gateway: &dyn Gateway,
        sent: &Sent,
        wire: &str,
    ) -> Vec<IngestEvent> {
        let (word, error) = wire_word(wire);
        let body =
            self.with_phone(|p| p.result_body(&sent.receipt.gateway_message_id, word, error));
        gateway
            .parse_webhook("result", &signed(&body))
            .expect("the phone's result parses")
            .events
    }

    async fn incoming(
        &self,
        gateway: &dyn Gateway,
        from: &Phone,
        text: &str,
    ) -> Option<Vec<IngestEvent>> {
        let body = self.with_phone(|p| p.incoming_body(from.e164(), Some("Anna Petrova"), text));
        Some(
            gateway
                .parse_webhook("incoming", &signed(&body))
                .expect("the phone's incoming message parses")
                .events,
        )
    }
}

conformance!(PhoneBridge);
