//! A simulated phone for the phone bridge: an Android automation app that asks Switchboard for
//! the next message every few seconds (`GET {hooks}/next`), "sends" it, reports the result
//! (`POST {hooks}/result`) and posts the customer's answers caught from notifications
//! (`POST {hooks}/incoming`), in exactly the JSON shapes of the phone bridge's notes.
//!
//! Unlike the other simulators it serves nothing: the phone calls the app. Recipients whose
//! digits end in [`PhoneConfig::not_on_whatsapp_suffix`] are reported failed as the article's
//! script does when the chat does not open.

mod app;

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::sync::watch;

use crate::server::{Task, now_ms};

/// How the phone signs its requests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PhoneAuth {
    /// `Authorization: Bearer <secret>`.
    #[default]
    Header,
    /// `?token=<secret>`, for apps that cannot set headers.
    Query,
}

/// How the simulated phone behaves.
#[derive(Clone, Debug)]
pub struct PhoneConfig {
    /// The account's hooks without the endpoint: `http://127.0.0.1:8765/hooks/<token>`.
    pub hooks_url: String,
    pub secret: String,
    pub auth: PhoneAuth,
    /// Pause between two questions for work; the article's timer fires every 5 s.
    pub poll_every: Duration,
    /// How long opening the chat, pasting and pressing send takes (about 5 s in the article).
    pub typing: Duration,
    /// Recipients whose digits end so are not on WhatsApp: the result is `failed`.
    pub not_on_whatsapp_suffix: String,
    pub customer: Option<PhoneCustomer>,
}

impl Default for PhoneConfig {
    fn default() -> Self {
        Self {
            hooks_url: "http://127.0.0.1:8765/hooks/sandbox".to_owned(),
            secret: "sandbox".to_owned(),
            auth: PhoneAuth::Header,
            poll_every: Duration::from_secs(5),
            typing: Duration::from_secs(1),
            not_on_whatsapp_suffix: "0000".to_owned(),
            customer: None,
        }
    }
}

/// A customer who answers each message the phone sent, as a WhatsApp notification the phone
/// passes on to `incoming`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneCustomer {
    /// Answers, used in turn and cycled.
    pub replies: Vec<String>,
    /// Pause between our message going out and the answer arriving.
    pub delay: Duration,
    /// The notification's title; `None` shows the number, as for a contact the phone lacks.
    pub name: Option<String>,
}

impl Default for PhoneCustomer {
    fn default() -> Self {
        Self {
            replies: vec![
                "Thank you! When can you deliver?".to_owned(),
                "OK, that works for me.".to_owned(),
            ],
            delay: Duration::from_secs(2),
            name: Some("Anna Petrova".to_owned()),
        }
    }
}

/// What goes wrong on the phone's side for the next message it takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhoneFault {
    /// WhatsApp does not send it: the phone reports `failed` with this error text.
    Fail(String),
    /// The app dies after sending and before reporting: no result is ever posted.
    CrashBeforeReport,
}

/// A message the phone took from `next` and typed into WhatsApp.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneMessage {
    pub id: String,
    pub phone: String,
    pub digits: String,
    pub text: String,
    #[serde(default)]
    pub link: Option<String>,
}

/// One request the phone made, and what the app answered.
#[derive(Clone, Debug, PartialEq)]
pub struct PhoneRequest {
    /// `next`, `result` or `incoming`.
    pub endpoint: String,
    pub body: Value,
    /// The HTTP status, or why there was no answer.
    pub outcome: Result<u16, String>,
}

pub struct PhoneSimulator;

impl PhoneSimulator {
    /// Starts the phone's automation on the current tokio runtime; it asks for work at once.
    pub fn start(config: PhoneConfig) -> PhoneHandle {
        let (stop, stopped) = watch::channel(false);
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                customer: config.customer.clone(),
                ..State::default()
            }),
            config,
            http,
            stopped,
        });
        let task = Task::new(stop, tokio::spawn(app::run(shared.clone())));
        PhoneHandle { shared, task }
    }
}

/// Controls a running phone. Dropping it stops the phone.
pub struct PhoneHandle {
    shared: Arc<Shared>,
    task: Task,
}

impl PhoneHandle {
    /// Every message the phone took and typed, oldest first (failed ones included).
    pub fn sent(&self) -> Vec<PhoneMessage> {
        self.shared.state().sent.clone()
    }

    /// Every request the phone made, oldest first.
    pub fn requests(&self) -> Vec<PhoneRequest> {
        self.shared.state().requests.clone()
    }

    /// The phone stops asking for work (the app was closed) until [`PhoneHandle::resume`].
    pub fn pause(&self) {
        self.shared.state().paused_until = Some(None);
    }

    /// The phone stops asking for work for `how_long`.
    pub fn pause_for(&self, how_long: Duration) {
        self.shared.state().paused_until = Some(Some(tokio::time::Instant::now() + how_long));
    }

    pub fn resume(&self) {
        self.shared.state().paused_until = None;
    }

    /// The next message the phone takes suffers `fault`; faults queue up, one per message.
    pub fn inject(&self, fault: PhoneFault) {
        self.shared.state().faults.push_back(fault);
    }

    pub fn set_customer(&self, customer: Option<PhoneCustomer>) {
        self.shared.state().customer = customer;
    }

    /// The body the phone posts to `result`.
    pub fn result_body(&self, id: &str, status: &str, error: Option<&str>) -> Value {
        app::result_body(id, status, error)
    }

    /// The body the phone posts to `incoming` for a notification from `phone`.
    pub fn incoming_body(&self, phone: &str, name: Option<&str>, text: &str) -> Value {
        app::incoming_body(phone, name, text)
    }

    /// Posts a customer's message to `incoming` once, and says what the app answered.
    pub async fn post_incoming(
        &self,
        phone: &str,
        name: Option<&str>,
        text: &str,
    ) -> Result<u16, String> {
        let body = app::incoming_body(phone, name, text);
        app::post(&self.shared, "incoming", body).await
    }

    /// Reports a result for `id` once (a second report, a late one), and says what the app
    /// answered.
    pub async fn post_result(
        &self,
        id: &str,
        status: &str,
        error: Option<&str>,
    ) -> Result<u16, String> {
        app::post(&self.shared, "result", app::result_body(id, status, error)).await
    }

    /// Stops asking for work; a message being typed is finished and reported first.
    pub async fn shutdown(self) {
        self.task.shutdown(Duration::from_secs(15)).await;
    }
}

struct Shared {
    config: PhoneConfig,
    http: reqwest::Client,
    stopped: watch::Receiver<bool>,
    /// Never held across an await.
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    sent: Vec<PhoneMessage>,
    requests: Vec<PhoneRequest>,
    faults: std::collections::VecDeque<PhoneFault>,
    /// `Some(None)`: paused until resumed; `Some(Some(t))`: paused until `t`.
    paused_until: Option<Option<tokio::time::Instant>>,
    customer: Option<PhoneCustomer>,
    next_reply: usize,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere must not take the phone down with it: the data is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn customer(&self) -> Option<PhoneCustomer> {
        self.state().customer.clone()
    }
}

/// `{"message": null}` or `{"message": {...}}`, as the app answers `next`.
fn parse_next(body: &Value) -> Result<Option<PhoneMessage>, String> {
    match body.get("message") {
        Some(Value::Null) => Ok(None),
        Some(message) => serde_json::from_value(message.clone())
            .map(Some)
            .map_err(|e| format!("the app's message is not what the notes describe: {e}")),
        None => Err(format!(
            "the app's answer has no 'message': {}",
            json!(body)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_phone_reads_the_apps_answers_as_documented() {
        assert_eq!(parse_next(&json!({"message": null})), Ok(None));
        let message = parse_next(&json!({"message": {
            "id": "m-1", "phone": "+79031234567", "digits": "79031234567", "text": "Hi",
            "link": "https://wa.me/79031234567", "extra": true
        }}))
        .expect("readable")
        .expect("a message");
        assert_eq!(message.digits, "79031234567");
        assert!(
            parse_next(&json!({"ok": true})).is_err(),
            "no 'message' is an error"
        );
        assert!(parse_next(&json!({"message": {"id": "m-1"}})).is_err());
    }

    #[test]
    fn the_phone_posts_the_documented_shapes() {
        let result = app::result_body("m-1", "failed", Some("no chat"));
        assert_eq!(result["id"], "m-1");
        assert_eq!(result["status"], "failed");
        assert_eq!(result["error"], "no chat");
        assert!(result["at"].is_i64());
        let unknown = app::incoming_body("+79031234567", None, "Hello");
        assert_eq!(
            unknown["name"], "+79031234567",
            "an unknown contact's title is its number"
        );
        assert!(unknown.get("id").is_none(), "notifications carry no id");
    }
}
