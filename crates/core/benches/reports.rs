//! The reports screen's queries at scale: the report for 30 days (cards, table, chart) for a
//! supervisor and a manager, its episodes and a drill-down, with 50 operators.
//! `cargo bench -p switchboard-core --bench reports` (100 000 conversations, 5 000 000
//! messages; SWITCHBOARD_BENCH_CONVERSATIONS and SWITCHBOARD_BENCH_MESSAGES resize it). Under
//! `cargo test --all-targets` it runs small.
//!
//! The data (`data/`, shared with the views benchmark), spread over 90 days from 2025-09-01:
//! conversation `c` starts at c/conversations of the span and gets a message every 10 minutes
//! (every third an operator's, written by its assignee; the unassigned ones' by automation).
//! Each assigned conversation has its assignment as a fact at its first message; resolved and
//! pending ones have that status set a minute after their last message, by the assignee.
//!
//! Measured at 100 000 / 5 000 000 / 50 on the 2-core build machine, median and p90 of 20 runs
//! (ms), before and after the reports were read on several readers at once, from each
//! conversation's last resolution before the period, with rows decoded and items tallied
//! without a lookup or a date formatted apiece, and the drill-down's conversations loaded in
//! one query. Run back to back at `nice -n -15` while others compiled (load 5–6 before, 2–3
//! after: the machine was busier for the first run), so read them as a ratio, not absolutes.
//!
//! | query                              | before          | after         |
//! |------------------------------------|-----------------|---------------|
//! | report: supervisor, 30 days        | 1 221 / 1 606   | 611 / 645     |
//! | report: manager (their own)        | 50.7 / 59.1     | 53.2 / 58.4   |
//! | report: supervisor, tag VIP        | 225 / 571       | 130 / 141     |
//! | report_episodes: supervisor        | 949 / 1 177     | 583 / 607     |
//! | report_conversations: missed       | 830 / 1 067     | 548 / 573     |
//!
//! The same run on a quiet machine earlier gave 938 ms (supervisor) and 5.6 ms (manager)
//! before. What is left is SQLite reading the index rows (about 1.7 million for the
//! supervisor's month: every message of every conversation active in it, since an episode's
//! figures need them all) and folding them.

mod data;

use switchboard_core::access::Caller;
use switchboard_core::reports::{Metric, ReportDrill, ReportFilter};
use switchboard_core::time::Timestamp;
use switchboard_test_support::TestApp;

use data::{fill, full_run, manager, size, time};

const OPERATORS: i64 = 50;
const DAY: i64 = 24 * 3600 * 1000;
/// 2025-09-01T00:00Z.
const START: i64 = 1_756_684_800_000;
const SPAN_DAYS: i64 = 90;

/// Conversation `i % conversations` starts at its share of the span; its k-th message comes
/// 10 minutes after its (k-1)-th.
fn at(i: usize, conversations: usize) -> i64 {
    let (c, k) = ((i % conversations) as i64, (i / conversations) as i64);
    START + c * (SPAN_DAYS * DAY) / conversations as i64 + k * 600_000
}

fn main() {
    let (conversations, messages) = size();
    let runs = if full_run() { 20 } else { 2 };
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let app = TestApp::builder().started(false).open().await;
        let account = app.add_account("Shop").await;
        println!(
            "reports at {conversations} conversations, {messages} messages, {OPERATORS} operators:"
        );
        fill(
            &app.engine,
            account.id,
            messages,
            conversations,
            OPERATORS,
            at,
        )
        .await;
        app.engine
            .db()
            .write(|c| {
                let tx = c.transaction()?;
                tx.execute(
                    "UPDATE messages SET operator_id = (SELECT assignee_id FROM conversations cv
                         WHERE cv.id = messages.conversation_id)
                     WHERE direction = 'out'",
                    [],
                )?;
                tx.execute(
                    "INSERT INTO conversation_facts (conversation_id, at, actor_id, kind, detail)
                     SELECT cv.id,
                            (SELECT MIN(sort_ts) FROM messages m WHERE m.conversation_id = cv.id),
                            1, 'assigned', json_object('operator_id', cv.assignee_id)
                     FROM conversations cv WHERE cv.assignee_id IS NOT NULL",
                    [],
                )?;
                tx.execute(
                    "INSERT INTO conversation_facts (conversation_id, at, actor_id, kind, detail)
                     SELECT cv.id, cv.last_activity + 60000, cv.assignee_id, 'status',
                            json_object('status', cv.state)
                     FROM conversations cv WHERE cv.state IN ('resolved', 'pending')",
                    [],
                )?;
                tx.commit()?;
                c.execute_batch("ANALYZE")?;
                Ok(())
            })
            .await
            .expect("operators' messages and facts");
        let engine = &app.engine;
        let supervisor = Caller::local();
        let mia = manager(engine, "manager-17").await;
        // The 30 days before the span's last fortnight.
        let to = Timestamp::from_millis(START + (SPAN_DAYS - 14) * DAY);
        let month = ReportFilter {
            from: Timestamp::from_millis(to.as_millis() - 30 * DAY),
            to,
            operator_id: None,
            account_id: None,
            tag_id: None,
        };
        println!("30 days:");
        for (label, who) in [
            ("report: supervisor (team, 50 rows, 30 days)", &supervisor),
            ("report: manager (their own)", &mia),
        ] {
            time(
                label,
                runs,
                async || engine.report(who, month.clone()).await.expect("a report"),
                |r| {
                    format!(
                        "{} first responses, {} handled, {} rows, {} days",
                        r.team.first_response.calendar.count,
                        r.team.handled,
                        r.operators.len(),
                        r.days.len()
                    )
                },
            )
            .await;
        }
        let vip = ReportFilter {
            tag_id: Some(1),
            ..month.clone()
        };
        time(
            "report: supervisor, tag VIP (1 in 7)",
            runs,
            async || {
                engine
                    .report(&supervisor, vip.clone())
                    .await
                    .expect("a report")
            },
            |r| format!("{} handled", r.team.handled),
        )
        .await;
        time(
            "report_episodes: supervisor",
            runs,
            async || {
                engine
                    .report_episodes(&supervisor, month.clone())
                    .await
                    .expect("episodes")
            },
            |e| format!("{} episodes", e.len()),
        )
        .await;
        time(
            "report_conversations: supervisor, missed",
            runs,
            async || {
                engine
                    .report_conversations(
                        &supervisor,
                        ReportDrill {
                            filter: month.clone(),
                            metric: Metric::Missed,
                        },
                    )
                    .await
                    .expect("conversations")
            },
            |c| format!("{} conversations", c.len()),
        )
        .await;
    });
}
