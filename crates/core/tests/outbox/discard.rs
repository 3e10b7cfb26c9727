//! An unconfirmed, failed or waiting message can be discarded: it stays in the history, marked
//! discarded, and is never sent afterwards.

use std::time::Duration;

use serde_json::json;
use switchboard_core::api::{GetThread, MessageRef, dispatch};
use switchboard_core::message::SendState;
use switchboard_core::outbox::{Step, policy};
use switchboard_core::{Error, ErrorCode};
use switchboard_test_support::{Reply, TestApp, eventually};

use crate::{ANN, reaches};

fn by(id: &str) -> MessageRef {
    MessageRef { id: id.to_owned() }
}

#[tokio::test]
async fn an_unconfirmed_message_is_discarded_through_the_api_and_stays_in_the_thread() {
    let serve = TestApp::builder().started(false).open().await;
    let shop = serve.add_account("Shop").await;
    shop.gateway.script([Reply::Hang]);
    let m = serve.send_text(shop.id, ANN, "hello").await;
    tokio::spawn({
        let engine = serve.engine.clone();
        async move { engine.send_next(shop.id).await }
    });
    eventually("the request is at the gateway", async || {
        (shop.gateway.hung() == 1).then_some(())
    })
    .await;
    serve.kill();
    let app = serve.another_process(true).await;
    reaches(&app, &m.id, SendState::Unconfirmed).await;

    let answer = dispatch(
        &app.engine,
        &switchboard_core::access::Client::local(),
        "discard_message",
        json!({ "id": m.id }),
    )
    .await
    .expect("an unconfirmed message can be discarded");
    assert_eq!(answer["send_state"], "discarded");
    assert_eq!(
        answer["error"],
        serde_json::Value::Null,
        "the user settled the doubt: no warning is left"
    );
    eventually("an open thread is told", async || {
        app.host
            .recorder
            .messages()
            .into_iter()
            .find(|e| e.id == m.id && e.send_state == Some(SendState::Discarded))
    })
    .await;
    let thread = app
        .engine
        .get_thread(
            &switchboard_core::access::Caller::local(),
            GetThread {
                conversation_id: Some(m.conversation_id),
                ..Default::default()
            },
        )
        .await
        .expect("the thread");
    assert!(
        thread
            .messages
            .iter()
            .any(|t| t.id == m.id && t.send_state == Some(SendState::Discarded)),
        "the message stays in the history"
    );
    app.advance(Duration::from_secs(3600));
    assert_eq!(
        app.engine.send_next(shop.id).await.expect("a round"),
        Step::Idle
    );
    assert_eq!(shop.gateway.sent().len(), 1);
}

#[tokio::test]
async fn a_failed_message_is_discarded_with_its_failure_kept() {
    let app = TestApp::builder().started(false).open().await;
    let shop = app.add_account("Shop").await;
    shop.gateway
        .script([Reply::rejected("2305", "The number is not on WhatsApp")]);
    let m = app.send_text(shop.id, ANN, "hello").await;
    app.engine.send_next(shop.id).await.expect("a round");
    let discarded = app
        .engine
        .discard_message(&switchboard_core::access::Caller::local(), by(&m.id))
        .await
        .expect("discarded");
    assert_eq!(discarded.send_state, Some(SendState::Discarded));
    assert_eq!(
        discarded.error.and_then(|e| e.code).as_deref(),
        Some("2305"),
        "why it failed is still there to read"
    );
    let retry = app
        .engine
        .retry_message(&switchboard_core::access::Caller::local(), by(&m.id))
        .await;
    assert!(
        matches!(retry, Err(Error::Conflict(_))),
        "discarded is final: {retry:?}"
    );
}

#[tokio::test]
async fn a_waiting_message_is_cancelled_by_discarding_it() {
    let app = TestApp::builder().started(false).open().await;
    let shop = app.add_account("Shop").await;
    shop.gateway.script([Reply::retry_message("busy")]);
    let m = app.send_text(shop.id, ANN, "hello").await;
    app.engine.send_next(shop.id).await.expect("a round");
    assert_eq!(app.message(&m.id).await.send_state, Some(SendState::Queued));

    let cancelled = app
        .engine
        .discard_message(&switchboard_core::access::Caller::local(), by(&m.id))
        .await
        .expect("cancelled");
    assert_eq!(cancelled.send_state, Some(SendState::Discarded));
    assert_eq!(cancelled.next_attempt_at, None);
    app.advance(Duration::from_secs(3600));
    assert_eq!(
        app.engine.send_next(shop.id).await.expect("a round"),
        Step::Idle
    );
    assert_eq!(
        shop.gateway.sent().len(),
        1,
        "a cancelled message is not tried again"
    );
}

#[tokio::test]
async fn what_is_sent_or_being_sent_cannot_be_discarded() {
    let app = TestApp::builder().started(false).open().await;
    let shop = app.add_account("Shop").await;
    let sent = app.send_text(shop.id, ANN, "sent").await;
    app.engine.send_next(shop.id).await.expect("a round");
    let refused = app
        .engine
        .discard_message(&switchboard_core::access::Caller::local(), by(&sent.id))
        .await
        .expect_err("a sent message stays sent");
    assert_eq!(refused.code(), ErrorCode::Conflict);
    assert_eq!(refused.phrase().key, "error.discard_not_allowed");

    shop.gateway.script([Reply::Hang]);
    let sending = app.send_text(shop.id, ANN, "sending").await;
    tokio::spawn({
        let engine = app.engine.clone();
        async move { engine.send_next(shop.id).await }
    });
    eventually("the request is at the gateway", async || {
        (shop.gateway.hung() == 1).then_some(())
    })
    .await;
    let refused = app
        .engine
        .discard_message(&switchboard_core::access::Caller::local(), by(&sending.id))
        .await;
    assert!(
        matches!(refused, Err(Error::Conflict(_))),
        "a send under way cannot be taken back: {refused:?}"
    );
    let missing = app
        .engine
        .discard_message(
            &switchboard_core::access::Caller::local(),
            by("no-such-message"),
        )
        .await;
    assert!(matches!(missing, Err(Error::NotFound(_))), "{missing:?}");
}

#[tokio::test]
async fn a_discarded_message_is_never_sent_even_by_the_worker_that_had_claimed_it() {
    let serve = TestApp::builder().started(false).open().await;
    let cli = serve.another_process(false).await;
    let shop = serve.add_account("Shop").await;
    shop.gateway.script([Reply::Hang]);
    let m = serve.send_text(shop.id, ANN, "hello").await;
    let stuck = tokio::spawn({
        let engine = serve.engine.clone();
        async move { engine.send_next(shop.id).await }
    });
    eventually("the request is at the gateway", async || {
        (shop.gateway.hung() == 1).then_some(())
    })
    .await;
    // The lease runs out: the other process settles the send as unconfirmed, and the user
    // discards it.
    cli.advance(Duration::from_millis(policy::LEASE_MS as u64));
    cli.engine.send_next(shop.id).await.expect("a round");
    cli.engine
        .discard_message(&switchboard_core::access::Caller::local(), by(&m.id))
        .await
        .expect("discarded");

    // Then the stuck request fails for a passing reason: its claim is gone, so no retry.
    shop.gateway.release(Reply::retry_message("timed out"));
    stuck.await.expect("joined").expect("a round");
    assert_eq!(
        cli.message(&m.id).await.send_state,
        Some(SendState::Discarded)
    );
    cli.advance(Duration::from_secs(3600));
    for app in [&serve, &cli] {
        assert_eq!(
            app.engine.send_next(shop.id).await.expect("a round"),
            Step::Idle
        );
    }
    assert_eq!(shop.gateway.sent().len(), 1);
}
