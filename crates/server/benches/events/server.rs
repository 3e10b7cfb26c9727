//! The server's process: `serve` as the CLI starts it (same runtime, sandbox Devino account),
//! the team and its conversations made in process, the clients' process driven through its
//! phases, the server's memory read around them, and every client's events checked against
//! the database.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use switchboard_core::access::Client;
use switchboard_core::account::GatewayKind;
use switchboard_core::api::dispatch;
use switchboard_core::auth::PasswordCost;
use switchboard_core::host::{MemorySecrets, Silent};
use switchboard_core::ingest::{GatewayMessage, IngestEvent};
use switchboard_core::message::{Content, Direction};
use switchboard_core::phone::Phone;
use switchboard_core::time::Timestamp;
use switchboard_server::http::events::{LOG_CAPACITY, Stamped};
use switchboard_server::listen::{CONNECTIONS, Limits};
use switchboard_server::serve::{self, EVENTS_BUFFERED, Network, Running, ServeOptions};
use tokio::sync::mpsc;

use crate::plan::{self, Outcome, Plan, PlanOperator, Report, Role};
use crate::usage::{self, mib};
use crate::{ROLE, Settings, full_run};

/// How long the clients' process may take for any one phase before the run is called off.
const PHASE_LIMIT: Duration = Duration::from_secs(20 * 60);

/// Problems written out in words, across all clients; the counts carry the rest.
const EXAMPLES: usize = 12;

pub fn main(settings: Settings) -> bool {
    // The runtime `switchboard serve` runs on: the default, a worker per core.
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let clean = runtime.block_on(run(settings));
    runtime.shutdown_timeout(Duration::from_secs(2));
    clean
}

fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines().find_map(|l| {
                l.strip_prefix("model name")?
                    .split_once(':')
                    .map(|(_, m)| m.trim().to_owned())
            })
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    format!("{cores} cores ({model})")
}

/// A team made for the run: who each operator is and whom each conversation is assigned to.
struct Team {
    operators: Vec<PlanOperator>,
    /// Per conversation index (the end marker's last): the assignee's index in `operators`.
    assignees: Vec<Option<usize>>,
    conversation_ids: Vec<i64>,
}

impl Team {
    fn sees(&self, operator: usize, conversation: usize) -> bool {
        match self.operators[operator].role {
            Role::Manager => self.assignees[conversation].is_none_or(|a| a == operator),
            Role::Supervisor | Role::Reviewer => true,
        }
    }
}

async fn run(settings: Settings) -> bool {
    println!("live events: {}", machine());
    println!(
        "  {} operators ({} managers, {} supervisors, {} reviewers) x {} clients = {} event streams",
        settings.operators(),
        settings.managers,
        settings.supervisors,
        settings.reviewers,
        settings.clients_per_operator,
        settings.clients()
    );
    println!(
        "  {} conversations (every {}th unassigned, the rest to the managers in turn), {} messages \
         from {} concurrent webhook posts, customers writing {} in a row",
        settings.conversations,
        settings.unassigned_every,
        settings.messages,
        settings.senders,
        settings.burst
    );

    let dir = tempfile::tempdir().expect("a temp dir");
    let running = start(&dir, &settings).await;
    // Production's Argon2 cost (19 MiB a hash) leaves the allocator holding hundreds of MiB
    // after the 100 hashes of adding and signing in 50 operators, which would bury what the
    // streams cost; the run is about events, so it hashes cheaply unless asked
    // (SWITCHBOARD_BENCH_PASSWORD_COST=production shows that effect).
    let production_cost = std::env::var("SWITCHBOARD_BENCH_PASSWORD_COST")
        .is_ok_and(|c| c.trim().eq_ignore_ascii_case("production"));
    if !production_cost {
        running.engine.set_password_cost(PasswordCost::CHEAP);
    }
    println!(
        "  password hashing: {}",
        if production_cost {
            "production Argon2id (m = 19 MiB, t = 2)"
        } else {
            "the engine's cheap test cost (SWITCHBOARD_BENCH_PASSWORD_COST=production for the real one)"
        }
    );
    let team = make_team(&running, &settings).await;
    let plan = Plan {
        base: format!("http://{}", running.local_addr),
        hook: incoming_hook(&running).await,
        operators: team.operators.clone(),
        clients_per_operator: settings.clients_per_operator,
        messages: settings.messages,
        baseline_messages: settings.baseline_messages,
        senders: settings.senders,
        burst: settings.burst,
        conversation_ids: team.conversation_ids.clone(),
    };

    let after_setup = usage::rss_kb();
    let mut clients = ClientsProcess::spawn(&plan);
    let baseline = match clients.next().await {
        Some(Report::SignedIn { baseline }) => baseline,
        other => return clients.failed(other),
    };
    let before_streams = usage::rss_kb();
    clients.go();
    let streams = match clients.next().await {
        Some(Report::Ready { streams }) => streams,
        other => return clients.failed(other),
    };
    // Let the streams' first authentication writes and buffers settle before the idle figure.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let with_streams = usage::rss_kb();
    let peak_reset = usage::reset_peak();
    let sampler = usage::Sampler::start(Duration::from_millis(20));
    let cpu_at_go = usage::cpu_seconds();
    clients.go();
    let outcome = match clients.next().await {
        Some(Report::Done { outcome }) => outcome,
        other => return clients.failed(other),
    };
    let peak = usage::peak_kb();
    let cpu = usage::cpu_seconds() - cpu_at_go;
    let sampled = sampler.finish();
    clients.wait();
    let at_end = usage::rss_kb();

    let stored = stored_messages(&running, settings.messages).await;
    let verdict = verify(&team, &plan, &outcome, &stored);

    let b_rate = baseline.messages as f64 / baseline.seconds.max(1e-9);
    println!(
        "ingest without clients (baseline, {} messages): {:>8.0} messages/s{}",
        baseline.messages,
        b_rate,
        if baseline.failed > 0 {
            format!(" ({} not answered 2xx)", baseline.failed)
        } else {
            String::new()
        }
    );
    let committed = stored.iter().filter(|r| r.is_some()).count();
    let rate = committed as f64 / outcome.send_seconds.max(1e-9);
    println!(
        "ingest with {streams} streams attached ({committed} messages committed in {:.1} s): \
         {rate:>8.0} messages/s = {:.0} log events/s (a message and its conversation's update each)",
        outcome.send_seconds,
        rate * 2.0
    );
    let delivered = outcome.deliveries as f64 / outcome.delivery_seconds.max(1e-9);
    println!(
        "delivered to clients: {} events ({:.0} MiB) in {:.1} s (first post to the last client's \
         end marker): {delivered:>8.0} events/s, {:.1} MiB/s",
        outcome.deliveries,
        outcome.bytes_delivered as f64 / 1048576.0,
        outcome.delivery_seconds,
        outcome.bytes_delivered as f64 / 1048576.0 / outcome.delivery_seconds.max(1e-9)
    );
    let ms = |us: i64| us as f64 / 1000.0;
    for (what, l) in [
        (
            "commit -> client (from the stored received_at, taken just before the write; ms resolution; upper bound)",
            &outcome.from_received_at,
        ),
        (
            "webhook answered -> client (the 2xx leaves after commit and publish; lower bound)",
            &outcome.from_answer,
        ),
        ("webhook posted -> client (end to end)", &outcome.from_post),
    ] {
        let negative = if l.negative > 0 {
            format!(", {} before the reference", l.negative)
        } else {
            String::new()
        };
        println!(
            "latency {what}: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms over {} deliveries{negative}",
            ms(l.p50),
            ms(l.p99),
            ms(l.max),
            l.count
        );
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    let busy = |cpu: f64| 100.0 * cpu / (outcome.delivery_seconds.max(1e-9) * cores);
    println!(
        "CPU over those {:.1} s: server {cpu:.1} s ({:.0} % of the machine), clients' process \
         {:.1} s ({:.0} %)",
        outcome.delivery_seconds,
        busy(cpu),
        outcome.clients_cpu_seconds,
        busy(outcome.clients_cpu_seconds)
    );
    let clients_n = streams.max(1) as f64;
    println!(
        "server memory (RSS of this process; the clients run in a child process):\n  \
         after setup {:.1} MiB; after sign-ins and the baseline {:.1} MiB; with {streams} idle \
         streams {:.1} MiB ({:.1} KiB a stream)",
        mib(after_setup),
        mib(before_streams),
        mib(with_streams),
        (with_streams.saturating_sub(before_streams)) as f64 / clients_n
    );
    println!(
        "  peak during the run {:.1} MiB (VmHWM{}), highest 20 ms sample {:.1} MiB, at the end {:.1} MiB",
        mib(if peak_reset { peak } else { sampled }),
        if peak_reset {
            " reset when the streams were open"
        } else {
            " could not be reset: the sampled figure"
        },
        mib(sampled),
        mib(at_end)
    );
    println!(
        "  the clients' process peaked at {:.1} MiB (not counted above)",
        mib(outcome.clients_peak_rss_kb)
    );
    let json = (outcome.message_event_bytes + outcome.conversation_event_bytes) / 2.0;
    // An entry is the struct in the ring plus its JSON in an Arc (two counters and the bytes).
    let entry = std::mem::size_of::<Stamped>() as f64 + 16.0 + json;
    println!(
        "  the event log's bound: {LOG_CAPACITY} entries x {:.0} B ({} B entry + 16 B Arc header \
         + {:.0} B JSON: messages {:.0} B, conversations {:.0} B) = {:.1} MiB; the broadcast \
         before it holds up to {EVENTS_BUFFERED} unstamped events while the stamper catches up",
        entry,
        std::mem::size_of::<Stamped>(),
        json,
        outcome.message_event_bytes,
        outcome.conversation_event_bytes,
        LOG_CAPACITY as f64 * entry / 1048576.0
    );
    verdict.print(settings.messages);
    running.shutdown().await.expect("the server stops");
    // Under `cargo test` the small run fails on deliveries only and reports the commit-order
    // findings: those are a known bug of the engine's publishing (see the README), and the
    // full run is where it is measured and fails until it is fixed.
    verdict.delivery_violations() == 0 && (!full_run() || verdict.order_violations() == 0)
}

async fn start(dir: &tempfile::TempDir, settings: &Settings) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    // The production cap (512) holds the default run: 500 streams and 8 webhook connections.
    // A bigger run raises it rather than measure connections waiting for a slot.
    let needed = settings.clients() + settings.senders + 4;
    let mut network = Network::default();
    if needed > CONNECTIONS {
        println!("  (connection cap raised from {CONNECTIONS} to {needed} for this run)");
        network.limits = Limits {
            connections: needed,
            ..Limits::default()
        };
    }
    serve::start_on_network(
        dir.path(),
        Arc::new(MemorySecrets::default()),
        Arc::new(Silent),
        listener,
        ServeOptions {
            listen: "127.0.0.1:0".parse().expect("an address"),
            sandbox: true,
            sandbox_gateway: GatewayKind::Devino,
            public_url: None,
        },
        network,
    )
    .await
    .unwrap_or_else(|e| panic!("the server starts: {e}"))
}

fn account_id(running: &Running) -> i64 {
    running
        .sandbox
        .as_ref()
        .map(|s| s.account.id)
        .expect("a sandbox account")
}

async fn incoming_hook(running: &Running) -> String {
    let hooks = dispatch(
        &running.engine,
        &Client::local(),
        "account_webhooks",
        json!({"account_id": account_id(running)}),
    )
    .await
    .expect("the sandbox has webhooks");
    hooks
        .as_array()
        .and_then(|h| h.iter().find(|w| w["kind"] == "incoming"))
        .and_then(|w| w["url"].as_str())
        .expect("an incoming webhook")
        .to_owned()
}

/// Operators (as `switchboard operator add` makes them), a conversation per customer (their
/// first message ingested in process), and the assignments (as a supervisor makes them).
async fn make_team(running: &Running, settings: &Settings) -> Team {
    let started = std::time::Instant::now();
    let roles = std::iter::repeat_n(Role::Manager, settings.managers)
        .chain(std::iter::repeat_n(Role::Supervisor, settings.supervisors))
        .chain(std::iter::repeat_n(Role::Reviewer, settings.reviewers));
    let mut operators = Vec::new();
    for (i, role) in roles.enumerate() {
        let login = format!("{}{i:02}", role.name());
        let answer = dispatch(
            &running.engine,
            &Client::local(),
            "add_operator",
            json!({"login": login, "name": format!("{} {i}", role.name()), "role": role.name(),
                   "password": plan::PASSWORD}),
        )
        .await
        .unwrap_or_else(|e| panic!("{login} is added: {e:?}"));
        let id = answer["id"].as_i64().expect("an operator id");
        operators.push(PlanOperator { login, id, role });
    }

    // Conversations 0..N, and the end marker's last.
    let count = settings.conversations + 1;
    let now = Timestamp::now();
    for chunk in (0..count).collect::<Vec<_>>().chunks(1000) {
        let events = chunk
            .iter()
            .map(|&i| {
                IngestEvent::Message(GatewayMessage {
                    gateway_message_id: (plan::OPENING_IDS + i as u64).to_string(),
                    direction: Direction::In,
                    phone: Phone::parse(&plan::phone(i)).expect("a phone"),
                    profile_name: Some(format!("Customer {i}")),
                    content: Content::Text {
                        text: "hello".to_owned(),
                    },
                    at: now,
                    status: None,
                })
            })
            .collect();
        running
            .engine
            .ingest(account_id(running), events)
            .await
            .expect("the conversations are made");
    }
    let account = account_id(running);
    let by_phone: HashMap<String, i64> = running
        .engine
        .db()
        .read(move |c| {
            let mut stmt = c.prepare(
                "SELECT cv.id, ct.phone FROM conversations cv JOIN contacts ct ON ct.id = cv.contact_id
                 WHERE cv.account_id = ?1",
            )?;
            let rows = stmt.query_map([account], |r| Ok((r.get::<_, String>(1)?, r.get(0)?)))?;
            Ok(rows.collect::<Result<HashMap<_, _>, _>>()?)
        })
        .await
        .expect("the conversations are listed");
    let conversation_ids: Vec<i64> = (0..count)
        .map(|i| {
            let phone = Phone::parse(&plan::phone(i)).expect("a phone");
            by_phone[phone.e164()]
        })
        .collect();

    let managers: Vec<usize> = (0..operators.len())
        .filter(|o| operators[*o].role == Role::Manager)
        .collect();
    let mut assignees = vec![None; count];
    let mut turn = 0;
    for (i, assignee) in assignees
        .iter_mut()
        .enumerate()
        .take(settings.conversations)
    {
        if managers.is_empty() || i % settings.unassigned_every == settings.unassigned_every - 1 {
            continue;
        }
        let manager = managers[turn % managers.len()];
        turn += 1;
        dispatch(
            &running.engine,
            &Client::local(),
            "assign_conversation",
            json!({"conversation_id": conversation_ids[i], "operator_id": operators[manager].id}),
        )
        .await
        .unwrap_or_else(|e| panic!("conversation {i} is assigned: {e:?}"));
        *assignee = Some(manager);
    }
    println!(
        "  set up in {:.1} s ({} operators added, {} conversations made, {turn} assigned)",
        started.elapsed().as_secs_f64(),
        operators.len(),
        count
    );
    Team {
        operators,
        assignees,
        conversation_ids,
    }
}

/// The database's row id of each message `k` (its place in commit order: one writer, one
/// message a transaction), none where it was not stored.
async fn stored_messages(running: &Running, messages: usize) -> Vec<Option<i64>> {
    let account = account_id(running);
    let rows: Vec<(i64, String)> = running
        .engine
        .db()
        .read(move |c| {
            let mut stmt = c.prepare(
                "SELECT id, gateway_message_id FROM messages
                 WHERE account_id = ?1 AND direction = 'in' AND gateway_message_id IS NOT NULL",
            )?;
            let rows = stmt.query_map([account], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
        .expect("the messages are read");
    let mut stored = vec![None; messages];
    for (row, gateway_id) in rows {
        let Ok(id) = gateway_id.parse::<u64>() else {
            continue;
        };
        if let Some(k) = id.checked_sub(plan::MESSAGE_IDS).map(|k| k as usize)
            && k < messages
        {
            stored[k] = Some(row);
        }
    }
    stored
}

/// What the run found wrong.
#[derive(Default)]
struct Verdict {
    missing: usize,
    extra: usize,
    duplicates: usize,
    order_breaks: usize,
    conversation_mismatches: usize,
    resyncs: usize,
    stale: usize,
    /// Stale updates at the client that saw the most: at one that sees everything, the number
    /// of distinct stale events.
    stale_at_one: usize,
    without_end: usize,
    seq_conflicts: usize,
    unanswered: usize,
    /// Messages whose event id is below that of a message committed before them.
    out_of_commit_order: usize,
    examples: Vec<String>,
}

impl Verdict {
    fn example(&mut self, what: String) {
        if self.examples.len() < EXAMPLES {
            self.examples.push(what);
        }
    }

    /// Deliveries that differ from what the operator may see: missing, extra, twice, out of
    /// id order, lost to a resync, or a stream that never got the end marker.
    fn delivery_violations(&self) -> usize {
        self.missing
            + self.extra
            + self.duplicates
            + self.order_breaks
            + self.conversation_mismatches
            + self.resyncs
            + self.without_end
            + self.seq_conflicts
    }

    /// Event ids that disagree with commit order: a message numbered below one committed
    /// before it, a conversation's update delivered after a newer one of it.
    fn order_violations(&self) -> usize {
        self.out_of_commit_order + self.stale
    }

    fn print(&self, messages: usize) {
        let (d, o) = (self.delivery_violations(), self.order_violations());
        let banner = |n| if n == 0 { "OK" } else { "BROKEN" };
        println!(
            "{}: {d} violations of exactly-what-it-may-see (missing {}, extra {}, twice {}, ids \
             not increasing {}, conversation updates miscounted {}, resyncs {}, streams without \
             the end marker {}, one message under two ids {})",
            banner(d),
            self.missing,
            self.extra,
            self.duplicates,
            self.order_breaks,
            self.conversation_mismatches,
            self.resyncs,
            self.without_end,
            self.seq_conflicts
        );
        println!(
            "{}: {o} violations of commit order ({} of {messages} messages have an event id \
             below one committed before them; {} deliveries of a conversation's update after a \
             newer one of it, {} of them at one client)",
            banner(o),
            self.out_of_commit_order,
            self.stale,
            self.stale_at_one
        );
        if self.unanswered > 0 {
            println!(
                "  ({} webhooks not answered 2xx: not a delivery violation, the database decides \
                 what was committed)",
                self.unanswered
            );
        }
        for e in &self.examples {
            println!("  BROKEN: {e}");
        }
    }
}

fn verify(team: &Team, plan: &Plan, outcome: &Outcome, stored: &[Option<i64>]) -> Verdict {
    let mut v = Verdict {
        unanswered: outcome.failed.len(),
        seq_conflicts: outcome.seq_conflicts.len(),
        ..Verdict::default()
    };
    // Commit order: the database's row ids increase with each commit (one writer, a message a
    // transaction); every message's event id must be above those of all committed before it.
    let mut by_commit: Vec<(i64, usize)> = stored
        .iter()
        .enumerate()
        .filter_map(|(k, row)| row.map(|r| (r, k)))
        .collect();
    by_commit.sort_unstable();
    let conversation_id = |k: usize| {
        team.conversation_ids[plan::conversation_of(k, plan.burst, plan.conversations())]
    };
    let mut highest: Option<(u64, usize, i64)> = None;
    for (row, k) in by_commit {
        let seq = outcome.seq_of.get(k).copied().unwrap_or(0);
        if seq == 0 {
            // Nobody received it: the missing counts say so.
            continue;
        }
        match highest {
            Some((top, earlier, earlier_row)) if seq < top => {
                v.out_of_commit_order += 1;
                if v.out_of_commit_order <= 3 {
                    v.example(format!(
                        "message {k} (conversation {}, row {row}) has event id {seq}, below the \
                         id {top} of message {earlier} (conversation {}, row {earlier_row}) \
                         committed before it",
                        conversation_id(k),
                        conversation_id(earlier)
                    ));
                }
            }
            _ => highest = Some((seq, k, row)),
        }
    }
    for c in outcome.seq_conflicts.iter().take(3) {
        v.example(c.clone());
    }
    let conversations = plan.conversations();
    let conversation_of = |k: usize| plan::conversation_of(k, plan.burst, conversations);
    // Committed messages per conversation: each is one conversation update too.
    let mut per_conversation = vec![0u32; conversations];
    for k in (0..plan.messages).filter(|k| stored[*k].is_some()) {
        per_conversation[conversation_of(k)] += 1;
    }
    for (n, client) in outcome.clients.iter().enumerate() {
        let who = &team.operators[client.operator];
        let name = format!(
            "client {n} ({} {}, id {})",
            who.role.name(),
            who.login,
            who.id
        );
        let received = hex::decode(&client.received).unwrap_or_default();
        let got = |k: usize| received.get(k / 8).is_some_and(|b| b & (1 << (k % 8)) != 0);
        let (mut missing, mut extra) = (Vec::new(), Vec::new());
        for (k, row) in stored.iter().enumerate() {
            let c = conversation_of(k);
            let expected = row.is_some() && team.sees(client.operator, c);
            match (expected, got(k)) {
                (true, false) => missing.push((k, c)),
                (false, true) => extra.push((k, c)),
                _ => {}
            }
        }
        let assignee = |c: usize| {
            team.assignees[c].map_or("unassigned".to_owned(), |a| {
                format!("assigned to {}", team.operators[a].login)
            })
        };
        if let Some(&(k, c)) = missing.first() {
            v.example(format!(
                "{name} missed {} messages, first message {k} (conversation {}, {}, id {:?})",
                missing.len(),
                team.conversation_ids[c],
                assignee(c),
                outcome.seq_of.get(k)
            ));
        }
        if let Some(&(k, c)) = extra.first() {
            v.example(format!(
                "{name} got {} messages it may not see, first message {k} (conversation {}, {})",
                extra.len(),
                team.conversation_ids[c],
                assignee(c)
            ));
        }
        v.missing += missing.len();
        v.extra += extra.len();
        for (c, &count) in per_conversation.iter().enumerate() {
            let expected = if team.sees(client.operator, c) {
                count
            } else {
                0
            };
            let got = client.conversation_counts.get(c).copied().unwrap_or(0);
            if got != expected {
                v.conversation_mismatches += 1;
                v.example(format!(
                    "{name} got {got} updates of conversation {} ({}), expected {expected}",
                    team.conversation_ids[c],
                    assignee(c)
                ));
            }
        }
        v.duplicates += client.duplicates;
        v.order_breaks += client.order_breaks;
        v.resyncs += client.resyncs;
        v.stale += client.stale;
        v.stale_at_one = v.stale_at_one.max(client.stale);
        if !client.saw_end {
            v.without_end += 1;
        }
        let troubled = client.duplicates
            + client.order_breaks
            + client.resyncs
            + client.stale
            + usize::from(!client.saw_end)
            > 0;
        if troubled {
            v.example(format!(
                "{name}: {}{}",
                client.examples.join("; "),
                client
                    .error
                    .as_ref()
                    .map(|e| format!(" (stream: {e})"))
                    .unwrap_or_default()
            ));
        }
    }
    v
}

/// The clients' process and its report lines.
struct ClientsProcess {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: mpsc::UnboundedReceiver<String>,
}

impl ClientsProcess {
    fn spawn(plan: &Plan) -> Self {
        let exe = std::env::current_exe().expect("this benchmark's path");
        let mut child = Command::new(exe)
            .env(ROLE, "clients")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the clients' process starts");
        let stdout = child.stdout.take().expect("its stdout");
        let (tx, lines) = mpsc::unbounded_channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut process = Self {
            stdin: child.stdin.take(),
            child,
            lines,
        };
        process.send(&serde_json::to_string(plan).expect("the plan is JSON"));
        process
    }

    fn send(&mut self, line: &str) {
        if let Some(stdin) = self.stdin.as_mut() {
            // A failure shows as the child's missing report.
            let _ = writeln!(stdin, "{line}").and_then(|_| stdin.flush());
        }
    }

    /// Lets the clients' process start its next phase.
    fn go(&mut self) {
        self.send("go");
    }

    /// Its next report; none when it ended or did not report within [`PHASE_LIMIT`].
    async fn next(&mut self) -> Option<Report> {
        let line = tokio::time::timeout(PHASE_LIMIT, self.lines.recv())
            .await
            .ok()??;
        match serde_json::from_str(&line) {
            Ok(report) => Some(report),
            Err(e) => Some(Report::Failed {
                reason: format!("an unreadable report ({e}): {line:.200}"),
            }),
        }
    }

    /// Says why the run stops, stops the child (ours alone) and gives the verdict: broken.
    fn failed(mut self, report: Option<Report>) -> bool {
        match report {
            Some(Report::Failed { reason }) => println!("BROKEN: the clients' process: {reason}"),
            Some(other) => println!("BROKEN: the clients' process said {other:?} out of turn"),
            None => println!("BROKEN: the clients' process ended or stalled"),
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        false
    }

    fn wait(mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}
