//! Trouble of the whole account (rate limits, the gateway down, credentials refused) pauses
//! every message of the account, across restarts, and only that account.

use std::time::Duration;

use switchboard_core::message::SendState;
use switchboard_core::outbox::Step;
use switchboard_test_support::{Reply, TestApp, eventually};

use crate::{ANN, BOB, texts};

#[tokio::test]
async fn account_trouble_pauses_everyone_on_the_account_until_it_passes() {
    let app = TestApp::builder().started(false).open().await;
    let shop = app.add_account("Shop").await;
    let depot = app.add_account("Depot").await;
    shop.gateway.script([Reply::account_trouble(
        "Devino asked us to slow down (HTTP 429)",
        Some(Duration::from_secs(30)),
    )]);
    let ann = app.send_text(shop.id, ANN, "to Ann").await;
    let bob = app.send_text(shop.id, BOB, "to Bob").await;
    let other = app.send_text(depot.id, ANN, "from the depot").await;

    assert_eq!(
        app.engine.send_next(shop.id).await.expect("a round"),
        Step::Worked
    );
    let resume = app.now().plus_millis(30_000);
    assert_eq!(
        app.engine.send_next(shop.id).await.expect("a round"),
        Step::WaitUntil(resume),
        "Bob's message waits too: the gateway asked for 30 s"
    );
    assert_eq!(texts(&shop), ["to Ann"]);
    let held = app.message(&bob.id).await;
    assert_eq!(held.attempts, 0);
    assert_eq!(
        held.next_attempt_at,
        Some(resume),
        "a paused account's messages say when they will go"
    );

    assert_eq!(
        app.engine.send_next(depot.id).await.expect("a round"),
        Step::Worked
    );
    assert_eq!(
        app.message(&other.id).await.send_state,
        Some(SendState::Done),
        "another account's gateway is not paused"
    );

    app.kill();
    let restarted = app.another_process(false).await;
    assert_eq!(
        restarted.engine.send_next(shop.id).await.expect("a round"),
        Step::WaitUntil(resume),
        "a restart honours the pause"
    );

    restarted.advance(Duration::from_secs(30));
    assert_eq!(
        restarted.engine.send_next(shop.id).await.expect("a round"),
        Step::Worked
    );
    assert_eq!(
        restarted.engine.send_next(shop.id).await.expect("a round"),
        Step::Worked
    );
    assert_eq!(
        restarted.engine.send_next(shop.id).await.expect("a round"),
        Step::Idle
    );
    assert_eq!(
        texts(&shop),
        ["to Ann", "to Ann", "to Bob"],
        "in their order"
    );
    for id in [&ann.id, &bob.id] {
        assert_eq!(
            restarted.message(id).await.send_state,
            Some(SendState::Done)
        );
    }
}

#[tokio::test]
async fn the_worker_resumes_by_itself_when_the_pause_ends() {
    let app = TestApp::start().await;
    let shop = app.add_account("Shop").await;
    shop.gateway
        .script([Reply::account_trouble("Devino is down (HTTP 503)", None)]);
    let ann = app.send_text(shop.id, ANN, "to Ann").await;
    eventually("the gateway's trouble is recorded", async || {
        let m = app.message(&ann.id).await;
        (m.attempts == 1 && m.send_state == Some(SendState::Queued)).then_some(())
    })
    .await;
    let bob = app.send_text(shop.id, BOB, "to Bob").await;
    app.advance(Duration::from_secs(1));
    crate::reaches(&app, &bob.id, SendState::Done).await;
    assert_eq!(texts(&shop), ["to Ann", "to Ann", "to Bob"]);
}

#[tokio::test]
async fn a_gateway_asking_for_a_year_pauses_the_account_for_an_hour_at_most() {
    let app = TestApp::builder().started(false).open().await;
    let shop = app.add_account("Shop").await;
    shop.gateway.script([Reply::account_trouble(
        "come back next year (Retry-After: 31536000)",
        Some(Duration::from_secs(365 * 24 * 3600)),
    )]);
    let ann = app.send_text(shop.id, ANN, "to Ann").await;
    app.engine.send_next(shop.id).await.expect("a round");
    let hour = app
        .now()
        .plus_millis(switchboard_core::outbox::policy::MAX_RETRY_WAIT_MS);
    assert_eq!(
        app.message(&ann.id).await.next_attempt_at,
        Some(hour),
        "the message says when it will be tried: within the hour"
    );
    assert_eq!(
        app.engine.send_next(shop.id).await.expect("a round"),
        Step::WaitUntil(hour)
    );
}
