//! The one ingest path (`Engine::ingest`, and `Engine::webhook` in front of it) inside the core:
//! engines on temp files, fake gateways, a manual clock. Each module is one promise ingest
//! makes: replays change nothing, arrival order does not matter, statuses wait for their
//! message, counters move only for new rows, people's names are kept, and gateways' times are
//! believed only when they can be.

mod contacts;
mod counters;
mod order;
mod orphans;
mod replay;
mod times;
mod webhook;

use std::collections::BTreeMap;

use switchboard_core::api::{GetThread, Thread};
use switchboard_core::conversation::Conversation;
use switchboard_core::ingest::IngestEvent;
use switchboard_core::message::Message;
use switchboard_core::time::Timestamp;
pub use switchboard_test_support::events::{incoming, incoming_named, status};
use switchboard_test_support::{ManualClock, Reply, TestAccount, TestApp};

pub const ANN: &str = "+79000000001";
pub const BOB: &str = "+79000000002";

/// `secs` seconds after the test clock's start: the gateway's time for an event.
pub fn at(secs: i64) -> Timestamp {
    ManualClock::START.plus_millis(secs * 1000)
}

/// An app whose outbox waits for the test (`engine.send_next`), and its one account, Shop.
pub async fn shop() -> (TestApp, TestAccount) {
    let app = TestApp::builder().started(false).open().await;
    let shop = app.add_account("Shop").await;
    (app, shop)
}

/// Commits `events` for `account` through the one ingest path.
pub async fn ingest(app: &TestApp, account: &TestAccount, events: Vec<IngestEvent>) {
    app.engine
        .ingest(account.id, events)
        .await
        .expect("the events are stored");
}

/// A text to `to` that the account's gateway accepted as `gateway_id`. The app must be built
/// with its workers stopped: the test's own round sends it.
pub async fn sent(app: &TestApp, account: &TestAccount, to: &str, gateway_id: &str) -> Message {
    account.gateway.script([Reply::accepted(gateway_id)]);
    let m = app.send_text(account.id, to, "an offer").await;
    app.engine.send_next(account.id).await.expect("a round");
    let sent = app.message(&m.id).await;
    assert_eq!(sent.gateway_message_id.as_deref(), Some(gateway_id));
    sent
}

/// The conversation of `account` with `phone`, and its messages.
pub async fn thread(app: &TestApp, account: &TestAccount, phone: &str) -> Thread {
    app.engine
        .get_thread(
            &switchboard_core::access::Caller::local(),
            GetThread {
                phone: Some(phone.to_owned()),
                account_id: Some(account.id),
                ..Default::default()
            },
        )
        .await
        .expect("the conversation exists")
}

pub async fn conversation(app: &TestApp, account: &TestAccount, phone: &str) -> Conversation {
    thread(app, account, phone).await.conversation
}

/// Rows in each table ingest writes to: what a replay must leave as it was.
pub async fn rows(app: &TestApp) -> BTreeMap<&'static str, i64> {
    app.engine
        .db()
        .read(|c| {
            let mut rows = BTreeMap::new();
            for table in [
                "messages",
                "status_changes",
                "orphan_statuses",
                "conversations",
                "contacts",
                "media",
            ] {
                let n = c.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?;
                rows.insert(table, n);
            }
            Ok(rows)
        })
        .await
        .expect("the tables are counted")
}
