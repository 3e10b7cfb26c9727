//! What each answer, request body and webhook shape means, without a network.

use std::time::Duration;

use serde_json::json;
use switchboard_core::gateway::{OutgoingMessage, RetryScope, SendError};
use switchboard_core::ingest::IngestEvent;
use switchboard_core::message::{ButtonKind, Content, TemplateButton, TemplateHeader};
use switchboard_core::phone::Phone;
use switchboard_core::status::Status;

use super::{interpret, regain_access, validation, webhook, wire};

fn message(content: Content) -> OutgoingMessage {
    OutgoingMessage {
        our_id: "our-1".into(),
        to: Phone::parse("+7 903 123-45-67").expect("valid"),
        content,
        callback_url: None,
    }
}

fn graph_error(code: i64, details: &str) -> String {
    json!({"error": {"message": format!("(#{code}) Title"), "type": "OAuthException", "code": code,
        "error_data": {"messaging_product": "whatsapp", "details": details},
        "fbtrace_id": "Axyz"}})
    .to_string()
}

#[test]
fn an_accepted_send_gives_the_wamid() {
    let body = r#"{"messaging_product":"whatsapp","contacts":[{"input":"79031234567","wa_id":"79031234567"}],"messages":[{"id":"wamid.HBgL"}]}"#;
    let receipt = interpret(200, None, body).expect("accepted");
    assert_eq!(receipt.gateway_message_id, "wamid.HBgL");
}

#[test]
fn a_200_without_a_message_id_is_not_a_success() {
    for body in [
        "",
        "<html>",
        r#"{"messages":[]}"#,
        r#"{"messages":[{"id":""}]}"#,
    ] {
        let error = interpret(200, None, body).expect_err(body);
        assert!(
            matches!(error, SendError::Retryable { .. }),
            "{body}: {error:?}"
        );
        assert!(!error.to_string().contains('{'), "{error}");
    }
}

#[test]
fn throughput_errors_are_retried_with_the_pause_meta_asks_for() {
    let error = interpret(
        400,
        Some(Duration::from_secs(30)),
        &graph_error(130429, "too many"),
    )
    .expect_err("rate limit");
    let SendError::Retryable {
        reason,
        retry_after,
        scope,
    } = error
    else {
        panic!("a rate limit passes: {error:?}");
    };
    assert_eq!(
        reason.text,
        "Meta's message throughput limit for this phone number was reached (rate limit); the \
         message will be sent again later (too many) [fbtrace_id Axyz]"
    );
    assert_eq!(reason.key, "meta.error.traced");
    assert_eq!(retry_after, Some(Duration::from_secs(30)));
    assert_eq!(
        scope,
        RetryScope::Account,
        "the number's throughput holds back every message"
    );
    let SendError::Retryable {
        retry_after, scope, ..
    } = interpret(400, None, &graph_error(131056, "pair")).expect_err("pair rate")
    else {
        panic!("retryable");
    };
    assert_eq!(
        retry_after,
        Some(Duration::from_secs(6)),
        "one message per 6 s per user"
    );
    assert_eq!(
        scope,
        RetryScope::Message,
        "the pair rate limit holds back only this customer's messages"
    );
}

#[test]
fn the_usage_header_names_the_wait_in_minutes() {
    let header = r#"{"1234": [{"type": "whatsapp", "call_count": 100, "estimated_time_to_regain_access": 3}]}"#;
    assert_eq!(regain_access(header), Some(Duration::from_secs(180)));
    assert_eq!(
        regain_access(r#"{"1": [{"estimated_time_to_regain_access": 0}]}"#),
        None
    );
    assert_eq!(regain_access("not json"), None);
}

#[test]
fn a_huge_regain_time_is_capped_at_an_hour_not_an_overflow() {
    let hour = Duration::from_secs(3600);
    for minutes in ["61", "307445734561825861", "18446744073709551615"] {
        let header = format!(r#"{{"1": [{{"estimated_time_to_regain_access": {minutes}}}]}}"#);
        assert_eq!(regain_access(&header), Some(hour), "{minutes} minutes");
    }
    assert_eq!(
        regain_access(r#"{"1": [{"estimated_time_to_regain_access": -5}]}"#),
        None,
        "a negative wait is no wait"
    );
}

#[test]
fn refusals_quote_the_details_as_a_sentence() {
    let error = interpret(
        400,
        None,
        &graph_error(100, "Param text['body'] is required"),
    )
    .expect_err("invalid");
    let SendError::Rejected { code, reason } = error else {
        panic!("not worth retrying");
    };
    assert_eq!(code.as_deref(), Some("100"));
    assert!(
        reason.text.contains("parameter") && reason.text.contains("Param text['body'] is required")
    );
    let SendError::Rejected { reason, .. } =
        interpret(401, None, &graph_error(190, "expired")).expect_err("token")
    else {
        panic!("a token will not get better by retrying");
    };
    assert!(reason.text.contains("access token"), "{reason}");
}

#[test]
fn unknown_codes_follow_the_http_status() {
    assert!(matches!(
        interpret(500, None, &graph_error(999_001, "x")),
        Err(SendError::Retryable { .. })
    ));
    assert!(matches!(
        interpret(400, None, &graph_error(999_001, "x")),
        Err(SendError::Rejected { .. })
    ));
    assert!(matches!(
        interpret(503, None, "<html>Service Unavailable</html>"),
        Err(SendError::Retryable { .. })
    ));
    let Err(SendError::Rejected { reason, .. }) = interpret(401, None, "") else {
        panic!("401 is about credentials");
    };
    assert!(reason.text.contains("access token"));
}

#[test]
fn a_template_carries_header_body_and_button_components() {
    let body = wire::request_body(
        &message(Content::Template {
            id: "order_shipped".into(),
            params: vec!["Anna".into(), "42".into()],
            language: None,
            header: Some(TemplateHeader::Document {
                url: "https://example.com/files/invoice.pdf".into(),
                name: None,
            }),
            buttons: vec![
                TemplateButton {
                    index: 0,
                    sub_type: ButtonKind::Url,
                    value: "track/42".into(),
                },
                TemplateButton {
                    index: 1,
                    sub_type: ButtonKind::QuickReply,
                    value: "STOP".into(),
                },
            ],
            rendered: None,
        }),
        "ru",
    );
    assert_eq!(
        body,
        json!({
            "messaging_product": "whatsapp", "recipient_type": "individual", "to": "79031234567",
            "type": "template",
            "template": {"name": "order_shipped", "language": {"code": "ru"}, "components": [
                {"type": "header", "parameters": [{"type": "document", "document":
                    {"link": "https://example.com/files/invoice.pdf", "filename": "invoice.pdf"}}]},
                {"type": "body", "parameters": [{"type": "text", "text": "Anna"},
                                                {"type": "text", "text": "42"}]},
                {"type": "button", "sub_type": "url", "index": "0",
                 "parameters": [{"type": "text", "text": "track/42"}]},
                {"type": "button", "sub_type": "quick_reply", "index": "1",
                 "parameters": [{"type": "payload", "payload": "STOP"}]},
            ]}
        })
    );
}

#[test]
fn media_go_as_their_kind_with_caption_and_file_name() {
    let doc = wire::request_body(
        &message(Content::Media {
            url: "https://example.com/a.pdf?x=1".into(),
            mime: Some("application/pdf".into()),
            name: None,
            caption: Some("the offer".into()),
        }),
        "en_US",
    );
    assert_eq!(doc["type"], "document");
    assert_eq!(
        doc["document"],
        json!({"link": "https://example.com/a.pdf?x=1", "caption": "the offer", "filename": "a.pdf"})
    );
    let text = wire::request_body(&message(Content::Text { text: "hi".into() }), "en_US");
    assert_eq!(text["text"], json!({"preview_url": false, "body": "hi"}));
    let audio = wire::request_body(
        &message(Content::Media {
            url: "https://example.com/v.ogg".into(),
            mime: Some("audio/ogg; codecs=opus".into()),
            name: None,
            caption: None,
        }),
        "en_US",
    );
    assert_eq!(audio["type"], "audio");
    assert_eq!(audio["audio"], json!({"link": "https://example.com/v.ogg"}));
}

#[test]
fn validation_refuses_what_meta_would() {
    let refused = [
        Content::Text {
            text: "x".repeat(4097),
        },
        Content::Media {
            url: "https://example.com/v.ogg".into(),
            mime: Some("audio/ogg".into()),
            name: None,
            caption: Some("no captions on audio".into()),
        },
        Content::Template {
            id: "Order Shipped".into(),
            params: vec![],
            language: None,
            header: None,
            buttons: vec![],
            rendered: None,
        },
        Content::Template {
            id: "order_shipped".into(),
            params: vec!["two\nlines".into()],
            language: None,
            header: None,
            buttons: vec![],
            rendered: None,
        },
    ];
    for content in refused {
        assert!(validation::content(&content).is_err(), "{content:?}");
    }
    assert!(
        validation::content(&Content::Text {
            text: "x".repeat(4096)
        })
        .is_ok()
    );
    assert!(validation::phone_number_id("+1 555 0100").is_err());
    assert!(validation::phone_number_id("106540352242922").is_ok());
}

fn notification(value: serde_json::Value) -> Vec<u8> {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "102290129340398",
        "changes": [{"field": "messages", "value": value}]}]})
    .to_string()
    .into_bytes()
}

#[test]
fn every_incoming_type_becomes_something_readable() {
    let body = notification(json!({
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": "1065"},
        "contacts": [{"profile": {"name": "Anna"}, "wa_id": "79031234567"}],
        "messages": [
            {"from": "79031234567", "id": "wamid.1", "timestamp": "1700000000", "type": "text",
             "text": {"body": "hello"}},
            {"from": "79031234567", "id": "wamid.2", "timestamp": "1700000001", "type": "image",
             "image": {"id": "1479537139650973", "mime_type": "image/jpeg", "caption": "look"}},
            {"from": "79031234567", "id": "wamid.3", "timestamp": "1700000002", "type": "location",
             "location": {"latitude": 55.75, "longitude": 37.61, "name": "Office"}},
            {"from": "79031234567", "id": "wamid.4", "timestamp": "1700000003", "type": "reaction",
             "reaction": {"message_id": "wamid.x", "emoji": "👍"}},
            {"from": "79031234567", "id": "wamid.5", "timestamp": "1700000004", "type": "poll_vote",
             "poll_vote": {}},
        ]
    }));
    let events = webhook::parse("1065", &body).expect("documented shape");
    let messages: Vec<_> = events
        .iter()
        .map(|e| match e {
            IngestEvent::Message(m) => m,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(messages.len(), 5, "nothing is dropped");
    assert_eq!(messages[0].profile_name.as_deref(), Some("Anna"));
    assert_eq!(
        messages[0].at.as_millis(),
        1_700_000_000_000,
        "seconds become ms"
    );
    assert_eq!(
        messages[1].content,
        Content::Media {
            url: "meta-media:1479537139650973".into(),
            mime: Some("image/jpeg".into()),
            name: None,
            caption: Some("look".into()),
        }
    );
    assert_eq!(messages[2].content.preview(), "📍 Office (55.75, 37.61)");
    assert_eq!(messages[3].content.preview(), "Reacted 👍 to a message");
    assert!(messages[4].content.preview().contains("poll_vote"));
}

#[test]
fn another_numbers_events_are_ignored() {
    let body = notification(json!({
        "metadata": {"phone_number_id": "999"},
        "statuses": [{"id": "wamid.1", "status": "sent", "timestamp": "1700000000",
                      "recipient_id": "79031234567"}]
    }));
    assert_eq!(webhook::parse("1065", &body), Ok(vec![]));
}

#[test]
fn statuses_map_and_failures_explain_themselves() {
    let body = notification(json!({
        "metadata": {"phone_number_id": "1065"},
        "statuses": [
            {"id": "wamid.1", "status": "read", "timestamp": "1700000000", "recipient_id": "1"},
            {"id": "wamid.2", "status": "failed", "timestamp": "1700000000", "recipient_id": "1",
             "errors": [{"code": 131047, "title": "Re-engagement message",
                         "error_data": {"details": "More than 24 hours"}}]},
            {"id": "wamid.3", "status": "failed", "timestamp": "1700000000", "recipient_id": "1",
             "errors": [{"code": 130429, "title": "Rate limit hit"}]},
            {"id": "wamid.4", "status": "deleted", "timestamp": "1700000000", "recipient_id": "1"},
        ]
    }));
    let reports: Vec<_> = webhook::parse("1065", &body)
        .expect("documented shape")
        .into_iter()
        .map(|e| match e {
            IngestEvent::Status(s) => s,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(reports[0].change.status, Status::Seen);
    assert_eq!(reports[1].change.status, Status::Failed);
    assert_eq!(reports[1].change.code.as_deref(), Some("131047"));
    assert!(
        reports[1]
            .change
            .reason
            .as_ref()
            .is_some_and(|r| r.text.contains("24 hours"))
    );
    assert!(!reports[1].retry, "a template is needed, not a retry");
    assert!(reports[2].retry, "a throughput limit passes");
    assert_eq!(reports[3].change.status, Status::Other("deleted".into()));
}

#[tokio::test]
async fn media_links_outside_metas_servers_are_never_fetched() {
    use switchboard_core::gateway::{Gateway, GatewayConfig, Secret};
    let gateway = super::MetaCloudGateway::new(
        reqwest::Client::new(),
        crate::media::Fetcher::default(),
        Duration::from_secs(1),
        GatewayConfig {
            kind: switchboard_core::account::GatewayKind::MetaCloud,
            base_url: String::new(),
            sender: "106540352242922".into(),
            secret: Some(Secret::new("EAAtoken")),
            options: serde_json::Map::new(),
        },
    );
    for link in [
        "https://evil.example.com/a.jpg",
        "https://lookaside.fbsbx.com.evil.example/a.jpg",
        "http://169.254.169.254/latest/meta-data/",
    ] {
        let Err(SendError::Rejected { reason, .. }) = gateway.fetch_media(link, 1000).await else {
            panic!("{link} is refused for good");
        };
        assert_eq!(reason.key, "gateway.media.not_gateways_server", "{link}");
        assert_eq!(
            reason.arg_text("gateway").as_deref(),
            Some("WhatsApp Cloud API")
        );
    }
    assert_eq!(
        super::media::MEDIA_DOMAINS,
        ["fbsbx.com", "fbcdn.net", "facebook.com", "whatsapp.net"]
    );
}
