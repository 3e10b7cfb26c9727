//! A Rapporto WhatsApp gateway: the send request of Rapporto's REST API page with its
//! validation, error codes and HTTP statuses, de-duplication by the partner-side `id`, and
//! delivery reports posted to each message's `notifyUrl`.
//!
//! The page gives no endpoint: the simulator takes messages at [`ENDPOINT_PATH`], and
//! [`RapportoHandle::base_url`] is the full URL an account's base URL should be. No incoming
//! messages are documented, so there is no scripted customer.
//!
//! Special recipients: a `destAddr` of fewer than 10 digits is refused with code 8; numbers
//! ending in `0000` do not use WhatsApp (reports SENT, then UNDELIVERED with errorCode 1);
//! numbers ending in `1111` expire (SENT, then EXPIRED with errorCode 2). Every other message
//! goes SENT, DELIVERED, READ.

mod api;
mod reports;
mod validation;

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::delivery;
use crate::server::{self, Server, now_ms};

pub use validation::TTL_MINUTES;

/// Where the simulator takes messages (Rapporto gives each client its own URL).
pub const ENDPOINT_PATH: &str = "/rapporto/whatsapp";

/// How the simulated gateway behaves.
#[derive(Clone, Debug)]
pub struct RapportoConfig {
    /// The partner's name expected in `login` (code 5 otherwise).
    pub login: String,
    /// The password expected in `password` (code 6 otherwise).
    pub password: String,
    /// Sender names (`serviceNumber`) registered for the partner; any other is code 7.
    pub service_numbers: Vec<String>,
    /// Pause before each delivery report (SENT, then DELIVERED, then READ).
    pub step: Duration,
    /// "The control service is enabled separately": with it, a repeated `id` answers the first
    /// request's message number and is not sent again; without it, a repeated `id` is code 10.
    pub duplicate_control: bool,
    /// Addresses allowed to call; `None` allows any. Others get code 2.
    pub allowed_ips: Option<Vec<IpAddr>>,
}

impl Default for RapportoConfig {
    fn default() -> Self {
        Self {
            login: "sandbox".to_owned(),
            password: "sandbox-password".to_owned(),
            service_numbers: vec!["Switchboard".to_owned()],
            step: Duration::from_secs(1),
            duplicate_control: true,
            allowed_ips: None,
        }
    }
}

/// What the next send request suffers instead of (or before) normal handling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this HTTP status; the documented ones carry their error body (503 code 1,
    /// 429 code 3 with `Retry-After: 1`, 500 code 100, 403 code 2), others a plain text body.
    /// Nothing is accepted.
    Status(u16),
    /// Answer the documented error `code` with its HTTP status; nothing is accepted.
    Error(u16),
    /// Wait this long, then handle the request normally: like a slow gateway, the message is
    /// accepted even if the client gave up waiting.
    Delay(Duration),
    /// Answer 200 with a body that is not JSON; nothing is accepted.
    Garbage,
}

/// What a message carried: the page allows "text only" or "image only".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InstantContent {
    Text(String),
    ImageUrl(String),
}

/// A message the simulator accepted, as it came on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedMessage {
    /// The simulator's message number, answered as `mtNum`.
    pub mt_num: String,
    /// The partner-side `id`, when the request had one.
    pub partner_id: Option<String>,
    /// `destAddr` as sent.
    pub dest_addr: String,
    /// The recipient normalised to 7XXXXXXXXXX (or the international digits).
    pub to: String,
    pub service_number: String,
    pub content: InstantContent,
    /// The lifetime in minutes, when one was sent (0 is none).
    pub ttl_minutes: Option<i64>,
    pub notify_url: Option<String>,
    pub registered_delivery: u8,
    pub received_at_ms: i64,
}

/// One 200 answer to a send: a new message or a repeat of an accepted `id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SendAnswer {
    pub partner_id: Option<String>,
    pub mt_num: String,
    /// The `id` had been accepted before: nothing new was sent.
    pub repeated: bool,
}

/// One attempt to post a delivery report.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportAttempt {
    pub url: String,
    pub body: serde_json::Value,
    /// The HTTP status the receiver answered, or why there was no answer.
    pub outcome: Result<u16, String>,
}

pub struct RapportoSimulator;

impl RapportoSimulator {
    /// Starts on 127.0.0.1 with a port the system picks.
    pub async fn start(config: RapportoConfig) -> std::io::Result<RapportoHandle> {
        Self::start_on(server::local_listener().await?, config).await
    }

    /// Starts on a listener the caller bound (a fixed port for the sandbox, for example).
    pub async fn start_on(
        listener: TcpListener,
        config: RapportoConfig,
    ) -> std::io::Result<RapportoHandle> {
        let (stop, stopped) = watch::channel(false);
        let http = delivery::http_client()?;
        let shared = Arc::new(Shared {
            http,
            stopped: stopped.clone(),
            // Message numbers keep growing across restarts, so a sandbox never reuses one.
            next_mt_num: AtomicU64::new(now_ms().unsigned_abs()),
            state: Mutex::new(State {
                config,
                ..State::default()
            }),
        });
        let router = api::router(shared.clone());
        let server = Server::start_with_peer_addresses("Rapporto", listener, stop, router)?
            .at(ENDPOINT_PATH);
        Ok(RapportoHandle { shared, server })
    }
}

/// Controls a running simulator. Dropping it stops the server and pending reports.
pub struct RapportoHandle {
    shared: Arc<Shared>,
    server: Server,
}

impl RapportoHandle {
    /// `http://127.0.0.1:<port>/rapporto/whatsapp`: the full endpoint, what an account's base
    /// URL should be.
    pub fn base_url(&self) -> &str {
        self.server.base_url()
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// Every accepted message, in the order accepted; a repeated `id` is not in it twice.
    pub fn sent(&self) -> Vec<ReceivedMessage> {
        self.shared.state().sent.clone()
    }

    /// Every 200 answer to a send, oldest first, repeats included.
    pub fn answers(&self) -> Vec<SendAnswer> {
        self.shared.state().answers.clone()
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

    /// Turns Rapporto's duplicate control on or off (see [`RapportoConfig`]).
    pub fn set_duplicate_control(&self, on: bool) {
        self.shared.state().config.duplicate_control = on;
    }

    /// Limits the addresses allowed to call (`None`: any).
    pub fn set_allowed_ips(&self, ips: Option<Vec<IpAddr>>) {
        self.shared.state().config.allowed_ips = ips;
    }

    /// Every delivery report attempt so far, oldest first.
    pub fn report_log(&self) -> Vec<ReportAttempt> {
        self.shared.state().reports.clone()
    }

    /// The delivery report Rapporto would post for the accepted message `mt_num`, or `None`
    /// when no such message was accepted. `error_code` 0 is none.
    pub fn report(&self, mt_num: &str, status: &str, error_code: u32) -> Option<serde_json::Value> {
        let state = self.shared.state();
        let message = state.sent.iter().find(|m| m.mt_num == mt_num)?;
        Some(reports::body(message, status, error_code))
    }

    /// Posts one delivery report to `url`, once, and says what the receiver answered.
    pub async fn post_report(&self, url: &str, body: serde_json::Value) -> Result<u16, String> {
        reports::post_once(&self.shared, url, body).await
    }

    /// Stops the server and every pending report.
    pub async fn shutdown(self) {
        self.server.shutdown().await;
    }
}

/// What the server, the report tasks and the handle share.
struct Shared {
    http: reqwest::Client,
    stopped: watch::Receiver<bool>,
    next_mt_num: AtomicU64,
    /// Never held across an await.
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    config: RapportoConfig,
    sent: Vec<ReceivedMessage>,
    /// Partner-side id -> message number, for duplicate control.
    by_partner_id: HashMap<String, String>,
    answers: Vec<SendAnswer>,
    faults: VecDeque<Fault>,
    reports: Vec<ReportAttempt>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere must not take the simulator down with it: the data is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn next_mt_num(&self) -> String {
        self.next_mt_num.fetch_add(1, Ordering::Relaxed).to_string()
    }
}
