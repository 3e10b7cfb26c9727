//! A send cut short (its process died, or its lease ran out) is unconfirmed: shown to the user,
//! never repeated blindly, unless the gateway proves it has the message or de-duplicates.

use std::time::Duration;

use switchboard_core::ingest::{IngestEvent, StatusReport};
use switchboard_core::message::{Message, SendState};
use switchboard_core::outbox::{Step, policy};
use switchboard_core::status::{Status, StatusChange};
use switchboard_test_support::{Reply, TestAccount, TestApp, eventually, text_only};

use crate::{ANN, reaches};

/// `serve` claims a message and its request hangs at the gateway.
async fn sending_hangs(app: &TestApp) -> (TestAccount, Message) {
    let shop = app.add_account("Shop").await;
    shop.gateway.script([Reply::Hang]);
    let m = app.send_text(shop.id, ANN, "hello").await;
    tokio::spawn({
        let (engine, account) = (app.engine.clone(), shop.id);
        async move { engine.send_next(account).await }
    });
    eventually("the request is at the gateway", async || {
        (shop.gateway.hung() == 1).then_some(())
    })
    .await;
    (shop, m)
}

fn delivered(app: &TestApp, gateway_id: &str, our_id: &str) -> IngestEvent {
    IngestEvent::Status(StatusReport {
        gateway_message_id: gateway_id.to_owned(),
        our_id: Some(our_id.to_owned()),
        change: StatusChange {
            status: Status::Delivered,
            at: app.now(),
            code: None,
            reason: None,
        },
        retry: false,
        observed: false,
    })
}

#[tokio::test]
async fn a_send_whose_process_died_is_unconfirmed_until_the_gateway_proves_it() {
    let serve = TestApp::builder().started(false).open().await;
    let (shop, m) = sending_hangs(&serve).await;
    serve.kill();

    let restarted = serve.another_process(true).await;
    let unconfirmed = reaches(&restarted, &m.id, SendState::Unconfirmed).await;
    let error = unconfirmed.error.expect("an unconfirmed send says so");
    assert_eq!(error.code.as_deref(), Some("unconfirmed"));
    assert_eq!(error.phrase.key, "outbox.unconfirmed");

    restarted.advance(Duration::from_millis(policy::LEASE_MS as u64 * 2));
    assert_eq!(
        restarted.engine.send_next(shop.id).await.expect("a round"),
        Step::Idle,
        "nothing is left to send"
    );
    assert_eq!(
        shop.gateway.sent().len(),
        1,
        "the customer may already have it: it is not sent blindly again"
    );

    restarted
        .engine
        .ingest(shop.id, vec![delivered(&restarted, "gw-7", &m.id)])
        .await
        .expect("the callback is stored");
    let proven = restarted.message(&m.id).await;
    assert_eq!(
        proven.send_state,
        Some(SendState::Done),
        "a status echoing our id proves it went out"
    );
    assert_eq!(proven.gateway_message_id.as_deref(), Some("gw-7"));
    assert_eq!(proven.status, Status::Delivered);
    assert_eq!(proven.error, None, "the warning is gone with the doubt");
}

#[tokio::test]
async fn a_claim_whose_lease_ran_out_is_unconfirmed_and_a_late_acceptance_still_counts() {
    let serve = TestApp::builder().started(false).open().await;
    let (shop, m) = sending_hangs(&serve).await;
    let cli = serve.another_process(false).await;

    assert!(matches!(
        cli.engine.send_next(shop.id).await.expect("a round"),
        Step::WaitUntil(_)
    ));
    cli.advance(Duration::from_millis(policy::LEASE_MS as u64));
    cli.engine.send_next(shop.id).await.expect("a round");
    assert_eq!(
        cli.message(&m.id).await.send_state,
        Some(SendState::Unconfirmed),
        "past its lease nobody knows whether the hung request went through"
    );

    assert!(shop.gateway.release(Reply::accepted("gw-late")));
    let done = reaches(&cli, &m.id, SendState::Done).await;
    assert_eq!(
        done.gateway_message_id.as_deref(),
        Some("gw-late"),
        "the gateway's own answer settles it, late as it is"
    );
    assert_eq!(shop.gateway.sent().len(), 1);
}

#[tokio::test]
async fn a_gateway_that_deduplicates_gets_the_cut_short_send_again() {
    let mut capabilities = text_only();
    capabilities.idempotent_send = true;
    let serve = TestApp::builder()
        .capabilities(capabilities)
        .started(false)
        .open()
        .await;
    let (shop, m) = sending_hangs(&serve).await;
    serve.kill();

    let restarted = serve.another_process(true).await;
    reaches(&restarted, &m.id, SendState::Done).await;
    let sent = shop.gateway.sent();
    assert_eq!(
        sent.len(),
        2,
        "sent again: the gateway keeps one of the two"
    );
    assert!(
        sent.iter().all(|s| s.our_id == m.id),
        "both carry our id, by which the gateway de-duplicates"
    );
}
