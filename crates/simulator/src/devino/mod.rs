//! A Devino WhatsApp gateway: `POST /whatsapp/messages` with the documented validation and
//! answers, then status callbacks (SENT, DELIVERED, READ) to each message's `callbackUrl`, and
//! optionally a scripted customer who answers what it read.
//!
//! Recipients whose number ends in `2305` are not on WhatsApp (UNDELIVERED, errorCode 2305);
//! ones ending in `2301` hit Devino's rate limit on their first message only (UNDELIVERED,
//! errorCode 2301), so tests can exercise the outbox's retry.

mod api;
mod callbacks;
mod media;
mod validation;

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::delivery;
use crate::server::{self, Server, now_ms};

pub use media::FetchedMedia;
pub use validation::MEDIA_TYPES;

/// How the simulated gateway behaves.
#[derive(Clone, Debug)]
pub struct DevinoConfig {
    /// The key expected in `Authorization: Key <api_key>`.
    pub api_key: String,
    /// Sender names the account may use; any other `from` is `not.available`.
    pub senders: Vec<String>,
    /// Pause before each status callback (SENT, then DELIVERED, then READ).
    pub step: Duration,
    /// The most messages one request may carry; more is `too.many.messages`. The documentation
    /// names the error but not the limit.
    pub max_batch: usize,
    pub customer: Option<ScriptedCustomer>,
}

impl Default for DevinoConfig {
    fn default() -> Self {
        Self {
            api_key: "sandbox-key".to_owned(),
            senders: vec!["Switchboard".to_owned()],
            step: Duration::from_secs(1),
            max_batch: 100,
            customer: None,
        }
    }
}

/// A customer who answers each message once it has read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptedCustomer {
    /// Where incoming messages are posted (the URL agreed with Devino's support).
    pub incoming_url: String,
    /// Answers, used in turn and cycled.
    pub replies: Vec<String>,
    /// Pause between reading a message and answering it.
    pub delay: Duration,
}

/// What the next send request suffers instead of (or before) normal handling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this HTTP status (429 and 503 carry `Retry-After: 1`); nothing is accepted.
    Status(u16),
    /// Wait this long, then handle the request normally: like a slow gateway, the message is
    /// accepted even if the client gave up waiting.
    Delay(Duration),
    /// Answer 200 with a body that is not JSON; nothing is accepted.
    Garbage,
}

/// A message the simulator accepted, as it came on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceivedMessage {
    pub message_id: String,
    pub from: String,
    pub to: String,
    pub text: Option<String>,
    pub content_url: Option<String>,
    pub content_type: Option<String>,
    pub content_name: Option<String>,
    pub template_id: Option<String>,
    pub template_params: Option<BTreeMap<String, String>>,
    pub language_code: Option<String>,
    pub validity: Option<i64>,
    pub callback_url: Option<String>,
    pub callback_data: Option<String>,
    pub received_at_ms: i64,
}

/// An incoming-message callback, field for field as documented.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IncomingMessage {
    pub incoming_message_id: u64,
    pub to: String,
    pub from: String,
    /// Milliseconds since the epoch.
    pub ts: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub whats_app_geo_location: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub whats_app_contacts: Option<serde_json::Value>,
}

/// One attempt to post a callback (status or incoming message).
#[derive(Clone, Debug, PartialEq)]
pub struct CallbackAttempt {
    pub url: String,
    pub body: serde_json::Value,
    /// The HTTP status the receiver answered, or why there was no answer.
    pub outcome: Result<u16, String>,
}

pub struct DevinoSimulator;

impl DevinoSimulator {
    /// Starts on 127.0.0.1 with a port the system picks.
    pub async fn start(config: DevinoConfig) -> std::io::Result<DevinoHandle> {
        Self::start_on(server::local_listener().await?, config).await
    }

    /// Starts on a listener the caller bound (a fixed port for the sandbox, for example).
    pub async fn start_on(
        listener: TcpListener,
        config: DevinoConfig,
    ) -> std::io::Result<DevinoHandle> {
        let (stop, stopped) = watch::channel(false);
        let http = delivery::http_client()?;
        let shared = Arc::new(Shared {
            api_key: config.api_key,
            senders: config.senders,
            step: config.step,
            max_batch: config.max_batch,
            http,
            stopped: stopped.clone(),
            // Ids keep growing across restarts, so a sandbox that restarts never reuses one.
            next_id: AtomicU64::new(3_400_000_000_000_000_000 + now_ms().unsigned_abs() * 1000),
            state: Mutex::new(State {
                customer: config.customer,
                ..State::default()
            }),
        });
        let router = api::router(shared.clone());
        let server = Server::start("Devino", listener, stop, router)?;
        Ok(DevinoHandle { shared, server })
    }
}

/// Controls a running simulator. Dropping it stops the server and pending callbacks.
pub struct DevinoHandle {
    shared: Arc<Shared>,
    server: Server,
}

impl DevinoHandle {
    /// `http://127.0.0.1:<port>`: what an account's base URL should be.
    pub fn base_url(&self) -> &str {
        self.server.base_url()
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// Every accepted message, in the order accepted.
    pub fn sent(&self) -> Vec<ReceivedMessage> {
        self.shared.state().sent.clone()
    }

    /// Makes the next send request suffer `fault`; faults queue up, one per request.
    pub fn inject(&self, fault: Fault) {
        self.inject_times(fault, 1);
    }

    /// Makes the next `times` send requests suffer `fault`.
    pub fn inject_times(&self, fault: Fault, times: usize) {
        let mut state = self.shared.state();
        state.faults.extend(std::iter::repeat_n(fault, times));
    }

    /// Drops faults no request has met yet, and says how many there were.
    pub fn clear_faults(&self) -> usize {
        let mut state = self.shared.state();
        let pending = state.faults.len();
        state.faults.clear();
        pending
    }

    /// Makes the simulator fetch every accepted message's `contentUrl` from then on, as Devino
    /// does to deliver it; see [`DevinoHandle::fetched`].
    pub fn fetch_media(&self, on: bool) {
        self.shared.state().fetch_media = on;
    }

    /// Every media fetch so far, oldest first.
    pub fn fetched(&self) -> Vec<FetchedMedia> {
        self.shared.state().fetched.clone()
    }

    /// Fetches `url` now, as the gateway would (a late fetch, after the link expired).
    pub async fn fetch_now(&self, url: &str) -> FetchedMedia {
        media::fetch(&self.shared.http, url).await
    }

    /// Every callback attempt so far (statuses and incoming messages), oldest first.
    pub fn callback_log(&self) -> Vec<CallbackAttempt> {
        self.shared.state().callbacks.clone()
    }

    /// Replaces the scripted customer (the app learns its own webhook URL only after start).
    pub fn set_customer(&self, customer: Option<ScriptedCustomer>) {
        self.shared.state().customer = customer;
    }

    /// A text message from `from` (digits) to the account's first sender, with a fresh id.
    pub fn incoming_text(&self, from: &str, text: &str) -> IncomingMessage {
        IncomingMessage {
            incoming_message_id: self.shared.next_id(),
            to: self.shared.senders.first().cloned().unwrap_or_default(),
            from: from.to_owned(),
            ts: now_ms(),
            text: Some(text.to_owned()),
            profile_name: Some(callbacks::CUSTOMER_NAME.to_owned()),
            ..IncomingMessage::default()
        }
    }

    /// A file from `from` (digits): Devino's incoming callback with `contentUrl`.
    pub fn incoming_media(
        &self,
        from: &str,
        url: &str,
        content_type: &str,
        name: Option<&str>,
    ) -> IncomingMessage {
        IncomingMessage {
            content_url: Some(url.to_owned()),
            content_type: Some(content_type.to_owned()),
            content_name: name.map(str::to_owned),
            text: None,
            ..self.incoming_text(from, "")
        }
    }

    /// The status callback Devino would post for the accepted message `message_id`, or
    /// `None` when no such message was accepted.
    pub fn status_callback(
        &self,
        message_id: &str,
        status: &str,
        error_code: u32,
    ) -> Option<serde_json::Value> {
        let state = self.shared.state();
        let message = state.sent.iter().find(|m| m.message_id == message_id)?;
        Some(callbacks::status_body(message, status, error_code))
    }

    /// Posts one incoming-message callback to `url`, once, and says what the receiver answered.
    pub async fn post_incoming(&self, url: &str, message: &IncomingMessage) -> Result<u16, String> {
        let body = serde_json::to_value(message).map_err(|e| e.to_string())?;
        callbacks::post_once(&self.shared, url, body).await
    }

    /// Stops the server and every pending callback.
    pub async fn shutdown(self) {
        self.server.shutdown().await;
    }
}

/// What the server, the callback tasks and the handle share.
struct Shared {
    api_key: String,
    senders: Vec<String>,
    step: Duration,
    max_batch: usize,
    http: reqwest::Client,
    stopped: watch::Receiver<bool>,
    next_id: AtomicU64,
    /// Never held across an await.
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    sent: Vec<ReceivedMessage>,
    faults: VecDeque<Fault>,
    callbacks: Vec<CallbackAttempt>,
    customer: Option<ScriptedCustomer>,
    next_reply: usize,
    /// Numbers ending in 2301 that already hit the rate limit once.
    throttled: HashSet<String>,
    /// Fetch each accepted message's `contentUrl`, as the real gateway does.
    fetch_media: bool,
    fetched: Vec<FetchedMedia>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere must not take the simulator down with it: the data is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A fresh 19-digit id, as Devino's look.
    fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }
}
