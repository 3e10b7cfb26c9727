//! Sends, retries, the credentials check and the simulator's own webhook posts, over HTTP.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use switchboard_core::gateway::{
    Connector, Gateway, GatewayConfig, OutgoingMessage, SendError, WebhookRequest,
};
use switchboard_core::ingest::IngestEvent;
use switchboard_core::message::Content;
use switchboard_core::phone::Phone;
use switchboard_core::status::Status;
use switchboard_gateways::Gateways;
use switchboard_simulator::meta_cloud::ScriptedCustomer;
use tokio::net::TcpListener;

use crate::{APP_SECRET, TOKEN, config, connect, full_secret, gateway, simulator};

fn hello(to: &str) -> OutgoingMessage {
    OutgoingMessage {
        our_id: "our-1".into(),
        to: Phone::parse(to).expect("a valid number"),
        content: Content::Text {
            text: "hello".into(),
        },
        callback_url: None,
    }
}

/// A one-route server answering every send with `status`, `headers` and `body`.
async fn canned(
    status: u16,
    headers: &'static [(&'static str, &'static str)],
    body: String,
) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("an address");
    let app = Router::new().route(
        "/v21.0/{id}/messages",
        post(move || {
            let body = body.clone();
            async move {
                let mut map = HeaderMap::new();
                for (k, v) in headers {
                    map.insert(*k, v.parse().expect("a header value"));
                }
                (StatusCode::from_u16(status).expect("a status"), map, body).into_response()
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/v21.0")
}

fn canned_gateway(base_url: String) -> Arc<dyn Gateway> {
    Gateways::with_timeout(Duration::from_secs(5))
        .connect(GatewayConfig {
            kind: switchboard_core::account::GatewayKind::MetaCloud,
            base_url,
            sender: "106540352242922".into(),
            secret: Some(full_secret(TOKEN, APP_SECRET)),
            options: serde_json::Map::new(),
        })
        .expect("the adapter")
}

const THROTTLED: &str = r#"{"error": {"message": "(#130429) Rate limit hit", "type": "OAuthException",
    "code": 130429, "error_data": {"messaging_product": "whatsapp",
    "details": "Message failed to send because there were too many messages sent from this phone number in a short period of time"},
    "fbtrace_id": "Az8or2yhqkZfEZ"}}"#;

#[tokio::test]
async fn a_throughput_limit_is_retried_after_the_pause_meta_names() {
    let sim = simulator().await;
    sim.inject_error(130429);
    let error = gateway(&sim)
        .send(&hello("+79031234567"))
        .await
        .expect_err("throttled");
    assert!(
        matches!(&error, SendError::Retryable { reason, .. } if reason.text.contains("rate limit")),
        "{error:?}"
    );
    assert!(sim.sent().is_empty(), "nothing was accepted");

    let seconds = canned(400, &[("retry-after", "7")], THROTTLED.to_owned()).await;
    let error = canned_gateway(seconds)
        .send(&hello("+79031234567"))
        .await
        .expect_err("throttled");
    assert!(
        matches!(error, SendError::Retryable { retry_after: Some(d), .. } if d == Duration::from_secs(7)),
        "Retry-After is kept"
    );
    let usage = canned(
        400,
        &[(
            "x-business-use-case-usage",
            r#"{"102290129340398":[{"type":"whatsapp","estimated_time_to_regain_access":2}]}"#,
        )],
        THROTTLED.to_owned(),
    )
    .await;
    let error = canned_gateway(usage)
        .send(&hello("+79031234567"))
        .await
        .expect_err("throttled");
    assert!(
        matches!(error, SendError::Retryable { retry_after: Some(d), .. } if d == Duration::from_secs(120)),
        "the usage header's minutes are kept"
    );
}

#[tokio::test]
async fn an_answer_that_echoes_the_token_never_shows_it() {
    let echo = format!(
        r#"{{"error": {{"code": 100, "message": "(#100) Invalid parameter",
            "error_data": {{"details": "token {TOKEN} is not allowed here"}}}}}}"#
    );
    let base = canned(400, &[], echo).await;
    let error = canned_gateway(base)
        .send(&hello("+79031234567"))
        .await
        .expect_err("refused");
    let SendError::Rejected { reason, .. } = error else {
        panic!("an invalid parameter is not retried");
    };
    let json = serde_json::to_string(&reason).expect("a phrase serializes");
    assert!(
        !json.contains(TOKEN) && reason.text.contains("<redacted>"),
        "neither the English nor the arguments the UI translates show the token: {json}"
    );
    assert_eq!(
        reason.arg_text("details").as_deref(),
        Some("token <redacted> is not allowed here"),
        "Meta's details are an argument of our sentence"
    );
}

#[tokio::test]
async fn the_check_tells_a_good_token_from_a_bad_one() {
    let sim = simulator().await;
    let said = gateway(&sim).check().await.expect("the token works");
    assert!(
        said.text.contains("15550783881") && said.text.contains("Switchboard Sandbox"),
        "{said}"
    );

    let bad = connect(config(&sim, full_secret("EAAexpired", APP_SECRET)));
    match bad.check().await {
        Err(SendError::Rejected { reason, .. }) => {
            assert!(reason.text.contains("access token"), "{reason}")
        }
        other => panic!("a bad token fails the check for good: {other:?}"),
    }
    let mut elsewhere = config(&sim, full_secret(TOKEN, APP_SECRET));
    elsewhere.sender = "999000999".into();
    assert!(
        connect(elsewhere).check().await.is_err(),
        "a phone number ID the token cannot see fails the check"
    );
}

type Log = Arc<Mutex<Vec<WebhookRequest>>>;

/// Stands in for the app's `events` endpoint, recording what the simulator posts.
async fn receiver() -> (String, Log) {
    let log = Log::default();
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("an address");
    let recorded = log.clone();
    let app = Router::new().route(
        "/hooks/t/events",
        post(move |headers: HeaderMap, body: Bytes| {
            let log = recorded.clone();
            async move {
                let headers = headers
                    .iter()
                    .filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned())))
                    .collect();
                log.lock().expect("log").push(WebhookRequest {
                    method: "POST".into(),
                    query: String::new(),
                    headers,
                    body: body.to_vec(),
                });
                StatusCode::OK
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/hooks/t/events"), log)
}

#[tokio::test]
async fn the_simulator_posts_signed_statuses_then_the_customers_answer() {
    let sim = simulator().await;
    let (url, log) = receiver().await;
    sim.set_webhook_url(Some(url.clone()));
    sim.set_customer(Some(ScriptedCustomer {
        incoming_url: url,
        replies: vec!["Thanks!".into()],
        delay: Duration::from_millis(10),
    }));
    let meta = gateway(&sim);
    let receipt = meta.send(&hello("+79031234567")).await.expect("accepted");

    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while log.lock().expect("log").len() < 4 {
        assert!(tokio::time::Instant::now() < deadline, "four posts arrive");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let posts = log.lock().expect("log").clone();
    let events: Vec<IngestEvent> = posts
        .iter()
        .flat_map(|p| {
            meta.parse_webhook("events", p)
                .expect("signed by the simulator")
                .events
        })
        .collect();
    let statuses: Vec<Status> = events
        .iter()
        .filter_map(|e| match e {
            IngestEvent::Status(s) if s.gateway_message_id == receipt.gateway_message_id => {
                Some(s.change.status.clone())
            }
            _ => None,
        })
        .collect();
    assert_eq!(statuses, [Status::Sent, Status::Delivered, Status::Seen]);
    assert!(
        events.iter().any(|e| matches!(e, IngestEvent::Message(m)
            if m.content.preview() == "Thanks!" && m.profile_name.is_some())),
        "the customer answered after reading: {events:?}"
    );
}
