//! Reading and tidying the inbox: app_info, list_conversations, get_thread (a page around a
//! message, and pages both ways from it), mark_read, rename_contact, search (newest first, the
//! matched words as parts).

use serde_json::{Value, json};
use switchboard_core::ErrorCode::{BadRequest, Gateway, InvalidPhone, NotFound};
use switchboard_core::gateway::SendError;
use switchboard_core::phrase::Phrase;
use switchboard_core::time::Timestamp;
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

    let cursor = json!({"timestamp": "2026-01-01T00:00:00Z", "row": 1});
    let no_message = "error.message_not_found";
    thread
        .refuses_each(vec![
            (
                json!({"conversation_id": id, "before": cursor, "after": cursor}),
                BadRequest,
                "error.bad_request",
            ),
            (
                json!({"conversation_id": id, "around": "m-1", "after": cursor}),
                BadRequest,
                "error.bad_request",
            ),
            (json!({"around": "no-such-message"}), NotFound, no_message),
            (
                json!({"conversation_id": id, "around": "no-such-message"}),
                NotFound,
                no_message,
            ),
        ])
        .await;
    // A message of another conversation is none of this one's.
    let bob = incoming_named("in-b", "+79000000002", "Bob", "hi", ManualClock::START);
    app.engine.ingest(shop.id, vec![bob]).await.expect("stored");
    let bobs = thread.answers(json!({"phone": "+79000000002"})).await;
    let bobs_message = bobs["messages"][0]["id"].clone();
    thread
        .refuses(
            json!({"conversation_id": id, "around": bobs_message}),
            NotFound,
            no_message,
        )
        .await;
}

/// Customer messages "message 0" … "message {n-1}" from Ann, a second apart; their ids.
async fn ann_wrote_many(app: &TestApp, shop: &TestAccount, n: i64) -> Vec<String> {
    let events = (0..n)
        .map(|i| {
            let at = Timestamp::from_millis(ManualClock::START.as_millis() + i * 1000);
            incoming_named(&format!("in-{i}"), ANN, "Ann", &format!("message {i}"), at)
        })
        .collect();
    app.engine.ingest(shop.id, events).await.expect("stored");
    let all = call(app, "get_thread")
        .answers(json!({"phone": ANN, "limit": 500}))
        .await;
    all["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| m["id"].as_str().expect("an id").to_owned())
        .collect()
}

fn texts(thread: &Value) -> Vec<String> {
    thread["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| m["text"].as_str().expect("text").to_owned())
        .collect()
}

fn numbered(range: std::ops::Range<i64>) -> Vec<String> {
    range.map(|i| format!("message {i}")).collect()
}

#[tokio::test]
async fn a_thread_opens_around_a_message_and_pages_both_ways() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    let ids = ann_wrote_many(&app, &shop, 30).await;
    let thread = call(&app, "get_thread");

    let newest = thread.answers(json!({"phone": ANN, "limit": 6})).await;
    assert_eq!(texts(&newest), numbered(24..30));
    assert!(
        newest["newer"].is_null(),
        "the newest page has nothing newer"
    );

    // Around message 10, without naming the conversation: the message names it.
    let around = thread.answers(json!({"around": ids[10], "limit": 6})).await;
    assert_eq!(
        texts(&around),
        numbered(8..14),
        "as many older messages as newer, the message itself among them"
    );
    assert!(around["next"].is_object() && around["newer"].is_object());

    let newer = thread
        .answers(json!({"phone": ANN, "after": around["newer"], "limit": 6}))
        .await;
    assert_eq!(texts(&newer), numbered(14..20));
    let older = thread
        .answers(json!({"phone": ANN, "before": around["next"], "limit": 6}))
        .await;
    assert_eq!(texts(&older), numbered(2..8));
    assert!(
        older["newer"].is_object(),
        "an older page tells that newer messages follow it"
    );
    let first = thread
        .answers(json!({"phone": ANN, "before": older["next"], "limit": 6}))
        .await;
    assert_eq!(texts(&first), numbered(0..2));
    assert!(first["next"].is_null(), "the start of the thread");

    // Paging down from the hit reaches the newest message, and says so.
    let mut cursor = newer["newer"].clone();
    let mut seen = texts(&newer);
    while !cursor.is_null() {
        let page = thread
            .answers(json!({"phone": ANN, "after": cursor, "limit": 6}))
            .await;
        seen.extend(texts(&page));
        cursor = page["newer"].clone();
    }
    assert_eq!(seen, numbered(14..30), "every newer message once, in order");

    // Around the first and the last messages: one side is empty.
    let at_start = thread.answers(json!({"around": ids[0], "limit": 6})).await;
    assert_eq!(texts(&at_start), numbered(0..4));
    assert!(at_start["next"].is_null() && at_start["newer"].is_object());
    let at_end = thread.answers(json!({"around": ids[29], "limit": 6})).await;
    assert_eq!(texts(&at_end), numbered(27..30));
    assert!(at_end["newer"].is_null() && at_end["next"].is_object());
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

fn parts(hit: &Value) -> Vec<(String, bool)> {
    hit["parts"]
        .as_array()
        .expect("parts")
        .iter()
        .map(|p| {
            (
                p["text"].as_str().expect("text").to_owned(),
                p["hit"].as_bool().expect("hit"),
            )
        })
        .collect()
}

#[tokio::test]
async fn search_hits_mark_the_matched_words_as_text_newest_first() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    let at = |s: i64| Timestamp::from_millis(ManualClock::START.as_millis() + s * 1000);
    let events = vec![
        incoming_named(
            "in-1",
            ANN,
            "Ann",
            "Where is my <b>refund</b> [now]?",
            at(1),
        ),
        incoming_named("in-2", "+79000000002", "Bob", "Refunds take a week", at(2)),
        incoming_named("in-3", "+79000000003", "Cid", "no match here", at(3)),
    ];
    app.engine.ingest(shop.id, events).await.expect("stored");
    let search = call(&app, "search");

    let hits = search.answers(json!({"query": "refund"})).await;
    let hits = hits.as_array().expect("hits");
    assert_eq!(
        hits.iter()
            .map(|h| h["message"]["text"].clone())
            .collect::<Vec<_>>(),
        vec![
            json!("Refunds take a week"),
            json!("Where is my <b>refund</b> [now]?")
        ],
        "newest first, the last word typed matching as a prefix"
    );
    assert_eq!(
        parts(&hits[1]),
        vec![
            ("Where is my <b>".to_owned(), false),
            ("refund".to_owned(), true),
            ("</b> [now]?".to_owned(), false),
        ],
        "only the matched word is a hit; the customer's markup and brackets are text"
    );
    assert_eq!(parts(&hits[0])[0], ("Refunds".to_owned(), true));
    assert_eq!(hits[1]["contact"]["name"], "Ann");
    assert_eq!(hits[1]["snippet"], "Where is my <b>[refund]</b> [now]?");

    let two = search.answers(json!({"query": "where refu"})).await;
    assert_eq!(
        two.as_array().map(Vec::len),
        Some(1),
        "every word must match: {two}"
    );
    let marked: Vec<String> = parts(&two[0])
        .into_iter()
        .filter(|(_, hit)| *hit)
        .map(|(text, _)| text)
        .collect();
    assert_eq!(marked, ["Where", "refund"]);

    let one = search.answers(json!({"query": "refund", "limit": 1})).await;
    assert_eq!(
        one[0]["message"]["text"], "Refunds take a week",
        "the newest within the limit"
    );
}

fn hit_texts(hits: &Value) -> Vec<String> {
    hits.as_array()
        .expect("hits")
        .iter()
        .map(|h| h["message"]["text"].as_str().expect("text").to_owned())
        .collect()
}

#[tokio::test]
async fn search_by_a_cyrillic_prefix_in_any_case_newest_first() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    let at = |s: i64| Timestamp::from_millis(ManualClock::START.as_millis() + s * 1000);
    let events = vec![
        incoming_named("in-1", ANN, "Ann", "Привет, заказ готов?", at(1)),
        incoming_named(
            "in-2",
            "+79000000002",
            "Bob",
            "ПРИВЕТСТВУЮ! Ёлка есть?",
            at(2),
        ),
        incoming_named("in-3", "+79000000003", "Cid", "Спасибо", at(3)),
    ];
    app.engine.ingest(shop.id, events).await.expect("stored");
    let search = call(&app, "search");
    for typed in ["прив", "ПРИВ", "Прив"] {
        assert_eq!(
            hit_texts(&search.answers(json!({ "query": typed })).await),
            ["ПРИВЕТСТВУЮ! Ёлка есть?", "Привет, заказ готов?"],
            "{typed}"
        );
    }
    let hits = search.answers(json!({"query": "ёл"})).await;
    assert_eq!(hit_texts(&hits), ["ПРИВЕТСТВУЮ! Ёлка есть?"]);
    assert!(parts(&hits[0]).contains(&("Ёлка".to_owned(), true)));
    assert_eq!(
        hit_texts(&search.answers(json!({"query": "привет зак"})).await),
        ["Привет, заказ готов?"],
        "the words before the prefix still all match"
    );
    assert_eq!(
        hit_texts(&search.answers(json!({"query": "прива"})).await),
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn search_finds_by_prefix_a_word_a_new_message_brought() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    let at = |s: i64| Timestamp::from_millis(ManualClock::START.as_millis() + s * 1000);
    let first = incoming_named("in-1", ANN, "Ann", "hello", at(1));
    app.engine
        .ingest(shop.id, vec![first])
        .await
        .expect("stored");
    let search = call(&app, "search");
    assert_eq!(
        hit_texts(&search.answers(json!({"query": "wor"})).await),
        Vec::<String>::new()
    );
    let second = incoming_named("in-2", ANN, "Ann", "hello wonderful world", at(2));
    app.engine
        .ingest(shop.id, vec![second])
        .await
        .expect("stored");
    assert_eq!(
        hit_texts(&search.answers(json!({"query": "wor"})).await),
        ["hello wonderful world"]
    );
    let both = search.answers(json!({"query": "wo"})).await;
    assert_eq!(
        parts(&both[0])
            .into_iter()
            .filter(|(_, hit)| *hit)
            .map(|(text, _)| text)
            .collect::<Vec<_>>(),
        ["wonderful", "world"],
        "every word the prefix covers is marked"
    );
    assert_eq!(
        hit_texts(&search.answers(json!({"query": "hel"})).await),
        ["hello wonderful world", "hello"]
    );
}
