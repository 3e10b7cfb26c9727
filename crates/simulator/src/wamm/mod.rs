//! A WAMM.chat account: `GET /<method>/<token>/?<params>` for msg_to, file_to, msg_state,
//! check_phone, msg_get_last, msg_get, contact_to and contact_delete, answering JSON whose
//! `err` is 0 or the documented error string.
//!
//! Numbers ending in `0000` have no WhatsApp; ones ending in `0503` fail their first
//! `check_phone` ("fail execution"). Our sends move sending → delivered → viewed one `step`
//! apart, and a scripted customer answers what it read: the answer shows in the lists as an
//! incoming message (`from_me` 0), since WAMM delivers nothing by callback.

mod api;
mod store;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use jiff::tz::{Offset, TimeZone};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::server::{self, Server, now_ms};

pub use store::{WammMessage, history_from_me, history_name, history_phone, history_text, wall};

/// How the simulated account behaves.
#[derive(Clone, Debug)]
pub struct WammConfig {
    /// The token expected in every URL.
    pub token: String,
    /// The zone `date_ins` and `date_upd` are written in (an IANA name).
    pub timezone: String,
    /// Pause between our message's states (sending, delivered, viewed).
    pub step: Duration,
    /// Generated history: `(contacts, messages per contact)`.
    pub history: Option<(usize, usize)>,
    /// Messages the API may send in total ("30 a day" for test accounts); `None` is no cap.
    pub daily_limit: Option<u32>,
    pub customer: Option<WammCustomer>,
}

impl Default for WammConfig {
    fn default() -> Self {
        Self {
            token: "sandbox-token".to_owned(),
            timezone: "Europe/Moscow".to_owned(),
            step: Duration::from_secs(2),
            history: Some((5, 10)),
            daily_limit: None,
            customer: Some(WammCustomer::default()),
        }
    }
}

/// A customer who answers each of our messages once it has read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WammCustomer {
    /// Answers, used in turn and cycled.
    pub replies: Vec<String>,
    /// Pause between reading (viewed) and answering.
    pub delay: Duration,
    /// The customer's WhatsApp name, shown as `chat_name`.
    pub name: String,
}

impl Default for WammCustomer {
    fn default() -> Self {
        Self {
            replies: vec![
                "Здравствуйте! Спасибо, получил.".to_owned(),
                "А когда будет доставка? :sm16:".to_owned(),
            ],
            delay: Duration::from_secs(1),
            name: "Олег Иванов".to_owned(),
        }
    }
}

/// What the next request suffers instead of normal handling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this HTTP status and no usable body.
    Status(u16),
    /// Wait this long, then handle the request normally (a send still goes through).
    Delay(Duration),
    /// Answer 200 with a body that is not JSON.
    Garbage,
}

/// A message the API accepted (`msg_to`, `file_to`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentMessage {
    pub msg_id: String,
    pub phone: String,
    /// `textMessage` or `file_link`.
    pub tip_msg: String,
    pub text: String,
    pub url: String,
}

pub struct WammSimulator;

impl WammSimulator {
    pub async fn start(config: WammConfig) -> std::io::Result<WammHandle> {
        Self::start_on(server::local_listener().await?, config).await
    }

    pub async fn start_on(
        listener: TcpListener,
        config: WammConfig,
    ) -> std::io::Result<WammHandle> {
        let stop = watch::Sender::new(false);
        // Moscow has been UTC+3 all year since 2014: the fallback for a machine with no zone
        // database.
        let zone = TimeZone::get(&config.timezone)
            .unwrap_or_else(|_| TimeZone::fixed(Offset::constant(3)));
        let mut state = store::State {
            // Seven-digit ids, like the documentation's 1xxxxxx.
            next_id: 1_000_000,
            authorized: true,
            daily_limit: config.daily_limit,
            customer: config.customer,
            step: config.step,
            ..store::State::default()
        };
        if let Some((contacts, per_contact)) = config.history {
            store::generate(&mut state, contacts, per_contact, now_ms());
        }
        let shared = Arc::new(Shared {
            token: config.token,
            zone,
            state: Mutex::new(state),
        });
        let router = api::router(shared.clone());
        let server = Server::start("WAMM.chat", listener, stop, router)?.at("/api2");
        Ok(WammHandle { shared, server })
    }
}

/// Controls a running simulator. Dropping it stops the server.
pub struct WammHandle {
    shared: Arc<Shared>,
    server: Server,
}

impl WammHandle {
    /// `http://127.0.0.1:<port>/api2`: what an account's base URL should be.
    pub fn base_url(&self) -> &str {
        self.server.base_url()
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// Every message the API accepted, oldest first.
    pub fn sent(&self) -> Vec<SentMessage> {
        let state = self.shared.state();
        state
            .messages
            .iter()
            .filter(|m| m.via_api)
            .map(|m| SentMessage {
                msg_id: m.msg_id.to_string(),
                phone: m.phone.clone(),
                tip_msg: m.tip_msg.clone(),
                text: m.text.clone(),
                url: m.link.clone(),
            })
            .collect()
    }

    /// Every message the account holds, oldest first, with states as they stand now.
    pub fn messages(&self) -> Vec<WammMessage> {
        let mut state = self.shared.state();
        state.advance(now_ms());
        state.messages.clone()
    }

    /// The methods called so far, in order (`msg_to`, `check_phone` ...).
    pub fn calls(&self) -> Vec<String> {
        self.shared.state().calls.clone()
    }

    /// The address book: digits to name.
    pub fn contacts(&self) -> Vec<(String, String)> {
        let state = self.shared.state();
        state
            .book
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// Makes the next request (any method) suffer `fault`; faults queue up.
    pub fn inject(&self, fault: Fault) {
        self.shared.state().faults.push_back(fault);
    }

    /// Makes the next `msg_to` or `file_to` answer `{"err": err}`.
    pub fn fail_next_send(&self, err: &str) {
        self.shared.state().send_errors.push_back(err.to_owned());
    }

    /// WAMM forgets which numbers it checked (sends then answer "phone not checked").
    pub fn forget_checks(&self) {
        self.shared.state().checked.clear();
    }

    /// Whether the account's WhatsApp is linked; unlinked, every method answers
    /// "acc not authorized".
    pub fn set_authorized(&self, authorized: bool) {
        self.shared.state().authorized = authorized;
    }

    /// Caps the messages the API may send in total; `None` lifts the cap.
    pub fn set_daily_limit(&self, limit: Option<u32>) {
        self.shared.state().daily_limit = limit;
    }

    /// How many messages the API has sent.
    pub fn sent_count(&self) -> u32 {
        self.shared.state().sent_via_api()
    }

    /// Sets a message's state by hand (it then stays there); `false` when there is no such
    /// message.
    pub fn set_state(&self, msg_id: &str, state: &str) -> bool {
        let mut guard = self.shared.state();
        let Some(m) = guard
            .messages
            .iter_mut()
            .find(|m| m.msg_id.to_string() == msg_id)
        else {
            return false;
        };
        m.auto = false;
        m.state = state.to_owned();
        // The row changed: a new update time, distinct from the last even within a second.
        m.date_upd = now_ms().max(m.date_upd + 1000);
        true
    }

    /// A customer's message arrives; answers its `msg_id`.
    pub fn add_incoming(&self, phone: &str, text: &str, chat_name: Option<&str>) -> String {
        let mut state = self.shared.state();
        let message = store::incoming(phone, text, chat_name.map(str::to_owned), now_ms());
        state.push(message).to_string()
    }

    /// The manager writes from the phone (not through the API); answers its `msg_id`.
    pub fn add_from_phone(&self, phone: &str, text: &str) -> String {
        let mut state = self.shared.state();
        let mut message = store::incoming(phone, text, None, now_ms());
        message.from_me = true;
        message.state = "sending".to_owned();
        message.auto = true;
        state.push(message).to_string()
    }

    /// The list entry `msg_get_last` would show for a message, as JSON.
    pub fn wire(&self, msg_id: &str) -> Option<serde_json::Value> {
        let state = self.shared.state();
        let m = state
            .messages
            .iter()
            .find(|m| m.msg_id.to_string() == msg_id)?;
        Some(state.wire(m, &self.shared.zone))
    }

    pub fn set_customer(&self, customer: Option<WammCustomer>) {
        self.shared.state().customer = customer;
    }

    /// Stops the server.
    pub async fn shutdown(self) {
        self.server.shutdown().await;
    }
}

struct Shared {
    token: String,
    zone: TimeZone,
    /// Never held across an await.
    state: Mutex<store::State>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, store::State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
