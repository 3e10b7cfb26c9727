//! A DecisionTelecom WhatsApp gateway: `POST send-whatsapp` and `POST receive-whatsapp` under
//! `/v1/api/` with the page's validation and error objects, then status callbacks (0 sent, 1
//! delivered, 7 seen) to each message's `callback_url`, the status look-up answering the
//! current status at any time.
//!
//! Recipients whose number ends in
//! - `7007` have not written in 24 hours: text and images are refused with error 7, templates
//!   go through;
//! - `4004` are not reached: 0 sent, then 4 failed;
//! - `3003` meet an error: 0 sent, then 3 error;
//! - `2002` are rejected: 2 rejected at once.
//!
//! An image link whose file name contains `not-an-image` fails the MIME check (error 8): the
//! real gateway downloads the file, which the simulator cannot.
//!
//! DecisionTelecom documents no incoming messages, so there is no scripted customer.

mod api;
mod callbacks;
mod validation;

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::delivery;
use crate::server::{self, Server, now_ms};

pub use crate::devino::{CallbackAttempt, Fault};
pub use validation::{ApiError, MAX_TEXT_CHARS};

/// The page's status numbers.
pub mod status {
    pub const SENT: u8 = 0;
    pub const DELIVERED: u8 = 1;
    pub const REJECTED: u8 = 2;
    pub const ERROR: u8 = 3;
    pub const FAILED: u8 = 4;
    pub const DELETED: u8 = 5;
    pub const PENDING: u8 = 6;
    pub const SEEN: u8 = 7;
}

/// How the simulated gateway behaves.
#[derive(Clone, Debug)]
pub struct DecisionTelecomConfig {
    /// The key expected in `Authorization: Basic <api_key>`.
    pub api_key: String,
    /// Pause before each status change (sent, then delivered, then seen).
    pub step: Duration,
}

impl Default for DecisionTelecomConfig {
    fn default() -> Self {
        Self {
            api_key: "sandbox-key".to_owned(),
            step: Duration::from_secs(1),
        }
    }
}

/// A message the simulator accepted, as it came on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedMessage {
    pub message_id: u64,
    pub source_addr: String,
    /// Digits, whether they came as a number or a string.
    pub destination_addr: String,
    pub message_type: u8,
    pub text: Option<String>,
    pub file_url: Option<String>,
    pub callback_url: Option<String>,
    pub template_name: Option<String>,
    /// `template_params` as it came: a JSON string.
    pub template_params: Option<String>,
    /// `template_params` parsed.
    pub template: Option<serde_json::Value>,
    pub received_at_ms: i64,
}

pub struct DecisionTelecomSimulator;

impl DecisionTelecomSimulator {
    /// Starts on 127.0.0.1 with a port the system picks.
    pub async fn start(config: DecisionTelecomConfig) -> std::io::Result<DecisionTelecomHandle> {
        Self::start_on(server::local_listener().await?, config).await
    }

    /// Starts on a listener the caller bound (a fixed port for the sandbox, for example).
    pub async fn start_on(
        listener: TcpListener,
        config: DecisionTelecomConfig,
    ) -> std::io::Result<DecisionTelecomHandle> {
        let (stop, stopped) = watch::channel(false);
        let http = delivery::http_client()?;
        let shared = Arc::new(Shared {
            api_key: config.api_key,
            step: config.step,
            http,
            stopped: stopped.clone(),
            // Ids keep growing across restarts, so a sandbox that restarts never reuses one.
            next_id: AtomicU64::new(now_ms().unsigned_abs()),
            state: Mutex::new(State::default()),
        });
        let router = api::router(shared.clone());
        let server = Server::start("DecisionTelecom", listener, stop, router)?.at(api::PREFIX);
        Ok(DecisionTelecomHandle { shared, server })
    }
}

/// Controls a running simulator. Dropping it stops the server and pending callbacks.
pub struct DecisionTelecomHandle {
    shared: Arc<Shared>,
    server: Server,
}

impl DecisionTelecomHandle {
    /// `http://127.0.0.1:<port>/v1/api`: what an account's base URL should be.
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

    /// Makes the next request (send or look-up) suffer `fault`; faults queue up.
    pub fn inject(&self, fault: Fault) {
        self.shared.state().faults.push_back(fault);
    }

    /// Makes the next request (after any fault) answer the documented error `code` (0 to 9).
    pub fn inject_error(&self, code: u8) {
        self.shared.state().errors.push_back(code);
    }

    /// Drops faults and errors no request has met yet, and says how many there were.
    pub fn clear_faults(&self) -> usize {
        let mut state = self.shared.state();
        let pending = state.faults.len() + state.errors.len();
        state.faults.clear();
        state.errors.clear();
        pending
    }

    /// An empty balance refuses every send with error 3 until it is topped up.
    pub fn set_balance_empty(&self, empty: bool) {
        self.shared.state().balance_empty = empty;
    }

    /// The current status of message `id`, as a look-up answers it.
    pub fn status(&self, id: u64) -> Option<u8> {
        self.shared.state().statuses.get(&id).copied()
    }

    /// Sets message `id`'s status (what look-ups answer from now on) and returns the callback
    /// body DecisionTelecom would post for it; `None` when no such message was accepted. The
    /// body is not posted: the caller decides where it goes.
    pub fn set_status(&self, id: u64, status: u8) -> Option<serde_json::Value> {
        let mut state = self.shared.state();
        let current = state.statuses.get_mut(&id)?;
        *current = status;
        Some(callbacks::status_body(id, status))
    }

    /// How many status look-ups were answered (or refused) so far.
    pub fn lookups(&self) -> usize {
        self.shared.state().lookups
    }

    /// Every status callback attempt so far, oldest first.
    pub fn callback_log(&self) -> Vec<CallbackAttempt> {
        self.shared.state().callbacks.clone()
    }

    /// Stops the server and every pending callback.
    pub async fn shutdown(self) {
        self.server.shutdown().await;
    }
}

/// What the server, the callback tasks and the handle share.
struct Shared {
    api_key: String,
    step: Duration,
    http: reqwest::Client,
    stopped: watch::Receiver<bool>,
    next_id: AtomicU64,
    /// Never held across an await.
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    sent: Vec<ReceivedMessage>,
    statuses: HashMap<u64, u8>,
    faults: VecDeque<Fault>,
    errors: VecDeque<u8>,
    callbacks: Vec<CallbackAttempt>,
    balance_empty: bool,
    lookups: usize,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere must not take the simulator down with it: the data is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }
}
