//! Gateways deliver at least once: the same events again, whole or in pieces, change nothing.

use switchboard_core::status::Status;

use crate::{
    ANN, BOB, at, conversation, incoming, incoming_named, ingest, rows, sent, shop, status, thread,
};

#[tokio::test]
async fn the_same_events_three_times_leave_one_message_and_the_counters_as_they_were() {
    let (app, shop) = shop().await;
    let offer = sent(&app, &shop, ANN, "gw-1").await;
    let events = vec![
        incoming_named("in-1", ANN, "Ann", "hello", at(10)),
        incoming("in-2", ANN, "are you there?", at(20)),
        incoming("in-3", BOB, "hi from Bob", at(15)),
        status("gw-1", Status::Sent, at(1)),
        status("gw-1", Status::Delivered, at(2)),
        status("gw-1", Status::Seen, at(3)),
    ];
    ingest(&app, &shop, events.clone()).await;
    let rows_once = rows(&app).await;
    let ann_once = thread(&app, &shop, ANN).await;
    let bob_once = conversation(&app, &shop, BOB).await;
    let events_once = app.host.recorder.events().len();
    let notified_once = app.host.recorder.notifications().len();
    assert_eq!(ann_once.conversation.unread, 2);
    assert_eq!(ann_once.messages.len(), 3, "the offer and Ann's two texts");
    assert_eq!(
        app.message(&offer.id).await.status,
        Status::Seen,
        "the statuses were applied"
    );

    // Replayed whole, backwards, and one event at a time.
    ingest(&app, &shop, events.clone()).await;
    ingest(&app, &shop, events.iter().rev().cloned().collect()).await;
    for event in events {
        ingest(&app, &shop, vec![event]).await;
    }

    assert_eq!(rows(&app).await, rows_once, "no row is added by a replay");
    assert_eq!(
        thread(&app, &shop, ANN).await,
        ann_once,
        "the thread, its unread count and every message's history are as they were"
    );
    assert_eq!(conversation(&app, &shop, BOB).await, bob_once);
    assert_eq!(
        app.host.recorder.events().len(),
        events_once,
        "a replay is no news: nothing is announced"
    );
    assert_eq!(
        app.host.recorder.notifications().len(),
        notified_once,
        "and nobody is notified twice"
    );
}

#[tokio::test]
async fn one_batch_that_repeats_an_event_stores_it_once() {
    let (app, shop) = shop().await;
    let hello = incoming("in-1", ANN, "hello", at(10));
    ingest(&app, &shop, vec![hello.clone(), hello.clone(), hello]).await;
    let ann = thread(&app, &shop, ANN).await;
    assert_eq!(ann.messages.len(), 1);
    assert_eq!(ann.conversation.unread, 1);
    assert_eq!(app.host.recorder.notifications().len(), 1);
}

#[tokio::test]
async fn a_status_reported_twice_is_one_entry_in_the_history() {
    let (app, shop) = shop().await;
    let offer = sent(&app, &shop, ANN, "gw-1").await;
    for _ in 0..3 {
        ingest(&app, &shop, vec![status("gw-1", Status::Delivered, at(2))]).await;
    }
    let history: Vec<_> = app
        .message(&offer.id)
        .await
        .history
        .into_iter()
        .map(|c| c.status)
        .collect();
    assert_eq!(
        history,
        [Status::Queued, Status::Sent, Status::Delivered],
        "queued and sent by us, and one 'delivered'"
    );
    // The same word at another time is another report, and is kept.
    ingest(&app, &shop, vec![status("gw-1", Status::Delivered, at(5))]).await;
    assert_eq!(app.message(&offer.id).await.history.len(), 4);
}
