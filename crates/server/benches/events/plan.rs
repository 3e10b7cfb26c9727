//! What the two processes tell each other, one JSON document per line: the plan (server to
//! clients), the phases' reports (clients to server), and the texts and ids both must agree on.

use serde::{Deserialize, Serialize};

/// Every operator's password.
pub const PASSWORD: &str = "correct horse battery staple";

/// Gateway ids of the messages posted while clients listen: this plus their number `k`.
pub const MESSAGE_IDS: u64 = 100_000_000;
/// Gateway ids of the messages posted before any client connects.
pub const BASELINE_IDS: u64 = 200_000_000;
/// Gateway ids of the conversations' first messages (made in process, before anything else).
pub const OPENING_IDS: u64 = 300_000_000;
/// The gateway id of the last message, posted once every other was answered.
pub const END_ID: u64 = 400_000_000;
/// Its text: a client that sees it has seen everything committed before it.
pub const END_TEXT: &str = "END";

/// The text of message `k`: its number and when it was posted (µs since the Unix epoch).
pub fn message_text(k: usize, sent_us: u64) -> String {
    format!("bench {k} sent {sent_us}")
}

/// `k` and the sending time back from [`message_text`]; none for any other text.
pub fn parse_message_text(text: &str) -> Option<(usize, u64)> {
    let rest = text.strip_prefix("bench ")?;
    let (k, sent) = rest.split_once(" sent ")?;
    Some((k.parse().ok()?, sent.parse().ok()?))
}

/// The customer phone of conversation `i` (digits, as Devino posts it).
pub fn phone(i: usize) -> String {
    format!("7901{i:07}")
}

/// The conversation message `k` belongs to: customers write `burst` messages in a row.
pub fn conversation_of(k: usize, burst: usize, conversations: usize) -> usize {
    (k / burst) % conversations
}

/// A Devino incoming-message callback.
pub fn devino_incoming(gateway_id: u64, phone: &str, text: &str, at_ms: i64) -> String {
    serde_json::json!({
        "incomingMessageId": gateway_id,
        "to": switchboard_server::sandbox::SENDER,
        "from": phone,
        "ts": at_ms,
        "text": text,
    })
    .to_string()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Manager,
    Supervisor,
    Reviewer,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Manager => "manager",
            Role::Supervisor => "supervisor",
            Role::Reviewer => "reviewer",
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PlanOperator {
    pub login: String,
    pub id: i64,
    pub role: Role,
}

/// What the clients' process is to do.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Plan {
    /// `http://127.0.0.1:PORT`: the API.
    pub base: String,
    /// The sandbox account's incoming-message webhook.
    pub hook: String,
    pub operators: Vec<PlanOperator>,
    pub clients_per_operator: usize,
    pub messages: usize,
    pub baseline_messages: usize,
    pub senders: usize,
    pub burst: usize,
    /// Conversation `i`'s id; the last one is the end marker's (unassigned).
    pub conversation_ids: Vec<i64>,
}

impl Plan {
    /// Conversations messages are posted to (the end marker's is not one of them).
    pub fn conversations(&self) -> usize {
        self.conversation_ids.len() - 1
    }
}

/// Ingest without clients.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Baseline {
    pub messages: usize,
    pub seconds: f64,
    pub failed: usize,
}

/// Latencies in µs over every message delivery.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Latency {
    pub count: usize,
    pub p50: i64,
    pub p99: i64,
    pub max: i64,
    /// Deliveries measured as earlier than their reference point (only possible when the
    /// reference is taken after the commit, like the webhook's answer).
    pub negative: usize,
}

/// What one client received.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ClientReport {
    /// Index into the plan's operators.
    pub operator: usize,
    pub messages: usize,
    pub conversation_events: usize,
    /// Any other event (team, public address, a message not from this run).
    pub others: usize,
    pub resyncs: usize,
    /// Events whose id was not above the one before.
    pub order_breaks: usize,
    /// Conversation events whose `incoming_count` was below an earlier one of the same
    /// conversation: a stale state delivered after a newer one.
    pub stale: usize,
    pub duplicates: usize,
    pub saw_end: bool,
    /// Received messages `k` as a bit set, hex (bit `k % 8` of byte `k / 8`).
    pub received: String,
    /// Conversation events per conversation index.
    pub conversation_counts: Vec<u32>,
    /// A few of its problems in words.
    pub examples: Vec<String>,
    /// Why its stream ended early, if it did.
    pub error: Option<String>,
}

/// The clients' process's account of the measured run.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Outcome {
    pub sent: usize,
    /// Messages whose webhook was not answered 2xx: `(k, status or error)`.
    pub failed: Vec<(usize, String)>,
    /// From the first post to the last 2xx answer.
    pub send_seconds: f64,
    /// From the first post to the last client's receipt of the end marker.
    pub delivery_seconds: f64,
    pub clients: Vec<ClientReport>,
    /// The event id (sequence) each message had; 0: nobody got it.
    pub seq_of: Vec<u64>,
    /// Messages that reached two clients under two different ids.
    pub seq_conflicts: Vec<String>,
    /// Latency from the message's `received_at` (stored by the engine just before its write
    /// transaction) to the client: an upper bound of commit-to-client, in ms resolution.
    pub from_received_at: Latency,
    /// From the webhook's 2xx answer (sent after commit and after the event was handed to the
    /// event log) to the client: a lower bound.
    pub from_answer: Latency,
    /// From the moment the webhook was posted to the client: end to end.
    pub from_post: Latency,
    /// Mean SSE `data` size of message and conversation events, bytes.
    pub message_event_bytes: f64,
    pub conversation_event_bytes: f64,
    /// Every event every client received.
    pub deliveries: u64,
    pub bytes_delivered: u64,
    /// The clients' process's own peak RSS, kB.
    pub clients_peak_rss_kb: u64,
    /// CPU time the clients' process used from the first post to the last end marker.
    pub clients_cpu_seconds: f64,
}

/// A line from the clients' process.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum Report {
    /// Everyone signed in, the baseline posted; no stream open yet. Waits for a line.
    SignedIn { baseline: Baseline },
    /// Every stream is open. Waits for a line, then posts.
    Ready { streams: usize },
    /// All done: the process exits after this line.
    Done { outcome: Box<Outcome> },
    /// Something went wrong before the run could finish.
    Failed { reason: String },
}
