//! Reading and tidying the inbox: app_info, list_conversations, get_thread, mark_read,
//! rename_contact, search.

use serde_json::json;
use switchboard_core::ErrorCode::{BadRequest, Gateway, InvalidPhone, NotFound};
use switchboard_core::gateway::SendError;
use switchboard_core::phrase::Phrase;
use switchboard_test_support::events::incoming_named;
use switchboard_test_support::{ManualClock, TestAccount, TestApp, text_only};

use crate::{ANN, app, call, inbox, nameless_or_missing};

/// Ann wrote to `shop`; her conversation's id.
async fn ann_wrote(app: &TestApp, shop: &TestAccount) -> i64 {
    let hello = incoming_named("in-1", ANN, "Ann", "hello", ManualClock::START);
    app.engine
        .ingest(shop.id, vec![hello])
        .await
        .expect("stored");
    inbox(app).await[0]["id"].as_i64().expect("a conversation")
}

#[tokio::test]
pub async fn app_info() {
    let app = app().await;
    let info = call(&app, "app_info").answers(json!({})).await;
    assert_eq!(info["operator"]["name"], "Me");
    assert_eq!(
        info["gateways"].as_array().map(Vec::len),
        Some(6),
        "every gateway this build has an adapter for"
    );
    call(&app, "app_info")
        .refuses(json!("info"), BadRequest, "error.bad_request")
        .await;
}

#[tokio::test]
pub async fn list_conversations() {
    let app = app().await;
    let list = call(&app, "list_conversations");
    list.refuses_each(vec![
        (json!({"limit": "ten"}), BadRequest, "error.bad_request"),
        (
            json!({"before": {"id": 1}}),
            BadRequest,
            "error.bad_request",
        ),
    ])
    .await;
    let page = list.answers(json!({"account_id": 999})).await;
    assert_eq!(
        page["conversations"],
        json!([]),
        "an account with no conversations (or none at all) has an empty inbox"
    );
}

#[tokio::test]
pub async fn get_thread() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    let thread = call(&app, "get_thread");
    let nowhere = "error.conversation_not_found";
    thread
        .refuses_each(vec![
            (json!({}), BadRequest, "error.thread_unspecified"),
            (
                json!({"account_id": shop.id}),
                BadRequest,
                "error.thread_unspecified",
            ),
            (
                json!({"conversation_id": "one"}),
                BadRequest,
                "error.bad_request",
            ),
            (json!({"conversation_id": 999}), NotFound, nowhere),
            (json!({"phone": ANN}), NotFound, nowhere),
            (json!({"phone": ""}), InvalidPhone, "phone.empty"),
            (
                json!({"phone": "ann@example.com"}),
                InvalidPhone,
                "phone.bad_characters",
            ),
            (json!({"phone": "12"}), InvalidPhone, "phone.bad_length"),
        ])
        .await;

    let id = ann_wrote(&app, &shop).await;
    let found = thread
        .answers(json!({"phone": "8 900 000-00-01", "account_id": shop.id}))
        .await;
    assert_eq!(found["conversation"]["id"], id);
    thread
        .refuses(json!({"phone": ANN, "account_id": 999}), NotFound, nowhere)
        .await;
}

#[tokio::test]
pub async fn mark_read() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    let mark = call(&app, "mark_read");
    let missing = nameless_or_missing(
        "conversation_id",
        json!(999),
        "error.conversation_not_found",
    );
    mark.refuses_each(missing).await;
    let id = ann_wrote(&app, &shop).await;
    let read = mark.answers(json!({"conversation_id": id})).await;
    assert_eq!(read["unread"], 0);
}

#[tokio::test]
pub async fn rename_contact() {
    let mut capabilities = text_only();
    capabilities.contact_sync = true;
    let app = TestApp::builder()
        .capabilities(capabilities)
        .started(false)
        .open()
        .await;
    let shop = app.add_account("Shop").await;
    let rename = call(&app, "rename_contact");
    let nowhere = json!({"conversation_id": 999, "name": "Ann"});
    rename
        .refuses_each(vec![
            (json!({"name": "Ann"}), BadRequest, "error.bad_request"),
            (nowhere, NotFound, "error.conversation_not_found"),
        ])
        .await;
    let id = ann_wrote(&app, &shop).await;
    let too_long = json!({"conversation_id": id, "name": "x".repeat(251)});
    let error = rename
        .refuses(too_long, BadRequest, "error.contact_name_too_long")
        .await;
    assert_eq!(error.phrase.arg_text("max").as_deref(), Some("250"));

    shop.gateway.refuse_contact_change(SendError::Rejected {
        code: None,
        reason: Phrase::verbatim("the address book is full"),
    });
    let anna = json!({"conversation_id": id, "name": " Anna Petrova "});
    let error = rename
        .refuses(anna.clone(), Gateway, "error.contact_sync_refused")
        .await;
    assert!(
        error.message.contains("the address book is full"),
        "the gateway's reason is told: {}",
        error.message
    );
    assert_eq!(
        inbox(&app).await[0]["contact"]["name"],
        "Ann",
        "when the gateway refuses, nothing is changed here either"
    );

    let renamed = rename.answers(anna).await;
    assert_eq!(renamed["contact"]["name"], "Anna Petrova");
    assert_eq!(
        shop.gateway.contact_changes().len(),
        1,
        "the gateway's address book follows"
    );
}

#[tokio::test]
pub async fn search() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    ann_wrote(&app, &shop).await;
    let search = call(&app, "search");
    search
        .refuses_each(vec![
            (json!({}), BadRequest, "error.bad_request"),
            (
                json!({"query": "hello", "limit": -1}),
                BadRequest,
                "error.bad_request",
            ),
        ])
        .await;
    for typed in ["hel", r#""hello"#, "hello AND (", "NEAR(hello", "*", "   "] {
        let hits = search.answers(json!({ "query": typed })).await;
        assert!(
            hits.is_array(),
            "whatever a person types is a search, never an error: {typed:?}"
        );
    }
    let hits = search.answers(json!({"query": "hel"})).await;
    assert_eq!(hits[0]["message"]["text"], "hello");
}
