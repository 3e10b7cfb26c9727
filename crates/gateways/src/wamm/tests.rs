//! The adapter's pure parts: validation, the reading of answers, rows, times and smileys.

use std::time::Duration;

use serde_json::json;
use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{Gateway, GatewayConfig, OutgoingMessage, Secret, SendError};
use switchboard_core::message::Content;
use switchboard_core::phone::Phone;
use switchboard_core::status::Status;
use switchboard_core::time::Timestamp;

use super::client::{CallError, interpret};
use super::{Cursor, WammGateway, history, reasons, receipt};

fn wamm() -> WammGateway {
    WammGateway::new(
        reqwest::Client::new(),
        crate::media::Fetcher::default(),
        Duration::from_secs(30),
        GatewayConfig {
            kind: GatewayKind::Wamm,
            base_url: String::new(),
            sender: "+79990001122".to_owned(),
            secret: Some(Secret::new("t")),
            options: serde_json::Map::new(),
        },
    )
}

fn validate(content: Content) -> Result<(), String> {
    wamm()
        .validate(&OutgoingMessage {
            our_id: "our-1".into(),
            to: Phone::parse("+79034567890").expect("valid"),
            content,
            callback_url: None,
        })
        .map_err(|e| e.0.text)
}

fn media(url: &str, mime: Option<&str>, caption: Option<&str>) -> Content {
    Content::Media {
        url: url.into(),
        mime: mime.map(Into::into),
        name: None,
        caption: caption.map(Into::into),
    }
}

#[test]
fn validation_follows_the_documented_limits() {
    assert!(
        validate(Content::Text {
            text: "x".repeat(1500)
        })
        .is_ok()
    );
    let long = validate(Content::Text {
        text: "я".repeat(1501),
    })
    .expect_err("too long");
    assert!(long.contains("1500") && long.contains("1501"), "{long}");
    assert!(validate(Content::Text { text: " \n".into() }).is_err());
    assert!(validate(media("https://example.com/a.jpg", Some("image/jpeg"), None)).is_ok());
    assert!(
        validate(media(
            "https://example.com/a.jpg",
            Some("IMAGE/JPEG; q=1"),
            None
        ))
        .is_ok()
    );
    assert!(validate(media("ftp://example.com/a.jpg", None, None)).is_err());
    assert!(
        validate(media(
            "https://example.com/a.exe",
            Some("application/x-msdownload"),
            None
        ))
        .is_err()
    );
    let caption =
        validate(media("https://example.com/a.jpg", None, Some("look"))).expect_err("no captions");
    assert!(caption.contains("separate message"), "{caption}");
    let template = Content::Template {
        id: "t".into(),
        params: vec![],
        language: None,
        header: None,
        buttons: vec![],
        rendered: None,
    };
    assert!(validate(template).is_err());
}

#[test]
fn answers_are_read_by_their_err_field() {
    assert!(interpret(200, r#"{"err":0,"msg_id":1234567}"#).is_ok());
    assert_eq!(
        interpret(200, r#"{"err":"phone fail"}"#),
        Err(CallError::Gateway("phone fail".into()))
    );
    for (status, body) in [
        (200, "<html>"),
        (200, r#"{"msg_id":1}"#),
        (200, "[]"),
        (502, ""),
        (429, ""),
    ] {
        assert!(
            matches!(
                interpret(status, body),
                Err(CallError::Transport(SendError::Retryable { .. }))
            ),
            "{status} {body} is worth another try"
        );
    }
    assert!(matches!(
        interpret(401, ""),
        Err(CallError::Transport(SendError::Rejected { .. }))
    ));
}

#[test]
fn receipts_take_the_id_as_a_number_or_a_string() {
    let number = json!({"err": 0, "msg_id": 1234567});
    let string = json!({"err": 0, "msg_id": "1234567"});
    for answer in [number, string] {
        let map = answer.as_object().expect("object").clone();
        assert_eq!(receipt(&map).expect("an id").gateway_message_id, "1234567");
    }
    let none = json!({"err": 0}).as_object().expect("object").clone();
    assert!(
        matches!(receipt(&none), Err(SendError::Rejected { .. })),
        "never sent twice"
    );
}

#[test]
fn each_documented_error_is_a_sentence_and_retried_only_when_that_can_help() {
    let cases = [
        (reasons::TOKEN_FAIL, false, "api token"),
        (reasons::NOT_AUTHORIZED, false, "not connected to whatsapp"),
        ("phone fail", false, "phone number"),
        (reasons::NO_WHATSAPP, false, "has no whatsapp"),
        (reasons::NOT_CHECKED, true, "not finished checking"),
        (reasons::FAIL_EXECUTION, true, "could not check"),
        ("text fail", false, "empty"),
        ("text fail, more 1500", false, "1500"),
        ("url fail", false, "file link"),
        ("name fail, more 250", false, "250"),
        (
            "limit fail, more 30 msgs per day",
            true,
            "30 messages a day",
        ),
        ("something odd", true, "something odd"),
    ];
    for (err, retry, says) in cases {
        let error = reasons::error(err, "+79031234567");
        let (retryable, reason) = match &error {
            SendError::Retryable { reason, .. } => (true, reason),
            SendError::Rejected { reason, .. } => (false, reason),
            SendError::AnswerLost { .. } => panic!("{err}: WAMM answered: {error:?}"),
        };
        assert_eq!(retryable, retry, "{err}: {error:?}");
        assert!(reason.text.to_lowercase().contains(says), "{err}: {reason}");
        assert!(
            reason.key.starts_with("wamm."),
            "{err}: WAMM's words are said in a phrase of ours: {reason:?}"
        );
    }
}

#[test]
fn states_map_and_unknown_ones_are_kept() {
    assert_eq!(history::status_of("sending"), Status::Queued);
    assert_eq!(history::status_of("delivered"), Status::Delivered);
    assert_eq!(history::status_of("received"), Status::Delivered);
    assert_eq!(history::status_of("Viewed"), Status::Seen);
    assert_eq!(history::status_of("error"), Status::Failed);
    assert_eq!(history::status_of("paused"), Status::Other("paused".into()));
    let failed = history::change("error", Timestamp::from_millis(1));
    assert!(failed.reason.is_some_and(|r| r.text.contains("error")));
}

#[test]
fn smiley_codes_become_emoji() {
    assert_eq!(history::smileys("hi :sm01: :sm16::sm21:"), "hi 🤗 👍📺");
    assert_eq!(
        history::smileys(":sm22: :sm99: :sm1: :sm"),
        ":sm22: :sm99: :sm1: :sm"
    );
    assert_eq!(history::smileys("Привет :sm03:"), "Привет 😂");
}

#[test]
fn wall_times_are_read_in_the_accounts_zone() {
    let moscow = history::zone(None).expect("the default zone");
    let at = history::wall_time("2021-01-24 19:52:00", &moscow).expect("a time");
    assert_eq!(at.rfc3339(), "2021-01-24T16:52:00Z");
    let offset = history::zone(Some("+05:30")).expect("an offset");
    let at = history::wall_time("2021-01-24 19:52:00", &offset).expect("a time");
    assert_eq!(at.rfc3339(), "2021-01-24T14:22:00Z");
    assert!(history::zone(Some("UTC")).is_ok());
    assert!(history::zone(Some("Mars/Olympus")).is_err());
    assert!(history::wall_time("yesterday", &moscow).is_none());
}

#[test]
fn a_timezone_with_letters_where_digits_belong_is_refused_not_a_panic() {
    // Four bytes after the sign, split inside a character.
    for odd in ["+aéb", "+éé", "-1é1", "UTC+ё1", "+ёёё"] {
        assert!(history::zone(Some(odd)).is_err(), "{odd}");
    }
    assert!(history::zone(Some("+0530")).is_ok());
}

#[test]
fn rows_become_messages_and_odd_rows_are_skipped() {
    let zone = history::zone(None).expect("zone");
    let now = Timestamp::from_millis(5);
    let answer = json!({"err": 0, "msg_data": [
        {"msg_id": "1000001", "from_me": "1", "phone": "79031234567", "chat_name": "Олег Иванов",
         "tip_msg": "file_link", "msg_text": "", "msg_link": "https://wamm.chat/i/a.png",
         "date_ins": "2021-01-24 19:52:00", "date_upd": "2021-01-24 19:52:22", "state": "delivered"},
        {"msg_id": 1000002, "from_me": 0, "phone": "+7 903 123-45-67", "chat_name": "79031234567",
         "tip_msg": "textMessage", "msg_text": "да :sm16:", "date_ins": "bad", "state": "received"},
        {"from_me": "0", "phone": "79031234567"},
        "not an object"
    ]});
    let rows = history::rows(answer.as_object().expect("object"), &zone, now);
    assert_eq!(rows.len(), 2, "two readable rows of four");
    let out = rows[0].event();
    assert_eq!(out.profile_name.as_deref(), Some("Олег Иванов"));
    assert!(matches!(&out.content, Content::Media { url, name, .. }
        if url == "https://wamm.chat/i/a.png" && name.as_deref() == Some("a.png")));
    let status = out.status.expect("an outgoing message has a status");
    assert_eq!(status.status, Status::Delivered);
    assert_eq!(status.at.rfc3339(), "2021-01-24T16:52:22Z");
    let incoming = rows[1].event();
    assert_eq!(incoming.profile_name, None, "the number is not a name");
    assert_eq!(incoming.status, None);
    assert_eq!(incoming.at, now, "an unreadable time is when we saw it");
    assert_eq!(
        incoming.content,
        Content::Text {
            text: "да 👍".into()
        }
    );
}

#[test]
fn the_cursor_round_trips_and_a_broken_one_starts_over() {
    let cursor = Cursor {
        top: 42,
        queue: vec!["79031234567".into()],
        loaded: vec!["79035550101".into()],
        done: 1,
        total: 2,
    };
    assert_eq!(Cursor::parse(Some(&cursor.encode())), Some(cursor));
    assert_eq!(Cursor::parse(Some("garbage")), None);
    assert_eq!(Cursor::parse(None), None);
}
