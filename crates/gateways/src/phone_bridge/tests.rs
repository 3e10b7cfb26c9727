//! The adapter without a phone: hand-over, results, incoming messages and options, each case
//! on its own.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{
    Gateway, GatewayConfig, OutgoingMessage, Secret, SendError, WebhookError, WebhookReply,
    WebhookRequest,
};
use switchboard_core::ingest::IngestEvent;
use switchboard_core::message::{Content, Direction};
use switchboard_core::phone::Phone;
use switchboard_core::status::Status;
use switchboard_core::time::Timestamp;

use super::*;

const SECRET: &str = "phone-secret-1-9f86d081884c7d659a2feaa0";

fn config(options: Value) -> GatewayConfig {
    GatewayConfig {
        kind: GatewayKind::PhoneBridge,
        base_url: String::new(),
        sender: "+7 900 000-00-00".into(),
        secret: Some(Secret::new(SECRET)),
        options: options.as_object().cloned().unwrap_or_default(),
    }
}

fn gateway(timeout_s: &str) -> Arc<PhoneBridgeGateway> {
    Arc::new(PhoneBridgeGateway::new(config(
        json!({ "pickup_timeout_s": timeout_s }),
    )))
}

fn message(id: &str, text: &str) -> OutgoingMessage {
    OutgoingMessage {
        our_id: id.into(),
        to: Phone::parse("+7 903 123-45-67").expect("valid"),
        content: Content::Text { text: text.into() },
        callback_url: None,
    }
}

fn signed(method: &str, body: Value) -> WebhookRequest {
    WebhookRequest {
        method: method.into(),
        query: format!("token={SECRET}"),
        headers: Vec::new(),
        body: if body.is_null() {
            Vec::new()
        } else {
            serde_json::to_vec(&body).expect("json")
        },
    }
}

fn next(gateway: &PhoneBridgeGateway) -> Value {
    let outcome = gateway
        .parse_webhook("next", &signed("GET", Value::Null))
        .expect("the phone may ask");
    assert!(outcome.events.is_empty(), "asking for work stores nothing");
    let Some(WebhookReply::Json(body)) = outcome.reply else {
        panic!("the phone is answered with JSON: {:?}", outcome.reply);
    };
    serde_json::from_str(&body).expect("the reply is JSON")
}

fn one(gateway: &PhoneBridgeGateway, endpoint: &str, body: Value) -> IngestEvent {
    let mut events = gateway
        .parse_webhook(endpoint, &signed("POST", body))
        .expect("accepted")
        .events;
    assert_eq!(events.len(), 1);
    events.remove(0)
}

#[tokio::test]
async fn a_message_waits_until_the_phone_takes_it() {
    let gateway = gateway("5");
    assert_eq!(
        next(&gateway),
        json!({ "message": null }),
        "nothing waits yet"
    );
    let sending = tokio::spawn({
        let gateway = gateway.clone();
        async move { gateway.send(&message("m-1", "Hello")).await }
    });
    let reply = loop {
        let reply = next(&gateway);
        if !reply["message"].is_null() {
            break reply;
        }
        tokio::task::yield_now().await;
    };
    assert_eq!(
        reply,
        json!({ "message": {
            "id": "m-1", "phone": "+79031234567", "digits": "79031234567",
            "text": "Hello", "link": "https://wa.me/79031234567"
        }})
    );
    let receipt = sending.await.expect("joined").expect("taken, so sent");
    assert_eq!(receipt.gateway_message_id, "m-1");
    assert_eq!(
        next(&gateway),
        json!({ "message": null }),
        "handed out once"
    );
}

#[tokio::test]
async fn a_phone_that_does_not_ask_fails_the_send_for_a_retry() {
    let gateway = gateway("0.1");
    let error = gateway
        .send(&message("m-2", "Hello"))
        .await
        .expect_err("nobody asked");
    let SendError::Retryable { reason, .. } = error else {
        panic!("the phone may come back: {error:?}");
    };
    assert_eq!(
        reason.text,
        "The phone has not asked for messages for 0.1 s: is the automation app running and the \
         phone online?"
    );
    assert_eq!(reason.key, "phone_bridge.not_picked_up");
    assert_eq!(
        next(&gateway),
        json!({ "message": null }),
        "a withdrawn message is never handed out late: the outbox will send it again"
    );
}

#[tokio::test]
async fn a_send_given_up_is_not_handed_out() {
    let gateway = gateway("5");
    let sending = tokio::spawn({
        let gateway = gateway.clone();
        async move { gateway.send(&message("m-3", "Hello")).await }
    });
    while gateway.handover.waiting().is_none() {
        tokio::task::yield_now().await;
    }
    sending.abort();
    let _ = sending.await;
    assert_eq!(next(&gateway), json!({ "message": null }));
    // The slot is free for the next message.
    let again = tokio::spawn({
        let gateway = gateway.clone();
        async move { gateway.send(&message("m-4", "Again")).await }
    });
    while gateway.handover.waiting().is_none() {
        tokio::task::yield_now().await;
    }
    assert_eq!(next(&gateway)["message"]["id"], "m-4");
    assert!(again.await.expect("joined").is_ok());
}

#[test]
fn results_become_statuses_of_our_message() {
    let gateway = gateway("5");
    let cases = [
        (
            json!({"id": "m-1", "status": "sent", "at": 1_700_000_000_000_i64}),
            Status::Sent,
        ),
        (json!({"id": "m-1", "status": 1}), Status::Sent),
        (
            json!({"id": "m-1", "status": "DELIVERED"}),
            Status::Delivered,
        ),
        (json!({"id": "m-1", "status": "read"}), Status::Seen),
        (json!({"id": "m-1", "status": "failed"}), Status::Failed),
        (json!({"id": "m-1", "status": "2"}), Status::Failed),
        (
            json!({"id": "m-1", "status": "typing"}),
            Status::Other("typing".into()),
        ),
    ];
    for (body, expected) in cases {
        let IngestEvent::Status(report) = one(&gateway, "result", body.clone()) else {
            panic!("a result is a status");
        };
        assert_eq!(report.change.status, expected, "{body}");
        assert_eq!(report.gateway_message_id, "m-1");
        assert_eq!(report.our_id.as_deref(), Some("m-1"));
        if expected.is_failure() {
            assert!(
                report.change.reason.is_some_and(|r| r.text.len() > 20),
                "{body}"
            );
        }
    }
    let IngestEvent::Status(timed) = one(
        &gateway,
        "result",
        json!({"id": 42, "status": "sent", "at": "2023-11-14T22:13:20.123Z"}),
    ) else {
        panic!("a status");
    };
    assert_eq!(
        timed.gateway_message_id, "42",
        "numeric ids are taken as text"
    );
    assert_eq!(timed.change.at, Timestamp::from_millis(1_700_000_000_123));
}

#[test]
fn a_failure_says_what_the_phone_said_without_the_secret() {
    let gateway = gateway("5");
    let body = json!({"id": "m-1", "status": "failed",
        "error": format!("Chat did not open\n(token={SECRET})")});
    let IngestEvent::Status(report) = one(&gateway, "result", body) else {
        panic!("a status");
    };
    let reason = report.change.reason.expect("a failure says why");
    assert_eq!(
        reason.text,
        "The phone could not send the message: Chat did not open (token=<redacted>)"
    );
    assert_eq!(
        reason.arg_text("error").as_deref(),
        Some("Chat did not open (token=<redacted>)"),
        "the phone's words are an argument, and the secret is cut out of it too"
    );
    let code_two = one(&gateway, "result", json!({"id": "m-1", "status": 2}));
    let IngestEvent::Status(report) = code_two else {
        panic!("a status");
    };
    assert!(
        report
            .change
            .reason
            .is_some_and(|r| r.text.contains("may not be on WhatsApp"))
    );
}

#[test]
fn an_incoming_notification_becomes_a_message_in_its_thread() {
    let gateway = gateway("5");
    let IngestEvent::Message(m) = one(
        &gateway,
        "incoming",
        json!({"phone": "8 (903) 123-45-67", "name": "Anna", "text": "Hi!", "at": 1_700_000_000}),
    ) else {
        panic!("a message");
    };
    assert_eq!(m.direction, Direction::In);
    assert_eq!(m.phone.e164(), "+79031234567");
    assert_eq!(m.profile_name.as_deref(), Some("Anna"));
    assert_eq!(m.content, Content::Text { text: "Hi!".into() });
    assert_eq!(
        m.at,
        Timestamp::from_millis(1_700_000_000_000),
        "seconds are read as seconds"
    );
}

#[test]
fn a_title_that_is_the_number_is_the_phone_not_a_name() {
    let gateway = gateway("5");
    let IngestEvent::Message(m) = one(
        &gateway,
        "incoming",
        json!({"title": "+7 903 123-45-67", "text": "Hi!"}),
    ) else {
        panic!("a message");
    };
    assert_eq!(m.phone.e164(), "+79031234567");
    assert_eq!(m.profile_name, None);
    let IngestEvent::Message(m) = one(
        &gateway,
        "incoming",
        json!({"phone": "+79031234567", "name": "+7 903 123-45-67", "text": "Hi!"}),
    ) else {
        panic!("a message");
    };
    assert_eq!(m.profile_name, None);
}

#[test]
fn a_repeated_post_without_an_id_is_the_same_message() {
    let gateway = gateway("5");
    let id = |body: Value| match one(&gateway, "incoming", body) {
        IngestEvent::Message(m) => m.gateway_message_id,
        IngestEvent::Status(_) => panic!("a message"),
    };
    let at = 1_700_000_000_000_i64;
    let first = id(json!({"phone": "+79031234567", "text": "ok", "at": at}));
    assert_eq!(
        first,
        id(json!({"phone": "+7 903 123 45 67", "text": "ok", "at": at + 5_000}))
    );
    assert_ne!(
        first,
        id(json!({"phone": "+79031234567", "text": "ok!", "at": at}))
    );
    assert_ne!(
        first,
        id(json!({"phone": "+79031234568", "text": "ok", "at": at}))
    );
    assert_ne!(
        first,
        id(json!({"phone": "+79031234567", "text": "ok", "at": at + 60_000}))
    );
    assert_eq!(
        id(json!({"phone": "+79031234567", "text": "ok", "id": 77})),
        "in-77",
        "the app's own id wins"
    );
}

#[test]
fn bodies_the_phone_cannot_have_meant_are_refused_with_a_reason() {
    let gateway = gateway("5");
    for (endpoint, body) in [
        ("result", json!({"status": "sent"})),
        ("result", json!({"id": "m-1"})),
        (
            "result",
            json!({"id": "m-1", "status": "sent", "at": "yesterday"}),
        ),
        ("incoming", json!({"text": "no number"})),
        (
            "incoming",
            json!({"title": "Anna", "text": "a saved contact"}),
        ),
        ("incoming", json!({"phone": "call me", "text": "x"})),
        ("incoming", json!({"phone": "+79031234567", "text": "  "})),
        ("incoming", json!([1, 2])),
    ] {
        let error = gateway
            .parse_webhook(endpoint, &signed("POST", body.clone()))
            .expect_err("refused");
        assert!(
            matches!(error, WebhookError::Malformed(ref m) if m.len() > 15),
            "{endpoint} {body}: {error:?}"
        );
    }
    let empty = WebhookRequest {
        body: Vec::new(),
        ..signed("POST", Value::Null)
    };
    assert!(gateway.parse_webhook("result", &empty).is_err());
}

#[test]
fn every_endpoint_wants_the_secret() {
    let gateway = gateway("5");
    for endpoint in ["next", "result", "incoming"] {
        let request = WebhookRequest {
            query: "token=guess".into(),
            ..signed("POST", json!({"id": "m-1", "status": "sent"}))
        };
        assert!(matches!(
            gateway.parse_webhook(endpoint, &request),
            Err(WebhookError::Unauthenticated(_))
        ));
    }
    assert!(matches!(
        gateway.parse_webhook("status", &signed("POST", json!({}))),
        Err(WebhookError::UnknownEndpoint(_))
    ));
}

#[test]
fn the_pickup_timeout_option_is_read_and_checked() {
    let read = |v: Value| pickup_timeout(v.as_object().expect("an object"));
    assert_eq!(read(json!({})), Ok(DEFAULT_PICKUP_TIMEOUT));
    assert_eq!(
        read(json!({"pickup_timeout_s": "30"})),
        Ok(Duration::from_secs(30))
    );
    assert_eq!(
        read(json!({"pickup_timeout_s": 0.5})),
        Ok(Duration::from_millis(500))
    );
    for bad in [json!("soon"), json!("0"), json!(90), json!(true)] {
        let error = read(json!({ "pickup_timeout_s": bad })).expect_err("refused");
        assert!(error.text.contains("pickup_timeout_s"), "{error}");
    }
    let broken = PhoneBridgeGateway::new(config(json!({"pickup_timeout_s": "120"})));
    assert!(
        broken.validate(&message("m", "hi")).is_err(),
        "said before queuing"
    );
}

#[test]
fn only_text_within_the_limit_is_accepted() {
    let gateway = gateway("5");
    assert!(gateway.validate(&message("m", "hi")).is_ok());
    let long = "я".repeat(MAX_TEXT_CHARS + 1);
    let error = gateway
        .validate(&message("m", &long))
        .expect_err("too long");
    assert!(error.0.text.contains("4096"), "{error}");
    let mut media = message("m", "");
    media.content = Content::Media {
        url: "https://example.com/a.jpg".into(),
        mime: Some("image/jpeg".into()),
        name: None,
        caption: None,
    };
    assert!(gateway.validate(&media).is_err());
}

#[tokio::test]
async fn without_a_secret_nothing_is_sent_and_check_says_so() {
    let mut config = config(json!({}));
    config.secret = None;
    let gateway = PhoneBridgeGateway::new(config);
    assert!(matches!(
        gateway.send(&message("m", "hi")).await,
        Err(SendError::Rejected { .. })
    ));
    assert!(gateway.check().await.is_err());
    let ok = PhoneBridgeGateway::new(self::config(json!({})));
    let said = ok.check().await.expect("nothing to call");
    assert!(said.text.contains("checked on the first send"), "{said}");
}

#[test]
fn a_secret_with_spaces_or_markup_is_cut_out_before_the_error_is_folded_or_shortened() {
    let secret = "k{e}y \"quoted\"\n<with>  [spaces] 9f86d081884c7d65a";
    let stored = Secret::new(secret);
    let json_escaped = serde_json::to_string(secret).expect("a string");
    let json_escaped = json_escaped.trim_matches('"');
    for error in [
        format!("request failed: {secret}"),
        // Folding the new line and the double space would hide it from a later search.
        format!("request failed: {json_escaped}"),
        // At the cut: 300 characters are kept, and the secret straddles the 300th.
        format!("{}{secret}", "x".repeat(290)),
        // As the app put it in its own URL.
        format!("GET /next?token={}", percent_encoded(secret)),
    ] {
        let body = serde_json::to_vec(&json!({"id": "m-1", "status": "failed", "error": error}))
            .expect("json");
        let IngestEvent::Status(report) =
            super::result::parse(&body, Some(&stored), Timestamp::now()).expect("a result")
        else {
            panic!("a status");
        };
        let reason = report.change.reason.expect("a failure says why");
        let shown = serde_json::to_string(&reason).expect("serializes");
        for part in ["k{e}y", "k e y", "quoted", "spaces", "9f86d0"] {
            assert!(
                !shown.contains(part),
                "{part} leaked from {error:?}: {shown}"
            );
        }
    }
}

#[tokio::test]
async fn check_refuses_a_token_that_could_be_guessed() {
    for weak in ["phone-secret-1", "passwordpasswordpasswordpassword"] {
        let mut config = config(json!({}));
        config.secret = Some(Secret::new(weak));
        let error = PhoneBridgeGateway::new(config)
            .check()
            .await
            .expect_err(weak);
        let SendError::Rejected { code, reason } = error else {
            panic!("a weak token is refused, not retried");
        };
        assert_eq!(code.as_deref(), Some("weak_secret"));
        assert!(reason.key.starts_with("phone_bridge.token."), "{reason}");
    }
    assert_eq!(
        crate::secret_problem(GatewayKind::PhoneBridge, "short").map(|p| p.key),
        Some("phone_bridge.token.too_short".into())
    );
    assert_eq!(crate::secret_problem(GatewayKind::Devino, "short"), None);
}

fn percent_encoded(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
