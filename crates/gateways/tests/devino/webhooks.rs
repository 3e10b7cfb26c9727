//! Parsing what Devino posts: documented shapes, tolerated variants, and refusals.

use switchboard_core::gateway::{WebhookError, WebhookRequest};
use switchboard_core::ingest::IngestEvent;
use switchboard_core::message::Content;
use switchboard_core::status::Status;
use switchboard_core::time::Timestamp;
use switchboard_simulator::IncomingMessage;

use crate::receiver::Receiver;
use crate::{eventually, gateway, simulator};

fn request(body: &str) -> WebhookRequest {
    WebhookRequest {
        method: "POST".to_owned(),
        body: body.as_bytes().to_vec(),
        ..WebhookRequest::default()
    }
}

#[tokio::test]
async fn an_incoming_message_posted_by_the_simulator_becomes_a_message() {
    let sim = simulator().await;
    let devino = gateway(&sim);
    let receiver = Receiver::start().await;
    let photo = IncomingMessage {
        content_url: Some("https://cdn.example/p.jpg".to_owned()),
        content_type: Some("image/jpeg".to_owned()),
        content_name: Some("p.jpg".to_owned()),
        ..sim.incoming_text("79031112233", "look")
    };
    let status = sim.post_incoming(&receiver.url("incoming"), &photo).await;
    assert_eq!(status, Ok(200), "the receiver acknowledged it");
    let request = eventually("the posted message", async || {
        receiver.requests("incoming").pop()
    })
    .await;
    let events = devino
        .parse_webhook("incoming", &request)
        .expect("documented shape")
        .events;
    let [IngestEvent::Message(m)] = events.as_slice() else {
        panic!("one message expected, got {events:?}");
    };
    assert_eq!(m.gateway_message_id, photo.incoming_message_id.to_string());
    assert_eq!(m.at, Timestamp::from_millis(photo.ts), "ts is milliseconds");
    assert_eq!(
        m.content,
        Content::Media {
            url: "https://cdn.example/p.jpg".to_owned(),
            mime: Some("image/jpeg".to_owned()),
            name: Some("p.jpg".to_owned()),
            caption: Some("look".to_owned()),
        }
    );
}

#[tokio::test]
async fn locations_contacts_and_batches_become_readable_text() {
    let sim = simulator().await;
    let devino = gateway(&sim);
    let body = r#"[
        {"incomingMessageId": 1, "to": "MyCompany", "from": "79031112233", "ts": 1700000000000,
         "whatsAppGeoLocation": {"latitude": 55.75, "longitude": 37.61,
                                 "address": "Tverskaya 1", "addressName": "Office"}},
        {"incomingMessageId": "2", "to": "MyCompany", "from": "+79031112233", "ts": 1700000000001,
         "whatsAppContacts": [{"contactName": [{"formattedName": "Ivan Petrov"}],
                               "phones": [{"phone": "+79035550000", "type": "CELL"}]}]}
    ]"#;
    let events = devino
        .parse_webhook("incoming", &request(body))
        .expect("parses")
        .events;
    let texts: Vec<String> = events
        .iter()
        .map(|e| match e {
            IngestEvent::Message(m) => m.content.preview(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        texts,
        [
            "📍 Office, Tverskaya 1 (55.75, 37.61)",
            "👤 Ivan Petrov +79035550000"
        ]
    );
}

#[tokio::test]
async fn status_variants_in_the_wild_are_read() {
    let sim = simulator().await;
    let devino = gateway(&sim);
    let body = r#"[
        {"messageId": "3482512350952730368", "ts": 1700000000000, "status": "delivered",
         "errorCode": "0", "options": "", "extra": true},
        {"messageId": 3482512350952730369, "ts": 1700000000001, "status": "PAUSED",
         "errorCode": 2009},
        {"messageId": 3482512350952730370, "ts": 1700000000002, "status": "UNDELIVERED",
         "errorCode": 2312, "options": "our-1"}
    ]"#;
    let events = devino
        .parse_webhook("status", &request(body))
        .expect("parses")
        .events;
    let reports: Vec<_> = events
        .into_iter()
        .map(|e| match e {
            IngestEvent::Status(s) => s,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        reports[0].change.status,
        Status::Delivered,
        "words are matched ignoring case"
    );
    assert_eq!(reports[0].our_id, None, "empty options is no id");
    assert_eq!(reports[0].change.code, None, "\"0\" is no error");
    assert_eq!(
        reports[1].change.status,
        Status::Other("PAUSED".to_owned()),
        "unknown words are kept"
    );
    assert_eq!(
        reports[1].change.code.as_deref(),
        Some("2009"),
        "a code does not change the word"
    );
    assert_eq!(reports[2].our_id.as_deref(), Some("our-1"));
    assert!(
        reports[2]
            .change
            .reason
            .as_ref()
            .is_some_and(|r| r.text.contains("24 hours") && r.key == "devino.status.2312")
    );
    assert!(
        devino
            .parse_webhook("status", &request("[]"))
            .expect("fine")
            .events
            .is_empty(),
        "an empty array is no news, not an error"
    );
}

#[tokio::test]
async fn malformed_webhooks_are_refused_whole() {
    let sim = simulator().await;
    let devino = gateway(&sim);
    let good = r#"{"messageId": 1, "ts": 1, "status": "SENT"}"#;
    let cases = [
        ("status", "not json".to_owned(), "not JSON"),
        ("status", good.to_owned(), "array"),
        (
            "status",
            format!(r#"[{good}, {{"ts": 1, "status": "SENT"}}]"#),
            "[1] has no 'messageId'",
        ),
        (
            "status",
            r#"[{"messageId": 1, "status": "SENT"}]"#.to_owned(),
            "no 'ts'",
        ),
        (
            "status",
            r#"[{"messageId": 1, "ts": 1}]"#.to_owned(),
            "no 'status'",
        ),
        (
            "status",
            r#"[{"messageId": "abc", "ts": 1, "status": "SENT"}]"#.to_owned(),
            "messageId",
        ),
        (
            "incoming",
            r#"{"from": "79031112233", "ts": 1}"#.to_owned(),
            "incomingMessageId",
        ),
        (
            "incoming",
            r#"{"incomingMessageId": 1, "ts": 1}"#.to_owned(),
            "no 'from'",
        ),
        (
            "incoming",
            r#"{"incomingMessageId": 1, "from": "79031112233"}"#.to_owned(),
            "no 'ts'",
        ),
        (
            "incoming",
            r#"{"incomingMessageId": 1, "from": "abc", "ts": 1}"#.to_owned(),
            "'from'",
        ),
        ("incoming", "42".to_owned(), "JSON object"),
    ];
    for (endpoint, body, words) in cases {
        match devino.parse_webhook(endpoint, &request(&body)) {
            Err(WebhookError::Malformed(m)) => {
                assert!(
                    m.contains(words),
                    "'{m}' should name what is wrong ({words}) in {body}"
                );
            }
            other => panic!("{endpoint} {body} must be refused whole, got {other:?}"),
        }
    }
    assert_eq!(
        devino.parse_webhook("billing", &request("{}")),
        Err(WebhookError::UnknownEndpoint("billing".to_owned()))
    );
}
