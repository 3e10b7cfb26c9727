//! The adapter's pure parts: validation, the request body and the reading of answers.

use std::time::Duration;

use serde_json::json;
use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{
    Gateway, GatewayConfig, OutgoingMessage, Secret, SendError, SendReceipt,
};
use switchboard_core::message::Content;
use switchboard_core::phone::Phone;

use super::{DevinoGateway, send};

fn devino() -> DevinoGateway {
    DevinoGateway::new(
        reqwest::Client::new(),
        crate::media::Fetcher::default(),
        Duration::from_secs(30),
        GatewayConfig {
            kind: GatewayKind::Devino,
            base_url: String::new(),
            sender: "MyCompany".to_owned(),
            secret: Some(Secret::new("k")),
            options: serde_json::Map::new(),
        },
    )
}

fn outgoing(content: Content) -> OutgoingMessage {
    OutgoingMessage {
        our_id: "our-1".to_owned(),
        to: Phone::parse("+79034567890").expect("valid"),
        content,
        callback_url: None,
    }
}

fn validate(content: Content) -> Result<(), String> {
    devino().validate(&outgoing(content)).map_err(|e| e.0.text)
}

fn media(url: &str, mime: Option<&str>, name: Option<&str>) -> Content {
    Content::Media {
        url: url.to_owned(),
        mime: mime.map(str::to_owned),
        name: name.map(str::to_owned),
        caption: None,
    }
}

fn template(params: &[&str], language: Option<&str>) -> Content {
    Content::Template {
        id: "promo".to_owned(),
        params: params.iter().map(|p| (*p).to_owned()).collect(),
        language: language.map(str::to_owned),
        header: None,
        buttons: vec![],
        rendered: None,
    }
}

#[test]
fn text_length_is_counted_in_characters_not_bytes() {
    let cyrillic = "я".repeat(1000);
    assert_eq!(
        validate(Content::Text { text: cyrillic }),
        Ok(()),
        "1000 letters, 2000 bytes"
    );
    assert_eq!(
        validate(Content::Text {
            text: "x".repeat(1234)
        }),
        Err("Devino accepts at most 1000 characters; this message has 1234.".to_owned())
    );
    assert!(
        validate(Content::Text {
            text: " ".to_owned()
        })
        .is_err(),
        "blank text is empty"
    );
}

#[test]
fn media_follows_the_documented_table() {
    assert_eq!(
        validate(media(
            "https://e.com/a.ogg",
            Some("audio/ogg; codecs=opus"),
            None
        )),
        Ok(())
    );
    assert_eq!(
        validate(media("https://e.com/a.aac", Some("audio/acc"), None)),
        Ok(()),
        "the doc's spelling"
    );
    assert_eq!(
        validate(media(
            "http://e.com/a.docx",
            Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            None
        )),
        Ok(())
    );
    assert!(validate(media("ftp://e.com/a.pdf", None, None)).is_err());
    assert!(
        validate(media("https://", None, None)).is_err(),
        "a URL needs a host"
    );
    assert!(validate(media("https://e.com/a.gif", Some("image/gif"), None)).is_err());
    assert!(validate(media("https://e.com/a.pdf", None, Some(""))).is_err());
    assert!(validate(media("https://e.com/a.pdf", None, Some(&"n".repeat(101)))).is_err());
    assert_eq!(
        validate(media("https://e.com/a.pdf", None, Some(&"n".repeat(100)))),
        Ok(())
    );
}

#[test]
fn template_parameters_may_not_hold_what_devino_forbids() {
    assert_eq!(
        validate(template(&["+7(495) 646 00 54", "a   b"], Some("pt_BR"))),
        Ok(())
    );
    for bad in ["a\nb", "a\r\nb", "a\tb", "a    b"] {
        let error = validate(template(&["ok", bad], None)).expect_err(bad);
        assert!(error.starts_with("Template parameter 2"), "{error}");
    }
    assert!(validate(template(&[], Some("e"))).is_err());
    assert!(validate(template(&[], Some("english"))).is_err());
    assert!(
        validate(Content::Template {
            id: " ".to_owned(),
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
fn the_request_body_has_only_documented_fields_and_no_nulls() {
    let message = outgoing(template(&["a", "b"], Some("ru")));
    let body = serde_json::to_value(send::request_body("MyCompany", &message)).expect("serialises");
    assert_eq!(
        body,
        json!({"messages": [{
            "from": "MyCompany", "to": "79034567890", "templateId": "promo",
            "templateParams": {"1": "a", "2": "b"}, "languageCode": "ru", "validity": 86400,
            "callbackData": "our-1"
        }]})
    );
    let mut message = outgoing(Content::Text {
        text: "hi".to_owned(),
    });
    message.callback_url = Some("https://us/hook".to_owned());
    let body = serde_json::to_value(send::request_body("MyCompany", &message)).expect("serialises");
    assert_eq!(
        body,
        json!({"messages": [{"from": "MyCompany", "to": "79034567890", "text": "hi",
                             "callbackUrl": "https://us/hook", "callbackData": "our-1"}]})
    );
}

fn receipt(id: &str) -> Result<SendReceipt, SendError> {
    Ok(SendReceipt {
        gateway_message_id: id.to_owned(),
    })
}

#[test]
fn answers_are_read_as_documented() {
    let ok = r#"{"result":[{"code":"OK","messageId":"3482512350952730368"}]}"#;
    assert_eq!(
        send::interpret(200, None, ok),
        receipt("3482512350952730368")
    );
    let numeric = r#"{"result":[{"code":"OK","messageId":3482512350952730368}]}"#;
    assert_eq!(
        send::interpret(200, None, numeric),
        receipt("3482512350952730368")
    );

    let rejected = r#"{"result":[{"code":"REJECTED","reasons":[{"key":"invalid","ref":"messages[0].to"}],"description":"Wrong phone number is provided"}]}"#;
    let Err(SendError::Rejected { code, reason }) = send::interpret(200, None, rejected) else {
        panic!("REJECTED is a refusal");
    };
    assert_eq!(code.as_deref(), Some("invalid"));
    assert_eq!(
        reason.text,
        "Devino says the phone number is wrong (Wrong phone number is provided)"
    );
    assert_eq!(reason.key, "devino.rejected.described");
    assert_eq!(
        reason.arg_text("description").as_deref(),
        Some("Wrong phone number is provided"),
        "Devino's description is an argument inside our sentence"
    );
    let two = r#"{"result":[{"code":"REJECTED","reasons":[{"key":"invalid","ref":"messages[0].to"},{"key":"length.too.long","ref":"messages[0].text"}]}]}"#;
    let Err(SendError::Rejected { reason, .. }) = send::interpret(200, None, two) else {
        panic!("REJECTED is a refusal");
    };
    assert_eq!(
        reason.text,
        "Devino says the phone number is wrong; Devino says the text is too long: it accepts at \
         most 1000 characters"
    );
    let billing = r#"{"result":[{"code":"REJECTED","reasons":[{"key":"billing.error"}]}]}"#;
    assert!(matches!(
        send::interpret(200, None, billing),
        Err(SendError::Rejected { code: Some(c), .. }) if c == "billing.error"
    ));
}

#[test]
fn undocumented_answers_are_retryable_or_refused_by_status() {
    for body in [
        "",
        "<html>",
        r#"{"result":[]}"#,
        r#"{"result":[{"code":"OK"}]}"#,
    ] {
        assert!(
            matches!(
                send::interpret(200, None, body),
                Err(SendError::Retryable { .. })
            ),
            "200 with {body:?} is not an answer we can trust"
        );
    }
    let long = "x".repeat(500);
    let Err(SendError::Retryable { reason, .. }) = send::interpret(200, None, &long) else {
        panic!("garbage is retryable");
    };
    assert!(
        reason.text.chars().count() < 300,
        "only the start of the answer is quoted"
    );
    assert!(matches!(
        send::interpret(503, Some(Duration::from_secs(7)), ""),
        Err(SendError::Retryable { retry_after: Some(d), .. }) if d == Duration::from_secs(7)
    ));
    assert!(matches!(
        send::interpret(403, None, ""),
        Err(SendError::Rejected { code: Some(c), .. }) if c == "unauthorized"
    ));
    assert!(matches!(
        send::interpret(400, None, "{}"),
        Err(SendError::Rejected { .. })
    ));
}
