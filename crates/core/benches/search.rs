//! Search at scale (issue 14): the search palette's two reads — `search` (message text, newest
//! first, the matched words marked) and the inbox search it shows conversations from (names,
//! phones in any form, text) — for a rare word, a common prefix, a phone fragment and a name,
//! for a supervisor and a manager; and opening a thread around a message deep in its history.
//! `cargo bench -p switchboard-core --bench search` (100 000 conversations, 5 000 000
//! messages; SWITCHBOARD_BENCH_CONVERSATIONS and SWITCHBOARD_BENCH_MESSAGES resize it). Under
//! `cargo test --all-targets` it runs small.
//!
//! The data is the views benchmark's (`data/`): "hello number {i} about the order {i % 97}",
//! one message in a thousand "… and a refund", customers "Customer {c}" on +7900{c:07}.
//!
//! Prefix expansion (migration 019, `search` turns the last word's prefix into an OR of the
//! whole terms it covers, from `search_terms`), 5 000 000 messages, medians (p99), before →
//! after, run back to back on a shared 2-core machine:
//! - `search`, supervisor: 'hel' 219 ms (384) → 0.54 ms (0.93); 'ord' 166 ms (388) → 0.58 ms
//!   (4.2); rare word 0.20 → 0.22 ms; 'refund' 0.64 → 0.67 ms; phone fragments 0.17–0.27 ms
//!   before and after (no expansion: the digits cover no indexed term).
//! - `search`, manager: 'hel' 162 ms (183) → 1.05 ms (2.5); 'ord' 162 ms (213) → 1.08 ms (1.4).
//! - The palette (search + the inbox search's 8 conversations): 'hel' and 'ord' ~340 ms before,
//!   ~200 ms with only `search` expanded, 16.2 / 16.4 ms once the inbox search expands the
//!   prefix too (p99 159 / 22 ms, a later run, on a busy machine).
//! - Filling: 5 172 → 6 896 messages/s (noise from other builds dominates; on SQLite alone
//!   the term list costs ~5 µs per message when every message brings a new term, as here).
//! - The migration's backfill at 5 000 000 messages: 5.5 s, +66 MB (5 000 008 terms).

mod data;

use switchboard_core::access::Caller;
use switchboard_core::api::{GetThread, ListConversations, Search};
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
        println!("search at {conversations} conversations, {messages} messages:");
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
        // A number said once in the whole history: message i says "number {i}".
        let once = (messages / 2 + 1).to_string();
        let customer = format!("Customer {}", conversations / 2 + 42);
        let phone = format!(
            "8 900 {:03}-{:02}",
            (conversations / 2) / 10_000 % 1000,
            (conversations / 2) / 100 % 100
        );
        let queries: Vec<(String, &str)> = vec![
            (once.clone(), "a rare word (one message)"),
            ("refund".into(), "a rare word (1 in 1000)"),
            ("hel".into(), "a common prefix (every message)"),
            ("ord".into(), "a common prefix (every message)"),
            (phone, "a phone fragment, 8 … form"),
            ("0424".into(), "a phone fragment, digits"),
            (customer, "a name"),
        ];
        println!("search (messages, 50 newest hits):");
        for (who_label, who) in [("supervisor", &supervisor), ("manager", &mia)] {
            for (query, what) in &queries {
                let label = format!("{who_label}: {what} '{query}'");
                time(
                    &label,
                    runs,
                    async || {
                        engine
                            .search(
                                who,
                                Search {
                                    query: query.clone(),
                                    limit: Some(50),
                                },
                            )
                            .await
                            .expect("hits")
                    },
                    |hits| format!("{} hits", hits.len()),
                )
                .await;
            }
        }
        println!("the palette (search + the inbox search's 8 conversations, one after the other):");
        for (query, what) in &queries {
            let label = format!("supervisor: {what} '{query}'");
            time(
                &label,
                runs,
                async || {
                    let hits = engine
                        .search(
                            &supervisor,
                            Search {
                                query: query.clone(),
                                limit: Some(50),
                            },
                        )
                        .await
                        .expect("hits");
                    let page = engine
                        .list_conversations(
                            &supervisor,
                            ListConversations {
                                query: Some(query.clone()),
                                limit: Some(8),
                                ..Default::default()
                            },
                        )
                        .await
                        .expect("conversations");
                    (hits.len(), page.conversations.len())
                },
                |(hits, found)| format!("{hits} hits, {found} conversations"),
            )
            .await;
        }
        // The rare message's thread, opened around it (50 messages each side of it exist).
        let hit = engine
            .search(
                &supervisor,
                Search {
                    query: once.clone(),
                    limit: Some(1),
                },
            )
            .await
            .expect("hits")
            .pop()
            .expect("the rare message");
        time(
            "get_thread around the rare message, 50",
            runs,
            async || {
                engine
                    .get_thread(
                        &supervisor,
                        GetThread {
                            around: Some(hit.message.id.clone()),
                            limit: Some(50),
                            ..Default::default()
                        },
                    )
                    .await
                    .expect("thread")
            },
            |t| format!("{} messages", t.messages.len()),
        )
        .await;
    });
}
