//! Passing failures are tried again later, each wait longer, until the attempts run out.

use std::time::Duration;

use switchboard_core::ingest::{IngestEvent, StatusReport};
use switchboard_core::message::SendState;
use switchboard_core::outbox::{Step, policy};
use switchboard_core::status::{Status, StatusChange};
use switchboard_test_support::{Reply, TestApp, eventually};

use crate::{ANN, reaches};

#[tokio::test]
async fn the_wait_grows_with_each_attempt_and_the_message_fails_after_the_last() {
    let app = TestApp::builder().started(false).open().await;
    let shop = app.add_account("Shop").await;
    shop.gateway
        .script((0..policy::MAX_ATTEMPTS).map(|_| Reply::retry_message("the phone is busy")));
    let m = app.send_text(shop.id, ANN, "hello").await;

    let mut waits = Vec::new();
    for attempt in 1..policy::MAX_ATTEMPTS {
        assert_eq!(
            app.engine.send_next(shop.id).await.expect("a round"),
            Step::Worked
        );
        let queued = app.message(&m.id).await;
        assert_eq!(
            queued.send_state,
            Some(SendState::Queued),
            "attempt {attempt}"
        );
        assert_eq!(queued.attempts, attempt);
        let error = queued.error.expect("a retrying message says why");
        assert_eq!(error.code.as_deref(), Some("retrying"));
        assert_eq!(error.message, "the phone is busy");
        let due = queued.next_attempt_at.expect("and when it tries again");
        assert_eq!(
            app.engine.send_next(shop.id).await.expect("a round"),
            Step::WaitUntil(due),
            "attempt {attempt}: nothing is sent before its time"
        );
        assert_eq!(shop.gateway.sent().len() as u32, attempt);
        let wait = due.as_millis() - app.now().as_millis();
        waits.push(wait);
        app.advance(Duration::from_millis(wait as u64));
    }
    let expected: Vec<i64> = (1..policy::MAX_ATTEMPTS)
        .map(|a| policy::backoff_ms(a, None))
        .collect();
    assert_eq!(waits, expected, "1 s, doubling");
    assert!(
        waits.windows(2).all(|w| w[0] < w[1]),
        "each wait is longer: {waits:?}"
    );

    assert_eq!(
        app.engine.send_next(shop.id).await.expect("a round"),
        Step::Worked
    );
    let failed = app.message(&m.id).await;
    assert_eq!(failed.send_state, Some(SendState::Failed));
    assert_eq!(failed.status, Status::Failed);
    assert_eq!(failed.attempts, policy::MAX_ATTEMPTS);
    let error = failed.error.expect("a failed message says why");
    assert_eq!(error.phrase.key, "outbox.gave_up");
    assert_eq!(
        app.engine.send_next(shop.id).await.expect("a round"),
        Step::Idle
    );
    assert_eq!(shop.gateway.sent().len() as u32, policy::MAX_ATTEMPTS);
}

#[tokio::test]
async fn the_worker_sends_the_retry_when_its_time_comes() {
    let app = TestApp::start().await;
    let shop = app.add_account("Shop").await;
    shop.gateway
        .script([Reply::retry_message("the phone is busy")]);
    let m = app.send_text(shop.id, ANN, "hello").await;
    let waiting = eventually(
        "an open thread is told the message waits for a retry",
        async || {
            app.host.recorder.messages().into_iter().find(|e| {
                e.id == m.id
                    && e.send_state == Some(SendState::Queued)
                    && e.error.as_ref().and_then(|e| e.code.as_deref()) == Some("retrying")
            })
        },
    )
    .await;
    assert_eq!(waiting.attempts, 1);
    let due = waiting.next_attempt_at.expect("it says when");
    app.advance(Duration::from_millis(
        (due.as_millis() - app.now().as_millis()) as u64,
    ));
    let done = reaches(&app, &m.id, SendState::Done).await;
    assert_eq!(done.attempts, 2);
    assert_eq!(done.error, None, "the retry's reason is gone once sent");
}

#[tokio::test]
async fn a_gateway_that_fails_an_accepted_message_for_a_passing_reason_gets_it_again() {
    let app = TestApp::builder().started(false).open().await;
    let shop = app.add_account("Shop").await;
    shop.gateway
        .script([Reply::accepted("gw-1"), Reply::accepted("gw-2")]);
    let m = app.send_text(shop.id, ANN, "hello").await;
    app.engine.send_next(shop.id).await.expect("a round");
    let too_fast = IngestEvent::Status(StatusReport {
        gateway_message_id: "gw-1".into(),
        our_id: Some(m.id.clone()),
        change: StatusChange {
            status: Status::Failed,
            at: app.now(),
            code: Some("2301".into()),
            reason: None,
        },
        retry: true,
        observed: false,
    });
    app.engine
        .ingest(shop.id, vec![too_fast])
        .await
        .expect("stored");
    let requeued = app.message(&m.id).await;
    assert_eq!(requeued.send_state, Some(SendState::Queued));
    assert_eq!(
        requeued.gateway_message_id, None,
        "the failed attempt's id is let go"
    );
    app.advance(Duration::from_millis(policy::backoff_ms(1, None) as u64));
    assert_eq!(
        app.engine.send_next(shop.id).await.expect("a round"),
        Step::Worked
    );
    let again = app.message(&m.id).await;
    assert_eq!(again.send_state, Some(SendState::Done));
    assert_eq!(again.gateway_message_id.as_deref(), Some("gw-2"));
}
