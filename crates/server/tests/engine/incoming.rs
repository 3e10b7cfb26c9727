//! Incoming messages: stored, listed, pushed live over SSE, notified, and marked read.

use std::time::Duration;

use serde_json::{Value, json};

use switchboard_test_support::PATIENCE;

use crate::harness::{API_TOKEN, App};

/// Reads server-sent events until `done` says it has what it wants, or [`PATIENCE`] runs out.
async fn read_sse(mut response: reqwest::Response, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let mut buffer = String::new();
    let mut events = Vec::new();
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while !done(&events) {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let chunk = match tokio::time::timeout(left, response.chunk()).await {
            Ok(Ok(Some(c))) => c,
            _ => break,
        };
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            let data: String = block
                .lines()
                .filter_map(|l| l.strip_prefix("data:"))
                .map(str::trim_start)
                .collect::<Vec<_>>()
                .join("\n");
            if let Ok(v) = serde_json::from_str::<Value>(&data) {
                events.push(v);
            }
        }
    }
    events
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_incoming_message_opens_a_conversation_is_pushed_live_and_notified() {
    let app = App::start().await;
    let incoming_url = app.webhook_url(app.account_id, "incoming").await;

    let sse = app
        .http
        .get(format!("{}/api/events", app.base))
        .bearer_auth(API_TOKEN)
        .timeout(Duration::from_secs(60))
        .send()
        .await
        .expect("the event stream opens");
    assert_eq!(
        sse.status().as_u16(),
        200,
        "the data directory's token is an API key"
    );
    // The stream is open once the headers came; give the subscription no chance to miss events
    // by subscribing before posting (the handler subscribes before answering).

    let message = app
        .sim
        .incoming_text("79161234567", "Hi, is my order ready?");
    let status = app
        .sim
        .post_incoming(&incoming_url, &message)
        .await
        .expect("the webhook answers");
    assert!(
        (200..300).contains(&status),
        "the incoming webhook is accepted: {status}"
    );

    let events = read_sse(sse, |evs| {
        let msg = evs.iter().any(|e| e["type"] == "message");
        let conv = evs.iter().any(|e| e["type"] == "conversation");
        msg && conv
    })
    .await;
    let msg = events
        .iter()
        .find(|e| e["type"] == "message")
        .unwrap_or_else(|| panic!("an SSE 'message' event arrives: {events:#?}"));
    assert_eq!(msg["message"]["text"], "Hi, is my order ready?");
    assert_eq!(msg["message"]["direction"], "in");
    let conv = events
        .iter()
        .find(|e| e["type"] == "conversation")
        .unwrap_or_else(|| panic!("an SSE 'conversation' event arrives: {events:#?}"));
    assert_eq!(
        conv["conversation"]["incoming_count"], 1,
        "shared by every operator: each adds the growth to their own unread count"
    );
    assert_eq!(conv["conversation"]["awaiting_reply"], true);

    let page = app.call("list_conversations", json!({})).await;
    let list = page["conversations"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(list.len(), 1, "one conversation: {page}");
    let c = &list[0];
    assert_eq!(c["contact"]["phone"], "+79161234567");
    assert_eq!(
        c["contact"]["name"], "Sandbox Customer",
        "the contact takes the WhatsApp profile name"
    );
    assert_eq!(c["unread"], 1, "one unread message");
    assert_eq!(c["last_message"]["text"], "Hi, is my order ready?");
    assert!(
        !c["last_customer_message_at"].is_null(),
        "the 24-hour window starts: {c}"
    );

    let notes = app.host.recorder.notifications();
    assert_eq!(notes.len(), 1, "one notification: {notes:?}");
    assert_eq!(notes[0].title, "Sandbox Customer");
    assert_eq!(notes[0].body, "Hi, is my order ready?");
    assert_eq!(Some(notes[0].conversation_id), c["id"].as_i64());

    let read = app
        .call("mark_read", json!({"conversation_id": c["id"]}))
        .await;
    assert_eq!(read["unread"], 0, "mark_read resets the unread count");
    let page = app.call("list_conversations", json!({})).await;
    assert_eq!(page["conversations"][0]["unread"], 0, "and it stays reset");

    // The same webhook again (Devino retries): no new message, no new notification.
    let again = app.sim.post_incoming(&incoming_url, &message).await;
    assert!(again.is_ok_and(|s| (200..300).contains(&s)));
    let thread = app
        .call("get_thread", json!({"conversation_id": c["id"]}))
        .await;
    assert_eq!(
        thread["messages"].as_array().map(Vec::len),
        Some(1),
        "a replayed incoming message is stored once"
    );
    assert_eq!(
        app.host.recorder.notifications().len(),
        1,
        "and notified once"
    );
    let page = app.call("list_conversations", json!({})).await;
    assert_eq!(
        page["conversations"][0]["unread"], 0,
        "a replay of a read message does not make it unread again"
    );
    app.stop().await;
}
