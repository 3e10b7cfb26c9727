//! Webhook requests we refuse store nothing; ones we accept are stored before the 2xx.
//! Also the API's token guard.

use serde_json::{Value, json};
use switchboard_server::http::WEBHOOK_BODY_LIMIT;

use crate::harness::{API_TOKEN, App, devino_status};

fn assert_refused(what: &str, expected: u16, (status, body): (u16, Value)) {
    assert_eq!(status, expected, "{what}: HTTP status (body {body})");
    assert!(
        body["error"].as_str().is_some_and(|s| !s.trim().is_empty()),
        "{what}: a 4xx carries a JSON {{\"error\": \"...\"}} saying why, got {body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_webhooks_store_nothing_and_accepted_ones_are_committed_before_the_2xx() {
    let app = App::start().await;
    let status_url = app.webhook_url(app.account_id, "status").await;
    let incoming_url = app.webhook_url(app.account_id, "incoming").await;
    let token_base = status_url.trim_end_matches("/status").to_owned();
    let before = app.counts();

    assert_refused(
        "malformed JSON to status",
        400,
        app.post_raw(&status_url, b"[{\"messageId\": 1, ".to_vec())
            .await,
    );
    assert_refused(
        "malformed JSON to incoming",
        400,
        app.post_raw(&incoming_url, b"{not json".to_vec()).await,
    );
    assert_refused(
        "an object where the status endpoint wants an array",
        400,
        app.post_json(
            &status_url,
            &json!({"messageId": 42, "ts": 1, "status": "SENT", "errorCode": 0}),
        )
        .await,
    );
    assert_refused(
        "an element without messageId",
        400,
        app.post_json(
            &status_url,
            &json!([{"ts": 1, "status": "SENT", "errorCode": 0, "options": null}]),
        )
        .await,
    );
    // All or nothing: a good status next to a bad one is not half-stored.
    let mut mixed = devino_status("3400000000000000001", 1, "SENT", 0);
    if let Some(a) = mixed.as_array_mut() {
        a.push(json!({"ts": 2, "status": "DELIVERED"}));
    }
    assert_refused(
        "a batch with one bad element",
        400,
        app.post_json(&status_url, &mixed).await,
    );
    assert_refused(
        "an incoming message without from",
        400,
        app.post_json(
            &incoming_url,
            &json!({"incomingMessageId": 5, "to": "Switchboard", "ts": 1, "text": "hi"}),
        )
        .await,
    );
    let mut huge = b"[".to_vec();
    huge.extend(std::iter::repeat_n(b' ', WEBHOOK_BODY_LIMIT));
    huge.extend(b"]");
    assert_refused(
        "a body over WEBHOOK_BODY_LIMIT",
        413,
        app.post_raw(&status_url, huge).await,
    );
    let good = devino_status("3400000000000000002", 1, "SENT", 0);
    assert_refused(
        "an unknown account token",
        404,
        app.post_json(&format!("{}/hooks/not-a-token/status", app.base), &good)
            .await,
    );
    assert_refused(
        "an unknown endpoint",
        404,
        app.post_json(&format!("{token_base}/bogus"), &good).await,
    );
    assert_eq!(
        app.counts(),
        before,
        "refused webhooks must leave every table as it was"
    );

    // Accepted: stored by the time the 2xx arrives (no polling).
    let incoming = app
        .sim
        .incoming_text("79161112233", "stored before the ack");
    let status = app
        .sim
        .post_incoming(&incoming_url, &incoming)
        .await
        .expect("answers");
    assert!((200..300).contains(&status));
    let (code, thread) = app
        .api("get_thread", json!({"phone": "+79161112233"}))
        .await;
    assert_eq!(code, 200, "the thread exists right after the 2xx: {thread}");
    assert_eq!(thread["messages"][0]["text"], "stored before the ack");

    let (status, _) = app
        .post_json(
            &status_url,
            &devino_status("3400000000000000003", 7, "DELIVERED", 0),
        )
        .await;
    assert!((200..300).contains(&status));
    let orphans: i64 = app
        .sql()
        .query_row(
            "SELECT COUNT(*) FROM orphan_statuses WHERE gateway_message_id = '3400000000000000003'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(
        orphans, 1,
        "a status for an id we do not know yet is kept (committed before the 2xx)"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_wants_the_token() {
    let app = App::start().await;
    let url = format!("{}/api/app_info", app.base);
    let r = app
        .http
        .post(&url)
        .json(&json!({}))
        .send()
        .await
        .expect("answers");
    assert_eq!(r.status().as_u16(), 401, "no token: 401");
    let v: Value = r.json().await.unwrap_or(Value::Null);
    assert_eq!(v["code"], "unauthorized", "{v}");

    let r = app
        .http
        .post(&url)
        .bearer_auth("wrong-token")
        .json(&json!({}))
        .send()
        .await
        .expect("answers");
    assert_eq!(r.status().as_u16(), 401, "a wrong token: 401");
    let v: Value = r.json().await.unwrap_or(Value::Null);
    assert_eq!(v["code"], "unauthorized", "{v}");
    assert!(
        !v.to_string().contains(API_TOKEN),
        "the refusal does not echo the real token"
    );

    let r = app
        .http
        .get(format!("{}/api/events?token={API_TOKEN}", app.base))
        .send()
        .await
        .expect("answers");
    assert_eq!(
        r.status().as_u16(),
        401,
        "the event stream is guarded too, and takes no credential from its URL"
    );

    let (status, v) = app.api("no_such_command", json!({})).await;
    assert_eq!(status, 400, "an unknown command is 400: {v}");
    assert_eq!(v["code"], "bad_request");

    let (status, v) = app.api("app_info", json!({})).await;
    assert_eq!(status, 200, "the right token works: {v}");
    app.stop().await;
}
