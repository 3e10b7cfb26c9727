//! Order is kept per customer: a message waiting for its retry, or being sent, holds back only
//! later messages to the same customer.

use std::time::Duration;

use switchboard_core::message::SendState;
use switchboard_core::outbox::Step;
use switchboard_test_support::{Reply, TestApp, eventually};

use crate::{ANN, BOB, reaches, texts};

#[tokio::test]
async fn a_retry_for_one_customer_does_not_delay_another() {
    let app = TestApp::start().await;
    let shop = app.add_account("Shop").await;
    shop.gateway
        .script([Reply::retry_message("Ann's phone is unreachable")]);
    let ann1 = app.send_text(shop.id, ANN, "ann 1").await;
    let bob1 = app.send_text(shop.id, BOB, "bob 1").await;
    let ann2 = app.send_text(shop.id, ANN, "ann 2").await;

    reaches(&app, &bob1.id, SendState::Done).await;
    let waiting = app.message(&ann1.id).await;
    assert_eq!(waiting.send_state, Some(SendState::Queued));
    assert_eq!(
        waiting.attempts, 1,
        "Ann's first message waits for its retry"
    );
    let held = app.message(&ann2.id).await;
    assert_eq!(
        (held.send_state, held.attempts),
        (Some(SendState::Queued), 0),
        "Ann's second message waits behind her first, so she reads them in order"
    );
    assert_eq!(texts(&shop), ["ann 1", "bob 1"], "Bob was not kept waiting");

    app.advance(Duration::from_secs(1));
    reaches(&app, &ann2.id, SendState::Done).await;
    assert_eq!(
        app.message(&ann1.id).await.send_state,
        Some(SendState::Done)
    );
    assert_eq!(texts(&shop), ["ann 1", "bob 1", "ann 1", "ann 2"]);
}

#[tokio::test]
async fn a_send_under_way_holds_only_its_customer() {
    let serve = TestApp::builder().started(false).open().await;
    let cli = serve.another_process(false).await;
    let shop = serve.add_account("Shop").await;
    shop.gateway.script([Reply::Hang]);
    let ann1 = serve.send_text(shop.id, ANN, "ann 1").await;
    let bob1 = serve.send_text(shop.id, BOB, "bob 1").await;
    let ann2 = serve.send_text(shop.id, ANN, "ann 2").await;
    tokio::spawn({
        let engine = serve.engine.clone();
        async move { engine.send_next(shop.id).await }
    });
    eventually("Ann's first message is being sent", async || {
        (shop.gateway.hung() == 1).then_some(())
    })
    .await;

    assert_eq!(
        cli.engine.send_next(shop.id).await.expect("a round"),
        Step::Worked
    );
    assert_eq!(
        cli.message(&bob1.id).await.send_state,
        Some(SendState::Done)
    );
    assert!(matches!(
        cli.engine.send_next(shop.id).await.expect("a round"),
        Step::WaitUntil(_)
    ));
    assert_eq!(
        cli.message(&ann2.id).await.attempts,
        0,
        "Ann's second message waits for her first"
    );

    shop.gateway.release(Reply::accepted("gw-ann-1"));
    reaches(&cli, &ann1.id, SendState::Done).await;
    assert_eq!(
        cli.engine.send_next(shop.id).await.expect("a round"),
        Step::Worked
    );
    assert_eq!(texts(&shop), ["ann 1", "bob 1", "ann 2"]);
}
