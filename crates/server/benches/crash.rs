//! The crash test at scale: 100 000 Devino incoming-message callbacks posted over 8
//! connections to the release `switchboard serve`, which is killed with SIGKILL five times
//! during the run and restarted on the same data directory and address. Every post that got no
//! 2xx is posted again, as Devino does, until it is acknowledged. At the end the database
//! (read-only) must hold every acknowledged event exactly once.
//!
//! `cargo bench -p switchboard-server --bench crash` (`SWITCHBOARD_BENCH_EVENTS` to change the
//! count). Under `cargo test` it runs 1 500 events and two kills. Exits non-zero when an
//! invariant breaks or the run overruns its deadline.

mod common;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use switchboard_simulator::IncomingMessage;

use common::harness::{Env, SENDER, SIM_KEY, Serve, blocking, simulator};
use common::{Verdict, full_run, ms, run_bounded, setting};

const CONNECTIONS: usize = 8;
/// Customers the events come from.
const CUSTOMERS: usize = 2000;
/// How long a poster waits before posting an unacknowledged event again (Devino waits longer;
/// the benchmark does not need to).
const REPOST_PAUSE: Duration = Duration::from_millis(10);

struct Scale {
    events: usize,
    kills: usize,
    limit: Duration,
}

/// The events and what became of each post.
struct Load {
    events: Vec<IncomingMessage>,
    next: AtomicUsize,
    /// Events whose post got no 2xx, to post again.
    again: Mutex<Vec<usize>>,
    /// 2xx answers per event.
    acks: Vec<AtomicUsize>,
    /// Events acknowledged at least once.
    acknowledged: AtomicUsize,
    /// Posts answered with something other than 2xx.
    refused: AtomicUsize,
    /// Posts that got no answer (serve was dead, or died before answering).
    unanswered: AtomicUsize,
    /// 4xx answers: a live serve must never refuse a well-formed event.
    client_errors: Mutex<Vec<String>>,
}

impl Load {
    fn new(events: Vec<IncomingMessage>) -> Self {
        Self {
            acks: events.iter().map(|_| AtomicUsize::new(0)).collect(),
            events,
            next: AtomicUsize::new(0),
            again: Mutex::new(Vec::new()),
            acknowledged: AtomicUsize::new(0),
            refused: AtomicUsize::new(0),
            unanswered: AtomicUsize::new(0),
            client_errors: Mutex::new(Vec::new()),
        }
    }

    fn acknowledged(&self) -> usize {
        self.acknowledged.load(Ordering::SeqCst)
    }

    /// The next event to post: one to post again first, then a new one; `None` when every
    /// event has been handed out (others may still be in flight).
    fn take(&self) -> Option<usize> {
        if let Some(i) = lock(&self.again).pop() {
            return Some(i);
        }
        let i = self.next.fetch_add(1, Ordering::SeqCst);
        (i < self.events.len()).then_some(i)
    }

    /// Posts events until every one is acknowledged.
    async fn post(self: Arc<Self>, http: reqwest::Client, url: String) {
        while self.acknowledged() < self.events.len() {
            let Some(i) = self.take() else {
                tokio::time::sleep(Duration::from_millis(5)).await;
                continue;
            };
            match http.post(&url).json(&self.events[i]).send().await {
                Ok(r) if r.status().is_success() => {
                    if self.acks[i].fetch_add(1, Ordering::SeqCst) == 0 {
                        self.acknowledged.fetch_add(1, Ordering::SeqCst);
                    }
                    continue;
                }
                Ok(r) => {
                    self.refused.fetch_add(1, Ordering::SeqCst);
                    if r.status().is_client_error() {
                        let body = r.text().await.unwrap_or_default();
                        lock(&self.client_errors).push(body);
                    }
                }
                Err(_) => {
                    self.unanswered.fetch_add(1, Ordering::SeqCst);
                }
            }
            lock(&self.again).push(i);
            tokio::time::sleep(REPOST_PAUSE).await;
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// How long serve took to come back after a kill.
struct Recovery {
    /// Events acknowledged when serve was killed.
    at: usize,
    /// From the kill until the new serve listened.
    listening: Duration,
    /// From the kill until the new serve acknowledged an event.
    first_ack: Duration,
}

fn main() {
    let scale = if full_run() {
        Scale {
            events: setting("SWITCHBOARD_BENCH_EVENTS", 100_000) as usize,
            kills: 5,
            limit: Duration::from_secs(30 * 60),
        }
    } else {
        Scale {
            events: 1500,
            kills: 2,
            limit: Duration::from_secs(5 * 60),
        }
    };
    run_bounded(scale.limit, bench(scale))
}

async fn bench(scale: Scale) -> Verdict {
    let sim = simulator(Duration::from_secs(1)).await;
    let env = Env::new();
    env.add_devino("dev", sim.base_url(), SENDER, SIM_KEY);
    let account_id = env.account_id("dev");
    let mut serve = env.serve(&[]);
    let addr = serve.addr;
    let url = env.webhook_url("dev", "incoming");

    let events = (0..scale.events)
        .map(|i| {
            sim.incoming_text(
                &format!("7902{:07}", i % CUSTOMERS),
                &format!("crash bench event {i}"),
            )
        })
        .collect();
    let load = Arc::new(Load::new(events));
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("an HTTP client");
    println!(
        "crash bench: {} Devino callbacks over {CONNECTIONS} connections, serve SIGKILLed {} times",
        scale.events, scale.kills
    );
    let started = Instant::now();
    let posters: Vec<_> = (0..CONNECTIONS)
        .map(|_| tokio::spawn(load.clone().post(http.clone(), url.clone())))
        .collect();

    let mut recoveries = Vec::new();
    for k in 1..=scale.kills {
        let mark = scale.events * k / (scale.kills + 1);
        while load.acknowledged() < mark {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        recoveries.push(kill_and_restart(&env, &mut serve, addr, &load).await);
    }
    for poster in posters {
        if let Err(e) = poster.await {
            eprintln!("a poster failed: {e}");
        }
    }
    let elapsed = started.elapsed();
    drop(serve);

    let stored = stored_events(&env, account_id);
    let mut verdict = Verdict::default();
    report(&load, &stored, &recoveries, elapsed, &mut verdict);
    check_database(&env, account_id, &stored, &mut verdict);
    sim.shutdown().await;
    verdict
}

/// SIGKILLs serve, starts it again on the same address, and times the way back.
async fn kill_and_restart(
    env: &Env,
    serve: &mut Serve,
    addr: std::net::SocketAddr,
    load: &Load,
) -> Recovery {
    serve.kill();
    let killed = Instant::now();
    let at = load.acknowledged();
    *serve = env.serve_on(addr).await;
    let listening = killed.elapsed();
    let before = load.acknowledged();
    while load.acknowledged() == before {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    Recovery {
        at,
        listening,
        first_ack: killed.elapsed(),
    }
}

/// Incoming messages stored per gateway message id.
fn stored_events(env: &Env, account_id: i64) -> HashMap<String, usize> {
    blocking(|| {
        let db = env.db();
        let mut stmt = db
            .prepare(
                "SELECT gateway_message_id, COUNT(*) FROM messages
                 WHERE direction = 'in' AND account_id = ?1 GROUP BY gateway_message_id",
            )
            .expect("a query");
        stmt.query_map([account_id], |r| {
            Ok((r.get(0)?, r.get::<_, i64>(1)? as usize))
        })
        .expect("rows")
        .collect::<rusqlite::Result<_>>()
        .expect("rows")
    })
}

fn report(
    load: &Load,
    stored: &HashMap<String, usize>,
    recoveries: &[Recovery],
    elapsed: Duration,
    verdict: &mut Verdict,
) {
    let events = load.events.len();
    let acknowledged: Vec<&IncomingMessage> = load
        .events
        .iter()
        .zip(&load.acks)
        .filter(|(_, n)| n.load(Ordering::SeqCst) > 0)
        .map(|(e, _)| e)
        .collect();
    let lost: Vec<u64> = acknowledged
        .iter()
        .filter(|e| !stored.contains_key(&e.incoming_message_id.to_string()))
        .map(|e| e.incoming_message_id)
        .collect();
    let duplicates: usize = stored.values().map(|n| n - 1).sum();
    let acked_twice = load
        .acks
        .iter()
        .filter(|n| n.load(Ordering::SeqCst) > 1)
        .count();
    let client_errors = lock(&load.client_errors).clone();

    println!("  events                 {events}");
    println!("  acknowledged           {}", acknowledged.len());
    println!("  stored                 {}", stored.len());
    println!("  lost                   {}", lost.len());
    println!("  stored twice           {duplicates}");
    println!(
        "  posts without an answer {} (posted again); answered non-2xx {}; acknowledged twice {acked_twice}",
        load.unanswered.load(Ordering::SeqCst),
        load.refused.load(Ordering::SeqCst),
    );
    println!(
        "  elapsed                {:.1} s, {:.0} events/s including the kills",
        elapsed.as_secs_f64(),
        events as f64 / elapsed.as_secs_f64()
    );
    for (k, r) in recoveries.iter().enumerate() {
        println!(
            "  kill {} at {:>6} acknowledged: listening again after {} ms, next event acknowledged after {} ms",
            k + 1,
            r.at,
            ms(r.listening),
            ms(r.first_ack)
        );
    }
    verdict.check(
        acknowledged.len() == events,
        format!("{} of {events} events acknowledged", acknowledged.len()),
    );
    verdict.check(
        lost.is_empty(),
        format!(
            "{} acknowledged events not stored, e.g. {:?}",
            lost.len(),
            &lost[..lost.len().min(10)]
        ),
    );
    verdict.check(duplicates == 0, format!("{duplicates} events stored twice"));
    verdict.check(
        stored.len() == events,
        format!("{} stored for {events} events", stored.len()),
    );
    verdict.check(
        client_errors.is_empty(),
        format!(
            "a live serve refused well-formed events {} times: {:?}",
            client_errors.len(),
            client_errors.first()
        ),
    );
}

/// The counters agree with the rows, and the database survived five SIGKILLs intact.
fn check_database(
    env: &Env,
    account_id: i64,
    stored: &HashMap<String, usize>,
    verdict: &mut Verdict,
) {
    let (incoming, check): (i64, String) = blocking(|| {
        let db = env.db();
        let incoming = db
            .query_row(
                "SELECT COALESCE(SUM(incoming_count), 0) FROM conversations WHERE account_id = ?1",
                [account_id],
                |r| r.get(0),
            )
            .expect("incoming counts");
        let check = db
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .expect("quick_check");
        (incoming, check)
    });
    let rows: usize = stored.values().sum();
    println!("  incoming counters      {incoming} (rows {rows}); quick_check: {check}");
    verdict.check(
        incoming as usize == rows,
        format!("incoming counters say {incoming}, the rows {rows}"),
    );
    verdict.check(check == "ok", format!("quick_check: {check}"));
}
