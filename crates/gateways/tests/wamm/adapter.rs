//! The adapter alone against the simulator: what it asks, how often, and what it makes of the
//! answers.

use std::time::Duration;

use switchboard_core::gateway::{
    ContactChange, PendingMessage, PollRequest, SendError, SendReceipt,
};
use switchboard_core::ingest::IngestEvent;
use switchboard_core::message::{Content, Direction};
use switchboard_core::phone::Phone;
use switchboard_core::status::Status;
use switchboard_core::time::Timestamp;
use switchboard_simulator::wamm::Fault;

use crate::{TOKEN, config, connect, gateway, message, simulator, text};

fn reason(error: &SendError) -> &str {
    &error.reason().text
}

#[tokio::test]
async fn a_number_is_checked_for_whatsapp_once_per_adapter() {
    let sim = simulator().await;
    let wamm = gateway(&sim);
    for body in ["first", "second"] {
        wamm.send(&message("+79031234567", text(body)))
            .await
            .expect("sent");
    }
    let checks = sim.calls().iter().filter(|c| *c == "check_phone").count();
    assert_eq!(
        checks,
        1,
        "the second send reuses the first check: {:?}",
        sim.calls()
    );
    assert_eq!(sim.sent().len(), 2);
    assert_eq!(sim.sent()[1].text, "second");
}

#[tokio::test]
async fn a_number_without_whatsapp_is_refused_and_nothing_is_sent() {
    let sim = simulator().await;
    let error = gateway(&sim)
        .send(&message("+79031230000", text("hello")))
        .await
        .expect_err("no WhatsApp on that number");
    assert!(matches!(error, SendError::Rejected { .. }), "{error:?}");
    assert!(
        reason(&error).contains("+79031230000 has no WhatsApp"),
        "{error}"
    );
    assert!(sim.sent().is_empty());
    assert!(
        !sim.calls().contains(&"msg_to".to_owned()),
        "msg_to is never called"
    );
}

#[tokio::test]
async fn new_lines_and_unicode_reach_the_gateway_intact() {
    let sim = simulator().await;
    let body = "Здравствуйте!\nЦена: 100 & 50% + скидка 🤗";
    let SendReceipt { gateway_message_id } = gateway(&sim)
        .send(&message("+7 (903) 123-45-67", text(body)))
        .await
        .expect("sent");
    let sent = sim.sent();
    assert_eq!(sent[0].text, body);
    assert_eq!(sent[0].phone, "79031234567");
    assert_eq!(sent[0].msg_id, gateway_message_id);
}

#[tokio::test]
async fn the_token_never_shows_in_an_error() {
    let sim = simulator().await;
    let wamm = connect(config(&sim), Duration::from_millis(300));
    sim.inject(Fault::Delay(Duration::from_secs(1)));
    let slow = wamm
        .send(&message("+79031234567", text("hi")))
        .await
        .expect_err("times out");
    let mut unreachable = config(&sim);
    unreachable.base_url = "http://127.0.0.1:9/api2".to_owned();
    let refused = connect(unreachable, Duration::from_secs(2))
        .send(&message("+79031234567", text("hi")))
        .await
        .expect_err("nothing listens there");
    assert!(
        matches!(slow, SendError::AnswerLost { .. }),
        "WAMM may have it: {slow:?}"
    );
    assert!(
        matches!(refused, SendError::Retryable { .. }),
        "nothing was sent: {refused:?}"
    );
    for error in [slow, refused] {
        assert!(
            !reason(&error).contains(TOKEN) && !format!("{error:?}").contains(TOKEN),
            "the token is in the URL and must be cut out: {error:?}"
        );
    }
}

#[tokio::test]
async fn check_tells_a_good_token_from_a_bad_one() {
    let sim = simulator().await;
    let ok = gateway(&sim).check().await.expect("a good token passes");
    assert!(ok.text.contains("accepted the API token"), "{ok}");
    let mut wrong = config(&sim);
    wrong.secret = Some(switchboard_core::gateway::Secret::new("nope"));
    let error = connect(wrong, Duration::from_secs(5))
        .check()
        .await
        .expect_err("a bad token fails");
    assert!(reason(&error).contains("refused the API token"), "{error}");
    let mut zoned = config(&sim);
    zoned
        .options
        .insert("timezone".into(), "Mars/Olympus".into());
    let error = connect(zoned, Duration::from_secs(5))
        .check()
        .await
        .expect_err("an unknown zone is refused");
    assert!(reason(&error).contains("Mars/Olympus"), "{error}");
}

#[tokio::test]
async fn contacts_are_kept_in_step_with_the_address_book() {
    let sim = simulator().await;
    let wamm = gateway(&sim);
    let phone = Phone::parse("+79031234567").expect("valid");
    let long = "Я".repeat(300);
    wamm.update_contact(&ContactChange::Upsert {
        phone: phone.clone(),
        name: long,
    })
    .await
    .expect("a long name is shortened, not refused");
    assert_eq!(sim.contacts()[0].1.chars().count(), 250);
    wamm.update_contact(&ContactChange::Upsert {
        phone: phone.clone(),
        name: "Олег Иванов".into(),
    })
    .await
    .expect("renamed");
    assert_eq!(
        sim.contacts(),
        [("79031234567".to_owned(), "Олег Иванов".to_owned())]
    );
    for _ in 0..2 {
        wamm.update_contact(&ContactChange::Delete {
            phone: phone.clone(),
        })
        .await
        .expect("deleting, even what is gone already, succeeds");
    }
    assert!(sim.contacts().is_empty());
}

#[tokio::test]
async fn incoming_messages_carry_the_gateways_time_read_in_the_account_zone() {
    let sim = simulator().await;
    let id = sim.add_incoming("79031234567", "Добрый день :sm01:", Some("Олег Иванов"));
    let number_only = sim.add_incoming("79035550101", "hi", None);
    let mut moscow = config(&sim);
    moscow.options.insert("timezone".into(), "+03:00".into());
    let result = connect(moscow, Duration::from_secs(5))
        .poll(PollRequest::default())
        .await
        .expect("polled");
    let stored = sim
        .messages()
        .into_iter()
        .find(|m| m.msg_id.to_string() == id)
        .expect("stored");
    let find = |id: &str| {
        result
            .events
            .iter()
            .find_map(|e| match e {
                IngestEvent::Message(m) if m.gateway_message_id == id => Some(m.clone()),
                _ => None,
            })
            .expect("the message was polled")
    };
    let m = find(&id);
    assert_eq!(m.direction, Direction::In);
    assert_eq!(m.profile_name.as_deref(), Some("Олег Иванов"));
    assert_eq!(
        m.content,
        Content::Text {
            text: "Добрый день 🤗".into()
        }
    );
    // The wire gives whole seconds of Moscow time; read in the right zone it is the instant
    // the simulator stored, to the second.
    assert_eq!(m.at.as_millis() / 1000, stored.date_ins / 1000);
    assert_eq!(
        find(&number_only).profile_name,
        None,
        "a bare number is no name"
    );
}

#[tokio::test]
async fn statuses_of_messages_the_lists_no_longer_show_are_looked_up() {
    let sim = simulator().await;
    let wamm = gateway(&sim);
    let receipt = wamm
        .send(&message("+79031234567", text("hello")))
        .await
        .expect("sent");
    // A hundred newer messages push ours out of msg_get_last.
    for i in 0..100 {
        sim.add_incoming("79035550101", &format!("spam {i}"), None);
    }
    assert!(sim.set_state(&receipt.gateway_message_id, "viewed"));
    let first = wamm.poll(PollRequest::default()).await.expect("polled");
    let pending = PendingMessage {
        gateway_message_id: receipt.gateway_message_id.clone(),
        our_id: "our-1".into(),
        to: Phone::parse("+79031234567").expect("valid"),
        status: Status::Sent,
        sent_at: Timestamp::now(),
    };
    let result = wamm
        .poll(PollRequest {
            cursor: first.cursor,
            pending: vec![pending],
        })
        .await
        .expect("polled");
    let report = result
        .events
        .iter()
        .find_map(|e| match e {
            IngestEvent::Status(s) if s.gateway_message_id == receipt.gateway_message_id => {
                Some(s.clone())
            }
            _ => None,
        })
        .expect("msg_state was asked");
    assert_eq!(report.change.status, Status::Seen);
    assert!(report.observed, "msg_state gives no time");
    assert!(sim.calls().contains(&"msg_state".to_owned()));
}

#[tokio::test]
async fn a_failed_poll_keeps_nothing_and_the_next_one_catches_up() {
    let sim = simulator().await;
    sim.add_incoming("79031234567", "one", None);
    let wamm = gateway(&sim);
    sim.inject(Fault::Status(503));
    let error = wamm
        .poll(PollRequest::default())
        .await
        .expect_err("the gateway failed");
    assert!(matches!(error, SendError::Retryable { .. }), "{error:?}");
    let result = wamm.poll(PollRequest::default()).await.expect("polled");
    assert!(
        result
            .events
            .iter()
            .any(|e| matches!(e, IngestEvent::Message(m) if m.direction == Direction::In)),
        "the message is picked up after the failure"
    );
    let again = wamm
        .poll(PollRequest {
            cursor: result.cursor,
            pending: vec![],
        })
        .await
        .expect("polled");
    assert!(
        again.events.is_empty(),
        "nothing new, nothing returned: {:?}",
        again.events
    );
}
