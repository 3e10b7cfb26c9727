//! Meta's WhatsApp Cloud API as a Graph-like server: `POST /{version}/{phone_number_id}/messages`
//! with the documented validation and error answers (and read receipts for the customer's
//! messages, on the same path), `GET /{version}/{phone_number_id}` for the credentials check,
//! and signed webhooks (statuses sent → delivered → read, then a scripted customer's answer)
//! posted to the configured callback URL with retries.
//!
//! Recipients whose number ends in `131026` are undeliverable (sent, then failed 131026); ones
//! ending in `130429` hit the throughput limit on their first message only (failed 130429), so
//! tests can exercise the outbox's retry; ones ending in `131030` are not in a test number's
//! allowed list (refused at once).

mod api;
pub mod catalog;
mod errors;
mod media;
mod receipts;
mod validation;
mod webhooks;

use std::collections::{HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::delivery;
use crate::server::{self, Server, now_ms};

pub use crate::devino::{CallbackAttempt, Fault, ScriptedCustomer};
pub use errors::documented as documented_error;
pub use receipts::ReadReceipt;
pub use webhooks::{SignedWebhook, sign};

/// The Graph API version in the simulator's paths, as in the adapter's default base URL.
pub const VERSION: &str = "v21.0";

/// How the simulated Cloud API behaves.
#[derive(Clone, Debug)]
pub struct MetaConfig {
    /// Expected in `Authorization: Bearer <access_token>`.
    pub access_token: String,
    /// The one phone number ID this business has; any other in a path is code 100.
    pub phone_number_id: String,
    pub display_phone_number: String,
    pub verified_name: String,
    /// Keys the `X-Hub-Signature-256` of every webhook.
    pub app_secret: String,
    /// What the simulator sends as `hub.verify_token` in a handshake.
    pub verify_token: String,
    /// Pause before each status webhook.
    pub step: Duration,
    /// Where statuses are posted (the app's `events` webhook); `None` posts nothing.
    pub webhook_url: Option<String>,
    /// Answers after a message was read, posted to the customer's `incoming_url` (normally the
    /// same `events` URL).
    pub customer: Option<ScriptedCustomer>,
    /// The business's approved templates; empty accepts any name, language and parameters.
    pub templates: Vec<TemplateSpec>,
    /// The WhatsApp Business Account whose templates are listed.
    pub waba_id: String,
    /// The template list (`GET /{waba_id}/message_templates`), entries in Meta's shape
    /// ([`catalog::sample`] by default; the default `templates` are its approved ones).
    pub catalog: Vec<serde_json::Value>,
}

/// An approved template: its name, language and number of body parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateSpec {
    pub name: String,
    pub language: String,
    pub body_params: usize,
}

impl TemplateSpec {
    pub fn new(name: &str, language: &str, body_params: usize) -> Self {
        Self {
            name: name.to_owned(),
            language: language.to_owned(),
            body_params,
        }
    }
}

impl Default for MetaConfig {
    fn default() -> Self {
        Self {
            access_token: "sandbox".to_owned(),
            phone_number_id: "106540352242922".to_owned(),
            display_phone_number: "15550783881".to_owned(),
            verified_name: "Switchboard Sandbox".to_owned(),
            app_secret: "sandbox-app-secret".to_owned(),
            verify_token: "sandbox-verify-token".to_owned(),
            step: Duration::from_secs(1),
            webhook_url: None,
            customer: None,
            templates: catalog::approved(&catalog::sample()),
            waba_id: "102290129340398".to_owned(),
            catalog: catalog::sample(),
        }
    }
}

/// A message the simulator accepted, as it came on the wire.
#[derive(Clone, Debug, PartialEq)]
pub struct ReceivedMessage {
    /// The `wamid.` id answered for it.
    pub id: String,
    /// The recipient's digits.
    pub to: String,
    /// The wire `type`: text, image, video, audio, document, sticker, template ...
    pub kind: String,
    pub body: serde_json::Value,
}

/// What the next send request meets instead of normal handling.
#[derive(Clone, Debug)]
enum Planned {
    Fault(Fault),
    /// The documented answer for this Graph error code.
    Error(i64),
}

pub struct MetaSimulator;

impl MetaSimulator {
    /// Starts on 127.0.0.1 with a port the system picks.
    pub async fn start(config: MetaConfig) -> std::io::Result<MetaHandle> {
        Self::start_on(server::local_listener().await?, config).await
    }

    /// Starts on a listener the caller bound (a fixed port for the sandbox, for example).
    pub async fn start_on(
        listener: TcpListener,
        config: MetaConfig,
    ) -> std::io::Result<MetaHandle> {
        let addr = listener.local_addr()?;
        let (stop, stopped) = watch::channel(false);
        let http = delivery::http_client()?;
        let shared = Arc::new(Shared {
            host: format!("http://{addr}"),
            http,
            stopped: stopped.clone(),
            next_id: AtomicU64::new(now_ms().unsigned_abs()),
            state: Mutex::new(State {
                webhook_url: config.webhook_url.clone(),
                customer: config.customer.clone(),
                ..State::default()
            }),
            config,
        });
        let router = api::router(shared.clone());
        let server = Server::start("Cloud API", listener, stop, router)?.at(&format!("/{VERSION}"));
        Ok(MetaHandle { shared, server })
    }
}

/// Controls a running simulator. Dropping it stops the server and pending webhooks.
pub struct MetaHandle {
    shared: Arc<Shared>,
    server: Server,
}

impl MetaHandle {
    /// `http://127.0.0.1:<port>/v21.0`: what an account's base URL should be.
    pub fn base_url(&self) -> &str {
        self.server.base_url()
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    pub fn config(&self) -> &MetaConfig {
        &self.shared.config
    }

    /// Every accepted message, in the order accepted.
    pub fn sent(&self) -> Vec<ReceivedMessage> {
        self.shared.state().sent.clone()
    }

    /// Every accepted read receipt, in the order accepted (a message marked twice is here
    /// twice).
    pub fn read_receipts(&self) -> Vec<ReadReceipt> {
        self.shared.state().read_receipts.clone()
    }

    /// Makes the next send request suffer `fault`; faults queue up, one per request. Read
    /// receipts pass them by.
    pub fn inject(&self, fault: Fault) {
        self.shared.state().planned.push_back(Planned::Fault(fault));
    }

    /// Makes the next send request answer the documented error `code` (130429, 131047 ...);
    /// read receipts pass it by.
    pub fn inject_error(&self, code: i64) {
        self.shared.state().planned.push_back(Planned::Error(code));
    }

    /// Drops planned faults and errors no request has met yet, and says how many there were.
    pub fn clear_faults(&self) -> usize {
        let mut state = self.shared.state();
        let pending = state.planned.len();
        state.planned.clear();
        pending
    }

    /// Makes the next template list request meet `fault`; faults queue up.
    pub fn inject_catalog_fault(&self, fault: catalog::CatalogFault) {
        self.shared.state().catalog_faults.push_back(fault);
    }

    /// The query (`fields`, `limit`, `after`) of each template list request answered.
    pub fn catalog_requests(&self) -> Vec<std::collections::HashMap<String, String>> {
        self.shared.state().catalog_requests.clone()
    }

    /// How many requests went to a `paging.next` URL.
    pub fn next_followed(&self) -> usize {
        self.shared.state().next_followed
    }

    /// Every webhook attempt so far, oldest first.
    pub fn callback_log(&self) -> Vec<CallbackAttempt> {
        self.shared.state().callbacks.clone()
    }

    /// Sets where statuses go (the app learns its own webhook URL only after start).
    pub fn set_webhook_url(&self, url: Option<String>) {
        self.shared.state().webhook_url = url;
    }

    /// Replaces the scripted customer.
    pub fn set_customer(&self, customer: Option<ScriptedCustomer>) {
        self.shared.state().customer = customer;
    }

    /// The signed status webhook for the accepted message `id`, or `None` when no such message
    /// was accepted; `error` is the code a `failed` status carries.
    pub fn status_webhook(
        &self,
        id: &str,
        status: &str,
        error: Option<i64>,
    ) -> Option<SignedWebhook> {
        let message = self
            .shared
            .state()
            .sent
            .iter()
            .find(|m| m.id == id)
            .cloned()?;
        Some(webhooks::signed(
            &self.shared.config,
            &webhooks::status_body(&self.shared.config, &message, status, error),
        ))
    }

    /// A signed webhook carrying a text from `from` (digits) with a fresh `wamid`, which from
    /// now on may be marked read.
    pub fn incoming_text(&self, from: &str, text: &str) -> SignedWebhook {
        let id = self.shared.incoming_wamid();
        let body = webhooks::incoming_body(&self.shared.config, &id, from, text);
        webhooks::signed(&self.shared.config, &body)
    }

    /// Keeps a file the customer sent; answers its media id for [`MetaHandle::incoming_image`].
    pub fn add_media(&self, bytes: Vec<u8>, mime: &str) -> String {
        let id = self
            .shared
            .next_id
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let id = format!("{id}");
        self.shared
            .state()
            .media
            .insert(id.clone(), (bytes, mime.to_owned()));
        id
    }

    /// An incoming image message naming media id `media_id`, signed; its `wamid` may be
    /// marked read.
    pub fn incoming_image(
        &self,
        from: &str,
        media_id: &str,
        caption: Option<&str>,
    ) -> SignedWebhook {
        let id = self.shared.incoming_wamid();
        let body = webhooks::incoming_image_body(&self.shared.config, &id, from, media_id, caption);
        webhooks::signed(&self.shared.config, &body)
    }

    /// The query string of Meta's subscription handshake, with `verify_token` and
    /// `challenge`.
    pub fn verification_query(&self, verify_token: &str, challenge: &str) -> String {
        webhooks::verification_query(verify_token, challenge)
    }

    /// Posts one signed webhook to `url`, once, and says what the receiver answered.
    pub async fn post_webhook(&self, url: &str, webhook: &SignedWebhook) -> Result<u16, String> {
        webhooks::post_once(&self.shared, url, webhook).await
    }

    /// Stops the server and every pending webhook.
    pub async fn shutdown(self) {
        self.server.shutdown().await;
    }
}

/// What the server, the webhook tasks and the handle share.
struct Shared {
    config: MetaConfig,
    /// `http://127.0.0.1:<port>`, for the media download URLs.
    host: String,
    http: reqwest::Client,
    stopped: watch::Receiver<bool>,
    next_id: AtomicU64,
    /// Never held across an await.
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    sent: Vec<ReceivedMessage>,
    planned: VecDeque<Planned>,
    callbacks: Vec<CallbackAttempt>,
    webhook_url: Option<String>,
    customer: Option<ScriptedCustomer>,
    next_reply: usize,
    /// Numbers ending in 130429 that already hit the throughput limit once.
    throttled: HashSet<String>,
    /// Incoming media by id: the bytes and their type.
    media: std::collections::HashMap<String, (Vec<u8>, String)>,
    /// The `wamid`s of the customer messages handed to the business: the ones a read receipt
    /// may name.
    incoming: HashSet<String>,
    read_receipts: Vec<ReadReceipt>,
    catalog_faults: VecDeque<catalog::CatalogFault>,
    /// The query of each template list request answered.
    catalog_requests: Vec<std::collections::HashMap<String, String>>,
    /// Visits to a `paging.next` URL (which a client must never follow).
    next_followed: usize,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere must not take the simulator down with it: the data is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A fresh id shaped like Meta's (`wamid.` and base64-ish text).
    fn wamid(&self) -> String {
        format!(
            "wamid.HBgL{:X}",
            self.next_id.fetch_add(1, Ordering::Relaxed)
        )
    }

    /// A fresh id for a customer's message to the business, remembered as one.
    fn incoming_wamid(&self) -> String {
        let id = self.wamid();
        self.state().incoming.insert(id.clone());
        id
    }
}
