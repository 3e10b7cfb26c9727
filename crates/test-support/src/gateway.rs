//! A gateway that answers what the test scripted and remembers everything it was asked to do.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{
    Capabilities, CatalogSource, Connector, ContactChange, Gateway, GatewayConfig, OutgoingMessage,
    SendError, SendReceipt, ValidationError, WebhookError, WebhookOutcome, WebhookRequest,
};
use switchboard_core::message::Content;
use switchboard_core::phrase::{Phrase, VERBATIM, core as said};
use switchboard_core::templates::TemplatePage;
use tokio::sync::oneshot;

use crate::webhook;

/// What the fake gateway answers one send with.
#[derive(Debug)]
pub enum Reply {
    /// Accepted, with this gateway message id.
    Accepted(String),
    /// Refused or failed: `SendError::Retryable` or `SendError::Rejected` as given.
    Failed(SendError),
    /// No answer until the test calls [`FakeGateway::release`]; never, if it does not (a
    /// process killed mid-send).
    Hang,
}

impl Reply {
    pub fn accepted(gateway_message_id: &str) -> Self {
        Self::Accepted(gateway_message_id.to_owned())
    }

    /// A passing failure of this message alone (`RetryScope::Message`).
    pub fn retry_message(reason: &str) -> Self {
        Self::Failed(SendError::retry_message(words(reason), None))
    }

    /// The gateway or account in trouble (`RetryScope::Account`), asking for `retry_after`.
    pub fn account_trouble(reason: &str, retry_after: Option<Duration>) -> Self {
        Self::Failed(SendError::account_trouble(words(reason), retry_after))
    }

    pub fn rejected(code: &str, reason: &str) -> Self {
        Self::Failed(SendError::Rejected {
            code: Some(code.to_owned()),
            reason: words(reason),
        })
    }
}

fn words(text: &str) -> Phrase {
    VERBATIM.with("text", text)
}

/// Capabilities of a plain text gateway with status and incoming webhooks, which does not
/// de-duplicate sends (so a send cut short becomes unconfirmed).
pub fn text_only() -> Capabilities {
    Capabilities {
        text: true,
        max_text_len: 4096,
        media_types: Vec::new(),
        media_limits: Vec::new(),
        templates: false,
        template_catalog: CatalogSource::None,
        webhooks: vec!["status".to_owned(), "incoming".to_owned()],
        polling: None,
        history: false,
        contact_sync: false,
        enforces_24h_window: false,
        idempotent_send: false,
        read_receipts: false,
    }
}

/// `capabilities` with read receipts offered, for tests of when the engine sends them.
pub fn with_read_receipts(capabilities: Capabilities) -> Capabilities {
    Capabilities {
        read_receipts: true,
        ..capabilities
    }
}

/// One account's gateway. Sends are answered from the script in order; with the script empty,
/// every send is accepted with the id `fake-<n>`. It refuses media its capabilities do not
/// list, reads webhooks in the fake's own format ([`crate::webhook`]), and keeps its address
/// book changes and the read receipts it was asked to send.
pub struct FakeGateway {
    capabilities: Mutex<Capabilities>,
    script: Mutex<VecDeque<Reply>>,
    sent: Mutex<Vec<OutgoingMessage>>,
    hung: Mutex<VecDeque<oneshot::Sender<Reply>>>,
    contact_changes: Mutex<Vec<ContactChange>>,
    contact_refusals: Mutex<VecDeque<SendError>>,
    read_receipts: Mutex<Vec<String>>,
    receipt_refusals: Mutex<VecDeque<SendError>>,
    /// The template list's answers, page by page (see [`FakeGateway::list_templates_as`]).
    catalog: Mutex<Vec<Result<TemplatePage, SendError>>>,
}

impl FakeGateway {
    pub fn new(capabilities: Capabilities) -> Arc<Self> {
        Arc::new(Self {
            capabilities: Mutex::new(capabilities),
            script: Mutex::new(VecDeque::new()),
            sent: Mutex::new(Vec::new()),
            hung: Mutex::new(VecDeque::new()),
            contact_changes: Mutex::new(Vec::new()),
            contact_refusals: Mutex::new(VecDeque::new()),
            read_receipts: Mutex::new(Vec::new()),
            receipt_refusals: Mutex::new(VecDeque::new()),
            catalog: Mutex::new(Vec::new()),
        })
    }

    /// Adds answers for the next sends, in order.
    pub fn script(&self, replies: impl IntoIterator<Item = Reply>) {
        lock(&self.script).extend(replies);
    }

    /// What `list_templates` answers from now on: page `n` (the first for no cursor, then
    /// the cursor `"n"`) is `pages[n]`, with a next cursor while pages remain.
    pub fn list_templates_as(&self, pages: Vec<Result<TemplatePage, SendError>>) {
        *lock(&self.catalog) = pages;
    }

    /// Every message the gateway was asked to send, in order, whatever it answered.
    pub fn sent(&self) -> Vec<OutgoingMessage> {
        lock(&self.sent).clone()
    }

    /// How many sends are waiting for [`FakeGateway::release`].
    pub fn hung(&self) -> usize {
        lock(&self.hung).iter().filter(|h| !h.is_closed()).count()
    }

    /// Answers the oldest hung send with `reply` (which must not be `Hang`). False when no
    /// send was waiting.
    pub fn release(&self, mut reply: Reply) -> bool {
        let mut hung = lock(&self.hung);
        while let Some(waiting) = hung.pop_front() {
            match waiting.send(reply) {
                Ok(()) => return true,
                // Its caller gave up (its engine was dropped): the next one gets the answer.
                Err(back) => reply = back,
            }
        }
        false
    }

    pub fn set_capabilities(&self, capabilities: Capabilities) {
        *lock(&self.capabilities) = capabilities;
    }

    /// The next address book change is refused with `error` (and not kept).
    pub fn refuse_contact_change(&self, error: SendError) {
        lock(&self.contact_refusals).push_back(error);
    }

    /// Every address book change the gateway took, in order.
    pub fn contact_changes(&self) -> Vec<ContactChange> {
        lock(&self.contact_changes).clone()
    }

    /// The next read receipt is refused with `error` (and still counted as asked for).
    pub fn refuse_read_receipt(&self, error: SendError) {
        lock(&self.receipt_refusals).push_back(error);
    }

    /// The gateway message id of every read receipt the gateway was asked to send, in order,
    /// refused or not, and whether or not its capabilities offer receipts: a test that a
    /// receipt was not sent looks for its absence here.
    pub fn read_receipts(&self) -> Vec<String> {
        lock(&self.read_receipts).clone()
    }
}

#[async_trait::async_trait]
impl Gateway for FakeGateway {
    fn kind(&self) -> GatewayKind {
        GatewayKind::Devino
    }

    fn capabilities(&self) -> Capabilities {
        lock(&self.capabilities).clone()
    }

    fn validate(&self, message: &OutgoingMessage) -> Result<(), ValidationError> {
        let capabilities = self.capabilities();
        let gateway = self.kind().display_name();
        match &message.content {
            Content::Media { .. } if capabilities.media_types.is_empty() => {
                Err(said::MEDIA_TEXT_ONLY.with("gateway", gateway).into())
            }
            Content::Media { mime, name, .. }
                if !capabilities.accepts_media(mime.as_deref().unwrap_or_default()) =>
            {
                Err(said::MEDIA_TYPE_REFUSED
                    .with("gateway", gateway)
                    .arg("name", name.as_deref().unwrap_or_default())
                    .arg("mime", mime.as_deref().unwrap_or_default())
                    .arg("accepted", capabilities.media_types.join(", "))
                    .into())
            }
            _ => Ok(()),
        }
    }

    async fn send(&self, message: &OutgoingMessage) -> Result<SendReceipt, SendError> {
        let n = {
            let mut sent = lock(&self.sent);
            sent.push(message.clone());
            sent.len()
        };
        let scripted = lock(&self.script).pop_front();
        let mut reply = scripted.unwrap_or_else(|| Reply::Accepted(format!("fake-{n}")));
        if let Reply::Hang = reply {
            let (answer, answered) = oneshot::channel();
            lock(&self.hung).push_back(answer);
            reply = match answered.await {
                Ok(reply) => reply,
                Err(_) => std::future::pending().await,
            };
        }
        match reply {
            Reply::Accepted(id) => Ok(SendReceipt {
                gateway_message_id: id,
            }),
            Reply::Failed(e) => Err(e),
            Reply::Hang => std::future::pending().await,
        }
    }

    /// Any endpoint the capabilities list takes the fake's format ([`crate::webhook`]).
    fn parse_webhook(
        &self,
        endpoint: &str,
        request: &WebhookRequest,
    ) -> Result<WebhookOutcome, WebhookError> {
        if !self.capabilities().webhooks.iter().any(|w| w == endpoint) {
            return Err(WebhookError::UnknownEndpoint(endpoint.to_owned()));
        }
        Ok(WebhookOutcome {
            events: webhook::parse(&request.body)?,
            reply: None,
        })
    }

    async fn update_contact(&self, change: &ContactChange) -> Result<(), SendError> {
        if let Some(refusal) = lock(&self.contact_refusals).pop_front() {
            return Err(refusal);
        }
        lock(&self.contact_changes).push(change.clone());
        Ok(())
    }

    async fn list_templates(&self, cursor: Option<String>) -> Result<TemplatePage, SendError> {
        let n = cursor.and_then(|c| c.parse::<usize>().ok()).unwrap_or(0);
        let pages = lock(&self.catalog);
        match pages.get(n) {
            Some(Ok(page)) => Ok(TemplatePage {
                templates: page.templates.clone(),
                next: (n + 1 < pages.len()).then(|| (n + 1).to_string()),
            }),
            Some(Err(e)) => Err(e.clone()),
            None => Ok(TemplatePage::default()),
        }
    }

    async fn mark_read(&self, gateway_message_id: &str) -> Result<(), SendError> {
        lock(&self.read_receipts).push(gateway_message_id.to_owned());
        match lock(&self.receipt_refusals).pop_front() {
            Some(refusal) => Err(refusal),
            None => Ok(()),
        }
    }
}

/// Hands every account its own [`FakeGateway`], found by the account's sender (tests name the
/// sender after the account), made on first use with the connector's capabilities. It has an
/// adapter for every gateway kind until told otherwise.
pub struct FakeConnector {
    capabilities: Capabilities,
    gateways: Mutex<HashMap<String, Arc<FakeGateway>>>,
    missing: Mutex<HashSet<GatewayKind>>,
}

impl FakeConnector {
    pub fn new(capabilities: Capabilities) -> Arc<Self> {
        Arc::new(Self {
            capabilities,
            gateways: Mutex::new(HashMap::new()),
            missing: Mutex::new(HashSet::new()),
        })
    }

    /// From now on this build has no adapter for `kind`, as a build without it would not.
    pub fn drop_adapter(&self, kind: GatewayKind) {
        lock(&self.missing).insert(kind);
    }

    fn has_adapter(&self, kind: GatewayKind) -> bool {
        !lock(&self.missing).contains(&kind)
    }

    /// The gateway of the account whose sender is `sender`.
    pub fn gateway(&self, sender: &str) -> Arc<FakeGateway> {
        lock(&self.gateways)
            .entry(sender.to_owned())
            .or_insert_with(|| FakeGateway::new(self.capabilities.clone()))
            .clone()
    }
}

impl Connector for FakeConnector {
    fn capabilities(&self, kind: GatewayKind) -> Option<Capabilities> {
        self.has_adapter(kind).then(|| self.capabilities.clone())
    }

    fn connect(&self, config: GatewayConfig) -> Option<Arc<dyn Gateway>> {
        self.has_adapter(config.kind)
            .then(|| self.gateway(&config.sender) as Arc<dyn Gateway>)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
