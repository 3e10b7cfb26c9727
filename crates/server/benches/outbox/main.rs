//! The outbox under faults: 10 000 sends queued through the API of the release `switchboard
//! serve`, half through Rapporto (which de-duplicates by our id), half through Devino (which
//! does not), each gateway's simulator behind a proxy that answers 30 % of requests with a
//! fault, and serve SIGKILLed five times during the run and restarted on the same data
//! directory and address. At the end the simulators' logs are reconciled with the database:
//! nothing lost, nothing delivered twice, every ambiguous send either proven by the gateway's
//! callback or handed to the user as unconfirmed, every failure with its reason.
//!
//! `cargo bench -p switchboard-server --bench outbox` (`SWITCHBOARD_BENCH_SENDS`,
//! `SWITCHBOARD_BENCH_SEED`). Under `cargo test` it runs 200 sends and two kills. Exits non-zero
//! when an invariant breaks or the run overruns its deadline.

#[path = "../common/mod.rs"]
mod common;
mod proxy;
mod queue;
mod reconcile;
mod rng;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use switchboard_simulator::rapporto::{ENDPOINT_PATH, RapportoConfig, RapportoSimulator};

use common::harness::{Env, SENDER, SIM_KEY, Serve, blocking, simulator};
use common::{Verdict, full_run, ms, run_bounded, setting};
use proxy::{Fault, FaultyProxy};
use queue::{Gateway, Planned, Queue};
use reconcile::{Received, Row};
use rng::Rng;

/// Pause before each status callback (SENT, DELIVERED, READ) of both simulators.
const STEP: Duration = Duration::from_secs(1);
/// Sends queued through the API at once.
const QUEUERS: usize = 4;
/// Sends queued per second, at most.
const QUEUE_RATE: f64 = 40.0;
const CUSTOMERS: u64 = 4000;

struct Scale {
    sends: usize,
    accounts_per_gateway: usize,
    kills: usize,
    /// How long a hung request stays hung when serve does not give up first (its timeout is
    /// 30 s).
    hang: Duration,
    limit: Duration,
}

fn main() {
    let scale = if full_run() {
        Scale {
            sends: setting("SWITCHBOARD_BENCH_SENDS", 10_000) as usize,
            accounts_per_gateway: 20,
            kills: 5,
            hang: Duration::from_secs(60),
            limit: Duration::from_secs(60 * 60),
        }
    } else {
        Scale {
            sends: 200,
            accounts_per_gateway: 4,
            kills: 2,
            hang: Duration::from_secs(2),
            limit: Duration::from_secs(5 * 60),
        }
    };
    run_bounded(scale.limit, bench(scale))
}

/// A customer's number, avoiding those the simulators treat specially (not on WhatsApp,
/// expiring, rate-limited).
fn customer(n: u64) -> String {
    let mut number = 79_030_001_000 + (n % CUSTOMERS) * 7;
    while ["0000", "1111", "2301", "2305"]
        .iter()
        .any(|end| number.to_string().ends_with(end))
    {
        number += 1;
    }
    format!("+{number}")
}

async fn bench(scale: Scale) -> Verdict {
    let seed = setting("SWITCHBOARD_BENCH_SEED", 15);
    let rapporto_config = RapportoConfig {
        step: STEP,
        ..RapportoConfig::default()
    };
    let (login, password) = (
        rapporto_config.login.clone(),
        rapporto_config.password.clone(),
    );
    let rapporto = RapportoSimulator::start(rapporto_config)
        .await
        .expect("the Rapporto simulator starts");
    let devino = simulator(STEP).await;
    let proxies = [
        FaultyProxy::start(rapporto.addr(), Rng::new(seed), scale.hang).await,
        FaultyProxy::start(devino.addr(), Rng::new(seed.wrapping_mul(31)), scale.hang).await,
    ]
    .map(|p| p.expect("a proxy starts"));

    let env = Env::new();
    let per_gateway = scale.accounts_per_gateway;
    for i in 0..per_gateway {
        let base = format!("{}{ENDPOINT_PATH}", proxies[0].base_url());
        let option = format!("login={login}");
        let args = [
            "account",
            "add",
            &format!("rapporto-{i}"),
            "--gateway",
            "rapporto",
            "--sender",
            SENDER,
            "--base-url",
            &base,
            "--option",
            &option,
        ];
        env.cli_stdin(&args, &format!("{password}\n")).ok();
        env.add_devino(
            &format!("devino-{i}"),
            &proxies[1].base_url(),
            SENDER,
            SIM_KEY,
        );
    }
    let accounts: HashMap<String, i64> = env
        .json(&["account", "list", "--json"])
        .as_array()
        .expect("accounts")
        .iter()
        .filter_map(|a| Some((a["name"].as_str()?.to_owned(), a["id"].as_i64()?)))
        .collect();
    let sends: Vec<Planned> = (0..scale.sends)
        .map(|n| {
            let gateway = if n % 2 == 0 {
                Gateway::Rapporto
            } else {
                Gateway::Devino
            };
            let account = format!("{}-{}", gateway.name(), (n / 2) % per_gateway);
            Planned {
                gateway,
                account_id: accounts[&account],
                to: customer(n as u64 / 2),
                text: format!("outbox bench send {n}"),
            }
        })
        .collect();

    let mut serve = env.serve(&[]);
    let addr = serve.addr;
    for p in &proxies {
        p.arm();
    }
    println!(
        "outbox bench: {} sends over {} Rapporto and {} Devino accounts, 30 % of gateway \
         requests faulty (seed {seed}), serve SIGKILLed {} times",
        scale.sends, per_gateway, per_gateway, scale.kills
    );
    let queue = Arc::new(Queue::new(
        sends,
        &serve.base,
        serve.token(),
        env.db_path(),
        QUEUE_RATE,
    ));
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("an HTTP client");
    let started = Instant::now();
    let queuers: Vec<_> = (0..QUEUERS)
        .map(|_| tokio::spawn(queue.clone().run(http.clone())))
        .collect();

    for k in 1..=scale.kills {
        let mark = scale.sends * k / (scale.kills + 1);
        while counts(&env).settled() < mark {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        // Kill while a send is under way when one comes within a few seconds.
        let patience = Instant::now();
        while counts(&env).get("sending") == 0 && patience.elapsed() < Duration::from_secs(5) {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        kill_and_restart(&env, &mut serve, addr).await;
    }
    for q in queuers {
        if let Err(e) = q.await {
            eprintln!("a queuer failed: {e}");
        }
    }
    while counts(&env).waiting() > 0 {
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let elapsed = started.elapsed();
    // The last sends' callbacks (which may still prove an unconfirmed send) land.
    tokio::time::sleep(STEP * 4 + Duration::from_secs(2)).await;
    drop(serve);

    let received = Received {
        rapporto: copies(rapporto.sent().into_iter().filter_map(|m| m.partner_id)),
        devino: copies(devino.sent().into_iter().filter_map(|m| m.callback_data)),
    };
    let repeats = rapporto.answers().iter().filter(|a| a.repeated).count();
    let seen: Vec<_> = proxies.iter().flat_map(|p| p.seen()).collect();
    let stored = rows(&env);
    let mut verdict = Verdict::default();
    let tallies = reconcile::reconcile(&queue, &stored, &received, &seen);
    reconcile::print(&tallies);
    print_faults(&proxies);
    println!(
        "  Rapporto answered {repeats} repeated sends with the first one's number (de-duplicated by id)"
    );
    let refusals = queue.refusals.lock().map(|r| r.clone()).unwrap_or_default();
    println!(
        "  queued through the API in {:.1} s; {} requests without an answer were found committed, {} posted again",
        queue
            .finished()
            .map_or(f64::NAN, |t| (t - started).as_secs_f64()),
        queue
            .found_committed
            .load(std::sync::atomic::Ordering::SeqCst),
        queue.posted_again.load(std::sync::atomic::Ordering::SeqCst),
    );
    println!(
        "  elapsed {:.1} s until every send was settled ({:.0} sends/s)",
        elapsed.as_secs_f64(),
        scale.sends as f64 / elapsed.as_secs_f64()
    );
    reconcile::check(&tallies, &mut verdict);
    verdict.check(
        refusals.is_empty(),
        format!(
            "the API refused {} sends: {:?}",
            refusals.len(),
            refusals.first()
        ),
    );
    verdict.check(
        queue.queued() == scale.sends,
        format!("{} of {} sends queued", queue.queued(), scale.sends),
    );
    rapporto.shutdown().await;
    devino.shutdown().await;
    verdict
}

/// How many of the account's messages stand in each outbox state.
#[derive(Debug, Default)]
struct Counts(HashMap<String, usize>);

impl Counts {
    fn get(&self, state: &str) -> usize {
        self.0.get(state).copied().unwrap_or(0)
    }

    fn settled(&self) -> usize {
        ["done", "failed", "unconfirmed", "discarded"]
            .iter()
            .map(|s| self.get(s))
            .sum()
    }

    fn waiting(&self) -> usize {
        self.get("queued") + self.get("sending")
    }
}

fn counts(env: &Env) -> Counts {
    blocking(|| {
        let db = env.db();
        let mut stmt = db
            .prepare("SELECT state, COUNT(*) FROM outbox GROUP BY state")
            .expect("a query");
        Counts(
            stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))
                .expect("rows")
                .collect::<rusqlite::Result<_>>()
                .expect("rows"),
        )
    })
}

/// SIGKILLs serve, starts it again on the same address (the gateways' callbacks go there), and
/// says how long the way back took.
async fn kill_and_restart(env: &Env, serve: &mut Serve, addr: std::net::SocketAddr) {
    serve.kill();
    let killed = Instant::now();
    let at = counts(env);
    *serve = env.serve_on(addr).await;
    let listening = killed.elapsed();
    let done = counts(env).get("done");
    while counts(env).get("done") == done {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    println!(
        "  kill at {:>6} settled, {:>3} sending: listening again after {} ms, next send accepted after {} ms",
        at.settled(),
        at.get("sending"),
        ms(listening),
        ms(killed.elapsed())
    );
}

fn copies(ids: impl Iterator<Item = String>) -> HashMap<String, usize> {
    let mut copies = HashMap::new();
    for id in ids {
        *copies.entry(id).or_default() += 1;
    }
    copies
}

fn rows(env: &Env) -> HashMap<String, Row> {
    blocking(|| {
        let db = env.db();
        let mut stmt = db
            .prepare(
                "SELECT m.uid, o.state, o.attempts, COALESCE(o.last_error, m.error_reason)
                 FROM messages m JOIN outbox o ON o.message_id = m.id
                 WHERE m.direction = 'out'",
            )
            .expect("a query");
        stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                Row {
                    state: r.get(1)?,
                    attempts: r.get(2)?,
                    reason: r.get(3)?,
                },
            ))
        })
        .expect("rows")
        .collect::<rusqlite::Result<_>>()
        .expect("rows")
    })
}

fn print_faults(proxies: &[FaultyProxy; 2]) {
    for (name, proxy) in ["Rapporto", "Devino"].iter().zip(proxies) {
        let seen = proxy.seen();
        let tally: Vec<String> = Fault::ALL
            .iter()
            .map(|f| {
                let n = seen.iter().filter(|s| s.fault == *f).count();
                format!("{} {n}", f.name())
            })
            .collect();
        println!("  {name} requests: {} ({})", seen.len(), tally.join(", "));
    }
}
