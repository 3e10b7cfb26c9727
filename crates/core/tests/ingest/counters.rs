//! A conversation's counters (unread, last activity, when the customer last wrote) move only for
//! messages actually inserted, and settle the same whatever order messages arrive in.

use switchboard_core::api::ConversationRef;
use switchboard_core::status::Status;

use crate::{ANN, at, conversation, incoming, ingest, sent, shop, status};

#[tokio::test]
async fn only_new_incoming_messages_count_as_unread() {
    let (app, shop) = shop().await;
    ingest(
        &app,
        &shop,
        vec![
            incoming("in-1", ANN, "hello", at(10)),
            incoming("in-2", ANN, "anyone?", at(20)),
        ],
    )
    .await;
    assert_eq!(conversation(&app, &shop, ANN).await.unread, 2);

    ingest(&app, &shop, vec![incoming("in-1", ANN, "hello", at(10))]).await;
    assert_eq!(
        conversation(&app, &shop, ANN).await.unread,
        2,
        "a replay is not a new message"
    );

    sent(&app, &shop, ANN, "gw-1").await;
    ingest(&app, &shop, vec![status("gw-1", Status::Seen, at(30))]).await;
    assert_eq!(
        conversation(&app, &shop, ANN).await.unread,
        2,
        "our own message and its statuses are nothing to read"
    );

    let read = app
        .engine
        .mark_read(
            &switchboard_core::access::Caller::local(),
            ConversationRef {
                conversation_id: conversation(&app, &shop, ANN).await.id,
            },
        )
        .await
        .expect("marked read");
    assert_eq!(read.unread, 0);
    ingest(&app, &shop, vec![incoming("in-2", ANN, "anyone?", at(20))]).await;
    assert_eq!(
        conversation(&app, &shop, ANN).await.unread,
        0,
        "a replay of what was read does not bring it back"
    );
    ingest(&app, &shop, vec![incoming("in-3", ANN, "thanks!", at(40))]).await;
    assert_eq!(conversation(&app, &shop, ANN).await.unread, 1);
}

#[tokio::test]
async fn a_late_message_older_than_what_was_read_is_not_unread() {
    let (app, shop) = shop().await;
    ingest(&app, &shop, vec![incoming("in-2", ANN, "second", at(20))]).await;
    let id = conversation(&app, &shop, ANN).await.id;
    app.engine
        .mark_read(
            &switchboard_core::access::Caller::local(),
            ConversationRef {
                conversation_id: id,
            },
        )
        .await
        .expect("marked read");

    ingest(&app, &shop, vec![incoming("in-1", ANN, "first", at(10))]).await;
    let late = crate::thread(&app, &shop, ANN).await;
    assert_eq!(
        late.conversation.unread, 0,
        "it was sent before what was read"
    );
    assert_eq!(
        late.messages
            .iter()
            .map(|m| m.text.as_str())
            .collect::<Vec<_>>(),
        ["first", "second"],
        "it takes its place in the thread by the gateway's time"
    );
    assert_eq!(
        late.conversation.last_activity,
        at(20),
        "an older message does not move the conversation's activity back"
    );
}

#[tokio::test]
async fn counters_settle_the_same_in_any_order() {
    let messages = [
        incoming("in-1", ANN, "one", at(10)),
        incoming("in-2", ANN, "two", at(30)),
        incoming("in-3", ANN, "three", at(20)),
    ];
    let mut settled = Vec::new();
    for order in [[0, 1, 2], [2, 1, 0], [1, 0, 2]] {
        let (app, shop) = shop().await;
        for i in order {
            ingest(&app, &shop, vec![messages[i].clone()]).await;
        }
        let cv = conversation(&app, &shop, ANN).await;
        settled.push((
            cv.unread,
            cv.last_activity,
            cv.last_customer_message_at,
            cv.last_message.map(|m| m.text),
        ));
    }
    assert_eq!(
        settled[0],
        (3, at(30), Some(at(30)), Some("two".to_owned())),
        "the newest by the gateway's time leads, whenever it arrived"
    );
    assert!(settled.windows(2).all(|w| w[0] == w[1]), "{settled:#?}");
}

/// Live events follow commit order: many webhooks for one conversation committed at once
/// never announce its counters going backwards, and each message is announced once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn live_events_announce_a_conversation_in_commit_order() {
    let (app, shop) = shop().await;
    let mut tasks = Vec::new();
    for i in 0..60 {
        let (engine, account) = (app.engine.clone(), shop.id);
        tasks.push(tokio::spawn(async move {
            engine
                .ingest(
                    account,
                    vec![incoming(&format!("in-{i}"), ANN, "hello", at(10 + i))],
                )
                .await
                .expect("stored");
        }));
    }
    for task in tasks {
        task.await.expect("joined");
    }
    let counts: Vec<u32> = app
        .host
        .recorder
        .events()
        .into_iter()
        .filter_map(|e| match e {
            switchboard_core::event::Event::Conversation { conversation, .. } => {
                Some(conversation.incoming_count)
            }
            _ => None,
        })
        .collect();
    assert_eq!(counts.len(), 60, "one announcement per commit");
    assert!(
        counts.windows(2).all(|w| w[0] < w[1]),
        "each announcement shows its own commit, in order: {counts:?}"
    );
}
