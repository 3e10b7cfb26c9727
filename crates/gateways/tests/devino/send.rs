//! Sending: what goes on the wire and what each answer means for the outbox.

use std::time::Duration;

use switchboard_core::gateway::SendError;
use switchboard_core::message::Content;
use switchboard_simulator::Fault;

use crate::{KEY, SENDER, config, connect, gateway, message, simulator, text};

#[tokio::test]
async fn text_media_and_template_are_accepted_and_sent_exactly_once() {
    let sim = simulator().await;
    let devino = gateway(&sim);
    let hello = message("our-1", "+7 903 456-78-90", text("Hello"));
    let picture = message(
        "our-2",
        "+79034567890",
        Content::Media {
            url: "https://example.com/cat.png".to_owned(),
            mime: Some("image/png".to_owned()),
            name: Some("cat.png".to_owned()),
            caption: Some("Our cat".to_owned()),
        },
    );
    let template = message(
        "our-3",
        "+79034567888",
        Content::Template {
            id: "account_activated".to_owned(),
            params: vec![
                "+7(495) 646 00 54".to_owned(),
                "https://devino.online".to_owned(),
            ],
            language: Some("ru".to_owned()),
            header: None,
            buttons: vec![],
            rendered: None,
        },
    );
    let mut ids = Vec::new();
    for m in [&hello, &picture, &template] {
        devino
            .validate(m)
            .expect("each message is within Devino's limits");
        ids.push(
            devino
                .send(m)
                .await
                .expect("the simulator accepts it")
                .gateway_message_id,
        );
    }

    let sent = sim.sent();
    assert_eq!(
        sent.len(),
        3,
        "each send must reach Devino exactly once: {sent:?}"
    );
    for (received, id) in sent.iter().zip(&ids) {
        assert_eq!(
            &received.message_id, id,
            "the receipt carries Devino's messageId"
        );
        assert_eq!(id.len(), 19, "Devino ids are 19-digit longs");
        assert_eq!(received.from, SENDER);
    }
    assert_eq!(
        sent[0].to, "79034567890",
        "Devino wants E.164 digits without '+'"
    );
    assert_eq!(sent[0].text.as_deref(), Some("Hello"));
    assert_eq!(
        sent[0].callback_data.as_deref(),
        Some("our-1"),
        "our id rides along for statuses"
    );
    assert_eq!(sent[0].validity, None, "validity is for templates only");
    assert_eq!(
        sent[1].content_url.as_deref(),
        Some("https://example.com/cat.png")
    );
    assert_eq!(sent[1].content_type.as_deref(), Some("image/png"));
    assert_eq!(sent[1].content_name.as_deref(), Some("cat.png"));
    assert_eq!(
        sent[1].text.as_deref(),
        Some("Our cat"),
        "a caption travels as text"
    );
    assert_eq!(sent[2].template_id.as_deref(), Some("account_activated"));
    let params = sent[2].template_params.clone().unwrap_or_default();
    assert_eq!(
        params.get("1").map(String::as_str),
        Some("+7(495) 646 00 54")
    );
    assert_eq!(
        params.get("2").map(String::as_str),
        Some("https://devino.online")
    );
    assert_eq!(sent[2].language_code.as_deref(), Some("ru"));
    assert_eq!(
        sent[2].validity,
        Some(86_400),
        "the documented lifetime is a day"
    );
}

fn rejected(result: Result<impl std::fmt::Debug, SendError>) -> (String, String) {
    match result {
        Err(SendError::Rejected { code, reason }) => (code.unwrap_or_default(), reason.text),
        other => panic!("expected a rejection, got {other:?}"),
    }
}

#[tokio::test]
async fn every_rejection_the_simulator_produces_reads_as_a_sentence() {
    let sim = simulator().await;
    let devino = gateway(&sim);
    let media = |url: &str, mime: Option<&str>, name: Option<&str>| Content::Media {
        url: url.to_owned(),
        mime: mime.map(str::to_owned),
        name: name.map(str::to_owned),
        caption: None,
    };
    let template = |params: &[&str], language: Option<&str>| Content::Template {
        id: "promo".to_owned(),
        params: params.iter().map(|p| (*p).to_owned()).collect(),
        language: language.map(str::to_owned),
        header: None,
        buttons: vec![],
        rendered: None,
    };
    let cases = [
        (
            text(&"x".repeat(1001)),
            "length.too.long",
            "text is too long",
        ),
        (text(""), "must.be.not.null", "no text, file or template"),
        (
            media("ftp://example.com/a.pdf", None, None),
            "invalid",
            "file link is wrong",
        ),
        (
            media("https://e.com/a.txt", Some("text/plain"), None),
            "invalid",
            "file type",
        ),
        (
            media("https://e.com/a.pdf", None, Some("")),
            "length.too.short",
            "file name is too short",
        ),
        (template(&["a\tb"], None), "invalid", "tabs"),
        (template(&["a    b"], None), "invalid", "four spaces"),
        (
            template(&[], Some("e")),
            "length.too.short",
            "language code is too short",
        ),
        (
            template(&[], Some("english")),
            "length.too.long",
            "language code is too long",
        ),
    ];
    for (content, key, words) in cases {
        let (code, reason) = rejected(
            devino
                .send(&message("our", "+79034567890", content.clone()))
                .await,
        );
        assert_eq!(code, key, "the code is Devino's reason key for {content:?}");
        assert!(
            reason.contains(words),
            "'{reason}' should explain '{words}' for {content:?}"
        );
    }

    let mut bad_callback = message("our", "+79034567890", text("hi"));
    bad_callback.callback_url = Some("not a url".to_owned());
    let (_, reason) = rejected(devino.send(&bad_callback).await);
    assert!(reason.contains("callback URL is wrong"), "{reason}");

    let mut wrong_sender = config(&sim);
    wrong_sender.sender = "Stranger".to_owned();
    let (code, reason) = rejected(
        connect(wrong_sender, Duration::from_secs(5))
            .send(&message("our", "+79034567890", text("hi")))
            .await,
    );
    assert_eq!(code, "not.available");
    assert!(reason.contains("sender name is not available"), "{reason}");

    let mut no_sender = config(&sim);
    no_sender.sender = String::new();
    let (code, reason) = rejected(
        connect(no_sender, Duration::from_secs(5))
            .send(&message("our", "+79034567890", text("hi")))
            .await,
    );
    assert_eq!(code, "must.be.not.null");
    assert!(reason.contains("sender name is missing"), "{reason}");

    assert!(sim.sent().is_empty(), "nothing rejected may count as sent");
}

#[tokio::test]
async fn a_wrong_key_is_refused_without_showing_the_key() {
    let sim = simulator().await;
    let mut wrong = config(&sim);
    wrong.secret = Some(switchboard_core::gateway::Secret::new("not-the-key"));
    let (code, reason) = rejected(
        connect(wrong, Duration::from_secs(5))
            .send(&message("our", "+79034567890", text("hi")))
            .await,
    );
    assert_eq!(code, "unauthorized");
    assert!(reason.contains("HTTP 401"), "{reason}");
    assert!(
        !reason.contains("not-the-key"),
        "the key must never appear in an error: {reason}"
    );

    let mut none = config(&sim);
    none.secret = None;
    let (_, reason) = rejected(
        connect(none, Duration::from_secs(5))
            .send(&message("our", "+79034567890", text("hi")))
            .await,
    );
    assert_eq!(reason, "No API key is stored for this account");
}

fn retryable(result: Result<impl std::fmt::Debug, SendError>) -> (String, Option<Duration>) {
    match result {
        Err(SendError::Retryable {
            reason,
            retry_after,
            ..
        }) => {
            let json = serde_json::to_string(&reason).expect("a phrase serializes");
            assert!(
                !json.contains(KEY),
                "the key must never appear in an error, nor in its arguments: {json}"
            );
            (reason.text, retry_after)
        }
        other => panic!("expected a retryable failure, got {other:?}"),
    }
}

#[tokio::test]
async fn rate_limits_server_errors_and_garbage_are_worth_another_try() {
    let sim = simulator().await;
    let devino = gateway(&sim);
    let hi = message("our", "+79034567890", text("hi"));

    sim.inject(Fault::Status(429));
    let (reason, after) = retryable(devino.send(&hi).await);
    assert_eq!(
        after,
        Some(Duration::from_secs(1)),
        "Retry-After is honoured: {reason}"
    );

    sim.inject(Fault::Status(500));
    let (reason, _) = retryable(devino.send(&hi).await);
    assert!(reason.contains("HTTP 500"), "{reason}");

    sim.inject(Fault::Garbage);
    let (reason, _) = retryable(devino.send(&hi).await);
    assert!(
        reason.contains("not its documented JSON: html body 502 Bad Gateway")
            && !reason.contains('<'),
        "the answer's words are quoted, never its markup: {reason}"
    );

    assert!(sim.sent().is_empty(), "no faulty answer accepted anything");
    devino
        .send(&hi)
        .await
        .expect("faults are used up, so the next send works");
    assert_eq!(sim.sent().len(), 1);
}

#[tokio::test]
async fn a_slow_gateway_is_a_lost_answer_whose_message_may_still_arrive() {
    let sim = simulator().await;
    let devino = connect(config(&sim), Duration::from_millis(300));
    sim.inject(Fault::Delay(Duration::from_millis(800)));
    let error = devino
        .send(&message("our", "+79034567890", text("hi")))
        .await
        .expect_err("the answer comes too late");
    let SendError::AnswerLost { reason } = &error else {
        panic!("the gateway may have it: the answer is lost, not a retry: {error:?}");
    };
    assert!(
        reason.text.contains("did not answer within 0.3 s"),
        "{reason}"
    );
    // Why the adapter says idempotent_send = false: the gateway did the work anyway.
    crate::eventually("the slow request is still accepted", async || {
        (sim.sent().len() == 1).then_some(())
    })
    .await;
}

#[tokio::test]
async fn an_unreachable_gateway_is_retryable() {
    let sim = simulator().await;
    let cfg = config(&sim);
    sim.shutdown().await;
    let (reason, _) = retryable(
        connect(cfg, Duration::from_secs(2))
            .send(&message("our", "+79034567890", text("hi")))
            .await,
    );
    assert!(reason.contains("Devino"), "{reason}");
}

#[tokio::test]
async fn batch_level_rejections_of_the_simulator_follow_the_documentation() {
    let sim = simulator().await;
    let url = format!("{}/whatsapp/messages", sim.base_url());
    let http = reqwest::Client::new();
    let post = |body: serde_json::Value| {
        http.post(&url)
            .header("Authorization", format!("Key {KEY}"))
            .json(&body)
            .send()
    };
    let answer: serde_json::Value = post(serde_json::json!({"messages": []}))
        .await
        .expect("answer")
        .json()
        .await
        .expect("json");
    assert_eq!(answer["result"][0]["reasons"][0]["key"], "must.be.not.null");
    assert_eq!(answer["result"][0]["reasons"][0]["ref"], "messages");

    let one = serde_json::json!({"from": SENDER, "to": "79034567890", "text": "hi"});
    let many: Vec<_> = std::iter::repeat_n(one.clone(), 101).collect();
    let answer: serde_json::Value = post(serde_json::json!({"messages": many}))
        .await
        .expect("answer")
        .json()
        .await
        .expect("json");
    assert_eq!(
        answer["result"][0]["reasons"][0]["key"],
        "too.many.messages"
    );

    let bad_to = serde_json::json!({"from": SENDER, "to": "+79034567890", "text": "hi"});
    let answer: serde_json::Value = post(serde_json::json!({"messages": [one, bad_to]}))
        .await
        .expect("answer")
        .json()
        .await
        .expect("json");
    assert_eq!(
        answer["result"][0]["code"], "OK",
        "results come in the batch's order"
    );
    assert_eq!(answer["result"][1]["code"], "REJECTED");
    assert_eq!(
        answer["result"][1]["reasons"][0]["ref"], "messages[1].to",
        "'+' is not allowed"
    );
    assert!(
        sim.sent().len() == 1,
        "only the valid message of the batch is accepted"
    );

    let garbage = http
        .post(&url)
        .header("Authorization", format!("Key {KEY}"))
        .body("{not json")
        .send()
        .await
        .expect("answer");
    assert_eq!(garbage.status(), 400);
}
