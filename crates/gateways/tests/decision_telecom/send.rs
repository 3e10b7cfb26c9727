//! Sending: what goes on the wire, what the answers mean, and the statuses that follow.

use std::time::Duration;

use switchboard_core::gateway::SendError;
use switchboard_core::ingest::IngestEvent;
use switchboard_core::message::{Content, TemplateHeader};
use switchboard_core::status::Status;

use crate::{KEY, Receiver, config, connect, eventually, message, simulator, text};

#[tokio::test]
async fn text_image_and_template_reach_the_gateway_as_documented() {
    let sim = simulator(Duration::from_secs(3600)).await;
    let gateway = connect(config(&sim));
    let messages = [
        message("+38 063 123-45-67", text("Message content"), None),
        message(
            "+380631234567",
            Content::Media {
                url: "https://yourdomain.com/images/image.jpg".into(),
                mime: Some("image/jpeg".into()),
                name: Some("image.jpg".into()),
                caption: None,
            },
            Some("https://us.example/hook/status".into()),
        ),
        message(
            "+380631234567",
            Content::Template {
                id: "media_2_english".into(),
                params: vec!["Anna".into()],
                language: Some("en_US".into()),
                header: Some(TemplateHeader::Image {
                    url: "https://yourdomain.com/images/image.jpg".into(),
                }),
                buttons: vec![],
                rendered: None,
            },
            None,
        ),
    ];
    let mut ids = Vec::new();
    for m in &messages {
        gateway
            .validate(m)
            .expect("within DecisionTelecom's limits");
        ids.push(gateway.send(m).await.expect("accepted").gateway_message_id);
    }
    let sent = sim.sent();
    assert_eq!(
        sent.len(),
        3,
        "each send reaches the gateway once: {sent:?}"
    );
    for (received, id) in sent.iter().zip(&ids) {
        assert_eq!(
            received.message_id.to_string(),
            *id,
            "the receipt is message_id"
        );
        assert_eq!(received.source_addr, "Custom Company");
        assert_eq!(
            received.destination_addr, "380631234567",
            "digits without '+'"
        );
    }
    assert_eq!(sent[0].message_type, 1);
    assert_eq!(sent[0].text.as_deref(), Some("Message content"));
    assert_eq!(sent[1].message_type, 2);
    assert_eq!(
        sent[1].callback_url.as_deref(),
        Some("https://us.example/hook/status"),
        "statuses are asked for where the message says"
    );
    assert_eq!(sent[1].text, None, "no caption rides along undocumented");
    assert_eq!(sent[2].message_type, 4);
    assert_eq!(sent[2].template_name.as_deref(), Some("media_2_english"));
    let template = sent[2].template.as_ref().expect("parsed template_params");
    assert_eq!(
        template["template"]["namespace"],
        "xxxxx_xxxx_xxx_xxx_xxxxx"
    );
    assert_eq!(template["to"], "380631234567");
    assert_eq!(
        template["template"]["components"][0]["parameters"][0]["image"]["link"],
        "https://yourdomain.com/images/image.jpg"
    );
    assert_eq!(
        template["template"]["components"][1]["parameters"][0]["text"],
        "Anna"
    );
}

#[tokio::test]
async fn refusals_are_sentences_and_only_templates_pass_the_24_hour_rule() {
    let sim = simulator(Duration::from_secs(3600)).await;
    let gateway = connect(config(&sim));
    let late = message("+380631237007", text("hello after a week"), None);
    let Err(SendError::Rejected { reason, .. }) = gateway.send(&late).await else {
        panic!("a free-form message after 24 hours is refused for good");
    };
    assert!(reason.text.contains("template"), "{reason}");
    assert_eq!(reason.key, "decision_telecom.error.7");
    let template = message(
        "+380631237007",
        Content::Template {
            id: "hello".into(),
            params: vec![],
            language: None,
            header: None,
            buttons: vec![],
            rendered: None,
        },
        None,
    );
    gateway
        .send(&template)
        .await
        .expect("a template may always be sent");

    sim.set_balance_empty(true);
    let hello = message("+380631234567", text("hello"), None);
    let Err(SendError::Rejected { reason, .. }) = gateway.send(&hello).await else {
        panic!("an empty balance is refused");
    };
    assert!(reason.text.contains("balance"), "{reason}");
    assert_eq!(sim.sent().len(), 1, "only the template was accepted");
}

#[tokio::test]
async fn a_wrong_key_is_refused_and_never_shown() {
    let sim = simulator(Duration::from_secs(3600)).await;
    let mut wrong = config(&sim);
    wrong.secret = Some(switchboard_core::gateway::Secret::new("wrong-key"));
    let error = connect(wrong)
        .send(&message("+380631234567", text("hi"), None))
        .await
        .expect_err("refused");
    assert!(
        matches!(&error, SendError::Rejected { code: Some(c), .. } if c == "unauthorized"),
        "{error:?}"
    );
    assert!(!error.to_string().contains(KEY));
    let mut missing = config(&sim);
    missing.secret = None;
    assert!(matches!(
        connect(missing)
            .send(&message("+380631234567", text("hi"), None))
            .await,
        Err(SendError::Rejected { .. })
    ));
}

fn statuses(events: &[IngestEvent]) -> Vec<Status> {
    events
        .iter()
        .filter_map(|e| match e {
            IngestEvent::Status(s) => Some(s.change.status.clone()),
            IngestEvent::Message(_) => None,
        })
        .collect()
}

#[tokio::test]
async fn callbacks_report_sent_delivered_seen_in_order_through_the_webhook() {
    let sim = simulator(Duration::from_millis(30)).await;
    let gateway = connect(config(&sim));
    let receiver = Receiver::start().await;
    let hello = message("+380631234567", text("hi"), Some(receiver.url("status")));
    let id = gateway
        .send(&hello)
        .await
        .expect("accepted")
        .gateway_message_id;
    let log = sim.callback_log();
    eventually(&format!("three callbacks arrive: {log:?}"), async || {
        (receiver.requests("status").len() >= 3).then_some(())
    })
    .await;
    let mut seen = Vec::new();
    for request in receiver.requests("status") {
        let outcome = gateway.parse_webhook("status", &request).expect("parses");
        for event in &outcome.events {
            let IngestEvent::Status(s) = event else {
                panic!("statuses only");
            };
            assert_eq!(s.gateway_message_id, id, "about the message we sent");
        }
        seen.extend(statuses(&outcome.events));
    }
    assert_eq!(seen, [Status::Sent, Status::Delivered, Status::Seen]);
}

#[tokio::test]
async fn an_unreachable_recipient_fails_with_a_reason() {
    let sim = simulator(Duration::from_millis(30)).await;
    let gateway = connect(config(&sim));
    let receiver = Receiver::start().await;
    let hello = message("+380631234004", text("hi"), Some(receiver.url("status")));
    gateway.send(&hello).await.expect("accepted");
    eventually("two callbacks arrive", async || {
        (receiver.requests("status").len() >= 2).then_some(())
    })
    .await;
    let last = receiver.requests("status").pop().expect("two callbacks");
    let outcome = gateway.parse_webhook("status", &last).expect("parses");
    let Some(IngestEvent::Status(report)) = outcome.events.first() else {
        panic!("a status");
    };
    assert_eq!(report.change.status, Status::Failed);
    assert!(
        report
            .change
            .reason
            .as_ref()
            .is_some_and(|r| r.text.contains("could not deliver")),
        "{report:?}"
    );
}
