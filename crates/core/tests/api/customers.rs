//! Customers writing in, as the API tests need them: Ann on a new account, or customer `n`.

use std::time::Duration;

use serde_json::json;
use switchboard_test_support::events::incoming;
use switchboard_test_support::{ManualClock, TestAccount, TestApp};

use crate::{ANN, call};

/// A conversation with Ann on a new account; the account and the conversation's id.
pub async fn ann_wrote(app: &TestApp) -> (TestAccount, i64) {
    let shop = app.add_account("Shop").await;
    app.engine
        .ingest(
            shop.id,
            vec![incoming("in-1", ANN, "hello", ManualClock::START)],
        )
        .await
        .expect("stored");
    let page = call(app, "list_conversations").answers(json!({})).await;
    (
        shop,
        page["conversations"][0]["id"]
            .as_i64()
            .expect("a conversation"),
    )
}

/// Customer `n`'s phone.
pub fn phone(n: u32) -> String {
    format!("+7901{n:07}")
}

/// Customer `n` writes to `account` now, one second after whatever happened before (so who
/// waits longest is never a tie); their conversation's id.
pub async fn writes(app: &TestApp, account: &TestAccount, n: u32) -> i64 {
    app.advance(Duration::from_secs(1));
    let id = format!("in-{n}-{}-{}", account.id, app.now().as_millis());
    app.engine
        .ingest(
            account.id,
            vec![incoming(&id, &phone(n), "hello", app.now())],
        )
        .await
        .expect("stored");
    call(app, "get_thread")
        .answers(json!({"phone": phone(n), "account_id": account.id}))
        .await["conversation"]["id"]
        .as_i64()
        .expect("a conversation")
}
