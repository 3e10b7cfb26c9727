//! Gateways' times are claims: one near the beginning of time panics nothing, and one far in the
//! future neither pins its conversation to the top, nor keeps later messages read, nor locks
//! the contact's name. Where a gateway's time cannot be believed, the time it arrived counts.

use std::time::Duration;

use switchboard_core::api::{ConversationRef, ListConversations};
use switchboard_core::ingest::EARLIEST_PLAUSIBLE;
use switchboard_core::status::Status;
use switchboard_core::time::Timestamp;
use switchboard_test_support::TestApp;

use crate::{
    ANN, BOB, at, conversation, incoming, incoming_named, ingest, rows, sent, shop, status,
};

const TEN_YEARS_MS: i64 = 10 * 365 * 24 * 3600 * 1000;

async fn inbox_order(app: &TestApp) -> Vec<String> {
    app.engine
        .list_conversations(
            &switchboard_core::access::Caller::local(),
            ListConversations::default(),
        )
        .await
        .expect("the inbox")
        .conversations
        .into_iter()
        .map(|c| c.contact.phone.to_string())
        .collect()
}

#[tokio::test]
async fn a_time_at_the_beginning_of_time_is_stored_and_announced() {
    let (app, shop) = shop().await;
    for (id, wild) in [("in-1", i64::MIN), ("in-2", 0), ("in-3", -1)] {
        ingest(
            &app,
            &shop,
            vec![incoming(id, ANN, "hello", Timestamp::from_millis(wild))],
        )
        .await;
    }
    let announced = app.host.recorder.messages();
    assert_eq!(
        announced.len(),
        3,
        "each message is announced after its commit, not lost to an overflow"
    );
    assert!(
        announced.iter().all(|m| m.timestamp == app.now()),
        "a time before WhatsApp existed is replaced by the time it arrived: {announced:#?}"
    );
    assert_eq!(
        app.host.recorder.notifications().len(),
        3,
        "arriving now, they are news"
    );
}

#[tokio::test]
async fn a_far_future_message_does_not_pin_silence_or_name_a_conversation() {
    let (app, shop) = shop().await;
    let forged = app.now().plus_millis(TEN_YEARS_MS);
    ingest(
        &app,
        &shop,
        vec![incoming_named("in-1", ANN, "Forged", "first!", forged)],
    )
    .await;
    let ann = conversation(&app, &shop, ANN).await;
    assert_eq!(
        ann.last_activity,
        app.now(),
        "the conversation moved when the message arrived, not ten years ahead"
    );

    app.advance(Duration::from_secs(60));
    ingest(&app, &shop, vec![incoming("in-2", BOB, "hi", app.now())]).await;
    assert_eq!(
        inbox_order(&app).await,
        [BOB, ANN],
        "a newer conversation goes above the forged one"
    );

    app.engine
        .mark_read(
            &switchboard_core::access::Caller::local(),
            ConversationRef {
                conversation_id: ann.id,
            },
        )
        .await
        .expect("read");
    app.advance(Duration::from_secs(60));
    ingest(
        &app,
        &shop,
        vec![incoming_named(
            "in-3",
            ANN,
            "Ann",
            "are you there?",
            app.now(),
        )],
    )
    .await;
    let ann = conversation(&app, &shop, ANN).await;
    assert_eq!(
        ann.unread, 1,
        "after the forged message was read, a new one is unread"
    );
    assert_eq!(
        ann.contact.name.as_deref(),
        Some("Ann"),
        "the forged message's name does not outrank newer ones"
    );
    assert_eq!(inbox_order(&app).await, [ANN, BOB]);
}

#[tokio::test]
async fn a_clock_a_little_ahead_is_believed() {
    let (app, shop) = shop().await;
    ingest(&app, &shop, vec![incoming("in-1", ANN, "hi", at(120))]).await;
    assert_eq!(
        conversation(&app, &shop, ANN).await.last_activity,
        at(120),
        "two minutes ahead is a gateway's clock, not a forgery"
    );
    assert!(at(0) > EARLIEST_PLAUSIBLE);
}

#[tokio::test]
async fn a_status_with_a_wild_time_stands_in_until_a_believable_one_comes() {
    let (app, shop) = shop().await;
    let offer = sent(&app, &shop, ANN, "gw-1").await;
    let wild = status("gw-1", Status::Delivered, Timestamp::from_millis(i64::MAX));
    for _ in 0..3 {
        ingest(&app, &shop, vec![wild.clone()]).await;
    }
    let delivered = |m: &switchboard_core::message::Message| {
        m.history
            .iter()
            .filter(|c| c.status == Status::Delivered)
            .map(|c| c.at)
            .collect::<Vec<_>>()
    };
    let m = app.message(&offer.id).await;
    assert_eq!(m.status, Status::Delivered);
    assert_eq!(
        delivered(&m),
        [app.now()],
        "recorded once, at the time it arrived, however often it is replayed"
    );
    ingest(&app, &shop, vec![status("gw-1", Status::Delivered, at(5))]).await;
    assert_eq!(
        delivered(&app.message(&offer.id).await),
        [at(5)],
        "the gateway's believable time replaces the stand-in"
    );
}

/// Found by the `engine_webhook` fuzzer: a replay arrives later than the first delivery, so
/// an implausible time replaced by the arrival time differs each time; a replay must still
/// change nothing.
#[tokio::test]
async fn replays_of_implausibly_timed_events_arriving_later_change_nothing() {
    let (app, shop) = shop().await;
    let year_2003 = Timestamp::from_millis(1_050_000_000_000);
    let message = incoming_named("in-1", ANN, "Ann", "hello", year_2003);
    // A status for a message we have not heard of yet, from 2083.
    let orphan = status(
        "gw-unknown",
        Status::Delivered,
        Timestamp::from_millis(3_500_000_000_000),
    );
    ingest(&app, &shop, vec![message.clone(), orphan.clone()]).await;
    let first = (rows(&app).await, conversation(&app, &shop, ANN).await);
    for _ in 0..3 {
        app.advance(Duration::from_secs(90));
        ingest(&app, &shop, vec![message.clone(), orphan.clone()]).await;
    }
    let again = (rows(&app).await, conversation(&app, &shop, ANN).await);
    assert_eq!(first.0, again.0, "no row is added by a replay");
    assert_eq!(
        first.1, again.1,
        "the conversation and its contact are left as they were"
    );
}
