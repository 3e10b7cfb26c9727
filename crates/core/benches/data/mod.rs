//! The benchmarks' data: the ingest benchmark's customers ("Customer {n}", +7900{n:07},
//! "hello number … about the order …"), one in a thousand messages asking for a "refund";
//! managers with the conversations dealt round robin (one in 50 unassigned), one in ten
//! resolved and one in ten pending; five tags on one conversation in 7, 13, 29, 101 and 997.
//! Each benchmark says when its messages were written (`at`) and how many managers there are.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use switchboard_core::Engine;
use switchboard_core::access::{Caller, Credential};
use switchboard_core::ingest::{GatewayMessage, IngestEvent};
use switchboard_core::message::{Content, Direction};
use switchboard_core::phone::Phone;
use switchboard_core::store::Db;
use switchboard_core::time::Timestamp;

const BATCH: usize = 2000;

/// When message `i` (of conversation `i % conversations`) was written, in milliseconds.
pub type When = fn(i: usize, conversations: usize) -> i64;

pub fn full_run() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// How many conversations and messages: 100 000 and 5 000 000 under `cargo bench`
/// (SWITCHBOARD_BENCH_CONVERSATIONS and SWITCHBOARD_BENCH_MESSAGES resize it), a few under
/// `cargo test --all-targets`.
pub fn size() -> (usize, usize) {
    if full_run() {
        (
            setting("SWITCHBOARD_BENCH_CONVERSATIONS", 100_000),
            setting("SWITCHBOARD_BENCH_MESSAGES", 5_000_000),
        )
    } else {
        (500, 5_000)
    }
}

/// Message `i` a millisecond after the one before.
pub fn one_ms_apart(i: usize, _conversations: usize) -> i64 {
    1_700_000_000_000 + i as i64
}

pub fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

fn events(range: std::ops::Range<usize>, conversations: usize, at: When) -> Vec<IngestEvent> {
    range
        .map(|i| {
            let c = i % conversations;
            let refund = if i % 1000 == 7 { " and a refund" } else { "" };
            IngestEvent::Message(GatewayMessage {
                gateway_message_id: (1_000_000 + i).to_string(),
                direction: if i % 3 == 0 {
                    Direction::Out
                } else {
                    Direction::In
                },
                phone: Phone::parse(&format!("7900{c:07}")).expect("phone"),
                profile_name: Some(format!("Customer {c}")),
                content: Content::Text {
                    text: format!("hello number {i} about the order {}{refund}", i % 97),
                },
                at: Timestamp::from_millis(at(i, conversations)),
                status: None,
            })
        })
        .collect()
}

/// Ingests `messages` into `conversations`, then adds `managers` managers ("manager-{m}") and
/// deals the conversations, their states and tags.
pub async fn fill(
    engine: &Arc<Engine>,
    account_id: i64,
    messages: usize,
    conversations: usize,
    managers: i64,
    at: When,
) {
    let start = Instant::now();
    let mut i = 0;
    while i < messages {
        let batch = events(i..(i + BATCH).min(messages), conversations, at);
        let now = Timestamp::now();
        engine
            .db()
            .write(move |c| {
                let tx = c.transaction()?;
                Db::ingest(&tx, account_id, &batch, now)?;
                tx.commit()?;
                Ok(())
            })
            .await
            .expect("ingest");
        i += BATCH;
    }
    println!(
        "  filled {messages} messages in {conversations} conversations at {:.0} messages/s",
        messages as f64 / start.elapsed().as_secs_f64()
    );
    engine
        .db()
        .write(move |c| {
            let tx = c.transaction()?;
            for m in 0..managers {
                tx.execute(
                    "INSERT INTO operators (name, login, role, created_at) VALUES (?1, ?1, 'manager', 0)",
                    [format!("manager-{m}")],
                )?;
            }
            tx.execute(
                "UPDATE conversations SET
                     assignee_id = CASE WHEN id % 50 = 0 THEN NULL
                         ELSE (SELECT o.id FROM operators o
                               WHERE o.login = 'manager-' || (conversations.id % ?1)) END,
                     state = CASE id % 10 WHEN 3 THEN 'resolved' WHEN 4 THEN 'pending' ELSE 'open' END",
                [managers],
            )?;
            for (n, (name, every)) in [("VIP", 7), ("Lead", 13), ("Wholesale", 29), ("Complaint", 101), ("Partner", 997)]
                .into_iter()
                .enumerate()
            {
                tx.execute(
                    "INSERT INTO tags (id, name, created_at) VALUES (?1, ?2, 0)",
                    rusqlite::params![n as i64 + 1, name],
                )?;
                tx.execute(
                    "INSERT INTO conversation_tags (conversation_id, tag_id)
                     SELECT id, ?1 FROM conversations WHERE id % ?2 = 0",
                    rusqlite::params![n as i64 + 1, every],
                )?;
            }
            tx.commit()?;
            Ok(())
        })
        .await
        .expect("the team");
}

pub async fn manager(engine: &Arc<Engine>, login: &str) -> Caller {
    let login = login.to_owned();
    let operator = engine
        .db()
        .read(move |c| {
            let id: i64 =
                c.query_row("SELECT id FROM operators WHERE login = ?1", [&login], |r| {
                    r.get(0)
                })?;
            Db::operator_by_id(c, id)
        })
        .await
        .expect("read")
        .expect("a manager");
    Caller::new(operator, Credential::Local)
}

/// Runs `f` `runs` times; prints the median, p90 and p99 (ms, nearest rank) and what the last
/// run answered.
pub async fn time<T>(
    label: &str,
    runs: usize,
    mut f: impl AsyncFnMut() -> T,
    size: impl Fn(&T) -> String,
) {
    let mut took = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let answer = f().await;
        took.push(start.elapsed());
        last = Some(answer);
    }
    took.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let rank = |p: usize| took[((runs * p).div_ceil(100)).saturating_sub(1).min(runs - 1)];
    println!(
        "  {label:<52} median {:>8.2} ms   p90 {:>8.2} ms   p99 {:>8.2} ms   ({})",
        ms(took[runs / 2]),
        ms(rank(90)),
        ms(rank(99)),
        last.as_ref().map(&size).unwrap_or_default()
    );
}
