//! Conversations' statuses and activity: set_conversation_status, conversation_activity; a
//! customer's message reopening, snoozes ending on time and across a restart, and every
//! change kept as a fact with who made it.

use std::time::Duration;

use serde_json::{Value, json};
use switchboard_core::ErrorCode::{BadRequest, Forbidden, NotFound, Unauthorized};
use switchboard_core::operator::Role;
use switchboard_test_support::events::incoming;
use switchboard_test_support::{ManualClock, TestApp};

use crate::customers::ann_wrote;
use crate::team::operator;
use crate::{ANN, app, call};

fn at(app: &TestApp, ahead: Duration) -> String {
    let t = app.now().as_millis() + ahead.as_millis() as i64;
    switchboard_core::time::Timestamp::from_millis(t).rfc3339()
}

/// The kinds of a conversation's activity lines, oldest first.
async fn kinds(app: &TestApp, id: i64) -> Vec<String> {
    let lines = call(app, "conversation_activity")
        .answers(json!({"conversation_id": id}))
        .await;
    lines
        .as_array()
        .map(|l| {
            l.iter()
                .map(|a| match &a["change"] {
                    Value::Object(c) => c["kind"].as_str().unwrap_or_default().to_owned(),
                    _ => String::new(),
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
pub async fn set_conversation_status() {
    let app = app().await;
    let (_, ann) = ann_wrote(&app).await;
    let set = call(&app, "set_conversation_status");
    set.refuses_each(vec![
        (json!({"conversation_id": ann, "status": "done"}), BadRequest, "error.bad_request"),
        (
            json!({"conversation_id": 999, "status": "resolved"}),
            NotFound,
            "error.conversation_not_found",
        ),
        (
            json!({"conversation_id": ann, "status": "snoozed"}),
            BadRequest,
            "error.snooze_needs_time",
        ),
        (
            json!({"conversation_id": ann, "status": "snoozed", "snoozed_until": at(&app, Duration::ZERO)}),
            BadRequest,
            "error.snooze_in_the_past",
        ),
        (
            json!({"conversation_id": ann, "status": "snoozed",
                   "snoozed_until": at(&app, Duration::from_secs(400 * 24 * 3600))}),
            BadRequest,
            "error.snooze_too_long",
        ),
        (
            json!({"conversation_id": ann, "status": "resolved", "snoozed_until": at(&app, Duration::from_secs(60))}),
            BadRequest,
            "error.until_only_for_snooze",
        ),
    ])
    .await;
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    call(&app, "set_conversation_status")
        .by(Some(rita))
        .refuses(
            json!({"conversation_id": ann, "status": "resolved"}),
            Forbidden,
            "error.role_forbidden",
        )
        .await;
    call(&app, "set_conversation_status")
        .by(None)
        .refuses(
            json!({"conversation_id": ann, "status": "resolved"}),
            Unauthorized,
            "error.sign_in_needed",
        )
        .await;
    let resolved = set
        .answers(json!({"conversation_id": ann, "status": "resolved"}))
        .await;
    assert_eq!(resolved["status"], "resolved");
    set.answers(json!({"conversation_id": ann, "status": "resolved"}))
        .await;
    assert_eq!(
        kinds(&app, ann).await,
        ["status"],
        "setting it again changes nothing"
    );
}

#[tokio::test]
pub async fn conversation_activity() {
    let app = app().await;
    let (_, ann) = ann_wrote(&app).await;
    call(&app, "conversation_activity")
        .refuses_each(vec![
            (json!({}), BadRequest, "error.bad_request"),
            (
                json!({"conversation_id": 999}),
                NotFound,
                "error.conversation_not_found",
            ),
        ])
        .await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let max = operator(&app, "Max", Role::Manager).await;
    call(&app, "assign_conversation")
        .answers(json!({"conversation_id": ann, "operator_id": mia.id()}))
        .await;
    call(&app, "conversation_activity")
        .by(Some(max))
        .refuses(
            json!({"conversation_id": ann}),
            NotFound,
            "error.conversation_not_found",
        )
        .await;
    let lines = call(&app, "conversation_activity")
        .by(Some(mia))
        .answers(json!({"conversation_id": ann}))
        .await;
    assert_eq!(lines[0]["change"]["kind"], "assigned");
    assert_eq!(lines[0]["change"]["to"]["name"], "Mia");
    assert_eq!(lines[0]["actor"]["id"], 1, "who assigned it");
}

#[tokio::test]
async fn the_customer_writing_reopens_what_was_pending_or_resolved_but_an_old_message_does_not() {
    let app = app().await;
    let (shop, ann) = ann_wrote(&app).await;
    app.advance(Duration::from_secs(60));
    call(&app, "set_conversation_status")
        .answers(json!({"conversation_id": ann, "status": "resolved"}))
        .await;
    // A late webhook of a message from before the resolution changes nothing.
    app.engine
        .ingest(
            shop.id,
            vec![incoming("in-0", ANN, "late", ManualClock::START)],
        )
        .await
        .expect("stored");
    let thread = call(&app, "get_thread")
        .answers(json!({"conversation_id": ann}))
        .await;
    assert_eq!(thread["conversation"]["status"], "resolved");
    app.advance(Duration::from_secs(60));
    app.engine
        .ingest(
            shop.id,
            vec![incoming("in-2", ANN, "one more thing", app.now())],
        )
        .await
        .expect("stored");
    let thread = call(&app, "get_thread")
        .answers(json!({"conversation_id": ann}))
        .await;
    assert_eq!(
        thread["conversation"]["status"], "open",
        "reopened by the customer"
    );
    assert_eq!(kinds(&app, ann).await, ["status", "reopened"]);
    let lines = call(&app, "conversation_activity")
        .answers(json!({"conversation_id": ann}))
        .await;
    assert_eq!(
        lines[1]["actor"],
        Value::Null,
        "the customer, not an operator"
    );
    assert_eq!(lines[1]["change"]["was"], "resolved");
}

#[tokio::test]
async fn a_snooze_ends_on_time_and_one_that_ended_while_stopped_ends_at_start() {
    let app = app().await;
    let (_, ann) = ann_wrote(&app).await;
    call(&app, "set_conversation_status")
        .answers(json!({"conversation_id": ann, "status": "snoozed",
                        "snoozed_until": at(&app, Duration::from_secs(3600))}))
        .await;
    app.advance(Duration::from_secs(1800));
    assert_eq!(
        app.engine.wake_snoozed().await.expect("looked"),
        0,
        "not yet"
    );
    app.advance(Duration::from_secs(1800));
    assert_eq!(app.engine.wake_snoozed().await.expect("looked"), 1);
    let thread = call(&app, "get_thread")
        .answers(json!({"conversation_id": ann}))
        .await;
    assert_eq!(thread["conversation"]["status"], "open");
    assert_eq!(thread["conversation"]["snoozed_until"], Value::Null);
    assert_eq!(kinds(&app, ann).await, ["status", "woke"]);

    // Snoozed again; the app stops; its time passes; the next start wakes it.
    call(&app, "set_conversation_status")
        .answers(json!({"conversation_id": ann, "status": "snoozed",
                        "snoozed_until": at(&app, Duration::from_secs(60))}))
        .await;
    app.kill();
    app.advance(Duration::from_secs(120));
    let next = app.another_process(true).await;
    switchboard_test_support::eventually("the started app wakes the snooze", async || {
        let thread = call(&next, "get_thread")
            .answers(json!({"conversation_id": ann}))
            .await;
        (thread["conversation"]["status"] == "open").then_some(())
    })
    .await;
}

#[tokio::test]
pub async fn add_note() {
    let app = app().await;
    let (shop, ann) = ann_wrote(&app).await;
    let note = call(&app, "add_note");
    note.refuses_each(vec![
        (
            json!({"conversation_id": ann}),
            BadRequest,
            "error.bad_request",
        ),
        (
            json!({"conversation_id": ann, "text": "  "}),
            BadRequest,
            "error.note_empty",
        ),
        (
            json!({"conversation_id": ann, "text": "x".repeat(4001)}),
            BadRequest,
            "error.note_too_long",
        ),
        (
            json!({"conversation_id": 999, "text": "hi"}),
            NotFound,
            "error.conversation_not_found",
        ),
    ])
    .await;
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    call(&app, "add_note")
        .by(Some(rita))
        .refuses(
            json!({"conversation_id": ann, "text": "hi"}),
            Forbidden,
            "error.role_forbidden",
        )
        .await;

    // Mia is named and may see it; Max is named too but the conversation is Mia's.
    let mia = operator(&app, "Mia", Role::Manager).await;
    let max = operator(&app, "Max", Role::Manager).await;
    call(&app, "assign_conversation")
        .answers(json!({"conversation_id": ann, "operator_id": mia.id()}))
        .await;
    let added = note
        .answers(json!({"conversation_id": ann,
                        "text": "<b>@mia</b> she asked for a discount; @max FYI"}))
        .await;
    assert_eq!(added["change"]["kind"], "note");
    assert_eq!(
        added["change"]["text"], "<b>@mia</b> she asked for a discount; @max FYI",
        "kept as written: the UI shows it as text"
    );
    assert_eq!(
        added["change"]["mentions"],
        json!([{"id": mia.id(), "name": "Mia"}])
    );
    let told: Vec<i64> = app
        .host
        .recorder
        .events()
        .into_iter()
        .filter_map(|e| match e {
            switchboard_core::event::Event::Mentioned { operator_id, .. } => Some(operator_id),
            _ => None,
        })
        .collect();
    assert_eq!(told, [mia.id()], "only who may see it is told");
    assert_ne!(told, [max.id()]);

    // Never a message: nothing reached the gateway, the customer still awaits a reply.
    assert!(shop.gateway.sent().is_empty(), "a note is never sent");
    let thread = call(&app, "get_thread")
        .answers(json!({"conversation_id": ann}))
        .await;
    assert_eq!(thread["messages"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        thread["conversation"]["awaiting_reply"], true,
        "a note is no reply"
    );
    assert_eq!(kinds(&app, ann).await, ["assigned", "note"]);
}
