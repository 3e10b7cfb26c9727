//! The whole loop: the outbox hands messages to the phone, the phone reports, customers answer.

use std::time::Duration;

use switchboard_core::api::SendMessage;
use switchboard_core::message::{Content, Direction, Message, SendState};
use switchboard_core::status::Status;
use switchboard_simulator::{
    PhoneAuth, PhoneConfig, PhoneCustomer, PhoneFault, PhoneHandle, PhoneSimulator,
};

use crate::{App, CUSTOMER, SECRET, eventually};

fn phone(app: &App, customer: Option<PhoneCustomer>) -> PhoneHandle {
    PhoneSimulator::start(PhoneConfig {
        hooks_url: app.hooks_url.clone(),
        secret: SECRET.into(),
        auth: PhoneAuth::Query,
        poll_every: Duration::from_millis(50),
        typing: Duration::ZERO,
        customer,
        ..PhoneConfig::default()
    })
}

async fn send(app: &App, to: &str, text: &str) -> Message {
    app.engine
        .send_message(
            &switchboard_core::access::Caller::local(),
            SendMessage {
                account_id: app.account_id,
                to: to.into(),
                content: Content::Text { text: text.into() },
            },
        )
        .await
        .expect("queued")
}

/// Waits until our message `id` in `to`'s thread satisfies `done`.
async fn until(
    app: &App,
    to: &str,
    id: &str,
    what: &str,
    done: impl Fn(&Message) -> bool,
) -> Message {
    eventually(what, async || {
        let thread = app.thread(to).await?;
        thread.messages.into_iter().find(|m| m.id == id && done(m))
    })
    .await
}

fn result_posted(phone: &PhoneHandle, id: &str) -> bool {
    phone
        .requests()
        .iter()
        .any(|r| r.endpoint == "result" && r.body["id"] == id && r.outcome == Ok(200))
}

#[tokio::test]
async fn a_message_goes_out_through_the_phone_and_the_customer_answers() {
    let app = App::open("5").await;
    app.engine.start().await.expect("workers start");
    let phone = phone(
        &app,
        Some(PhoneCustomer {
            replies: vec!["Thanks, got it".into()],
            delay: Duration::from_millis(50),
            name: Some("Anna Petrova".into()),
        }),
    );
    let ours = send(&app, CUSTOMER, "Your order is ready").await;
    let sent = until(&app, CUSTOMER, &ours.id, "the phone reports it sent", |m| {
        m.status == Status::Sent && result_posted(&phone, &m.id)
    })
    .await;
    assert_eq!(sent.send_state, Some(SendState::Done));
    assert_eq!(sent.gateway_message_id.as_deref(), Some(ours.id.as_str()));
    let typed = phone.sent();
    assert_eq!(typed.len(), 1);
    assert_eq!(
        (typed[0].digits.as_str(), typed[0].text.as_str()),
        ("79031234567", "Your order is ready")
    );
    let thread = eventually("the customer's answer is in the thread", async || {
        let thread = app.thread(CUSTOMER).await?;
        thread
            .messages
            .iter()
            .any(|m| m.direction == Direction::In && m.text == "Thanks, got it")
            .then_some(thread)
    })
    .await;
    assert_eq!(
        thread.conversation.contact.name.as_deref(),
        Some("Anna Petrova"),
        "the notification's title names the contact"
    );
    phone.shutdown().await;
}

#[tokio::test]
async fn a_number_the_phone_cannot_reach_shows_the_phones_reason() {
    let app = App::open("5").await;
    app.engine.start().await.expect("workers start");
    let phone = phone(&app, None);
    // The simulated phone's chat does not open for numbers ending in 0000.
    let to = "+79030000000";
    let ours = send(&app, to, "Hello?").await;
    let failed = until(&app, to, &ours.id, "the phone reports it failed", |m| {
        m.status == Status::Failed
    })
    .await;
    let reason = failed.error.expect("a failure says why").message;
    assert!(reason.contains("not on WhatsApp"), "{reason}");
    phone.shutdown().await;
}

#[tokio::test]
async fn a_silent_phone_leaves_the_message_queued_until_it_asks_again() {
    let app = App::open("0.3").await;
    app.engine.start().await.expect("workers start");
    let ours = send(&app, CUSTOMER, "Are you there?").await;
    let waiting = until(
        &app,
        CUSTOMER,
        &ours.id,
        "a failed pickup is retried",
        |m| m.attempts >= 1 && m.error.is_some(),
    )
    .await;
    assert_eq!(waiting.send_state, Some(SendState::Queued));
    let reason = waiting.error.expect("the wait says why").message;
    assert!(
        reason.contains("The phone has not asked for messages for 0.3 s"),
        "{reason}"
    );
    // The automation app starts again: the retry finds it.
    let phone = phone(&app, None);
    until(&app, CUSTOMER, &ours.id, "sent once the phone asks", |m| {
        m.send_state == Some(SendState::Done) && result_posted(&phone, &m.id)
    })
    .await;
    assert_eq!(phone.sent().len(), 1, "handed over exactly once");
    phone.shutdown().await;
}

#[tokio::test]
async fn a_phone_that_crashes_before_reporting_is_never_sent_the_message_again() {
    let app = App::open("5").await;
    app.engine.start().await.expect("workers start");
    let phone = phone(&app, None);
    phone.inject(PhoneFault::CrashBeforeReport);
    let first = send(&app, CUSTOMER, "first").await;
    let second = send(&app, CUSTOMER, "second").await;
    // The second message goes only after the first was handed over (the queue is in order), so
    // once it is reported, any resend of the first would already have happened.
    until(&app, CUSTOMER, &second.id, "the second is reported", |m| {
        result_posted(&phone, &m.id)
    })
    .await;
    let typed: Vec<String> = phone.sent().into_iter().map(|m| m.text).collect();
    assert_eq!(
        typed,
        ["first", "second"],
        "the first is not resent blindly"
    );
    assert!(
        !result_posted(&phone, &first.id),
        "the crashed app never reported"
    );
    let shown = until(&app, CUSTOMER, &first.id, "the first shows", |_| true).await;
    assert_eq!(
        (shown.status, shown.send_state),
        (Status::Sent, Some(SendState::Done)),
        "handed to the phone, which is as far as we know"
    );
    phone.shutdown().await;
}
