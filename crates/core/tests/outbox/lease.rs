//! A message is claimed before the gateway hears of it, so two processes never both send it.

use switchboard_core::message::SendState;
use switchboard_core::outbox::{Step, policy};
use switchboard_core::time::Timestamp;
use switchboard_test_support::{Reply, TestApp, eventually};

use crate::{ANN, BOB, texts};

#[tokio::test]
async fn a_claimed_message_is_left_alone_by_the_other_claimant() {
    let serve = TestApp::builder().started(false).open().await;
    let cli = serve.another_process(false).await;
    let shop = serve.add_account("Shop").await;
    shop.gateway.script([Reply::Hang]);
    let m = serve.send_text(shop.id, ANN, "hello").await;

    let first = tokio::spawn({
        let engine = serve.engine.clone();
        async move { engine.send_next(shop.id).await }
    });
    eventually(
        "the first claimant's request is at the gateway",
        async || (shop.gateway.hung() == 1).then_some(()),
    )
    .await;

    let lease_end = Timestamp::from_millis(serve.now().as_millis() + policy::LEASE_MS);
    assert_eq!(
        cli.engine.send_next(shop.id).await.expect("a round"),
        Step::WaitUntil(lease_end),
        "the other process waits for the claim's lease instead of sending"
    );
    assert_eq!(shop.gateway.sent().len(), 1, "only the claimant sent it");
    assert_eq!(
        cli.message(&m.id).await.send_state,
        Some(SendState::Sending)
    );

    assert!(shop.gateway.release(Reply::accepted("gw-1")));
    assert_eq!(first.await.expect("joined").expect("a round"), Step::Worked);
    let done = cli.message(&m.id).await;
    assert_eq!(done.send_state, Some(SendState::Done));
    assert_eq!(done.gateway_message_id.as_deref(), Some("gw-1"));
    assert_eq!(
        cli.engine.send_next(shop.id).await.expect("a round"),
        Step::Idle
    );
    assert_eq!(shop.gateway.sent().len(), 1, "and nobody sends it again");
}

#[tokio::test]
async fn claimants_racing_for_every_message_send_each_once() {
    let a = TestApp::builder().started(false).open().await;
    let b = a.another_process(false).await;
    let shop = a.add_account("Shop").await;
    let mut ids = Vec::new();
    for i in 0..10 {
        let to = if i % 2 == 0 { ANN } else { BOB };
        ids.push(a.send_text(shop.id, to, &format!("m{i}")).await.id);
    }
    // Both drain the queue at once, each round racing the other for the claim.
    let drain = |app: &TestApp| {
        let engine = app.engine.clone();
        async move {
            loop {
                match engine.send_next(shop.id).await.expect("a round") {
                    Step::Worked => {}
                    Step::Idle => return,
                    Step::WaitUntil(_) => tokio::task::yield_now().await,
                    Step::Gone => panic!("the account is there"),
                }
            }
        }
    };
    tokio::join!(drain(&a), drain(&b));
    let mut sent = texts(&shop);
    sent.sort();
    let mut expected: Vec<String> = (0..10).map(|i| format!("m{i}")).collect();
    expected.sort();
    assert_eq!(sent, expected, "every message went out exactly once");
    for id in ids {
        assert_eq!(a.message(&id).await.send_state, Some(SendState::Done));
    }
}
