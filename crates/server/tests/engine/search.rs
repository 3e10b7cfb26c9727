//! Search shows messages as the thread does.

use serde_json::json;
use switchboard_core::message::{Message, SendState};
use switchboard_core::store::SearchHit;

use crate::harness::{App, SIM_KEY};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_hits_carry_the_same_message_as_the_thread() {
    let app = App::start().await;
    let m = app
        .send_text("+79034560001", "pineapple delivery today")
        .await;
    let sent = app
        .wait_message(&m.id, "the message is sent", |m| {
            m.send_state == Some(SendState::Done)
        })
        .await;
    let (status, v) = app.api("search", json!({"query": "pineapple"})).await;
    assert_eq!(status, 200, "search answers: {v}");
    let hits: Vec<SearchHit> = serde_json::from_value(v).expect("hits");
    assert_eq!(hits.len(), 1);
    let hit = &hits[0].message;
    assert_eq!(hit.id, sent.id);
    assert_eq!(
        (hit.send_state, hit.attempts),
        (sent.send_state, sent.attempts),
        "a search hit must show the message's send state and attempts as get_thread does"
    );

    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn searching_for_a_rejected_message_works() {
    let app = App::start().await;
    // A rejected message: its error text must not break search.
    let bad = app.add_account("Bad sender", "NotOurs", SIM_KEY).await;
    let r: Message = app
        .send(
            bad,
            "+79034560002",
            json!({"kind": "text", "text": "mango refused"}),
        )
        .await;
    app.wait_message(&r.id, "the message is rejected", |m| {
        m.send_state == Some(SendState::Failed)
    })
    .await;
    let (status, v) = app.api("search", json!({"query": "mango"})).await;
    assert_eq!(
        status, 200,
        "searching for a rejected message must work, got {status}: {v}"
    );
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{v}");
    app.stop().await;
}
