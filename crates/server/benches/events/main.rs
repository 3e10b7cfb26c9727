//! Live events under load (issue 11): 500 event-stream clients signed in as 50 operators while
//! incoming-message webhooks arrive at full speed. Each client must get exactly the message
//! events its operator may see, with increasing ids that follow commit order; the run reports
//! the server's memory, events/s and the latency from commit to client.
//! `cargo bench -p switchboard-server --bench events`.
//!
//! Two processes, so that the server's memory is the server's alone: this one runs `serve` (the
//! sandbox's Devino account, on a temp data directory), makes the team and its conversations in
//! process, and afterwards checks what every client got against the database; a child (this
//! same binary, [`ROLE`] set) signs in over HTTP, holds the streams, posts the webhooks and
//! records what each client received. They talk in JSON lines over the child's stdin and stdout.
//!
//! Sizes come from `SWITCHBOARD_BENCH_*` variables (see [`Settings::from_env`]); without
//! `--bench` (`cargo test --all-targets`) a small run proves the benchmark still works.

mod clients;
mod plan;
mod server;
mod sse;
mod usage;

/// Set in the child's environment: it plays the clients.
const ROLE: &str = "SWITCHBOARD_EVENTS_BENCH_ROLE";

/// `cargo bench` passes `--bench`; `cargo test --all-targets` does not, and then a small run
/// proves the benchmark still works without taking minutes.
fn full_run() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// A number from the environment (`SWITCHBOARD_BENCH_...`, `_` allowed as a separator), or
/// `default`.
fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// How big a run is.
#[derive(Clone, Debug)]
pub struct Settings {
    pub managers: usize,
    pub supervisors: usize,
    pub reviewers: usize,
    pub clients_per_operator: usize,
    /// Customers, each with a conversation made before the clients connect.
    pub conversations: usize,
    /// Every `unassigned_every`-th conversation stays unassigned (every manager sees it); the
    /// others go to the managers in turn.
    pub unassigned_every: usize,
    /// Messages posted while the clients listen.
    pub messages: usize,
    /// Messages posted before any client connects, for the ingest rate without streams.
    pub baseline_messages: usize,
    /// Webhook posts in flight at once.
    pub senders: usize,
    /// A customer writes this many messages in a row (taken by different senders at once), as
    /// people do ("hi", "about my order", "it is late"): concurrent commits in one conversation.
    pub burst: usize,
}

impl Settings {
    fn from_env() -> Self {
        let full = full_run();
        let pick = |full_value, small| if full { full_value } else { small };
        let messages = setting("SWITCHBOARD_BENCH_MESSAGES", pick(30_000, 300));
        Self {
            managers: setting("SWITCHBOARD_BENCH_MANAGERS", pick(40, 3)),
            supervisors: setting("SWITCHBOARD_BENCH_SUPERVISORS", pick(8, 1)),
            reviewers: setting("SWITCHBOARD_BENCH_REVIEWERS", pick(2, 1)),
            clients_per_operator: setting("SWITCHBOARD_BENCH_CLIENTS_PER_OPERATOR", pick(10, 2)),
            conversations: setting("SWITCHBOARD_BENCH_CONVERSATIONS", pick(2_000, 40)).max(1),
            unassigned_every: setting("SWITCHBOARD_BENCH_UNASSIGNED_EVERY", 5).max(1),
            messages,
            baseline_messages: setting("SWITCHBOARD_BENCH_BASELINE_MESSAGES", messages / 5),
            senders: setting("SWITCHBOARD_BENCH_SENDERS", 8).max(1),
            burst: setting("SWITCHBOARD_BENCH_BURST", 4).max(1),
        }
    }

    pub fn operators(&self) -> usize {
        self.managers + self.supervisors + self.reviewers
    }

    pub fn clients(&self) -> usize {
        self.operators() * self.clients_per_operator
    }
}

fn main() {
    if std::env::var_os(ROLE).is_some() {
        clients::main();
        return;
    }
    let clean = server::main(Settings::from_env());
    // A broken invariant is a correctness failure, not a slow run: the exit says so, as the
    // crash benchmarks' do. Timing never fails the run (see `server::run` for which
    // invariants the small run under `cargo test` holds to).
    if !clean {
        std::process::exit(1);
    }
}
