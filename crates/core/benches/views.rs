//! The inbox's views at scale: each view's first page, the search box and the sidebar's
//! counts, for a manager and a supervisor. `cargo bench -p switchboard-core --bench views`
//! (100 000 conversations, 5 000 000 messages; SWITCHBOARD_BENCH_CONVERSATIONS and
//! SWITCHBOARD_BENCH_MESSAGES resize it). Under `cargo test --all-targets` it runs small.
//!
//! The data (`data/`, shared with the reports benchmark): 40 managers, every message within a
//! few minutes (message `i` at 1 700 000 000 000 + i ms).

mod data;

use switchboard_core::access::Caller;
use switchboard_core::api::{Empty, ListConversations};
use switchboard_core::conversation::ConversationStatus;
use switchboard_core::views::AssigneeFilter;
use switchboard_test_support::TestApp;

use data::{fill, full_run, manager, one_ms_apart, size, time};

const MANAGERS: i64 = 40;

fn main() {
    let (conversations, messages) = size();
    let runs = if full_run() { 50 } else { 3 };
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let app = TestApp::builder().started(false).open().await;
        let account = app.add_account("Shop").await;
        println!("views at {conversations} conversations, {messages} messages:");
        fill(
            &app.engine,
            account.id,
            messages,
            conversations,
            MANAGERS,
            one_ms_apart,
        )
        .await;
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
