//! A waiting message can be sent now instead of at its next attempt.

use std::time::Duration;

use switchboard_core::api::MessageRef;
use switchboard_core::gateway::SendError;
use switchboard_core::message::SendState;
use switchboard_core::phrase::VERBATIM;
use switchboard_core::{Error, ErrorCode};
use switchboard_test_support::{Reply, TestApp, eventually};

use crate::{ANN, BOB, reaches, texts};

fn by(id: &str) -> MessageRef {
    MessageRef { id: id.to_owned() }
}

#[tokio::test]
async fn a_message_waiting_an_hour_goes_at_once() {
    let app = TestApp::start().await;
    let shop = app.add_account("Shop").await;
    shop.gateway.script([Reply::Failed(SendError::retry_message(
        VERBATIM.with("text", "the customer's phone is off"),
        Some(Duration::from_secs(3600)),
    ))]);
    let m = app.send_text(shop.id, ANN, "hello").await;
    let waiting = eventually("the first attempt fails", async || {
        let m = app.message(&m.id).await;
        (m.attempts == 1 && m.send_state == Some(SendState::Queued)).then_some(m)
    })
    .await;
    assert_eq!(
        waiting.next_attempt_at,
        Some(app.now().plus_millis(3_600_000))
    );

    let now = app
        .engine
        .send_now(&switchboard_core::access::Caller::local(), by(&m.id))
        .await
        .expect("sent now");
    // The woken worker may have sent it before the answer was read back: then nothing waits.
    assert!(
        now.next_attempt_at.is_none_or(|t| t <= app.now()),
        "due now: {now:?}"
    );
    let done = reaches(&app, &m.id, SendState::Done).await;
    assert_eq!(
        done.attempts, 2,
        "sent without the clock moving: the worker was woken"
    );
}

#[tokio::test]
async fn sending_now_lifts_the_account_pause() {
    let app = TestApp::start().await;
    let shop = app.add_account("Shop").await;
    shop.gateway.script([Reply::account_trouble(
        "Devino asked us to slow down (HTTP 429)",
        Some(Duration::from_secs(3600)),
    )]);
    let ann = app.send_text(shop.id, ANN, "to Ann").await;
    eventually("the account is paused", async || {
        let m = app.message(&ann.id).await;
        (m.attempts == 1 && m.send_state == Some(SendState::Queued)).then_some(())
    })
    .await;
    let bob = app.send_text(shop.id, BOB, "to Bob").await;
    app.engine
        .send_now(&switchboard_core::access::Caller::local(), by(&bob.id))
        .await
        .expect("sent now");
    reaches(&app, &bob.id, SendState::Done).await;
    assert_eq!(
        app.message(&ann.id).await.send_state,
        Some(SendState::Queued),
        "Ann's message keeps its own wait"
    );
    assert_eq!(texts(&shop), ["to Ann", "to Bob"]);
}

#[tokio::test]
async fn only_a_waiting_message_can_be_sent_now() {
    let app = TestApp::builder().started(false).open().await;
    let shop = app.add_account("Shop").await;
    let m = app.send_text(shop.id, ANN, "hello").await;
    app.engine.send_next(shop.id).await.expect("a round");
    let refused = app
        .engine
        .send_now(&switchboard_core::access::Caller::local(), by(&m.id))
        .await
        .expect_err("a sent message is not sent again");
    assert_eq!(refused.code(), ErrorCode::Conflict);
    assert_eq!(refused.phrase().key, "error.send_now_not_allowed");
    let missing = app
        .engine
        .send_now(
            &switchboard_core::access::Caller::local(),
            by("no-such-message"),
        )
        .await;
    assert!(matches!(missing, Err(Error::NotFound(_))), "{missing:?}");
}
