//! The inbox's views at scale: each view's first page, the search box and the sidebar's
//! counts, for a manager and a supervisor. `cargo bench -p switchboard-core --bench views`
//! (100 000 conversations, 5 000 000 messages; SWITCHBOARD_BENCH_CONVERSATIONS and
//! SWITCHBOARD_BENCH_MESSAGES resize it). Under `cargo test --all-targets` it runs small.
//!
//! The data: the ingest benchmark's customers ("Customer {n}", +7900{n:07}, "hello number …
//! about the order …"), one in a thousand messages asking for a "refund"; 40 managers with the
//! conversations dealt round robin (one in 50 unassigned), one in ten resolved and one in ten
//! pending; five tags on one conversation in 7, 13, 29, 101 and 997.

use std::sync::Arc;
use std::time::{Duration, Instant};

use switchboard_core::Engine;
use switchboard_core::access::{Caller, Credential};
use switchboard_core::api::{Empty, ListConversations};
use switchboard_core::conversation::ConversationStatus;
use switchboard_core::ingest::{GatewayMessage, IngestEvent};
use switchboard_core::message::{Content, Direction};
use switchboard_core::phone::Phone;
use switchboard_core::store::Db;
use switchboard_core::time::Timestamp;
use switchboard_core::views::AssigneeFilter;
use switchboard_test_support::TestApp;

const BATCH: usize = 2000;
const MANAGERS: i64 = 40;

fn full_run() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

fn events(range: std::ops::Range<usize>, conversations: usize) -> Vec<IngestEvent> {
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
                at: Timestamp::from_millis(1_700_000_000_000 + i as i64),
                status: None,
            })
        })
        .collect()
}

async fn fill(engine: &Arc<Engine>, account_id: i64, messages: usize, conversations: usize) {
    let start = Instant::now();
    let mut i = 0;
    while i < messages {
        let batch = events(i..(i + BATCH).min(messages), conversations);
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
        .write(|c| {
            let tx = c.transaction()?;
            for m in 0..MANAGERS {
                tx.execute(
                    "INSERT INTO operators (name, login, role, created_at) VALUES (?1, ?1, 'manager', 0)",
                    [format!("manager-{m}")],
                )?;
            }
            tx.execute(
                "UPDATE conversations SET
                     assignee_id = CASE WHEN id % 50 = 0 THEN NULL
                         ELSE (SELECT o.id FROM operators o
                               WHERE o.login = 'manager-' || (conversations.id % 40)) END,
                     state = CASE id % 10 WHEN 3 THEN 'resolved' WHEN 4 THEN 'pending' ELSE 'open' END",
                [],
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

async fn manager(engine: &Arc<Engine>, login: &str) -> Caller {
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

/// Runs `f` `runs` times; prints the median and p99 (ms) and what the last run answered.
async fn time<T>(
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
    let p99 = took[((runs * 99).div_ceil(100)).saturating_sub(1).min(runs - 1)];
    println!(
        "  {label:<52} median {:>8.2} ms   p99 {:>8.2} ms   ({})",
        ms(took[runs / 2]),
        ms(p99),
        last.as_ref().map(&size).unwrap_or_default()
    );
}

fn main() {
    let (conversations, messages) = if full_run() {
        (
            setting("SWITCHBOARD_BENCH_CONVERSATIONS", 100_000),
            setting("SWITCHBOARD_BENCH_MESSAGES", 5_000_000),
        )
    } else {
        (500, 5_000)
    };
    let runs = if full_run() { 50 } else { 3 };
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let app = TestApp::builder().started(false).open().await;
        let account = app.add_account("Shop").await;
        println!("views at {conversations} conversations, {messages} messages:");
        fill(&app.engine, account.id, messages, conversations).await;
        let engine = &app.engine;
        let supervisor = Caller::local();
        let mia = manager(engine, "manager-17").await;
        let page = |who: &Caller, req: ListConversations| {
            let (engine, who) = (engine.clone(), who.clone());
            async move { engine.list_conversations(&who, req).await.expect("a page") }
        };
        let size = |p: &switchboard_core::api::ConversationPage| {
            format!("{} on the page", p.conversations.len())
        };
        let view = |assignee, status, tag_id, query: Option<&str>| ListConversations {
            assignee,
            status,
            tag_id,
            query: query.map(str::to_owned),
            ..Default::default()
        };
        let cases: Vec<(&str, &Caller, ListConversations)> = vec![
            (
                "manager: Mine",
                &mia,
                view(Some(AssigneeFilter::Mine), None, None, None),
            ),
            (
                "manager: Unassigned",
                &mia,
                view(Some(AssigneeFilter::Unassigned), None, None, None),
            ),
            (
                "manager: inbox (own + unassigned)",
                &mia,
                view(None, None, None, None),
            ),
            (
                "manager: Mine, pending",
                &mia,
                view(
                    Some(AssigneeFilter::Mine),
                    Some(ConversationStatus::Pending),
                    None,
                    None,
                ),
            ),
            (
                "supervisor: All, pending",
                &supervisor,
                view(None, Some(ConversationStatus::Pending), None, None),
            ),
            (
                "supervisor: All, resolved",
                &supervisor,
                view(None, Some(ConversationStatus::Resolved), None, None),
            ),
            (
                "supervisor: one operator's",
                &supervisor,
                view(
                    Some(AssigneeFilter::Operator {
                        operator_id: mia.id(),
                    }),
                    None,
                    None,
                    None,
                ),
            ),
            (
                "supervisor: tag VIP (1 in 7)",
                &supervisor,
                view(None, None, Some(1), None),
            ),
            (
                "supervisor: tag Partner (1 in 997)",
                &supervisor,
                view(None, None, Some(5), None),
            ),
            ("manager: tag VIP", &mia, view(None, None, Some(1), None)),
            (
                "supervisor: search a name 'Customer 4242'",
                &supervisor,
                view(None, None, None, Some("Customer 4242")),
            ),
            (
                "supervisor: search a name 'customer 4242', open",
                &supervisor,
                view(
                    None,
                    Some(ConversationStatus::Open),
                    None,
                    Some("customer 4242"),
                ),
            ),
            (
                "supervisor: search a phone fragment '8 900 004-24'",
                &supervisor,
                view(None, None, None, Some("8 900 004-24")),
            ),
            (
                "supervisor: search a phone fragment '0424'",
                &supervisor,
                view(None, None, None, Some("0424")),
            ),
            (
                "supervisor: search a word 'refund'",
                &supervisor,
                view(None, None, None, Some("refund")),
            ),
            (
                "manager: search a word 'refund'",
                &mia,
                view(None, None, None, Some("refund")),
            ),
            (
                "supervisor: search a common word 'order'",
                &supervisor,
                view(None, None, None, Some("order")),
            ),
        ];
        println!("first page of 50:");
        for (label, who, req) in cases {
            time(label, runs, async || page(who, req.clone()).await, size).await;
        }
        println!("the sidebar's counts:");
        for (label, who) in [
            ("view_counts: supervisor", &supervisor),
            ("view_counts: manager", &mia),
        ] {
            time(
                label,
                runs,
                async || engine.view_counts(who, Empty {}).await.expect("counts"),
                |c| {
                    format!(
                        "mine {} unassigned {} all {:?}, {} operators",
                        c.mine,
                        c.unassigned,
                        c.all,
                        c.by_operator.len()
                    )
                },
            )
            .await;
        }
    });
}
