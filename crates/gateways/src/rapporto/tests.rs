//! The adapter's pure parts: validation, the request body and the reading of answers.

use std::time::Duration;

use serde_json::json;
use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{
    Gateway, GatewayConfig, OutgoingMessage, Secret, SendError, SendReceipt,
};
use switchboard_core::message::Content;
use switchboard_core::phone::Phone;

use super::{RapportoGateway, Settings, send};

const PASSWORD: &str = "s3cret-pass";

fn config() -> GatewayConfig {
    let mut options = serde_json::Map::new();
    options.insert("login".to_owned(), json!("partner"));
    options.insert("ttl".to_owned(), json!("1440"));
    GatewayConfig {
        kind: GatewayKind::Rapporto,
        base_url: "https://rapporto.example/whatsapp".to_owned(),
        sender: "MyCompany".to_owned(),
        secret: Some(Secret::new(PASSWORD)),
        options,
    }
}

fn rapporto() -> RapportoGateway {
    RapportoGateway::new(
        reqwest::Client::new(),
        crate::media::Fetcher::default(),
        Duration::from_secs(30),
        config(),
    )
}

fn outgoing(to: &str, content: Content) -> OutgoingMessage {
    OutgoingMessage {
        our_id: "our-1".to_owned(),
        to: Phone::parse(to).expect("valid"),
        content,
        callback_url: None,
    }
}

fn text(body: &str) -> Content {
    Content::Text {
        text: body.to_owned(),
    }
}

fn image(url: &str, mime: Option<&str>, caption: Option<&str>) -> Content {
    Content::Media {
        url: url.to_owned(),
        mime: mime.map(str::to_owned),
        name: None,
        caption: caption.map(str::to_owned),
    }
}

fn validate(content: Content) -> Result<(), String> {
    rapporto()
        .validate(&outgoing("+79034567890", content))
        .map_err(|e| e.0.text)
}

fn body_for(message: &OutgoingMessage) -> serde_json::Value {
    let settings = Settings::from_config(&config()).expect("complete");
    send::request_body(&settings, &Secret::new(PASSWORD), "MyCompany", message)
}

#[test]
fn dest_addr_is_7_and_ten_digits_for_every_documented_russian_form() {
    for form in [
        "72101234567",
        "+72101234567",
        "8-210-123-45-67",
        "82101234567",
    ] {
        let body = body_for(&outgoing(form, text("hi")));
        assert_eq!(body["destAddr"], json!("72101234567"), "{form}");
    }
}

#[test]
fn the_request_body_follows_the_page() {
    let mut message = outgoing("+79034567890", text("hatsApp message text"));
    message.callback_url = Some("https://us.example/webhooks/7/status".to_owned());
    assert_eq!(
        body_for(&message),
        json!({
            "login": "partner", "password": PASSWORD, "id": "our-1",
            "destAddr": "79034567890",
            "message": {"type": "WHATSAPP", "data": {
                "instantContent": {"type": "TEXT", "data": {"text": "hatsApp message text"}},
                "serviceNumber": "MyCompany", "ttl": 1440
            }},
            "notifyUrl": "https://us.example/webhooks/7/status",
            "registeredDelivery": 1
        })
    );
    let body = body_for(&outgoing(
        "+79034567890",
        image("https://e.com/a.png", Some("image/png"), None),
    ));
    assert_eq!(
        body["message"]["data"]["instantContent"],
        json!({"type": "IMAGE_URL", "data": {"imageURL": "https://e.com/a.png"}}),
        "an image goes alone"
    );
    assert!(
        body.get("notifyUrl").is_none(),
        "no notifyUrl, not an empty one"
    );
}

#[test]
fn text_or_image_but_never_both() {
    assert_eq!(validate(text(&"я".repeat(1000))), Ok(()), "1000 letters");
    assert_eq!(
        validate(text(&"x".repeat(1001))),
        Err("Rapporto accepts at most 1000 characters; this message has 1001.".to_owned())
    );
    assert!(validate(text("  ")).is_err());
    assert_eq!(
        validate(image("https://e.com/a.jpg", Some("image/jpeg"), None)),
        Ok(())
    );
    assert_eq!(
        validate(image("https://e.com/a.JPEG?v=2", None, None)),
        Ok(())
    );
    let captioned = validate(image(
        "https://e.com/a.jpg",
        Some("image/jpeg"),
        Some("Look"),
    ))
    .expect_err("a caption would be text and image in one message");
    assert!(captioned.contains("never both"), "{captioned}");
    assert_eq!(
        validate(image("https://e.com/a.jpg", Some("image/jpeg"), Some(""))),
        Ok(()),
        "an empty caption is no caption"
    );
    assert!(validate(image("https://e.com/a.gif", Some("image/gif"), None)).is_err());
    assert!(validate(image("https://e.com/a.pdf", None, None)).is_err());
    assert!(validate(image("ftp://e.com/a.jpg", Some("image/jpeg"), None)).is_err());
    assert!(
        validate(Content::Template {
            id: "t".into(),
            params: vec![],
            language: None,
            header: None,
            buttons: vec![],
            rendered: None,
        })
        .is_err()
    );
}

#[test]
fn the_notify_url_is_not_empty_and_at_most_2048_characters() {
    let gateway = rapporto();
    let mut message = outgoing("+79034567890", text("hi"));
    message.callback_url = Some(format!("https://e.com/{}", "a".repeat(2048 - 14)));
    assert_eq!(gateway.validate(&message), Ok(()));
    message.callback_url = Some(format!("https://e.com/{}", "a".repeat(2048 - 13)));
    assert!(
        gateway
            .validate(&message)
            .is_err_and(|e| e.0.text.contains("2048"))
    );
    message.callback_url = Some(String::new());
    assert!(gateway.validate(&message).is_err());
}

#[test]
fn an_account_without_an_endpoint_cannot_queue() {
    let mut config = config();
    config.base_url = String::new();
    let gateway = RapportoGateway::new(
        reqwest::Client::new(),
        crate::media::Fetcher::default(),
        Duration::from_secs(1),
        config,
    );
    let error = gateway
        .validate(&outgoing("+79034567890", text("hi")))
        .expect_err("no endpoint");
    assert!(error.0.text.contains("base URL"), "{error}");
}

fn receipt(id: &str) -> Result<SendReceipt, SendError> {
    Ok(SendReceipt {
        gateway_message_id: id.to_owned(),
    })
}

#[test]
fn success_is_the_message_number() {
    assert_eq!(
        send::interpret(200, None, r#"{"mtNum": "107930572", "id": "8770599"}"#),
        receipt("107930572")
    );
    assert_eq!(
        send::interpret(200, None, r#"{"mtNum": 107930572}"#),
        receipt("107930572")
    );
    assert_eq!(
        send::interpret(200, None, r#"{"id": "8770599"}"#),
        receipt("8770599"),
        "an answer without mtNum still names the message"
    );
    for garbage in ["", "<html>", "{}", "[]", r#"{"mtNum": ""}"#] {
        assert!(
            matches!(
                send::interpret(200, None, garbage),
                Err(SendError::Retryable { .. })
            ),
            "{garbage:?}"
        );
    }
}

fn error(code: i64, description: &str, extended: Option<&str>) -> String {
    let mut body = json!({"error": {"code": code, "description": description}});
    if let Some(extended) = extended {
        body["extendedDescription"] = json!(extended);
    }
    body.to_string()
}

fn rejected(status: u16, body: &str) -> (String, String) {
    match send::interpret(status, None, body) {
        Err(SendError::Rejected { code, reason }) => (code.unwrap_or_default(), reason.text),
        other => panic!("HTTP {status} {body} is a rejection, got {other:?}"),
    }
}

fn retryable(status: u16, body: &str) -> String {
    match send::interpret(status, Some(Duration::from_secs(2)), body) {
        Err(SendError::Retryable {
            reason,
            retry_after,
            ..
        }) => {
            assert_eq!(
                retry_after,
                Some(Duration::from_secs(2)),
                "Retry-After is kept"
            );
            reason.text
        }
        other => panic!("HTTP {status} {body} is retryable, got {other:?}"),
    }
}

#[test]
fn each_documented_error_code_is_mapped() {
    assert!(retryable(503, &error(1, "Service is unavailable", None)).contains("unavailable"));
    assert!(retryable(429, &error(3, "Too many connections", None)).contains("too many"));
    assert!(retryable(500, &error(100, "100", None)).contains("internal error"));

    let (code, reason) = rejected(403, &error(2, "Invalid IP-address", None));
    assert_eq!(code, "ip_not_allowed");
    assert!(reason.contains("allowed IP addresses"), "{reason}");

    let extended =
        "Message is too long (2024 symbols). WHATSAPP message max length is 1000 symbols.";
    let (code, reason) = rejected(400, &error(4, "Invalid request", Some(extended)));
    assert_eq!(code, "invalid_request");
    assert_eq!(
        reason,
        format!("Rapporto refused the request as invalid: {extended}")
    );
    let (_, reason) = rejected(400, &error(4, "Invalid request", Some("Field x is wrong")));
    assert!(
        reason.ends_with("Field x is wrong."),
        "a sentence: {reason}"
    );

    for (status, code, key, says) in [
        (401, 5, "invalid_login", "login"),
        (401, 6, "invalid_password", "password"),
        (400, 7, "no_service_number", "sender"),
        (406, 8, "bad_dest_addr", "phone number"),
        (406, 9, "bad_message_type", "whatsapp"),
        (409, 10, "duplicate", "already accepted"),
        (406, 11, "bad_ttl", "1440, 2880"),
    ] {
        let (got, reason) = rejected(status, &error(code, "x", None));
        assert_eq!(got, key, "code {code}");
        assert!(
            reason.to_lowercase().contains(says),
            "code {code}: '{reason}' says {says}"
        );
        assert!(!reason.contains('{'), "{reason}");
    }
}

#[test]
fn codes_as_strings_and_undocumented_answers_are_read_too() {
    let (code, _) = rejected(
        401,
        r#"{"error": {"code": "6", "description": "Invalid password"}}"#,
    );
    assert_eq!(code, "invalid_password");
    let (code, reason) = rejected(404, "<html>Not Found</html>");
    assert_eq!(code, "not_found");
    assert!(reason.contains("base URL"), "{reason}");
    assert!(retryable(502, "Bad Gateway").contains("server error"));
    let (code, reason) = rejected(406, &error(42, "Something new", None));
    assert_eq!(code, "code_42");
    assert!(reason.contains("Something new"), "{reason}");
    assert!(retryable(503, &error(42, "Busy", None)).contains("Busy"));
}

#[test]
fn the_password_is_never_quoted() {
    let echo = error(
        4,
        "Invalid request",
        Some(&format!("Wrong password {PASSWORD}")),
    );
    let quoted = send::interpret(400, None, &echo).expect_err("refused");
    let SendError::Rejected { reason, .. } = send::redact(quoted, &Secret::new(PASSWORD)) else {
        panic!("still a rejection");
    };
    assert_eq!(
        reason.text,
        "Rapporto refused the request as invalid: Wrong password <redacted>."
    );
    assert_eq!(
        reason.arg_text("description").as_deref(),
        Some("Wrong password <redacted>."),
        "nor in the argument the UI translates around"
    );
}

#[test]
fn the_probe_tells_credentials_from_the_empty_message() {
    assert!(matches!(
        send::interpret_probe(401, None, &error(6, "Invalid password", None)),
        Err(SendError::Rejected { code: Some(c), .. }) if c == "invalid_password"
    ));
    assert!(matches!(
        send::interpret_probe(403, None, &error(2, "Invalid IP-address", None)),
        Err(SendError::Rejected { .. })
    ));
    assert!(matches!(
        send::interpret_probe(503, None, &error(1, "Service is unavailable", None)),
        Err(SendError::Retryable { .. })
    ));
    let fine = send::interpret_probe(406, None, &error(8, "destAddr is not correct", None))
        .expect("an error about the empty message is not about the account");
    assert!(fine.text.contains("checked on the first send"), "{fine}");
    assert!(matches!(
        send::interpret_probe(404, None, "Not Found"),
        Err(SendError::Rejected { reason, .. })
            if reason.text.contains("does not answer like Rapporto")
    ));
}
