//! The clients' process: signs the operators in, holds their event streams, posts the
//! webhooks, records what each stream received, and reports in JSON lines on stdout (the
//! server's process reads them; see `plan`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Deserialize;
use tokio::sync::{mpsc, watch};

use crate::plan::{self, Baseline, ClientReport, Latency, Outcome, Plan, Report};
use crate::usage;

/// How long the streams may take to deliver the end marker after it was committed before the
/// run gives up on the ones that have not (and reports them).
const DRAIN_LIMIT: Duration = Duration::from_secs(300);

/// Problems of one client written out in words; the counts carry the rest.
const EXAMPLES: usize = 5;

fn now_us() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as u64)
        .unwrap_or(0)
}

fn say(report: &Report) {
    let line = serde_json::to_string(report).expect("a report is JSON");
    let mut out = std::io::stdout().lock();
    // The server's process waits for this line; a broken pipe means it is gone, and so are we.
    if writeln!(out, "{line}").and_then(|_| out.flush()).is_err() {
        std::process::exit(3);
    }
}

pub fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    runtime.block_on(async {
        let mut input = stdin_lines();
        let Some(line) = input.recv().await else {
            return;
        };
        let plan: Plan = match serde_json::from_str(&line) {
            Ok(plan) => plan,
            Err(e) => {
                say(&Report::Failed {
                    reason: format!("the plan is not readable: {e}"),
                });
                return;
            }
        };
        match play(plan, &mut input).await {
            Ok(outcome) => say(&Report::Done {
                outcome: Box::new(outcome),
            }),
            Err(reason) => say(&Report::Failed { reason }),
        }
    });
    // Streams still open (clients that never saw the end) must not hold the exit up.
    runtime.shutdown_timeout(Duration::from_secs(1));
}

/// Lines from stdin; the channel closes when the server's process closes it (or dies).
fn stdin_lines() -> mpsc::UnboundedReceiver<String> {
    let (tx, rx) = mpsc::unbounded_channel();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

async fn wait_for_go(input: &mut mpsc::UnboundedReceiver<String>) -> Result<(), String> {
    input
        .recv()
        .await
        .map(|_| ())
        .ok_or_else(|| "the server's process went away".to_owned())
}

async fn play(plan: Plan, input: &mut mpsc::UnboundedReceiver<String>) -> Result<Outcome, String> {
    let plan = Arc::new(plan);
    let tokens = sign_in_all(&plan).await?;

    let baseline = post_baseline(&plan).await;
    say(&Report::SignedIn { baseline });
    wait_for_go(input).await?;

    let shared = Arc::new(Shared::new(&plan));
    // Streams get their own connection pool: no stream should wait behind a webhook post.
    let streams_http = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| e.to_string())?;
    let (give_up_tx, give_up) = watch::channel(false);
    let (opened_tx, mut opened) = mpsc::unbounded_channel::<Result<(), String>>();
    let mut clients = Vec::new();
    for (operator, token) in tokens.iter().enumerate() {
        for _ in 0..plan.clients_per_operator {
            clients.push(tokio::spawn(listen(
                streams_http.clone(),
                plan.clone(),
                shared.clone(),
                operator,
                token.clone(),
                opened_tx.clone(),
                give_up.clone(),
            )));
        }
    }
    drop(opened_tx);
    for _ in 0..clients.len() {
        match opened.recv().await {
            Some(Ok(())) => {}
            Some(Err(e)) => return Err(format!("a stream did not open: {e}")),
            None => return Err("the streams' tasks ended before opening".to_owned()),
        }
    }
    say(&Report::Ready {
        streams: clients.len(),
    });
    wait_for_go(input).await?;

    let go = now_us();
    let cpu_at_go = usage::cpu_seconds();
    let (answered, failed) = post_messages(&plan).await;
    let last_answer = answered.iter().copied().max().unwrap_or(go);
    post_end(&plan).await?;

    // Every stream ends at the end marker; the ones that do not within the limit are told to
    // stop and report what they have.
    let stopper = tokio::spawn(async move {
        tokio::time::sleep(DRAIN_LIMIT).await;
        let _ = give_up_tx.send(true);
    });
    let mut reports = Vec::with_capacity(clients.len());
    let mut records = Vec::with_capacity(clients.len());
    for client in clients {
        let (report, received) = client
            .await
            .map_err(|e| format!("a client's task failed: {e}"))?;
        reports.push(report);
        records.push(received);
    }
    stopper.abort();
    let cpu = usage::cpu_seconds() - cpu_at_go;
    let last_end = shared.last_end_us.load(Ordering::Relaxed).max(last_answer);

    let mut outcome = Outcome {
        sent: plan.messages,
        failed,
        send_seconds: (last_answer.saturating_sub(go)) as f64 / 1e6,
        delivery_seconds: (last_end.saturating_sub(go)) as f64 / 1e6,
        clients: reports,
        seq_of: shared
            .seq_of
            .iter()
            .map(|s| s.load(Ordering::Relaxed))
            .collect(),
        seq_conflicts: shared
            .conflicts
            .lock()
            .map(|c| c.clone())
            .unwrap_or_default(),
        deliveries: shared.deliveries.load(Ordering::Relaxed),
        bytes_delivered: shared.bytes.load(Ordering::Relaxed),
        ..Outcome::default()
    };
    let (m_bytes, m_count) = (
        shared.message_bytes.load(Ordering::Relaxed),
        shared.message_events.load(Ordering::Relaxed),
    );
    let (c_bytes, c_count) = (
        shared.conversation_bytes.load(Ordering::Relaxed),
        shared.conversation_events.load(Ordering::Relaxed),
    );
    outcome.message_event_bytes = m_bytes as f64 / m_count.max(1) as f64;
    outcome.conversation_event_bytes = c_bytes as f64 / c_count.max(1) as f64;
    let received_at_us: Vec<i64> = shared
        .received_at_ms
        .iter()
        .map(|t| t.load(Ordering::Relaxed) * 1000)
        .collect();
    let posted_us: Vec<i64> = shared
        .posted_us
        .iter()
        .map(|t| t.load(Ordering::Relaxed) as i64)
        .collect();
    let answered_us: Vec<i64> = answered.iter().map(|t| *t as i64).collect();
    outcome.from_received_at = latency(&records, shared.base_us, &received_at_us);
    outcome.from_answer = latency(&records, shared.base_us, &answered_us);
    outcome.from_post = latency(&records, shared.base_us, &posted_us);
    outcome.clients_peak_rss_kb = usage::peak_kb();
    outcome.clients_cpu_seconds = cpu;
    Ok(outcome)
}

/// Percentiles of (receipt − `reference[k]`) over every delivery.
fn latency(records: &[Vec<(u32, u32)>], base_us: u64, reference: &[i64]) -> Latency {
    let mut all: Vec<i64> = records
        .iter()
        .flatten()
        .filter(|(k, _)| reference[*k as usize] > 0)
        .map(|(k, at)| (base_us + u64::from(*at)) as i64 - reference[*k as usize])
        .collect();
    if all.is_empty() {
        return Latency::default();
    }
    all.sort_unstable();
    let at = |q: f64| all[((all.len() - 1) as f64 * q).round() as usize];
    Latency {
        count: all.len(),
        p50: at(0.50),
        p99: at(0.99),
        max: all[all.len() - 1],
        negative: all.iter().take_while(|l| **l < 0).count(),
    }
}

#[derive(Deserialize)]
struct SignedIn {
    token: String,
}

/// Each operator's session token, signing in one at a time: sign-ins from one address that
/// overlap count as failures until they succeed (the throttle), and each costs an Argon2 hash.
async fn sign_in_all(plan: &Plan) -> Result<Vec<String>, String> {
    let http = reqwest::Client::new();
    let mut tokens = Vec::with_capacity(plan.operators.len());
    for operator in &plan.operators {
        let mut tries = 0;
        loop {
            tries += 1;
            let answer = http
                .post(format!("{}/api/sign_in", plan.base))
                .json(&serde_json::json!({"login": operator.login, "password": plan::PASSWORD}))
                .send()
                .await
                .map_err(|e| format!("{} cannot sign in: {e}", operator.login))?;
            let status = answer.status();
            if status == reqwest::StatusCode::TOO_MANY_REQUESTS && tries < 10 {
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
            if !status.is_success() {
                let body = answer.text().await.unwrap_or_default();
                return Err(format!(
                    "{} cannot sign in: {status} {body}",
                    operator.login
                ));
            }
            let signed: SignedIn = answer
                .json()
                .await
                .map_err(|e| format!("{}'s sign-in answer: {e}", operator.login))?;
            tokens.push(signed.token);
            break;
        }
    }
    Ok(tokens)
}

/// State every stream shares: where conversations sit in the plan, and what each message was
/// seen as, to compare clients with each other.
struct Shared {
    base_us: u64,
    conversation_index: HashMap<i64, usize>,
    seq_of: Vec<AtomicU64>,
    received_at_ms: Vec<AtomicI64>,
    posted_us: Vec<AtomicU64>,
    conflicts: std::sync::Mutex<Vec<String>>,
    last_end_us: AtomicU64,
    deliveries: AtomicU64,
    bytes: AtomicU64,
    message_events: AtomicU64,
    message_bytes: AtomicU64,
    conversation_events: AtomicU64,
    conversation_bytes: AtomicU64,
}

impl Shared {
    fn new(plan: &Plan) -> Self {
        let zeros = |n| (0..n).map(|_| AtomicU64::new(0)).collect();
        Self {
            base_us: now_us(),
            conversation_index: plan
                .conversation_ids
                .iter()
                .enumerate()
                .map(|(i, id)| (*id, i))
                .collect(),
            seq_of: zeros(plan.messages),
            received_at_ms: (0..plan.messages).map(|_| AtomicI64::new(0)).collect(),
            posted_us: zeros(plan.messages),
            conflicts: std::sync::Mutex::new(Vec::new()),
            last_end_us: AtomicU64::new(0),
            deliveries: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            message_events: AtomicU64::new(0),
            message_bytes: AtomicU64::new(0),
            conversation_events: AtomicU64::new(0),
            conversation_bytes: AtomicU64::new(0),
        }
    }
}

/// The parts of an event this benchmark reads; serde skips the rest without building it.
#[derive(Deserialize)]
struct Wire<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(borrow)]
    message: Option<WireMessage<'a>>,
    conversation: Option<WireConversation>,
}

#[derive(Deserialize)]
struct WireMessage<'a> {
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(borrow)]
    received_at: Cow<'a, str>,
}

#[derive(Deserialize)]
struct WireConversation {
    id: i64,
    incoming_count: u32,
}

/// One client: what it has received so far.
struct Client {
    report: ClientReport,
    received: Vec<u8>,
    /// `(k, receipt in µs after the shared base)` per message: latencies are worked out once
    /// every reference time is known.
    records: Vec<(u32, u32)>,
    last_seq: u64,
    last_count: Vec<u32>,
}

impl Client {
    fn new(operator: usize, plan: &Plan) -> Self {
        let conversations = plan.conversation_ids.len();
        Self {
            report: ClientReport {
                operator,
                conversation_counts: vec![0; conversations],
                ..ClientReport::default()
            },
            received: vec![0; plan.messages.div_ceil(8)],
            records: Vec::new(),
            last_seq: 0,
            last_count: vec![0; conversations],
        }
    }

    fn example(&mut self, what: String) {
        if self.report.examples.len() < EXAMPLES {
            self.report.examples.push(what);
        }
    }

    /// Takes one event received at `at_us`; true when it was the end marker.
    fn take(&mut self, block: crate::sse::Block<'_>, shared: &Shared, at_us: u64) -> bool {
        if block.event == Some(b"resync") {
            self.report.resyncs += 1;
            self.example(format!("resync after id {}", self.last_seq));
            return false;
        }
        let Some(data) = block.data else {
            // A keep-alive comment.
            return false;
        };
        shared.deliveries.fetch_add(1, Ordering::Relaxed);
        shared.bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
        let seq = block.id.and_then(crate::sse::seq_of);
        if let Some(seq) = seq {
            if seq <= self.last_seq {
                self.report.order_breaks += 1;
                let last = self.last_seq;
                self.example(format!("id {seq} came after id {last}"));
            }
            self.last_seq = seq;
        }
        let wire: Wire<'_> = match serde_json::from_slice(data) {
            Ok(w) => w,
            Err(e) => {
                self.report.others += 1;
                self.example(format!("an event that is not one: {e}"));
                return false;
            }
        };
        match (&*wire.kind, wire.message, wire.conversation) {
            ("message", Some(message), _) => {
                shared.message_events.fetch_add(1, Ordering::Relaxed);
                shared
                    .message_bytes
                    .fetch_add(data.len() as u64, Ordering::Relaxed);
                if message.text == plan::END_TEXT {
                    shared.last_end_us.fetch_max(at_us, Ordering::Relaxed);
                    self.report.saw_end = true;
                    return true;
                }
                let Some((k, posted)) = plan::parse_message_text(&message.text)
                    .filter(|(k, _)| *k < self.received.len() * 8 && *k < shared.seq_of.len())
                else {
                    // The sandbox's own hello, or a baseline message still on its way.
                    self.report.others += 1;
                    return false;
                };
                self.message(
                    k,
                    posted,
                    seq.unwrap_or(0),
                    &message.received_at,
                    shared,
                    at_us,
                );
            }
            ("conversation", _, Some(conversation)) => {
                shared.conversation_events.fetch_add(1, Ordering::Relaxed);
                shared
                    .conversation_bytes
                    .fetch_add(data.len() as u64, Ordering::Relaxed);
                self.conversation(conversation, shared);
            }
            _ => self.report.others += 1,
        }
        false
    }

    fn message(
        &mut self,
        k: usize,
        posted_us: u64,
        seq: u64,
        received_at: &str,
        shared: &Shared,
        at_us: u64,
    ) {
        self.report.messages += 1;
        let (byte, bit) = (k / 8, 1u8 << (k % 8));
        if self.received[byte] & bit != 0 {
            self.report.duplicates += 1;
            self.example(format!("message {k} again (id {seq})"));
            return;
        }
        self.received[byte] |= bit;
        self.records
            .push((k as u32, at_us.saturating_sub(shared.base_us) as u32));
        if let Err(earlier) =
            shared.seq_of[k].compare_exchange(0, seq, Ordering::Relaxed, Ordering::Relaxed)
            && earlier != seq
            && let Ok(mut conflicts) = shared.conflicts.lock()
        {
            conflicts.push(format!(
                "message {k}: id {earlier} at one client, {seq} at another"
            ));
        }
        // Every client gets the same message: its times are read once.
        if shared.received_at_ms[k].load(Ordering::Relaxed) == 0 {
            let at = received_at
                .parse::<jiff::Timestamp>()
                .map(|t| t.as_millisecond())
                .unwrap_or(0);
            shared.received_at_ms[k].store(at, Ordering::Relaxed);
            shared.posted_us[k].store(posted_us, Ordering::Relaxed);
        }
    }

    fn conversation(&mut self, conversation: WireConversation, shared: &Shared) {
        let Some(&i) = shared.conversation_index.get(&conversation.id) else {
            // The sandbox customer's conversation.
            self.report.others += 1;
            return;
        };
        self.report.conversation_events += 1;
        self.report.conversation_counts[i] += 1;
        if conversation.incoming_count < self.last_count[i] {
            self.report.stale += 1;
            let (now, before) = (conversation.incoming_count, self.last_count[i]);
            self.example(format!(
                "conversation {} said incoming_count {now} after {before}",
                conversation.id
            ));
        }
        self.last_count[i] = self.last_count[i].max(conversation.incoming_count);
    }

    fn finish(mut self) -> (ClientReport, Vec<(u32, u32)>) {
        self.report.received = hex::encode(&self.received);
        (self.report, self.records)
    }
}

/// One client's stream, from opening to the end marker (or until told to give up).
async fn listen(
    http: reqwest::Client,
    plan: Arc<Plan>,
    shared: Arc<Shared>,
    operator: usize,
    token: String,
    opened: mpsc::UnboundedSender<Result<(), String>>,
    mut give_up: watch::Receiver<bool>,
) -> (ClientReport, Vec<(u32, u32)>) {
    let mut client = Client::new(operator, &plan);
    let response = http
        .get(format!("{}/api/events", plan.base))
        .bearer_auth(&token)
        .send()
        .await;
    let mut response = match response {
        Ok(r) if r.status().is_success() => r,
        Ok(r) => {
            let _ = opened.send(Err(format!("status {}", r.status())));
            client.report.error = Some(format!("status {}", r.status()));
            return client.finish();
        }
        Err(e) => {
            let _ = opened.send(Err(e.to_string()));
            client.report.error = Some(e.to_string());
            return client.finish();
        }
    };
    let _ = opened.send(Ok(()));
    drop(opened);
    let mut reader = crate::sse::Reader::default();
    loop {
        let chunk = tokio::select! {
            chunk = response.chunk() => chunk,
            _ = give_up.wait_for(|g| *g) => {
                client.report.error = Some("gave up waiting for the end marker".to_owned());
                break;
            }
        };
        let chunk = match chunk {
            Ok(Some(chunk)) => chunk,
            Ok(None) => {
                client.report.error = Some("the server ended the stream".to_owned());
                break;
            }
            Err(e) => {
                client.report.error = Some(format!("the stream broke: {e}"));
                break;
            }
        };
        let at = now_us();
        reader.push(&chunk);
        let mut ended = false;
        reader.drain(|block| ended |= client.take(block, &shared, at));
        if ended {
            break;
        }
    }
    client.finish()
}

/// Posts `count` webhooks from `plan.senders` tasks at once, each taking the next number;
/// `body(i, posted_us)` makes the i-th. The time each was answered (µs; 0: not 2xx) and the
/// failures.
async fn post_all(
    plan: &Plan,
    count: usize,
    body: impl Fn(usize, u64) -> String + Send + Sync + 'static,
) -> (Vec<u64>, Vec<(usize, String)>) {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(plan.senders)
        .build()
        .expect("an HTTP client");
    let next = Arc::new(AtomicUsize::new(0));
    let body = Arc::new(body);
    let mut senders = Vec::new();
    for _ in 0..plan.senders {
        let (http, next, body, hook) =
            (http.clone(), next.clone(), body.clone(), plan.hook.clone());
        senders.push(tokio::spawn(async move {
            let mut answered = Vec::new();
            let mut failed = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    break;
                }
                let posted = now_us();
                let sent = http
                    .post(&hook)
                    .header("content-type", "application/json")
                    .body(body(i, posted))
                    .send()
                    .await;
                match sent {
                    Ok(r) if r.status().is_success() => answered.push((i, now_us())),
                    Ok(r) => failed.push((i, r.status().to_string())),
                    Err(e) => failed.push((i, e.to_string())),
                }
            }
            (answered, failed)
        }));
    }
    let mut answered = vec![0u64; count];
    let mut failed = Vec::new();
    for sender in senders {
        let (a, f) = sender.await.expect("a sender");
        for (i, at) in a {
            answered[i] = at;
        }
        failed.extend(f);
    }
    failed.sort();
    (answered, failed)
}

fn now_ms() -> i64 {
    (now_us() / 1000) as i64
}

async fn post_baseline(plan: &Plan) -> Baseline {
    let (conversations, burst) = (plan.conversations(), plan.burst);
    let start = Instant::now();
    let (_, failed) = post_all(plan, plan.baseline_messages, move |j, _| {
        let i = plan::conversation_of(j, burst, conversations);
        plan::devino_incoming(
            plan::BASELINE_IDS + j as u64,
            &plan::phone(i),
            &format!("baseline {j}"),
            now_ms(),
        )
    })
    .await;
    Baseline {
        messages: plan.baseline_messages,
        seconds: start.elapsed().as_secs_f64(),
        failed: failed.len(),
    }
}

async fn post_messages(plan: &Plan) -> (Vec<u64>, Vec<(usize, String)>) {
    let (conversations, burst) = (plan.conversations(), plan.burst);
    post_all(plan, plan.messages, move |k, posted| {
        let i = plan::conversation_of(k, burst, conversations);
        plan::devino_incoming(
            plan::MESSAGE_IDS + k as u64,
            &plan::phone(i),
            &plan::message_text(k, posted),
            now_ms(),
        )
    })
    .await
}

/// The end marker, in the unassigned conversation every client sees: committed after every
/// message was answered, so a client that gets it has been sent all it will get.
async fn post_end(plan: &Plan) -> Result<(), String> {
    let end = plan.conversations();
    let body = plan::devino_incoming(plan::END_ID, &plan::phone(end), plan::END_TEXT, now_ms());
    let answer = reqwest::Client::new()
        .post(&plan.hook)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .map_err(|e| format!("the end marker: {e}"))?;
    if answer.status().is_success() {
        Ok(())
    } else {
        Err(format!("the end marker: {}", answer.status()))
    }
}
