//! The adapter's pure parts: validation, the request body, `template_params`, and the reading
//! of answers, callbacks and look-ups.

use std::time::Duration;

use serde_json::json;
use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{
    Gateway, GatewayConfig, OutgoingMessage, Secret, SendError, SendReceipt,
};
use switchboard_core::ingest::IngestEvent;
use switchboard_core::message::{ButtonKind, Content, TemplateButton, TemplateHeader};
use switchboard_core::phone::Phone;
use switchboard_core::status::Status;
use switchboard_core::time::Timestamp;

use super::template::{Account, Template};
use super::{DecisionTelecomGateway, errors, lookup, send, status, template};

fn gateway(namespace: Option<&str>) -> DecisionTelecomGateway {
    let mut options = serde_json::Map::new();
    if let Some(ns) = namespace {
        options.insert("namespace".into(), ns.into());
    }
    DecisionTelecomGateway::new(
        reqwest::Client::new(),
        crate::media::Fetcher::default(),
        Duration::from_secs(30),
        GatewayConfig {
            kind: GatewayKind::DecisionTelecom,
            base_url: String::new(),
            sender: "Custom Company".to_owned(),
            secret: Some(Secret::new("k")),
            options,
        },
    )
}

fn outgoing(content: Content) -> OutgoingMessage {
    OutgoingMessage {
        our_id: "our-1".to_owned(),
        to: Phone::parse("+380631234567").expect("valid"),
        content,
        callback_url: Some("https://us.example/hooks/status".to_owned()),
    }
}

fn validate(content: Content) -> Result<(), String> {
    gateway(Some("ns"))
        .validate(&outgoing(content))
        .map_err(|e| e.0.text)
}

fn image(url: &str, caption: Option<&str>) -> Content {
    Content::Media {
        url: url.to_owned(),
        mime: Some("image/jpeg".to_owned()),
        name: None,
        caption: caption.map(str::to_owned),
    }
}

fn template(params: &[&str], language: Option<&str>) -> Content {
    Content::Template {
        id: "media_2_english".to_owned(),
        params: params.iter().map(|p| (*p).to_owned()).collect(),
        language: language.map(str::to_owned),
        header: None,
        buttons: vec![],
        rendered: None,
    }
}

#[test]
fn text_is_counted_in_characters_up_to_4096() {
    assert_eq!(
        validate(Content::Text {
            text: "я".repeat(4096)
        }),
        Ok(())
    );
    assert_eq!(
        validate(Content::Text {
            text: "x".repeat(4097)
        }),
        Err("DecisionTelecom accepts at most 4096 characters; this message has 4097.".to_owned())
    );
    assert!(validate(Content::Text { text: " ".into() }).is_err());
}

#[test]
fn images_need_a_jpg_or_png_link_and_no_caption() {
    for ok in [
        "https://e.com/a.jpg",
        "http://e.com/dir/a.JPEG?size=2",
        "https://e.com/a.png#x",
    ] {
        assert_eq!(validate(image(ok, None)), Ok(()), "{ok}");
    }
    for bad in [
        "https://e.com/a.gif",
        "https://e.com/a",
        "https://e.com/",
        "ftp://e.com/a.jpg",
        "https:///a.jpg",
        "https://e.com/a b.jpg",
    ] {
        assert!(validate(image(bad, None)).is_err(), "{bad}");
    }
    let error = validate(image("https://e.com/a.jpg", Some("Our cat"))).expect_err("caption");
    assert!(error.contains("without a caption"), "{error}");
    assert_eq!(validate(image("https://e.com/a.jpg", Some(""))), Ok(()));
    let gif = Content::Media {
        url: "https://e.com/a.jpg".into(),
        mime: Some("image/gif".into()),
        name: None,
        caption: None,
    };
    assert!(validate(gif).is_err(), "only JPEG and PNG");
}

#[test]
fn templates_need_the_namespace_option_and_filled_parameters() {
    assert_eq!(validate(template(&["Anna"], Some("en_US"))), Ok(()));
    let error = gateway(None)
        .validate(&outgoing(template(&["Anna"], None)))
        .expect_err("no namespace");
    assert!(error.0.text.contains("'namespace'"), "{error}");
    assert!(validate(template(&["Anna", " "], None)).is_err());
    assert!(validate(template(&[], Some("english language"))).is_err());
}

#[test]
fn the_sender_is_at_most_20_characters() {
    let mut long = gateway(Some("ns"));
    long.config.sender = "x".repeat(21);
    let error = long
        .validate(&outgoing(Content::Text { text: "hi".into() }))
        .expect_err("too long");
    assert!(error.0.text.contains("at most 20"), "{error}");
}

#[test]
fn template_params_is_metas_template_message_as_a_string() {
    let account = Account {
        namespace: "xxxxx_xxxx_xxx_xxx_xxxxx",
        language: "en",
    };
    let params = vec!["Anna".to_owned(), "42".to_owned()];
    let header = TemplateHeader::Image {
        url: "https://e.com/image.jpg".to_owned(),
    };
    let buttons = vec![
        TemplateButton {
            index: 0,
            sub_type: ButtonKind::Url,
            value: "order/42".to_owned(),
        },
        TemplateButton {
            index: 1,
            sub_type: ButtonKind::QuickReply,
            value: "STOP".to_owned(),
        },
    ];
    let built = template::template_params(
        "380631234567",
        &account,
        &Template {
            name: "media_2_english",
            params: &params,
            language: Some("en_US"),
            header: Some(&header),
            buttons: &buttons,
        },
    );
    assert_eq!(
        built,
        concat!(
            r#"{"to":"380631234567","type":"template","template":{"namespace":"xxxxx_xxxx_xxx_xxx_xxxxx","#,
            r#""language":{"policy":"deterministic","code":"en_US"},"name":"media_2_english","components":["#,
            r#"{"type":"header","parameters":[{"type":"image","image":{"link":"https://e.com/image.jpg"}}]},"#,
            r#"{"type":"body","parameters":[{"type":"text","text":"Anna"},{"type":"text","text":"42"}]},"#,
            r#"{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"order/42"}]},"#,
            r#"{"type":"button","sub_type":"quick_reply","index":"1","parameters":[{"type":"payload","payload":"STOP"}]}"#,
            r#"]}}"#
        )
    );
    let text_header = TemplateHeader::Text {
        text: "Hi".to_owned(),
    };
    let plain = template::template_params(
        "380631234567",
        &account,
        &Template {
            name: "hello",
            params: &[],
            language: None,
            header: Some(&text_header),
            buttons: &[],
        },
    );
    assert_eq!(
        plain,
        concat!(
            r#"{"to":"380631234567","type":"template","template":{"namespace":"xxxxx_xxxx_xxx_xxx_xxxxx","#,
            r#""language":{"policy":"deterministic","code":"en"},"name":"hello","components":["#,
            r#"{"type":"header","parameters":[{"type":"text","text":"Hi"}]}]}}"#
        ),
        "the account's language when the message names none; no empty body"
    );
}

#[test]
fn the_request_body_has_only_documented_fields() {
    let account = Account {
        namespace: "ns",
        language: "en",
    };
    let text = outgoing(Content::Text { text: "hi".into() });
    assert_eq!(
        serde_json::to_value(send::request_body("Custom Company", &account, &text)).unwrap(),
        json!({"source_addr": "Custom Company", "destination_addr": "380631234567",
               "message_type": 1, "text": "hi",
               "callback_url": "https://us.example/hooks/status"})
    );
    let mut picture = outgoing(image("https://e.com/a.jpg", None));
    picture.callback_url = None;
    assert_eq!(
        serde_json::to_value(send::request_body("C", &account, &picture)).unwrap(),
        json!({"source_addr": "C", "destination_addr": "380631234567", "message_type": 2,
               "file_url": "https://e.com/a.jpg"})
    );
    let tpl = outgoing(template(&["Anna"], Some("uk")));
    let body = serde_json::to_value(send::request_body("C", &account, &tpl)).unwrap();
    assert_eq!(body["message_type"], 4);
    assert_eq!(body["template_name"], "media_2_english");
    let params: serde_json::Value =
        serde_json::from_str(body["template_params"].as_str().expect("a JSON string"))
            .expect("holding JSON");
    assert_eq!(params["template"]["language"]["code"], "uk");
    assert_eq!(body.get("text"), None);
}

fn receipt(id: &str) -> Result<SendReceipt, SendError> {
    Ok(SendReceipt {
        gateway_message_id: id.to_owned(),
    })
}

#[test]
fn the_send_answer_is_read_as_documented() {
    assert_eq!(
        send::interpret(200, None, r#"{"message_id":554}"#),
        receipt("554")
    );
    assert_eq!(
        send::interpret(200, None, r#"{"message_id":"554"}"#),
        receipt("554")
    );
    for body in [
        "",
        "<html>",
        "{}",
        r#"{"message_id":null}"#,
        r#"{"message_id":-1}"#,
    ] {
        assert!(
            matches!(
                send::interpret(200, None, body),
                Err(SendError::Retryable { .. })
            ),
            "200 with {body:?} is not an answer we can trust"
        );
    }
}

fn error(code: i64, http: u16, name: &str) -> String {
    json!({"name": name, "message": "m", "code": code, "status": http}).to_string()
}

fn rejected(result: &SendError) -> Option<(&str, &str)> {
    match result {
        SendError::Rejected { code, reason } => Some((code.as_deref()?, &reason.text)),
        SendError::Retryable { .. } | SendError::AnswerLost { .. } => None,
    }
}

#[test]
fn each_documented_error_is_mapped() {
    let table: &[(i64, u16, &str, Option<&str>)] = &[
        (0, 429, "Too Many Requests", None),
        (
            1,
            400,
            "Invalid Parameter: source_addr",
            Some("invalid_parameter"),
        ),
        (2, 500, "Internal server error", None),
        (3, 402, "Topup balance is required", Some("balance_empty")),
        (4, 500, "Internal server error", None),
        (5, 500, "Internal server error", None),
        (6, 500, "Internal server error", None),
        (7, 503, "Service Unavailable", Some("window_24h")),
        (
            8,
            401,
            "Invalid credintals for file_url",
            Some("bad_mime_type"),
        ),
        (
            9,
            401,
            "Invalid credintals for file_url",
            Some("bad_file_extension"),
        ),
    ];
    for (code, http, name, expected) in table {
        let result = errors::interpret_error(*http, None, &error(*code, *http, name));
        assert_eq!(
            rejected(&result).map(|(c, _)| c),
            *expected,
            "code {code}: {result:?}"
        );
        assert!(!result.to_string().contains('{'), "{result}");
        let key = &result.reason().key;
        match code {
            0 => assert_eq!(key, "gateway.rate_limited"),
            2 | 4 | 5 | 6 => assert_eq!(key, "decision_telecom.error.internal"),
            _ => assert_eq!(*key, format!("decision_telecom.error.{code}")),
        }
    }
    let invalid = errors::interpret_error(400, None, &error(1, 400, "Invalid Parameter: [text]"));
    assert!(invalid.to_string().contains("the text (text)"), "{invalid}");
    let window = errors::interpret_error(503, None, &error(7, 503, "Service Unavailable"));
    assert!(
        window.to_string().contains("send an approved template"),
        "{window}"
    );
}

#[test]
fn a_401_is_about_the_key_unless_its_code_is_about_the_image() {
    for body in ["", "Unauthorized", &error(0, 401, "Unauthorized")] {
        let result = errors::interpret_error(401, None, body);
        assert_eq!(
            rejected(&result).map(|(c, _)| c),
            Some("unauthorized"),
            "{body:?}"
        );
        assert!(result.to_string().contains("access key"), "{result}");
    }
    let mime = errors::interpret_error(401, None, &error(8, 401, "x"));
    assert_eq!(rejected(&mime).map(|(c, _)| c), Some("bad_mime_type"));
}

#[test]
fn trouble_without_a_documented_code_is_retried_by_status() {
    assert!(matches!(
        errors::interpret_error(503, Some(Duration::from_secs(7)), "<html>"),
        SendError::Retryable { retry_after: Some(d), .. } if d == Duration::from_secs(7)
    ));
    assert!(matches!(
        errors::interpret_error(429, None, ""),
        SendError::Retryable { .. }
    ));
    let teapot = errors::interpret_error(418, None, &error(0, 418, "I'm a teapot"));
    assert_eq!(
        teapot.to_string(),
        "DecisionTelecom refused the request (HTTP 418): I'm a teapot — m"
    );
    assert_eq!(
        rejected(&errors::interpret_error(404, None, "")).map(|(c, _)| c),
        Some("http_404")
    );
}

#[test]
fn each_status_number_is_mapped() {
    let table = [
        ("0", Status::Sent, false),
        ("1", Status::Delivered, false),
        ("2", Status::Rejected, true),
        ("3", Status::Failed, true),
        ("4", Status::Failed, true),
        ("5", Status::Other("deleted".into()), false),
        ("6", Status::Queued, false),
        ("7", Status::Seen, false),
        ("seen", Status::Seen, false),
        ("42", Status::Other("status 42".into()), false),
        ("paused", Status::Other("paused".into()), false),
    ];
    for (wire, expected, has_reason) in table {
        let (status, reason) = status::status_of(wire);
        assert_eq!(status, expected, "{wire}");
        assert_eq!(reason.is_some(), has_reason, "{wire}: {reason:?}");
    }
}

fn reports(events: &[IngestEvent]) -> Vec<(String, Status, bool)> {
    events
        .iter()
        .map(|e| match e {
            IngestEvent::Status(s) => (
                s.gateway_message_id.clone(),
                s.change.status.clone(),
                s.observed,
            ),
            IngestEvent::Message(_) => panic!("statuses only"),
        })
        .collect()
}

#[test]
fn callbacks_come_as_an_object_or_an_array_with_numbers_or_strings() {
    let one =
        status::parse_callback(br#"{"message_id":554,"status":1}"#, Timestamp::now()).unwrap();
    assert_eq!(reports(&one), vec![("554".into(), Status::Delivered, true)]);
    let many = status::parse_callback(
        br#"[{"message_id":"554","status":"7","extra":true},{"message_id":555,"status":4}]"#,
        Timestamp::now(),
    )
    .unwrap();
    assert_eq!(
        reports(&many),
        vec![
            ("554".into(), Status::Seen, true),
            ("555".into(), Status::Failed, true)
        ]
    );
    for bad in [
        &br#"{"status":1}"#[..],
        br#"{"message_id":554}"#,
        br#"{"message_id":"abc","status":1}"#,
        br#"[{"message_id":554,"status":1}, 3]"#,
        b"null",
    ] {
        assert!(
            status::parse_callback(bad, Timestamp::now()).is_err(),
            "{}",
            String::from_utf8_lossy(bad)
        );
    }
}

#[test]
fn look_up_answers_are_read_and_unknown_messages_skipped() {
    let found = lookup::interpret(200, None, r#"{"message_id":554,"status":7}"#, 554).unwrap();
    assert_eq!(
        reports(&found.into_iter().collect::<Vec<_>>()),
        vec![("554".into(), Status::Seen, true)]
    );
    let unnamed = lookup::interpret(200, None, r#"{"status":"1"}"#, 9).unwrap();
    assert_eq!(
        reports(&unnamed.into_iter().collect::<Vec<_>>()),
        vec![("9".into(), Status::Delivered, true)]
    );
    assert_eq!(lookup::interpret(404, None, "", 1), Ok(None));
    let unknown = error(1, 400, "Invalid Parameter: message_id");
    assert_eq!(lookup::interpret(400, None, &unknown, 1), Ok(None));
    assert!(matches!(
        lookup::interpret(401, None, "", 1),
        Err(SendError::Rejected { .. })
    ));
    let error_in_a_200 = error(0, 200, "OK");
    assert!(
        matches!(
            lookup::interpret(200, None, &error_in_a_200, 1),
            Err(SendError::Retryable { .. })
        ),
        "an error object's 'status' is its HTTP status, not a message status"
    );
    assert!(matches!(
        lookup::interpret(200, None, "<html>", 1),
        Err(SendError::Retryable { .. })
    ));
    assert!(matches!(
        lookup::interpret(429, None, &error(0, 429, "Too Many Requests"), 1),
        Err(SendError::Retryable { .. })
    ));
}
