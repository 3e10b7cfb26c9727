//! Sending through the HTTP API to the Devino simulator: wire fields, statuses, retries,
//! rejections and validation.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::json;
use switchboard_core::event::Event;
use switchboard_core::message::{Message, SendState};
use switchboard_simulator::{Fault, ReceivedMessage};

use crate::harness::{App, Options, SENDER, SIM_KEY, history_words};

fn copies(app: &App, id: &str) -> Vec<ReceivedMessage> {
    app.sim
        .sent()
        .into_iter()
        .filter(|r| r.callback_data.as_deref() == Some(id))
        .collect()
}

async fn wait_seen(app: &App, m: &Message) -> Message {
    app.wait_message(&m.id, "the message is seen (simulator's callbacks)", |m| {
        m.status.as_str() == "seen"
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_media_and_template_go_out_once_with_devino_fields_and_reach_seen() {
    let app = App::start().await;
    let status_url = app.webhook_url(app.account_id, "status").await;
    assert!(
        status_url.starts_with(&app.base) && status_url.ends_with("/status"),
        "the status webhook is ours: {status_url}"
    );

    let text = app
        .send_text("+7 903 456-78-90", "Hello from the test")
        .await;
    assert_eq!(
        text.status.as_str(),
        "queued",
        "send_message answers at once with the queued message"
    );
    let media = app
        .send(
            app.account_id,
            "+79034567891",
            json!({"kind": "media", "url": "https://example.com/files/photo.jpg",
                   "mime": "image/jpeg", "name": "photo.jpg", "caption": null}),
        )
        .await;
    let template = app
        .send(
            app.account_id,
            "+79034567892",
            json!({"kind": "template", "id": "order_ready",
                   "params": ["Anna", "A-1042"], "language": "en"}),
        )
        .await;

    for m in [&text, &media, &template] {
        let seen = wait_seen(&app, m).await;
        assert_eq!(
            history_words(&seen),
            ["queued", "sent", "delivered", "seen"],
            "history should walk queued→sent→delivered→seen: {:#?}",
            seen.history
        );
        assert_eq!(seen.send_state, Some(SendState::Done));
        assert!(seen.error.is_none(), "no error on a seen message");
        assert!(seen.gateway_message_id.is_some(), "Devino's id is kept");
    }

    let wire = |id: &str| {
        let c = copies(&app, id);
        assert_eq!(
            c.len(),
            1,
            "the simulator must have accepted message {id} exactly once: {c:#?}"
        );
        let c = c.into_iter().next().unwrap_or_else(|| unreachable!());
        assert_eq!(c.from, SENDER);
        assert_eq!(
            c.callback_url.as_deref(),
            Some(status_url.as_str()),
            "callbackUrl is our status webhook"
        );
        assert_eq!(
            c.callback_data.as_deref(),
            Some(id),
            "callbackData is our id"
        );
        c
    };
    let t = wire(&text.id);
    assert_eq!(t.to, "79034567890", "E.164 digits without +");
    assert_eq!(t.text.as_deref(), Some("Hello from the test"));
    assert!(t.content_url.is_none() && t.template_id.is_none());

    let m = wire(&media.id);
    assert_eq!(
        m.content_url.as_deref(),
        Some("https://example.com/files/photo.jpg")
    );
    assert_eq!(m.content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(m.content_name.as_deref(), Some("photo.jpg"));
    assert!(m.text.is_none(), "no caption, no text field");

    let tp = wire(&template.id);
    assert_eq!(tp.template_id.as_deref(), Some("order_ready"));
    let params: BTreeMap<String, String> = [("1", "Anna"), ("2", "A-1042")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    assert_eq!(
        tp.template_params.as_ref(),
        Some(&params),
        "templateParams are keyed by position"
    );
    assert_eq!(tp.language_code.as_deref(), Some("en"));
    assert!(tp.text.is_none());

    assert_eq!(app.sim.sent().len(), 3, "nothing else was sent");
    app.stop().await;
}

/// Sends one message after injecting `fault` and checks it is retried to success.
/// Returns the final message and every Message event seen for it.
async fn retried_send(app: &App, fault: Fault, to: &str) -> (Message, Vec<Message>) {
    let mut events = app.events.subscribe();
    app.sim.inject(fault.clone());
    let sent = app.send_text(to, &format!("after {fault:?}")).await;
    let done = app
        .wait_message(&sent.id, "the message is accepted after a retry", |m| {
            m.send_state == Some(SendState::Done)
        })
        .await;
    let mut seen = Vec::new();
    while let Ok(e) = events.try_recv() {
        if let Event::Message { message } = e
            && message.id == sent.id
        {
            seen.push(message);
        }
    }
    (done, seen)
}

fn assert_retry_was_visible(fault: &str, events: &[Message]) {
    let retrying = events.iter().find(|m| {
        m.send_state == Some(SendState::Queued)
            && m.error.as_ref().and_then(|e| e.code.as_deref()) == Some("retrying")
    });
    let Some(r) = retrying else {
        panic!(
            "after {fault} the message should be shown queued with error.code 'retrying' between \
             attempts; live events were {events:#?}"
        );
    };
    let e = r
        .error
        .as_ref()
        .map(|e| e.message.clone())
        .unwrap_or_default();
    assert!(
        e.contains("Devino"),
        "the retry reason for {fault} should say what went wrong: {e:?}"
    );
    assert!(r.next_attempt_at.is_some(), "a retrying message says when");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_429_and_500_are_retried_and_sent_once() {
    let app = App::start().await;
    for (fault, to, word) in [
        (Fault::Status(429), "+79110000429", "slow down"),
        (Fault::Status(500), "+79110000500", "server error"),
    ] {
        let (m, events) = retried_send(&app, fault.clone(), to).await;
        assert!(
            m.attempts >= 2,
            "{fault:?}: at least two attempts, got {m:#?}"
        );
        assert_eq!(
            copies(&app, &m.id).len(),
            1,
            "{fault:?}: refused requests accept nothing, so the simulator holds exactly one copy"
        );
        assert_retry_was_visible(&format!("{fault:?}"), &events);
        let reason = events
            .iter()
            .find_map(|e| e.error.as_ref().map(|e| e.message.clone()))
            .unwrap_or_default();
        assert!(
            reason.contains(word),
            "{fault:?}: reason {reason:?} should say '{word}'"
        );
        let seen = wait_seen(&app, &m).await;
        assert!(seen.error.is_none(), "the retry error is gone once sent");
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_answer_is_retried() {
    let app = App::start().await;
    let (m, events) = retried_send(&app, Fault::Garbage, "+79110000777").await;
    assert!(m.attempts >= 2, "garbage is not an acceptance: {m:#?}");
    assert_eq!(
        copies(&app, &m.id).len(),
        1,
        "a garbage answer accepted nothing: one copy in the simulator"
    );
    assert_retry_was_visible("Garbage", &events);
    wait_seen(&app, &m).await;
    app.stop().await;
}

/// A gateway slower than our timeout: the request went out, its answer was lost. Devino has
/// no idempotency key, so the message is not sent again (that delivered two copies before):
/// it is shown unconfirmed, and Devino's status callback, which echoes our id, proves it sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_timeout_is_unconfirmed_never_resent_and_a_callback_proves_it() {
    let app = App::start_with(Options {
        timeout: Duration::from_secs(1),
        ..Options::default()
    })
    .await;
    let mut events = app.events.subscribe();
    app.sim.inject(Fault::Delay(Duration::from_millis(2500)));
    let sent = app.send_text("+79110000888", "after a delay").await;
    let seen = wait_seen(&app, &sent).await;
    let mut shown = Vec::new();
    while let Ok(e) = events.try_recv() {
        if let Event::Message { message } = e
            && message.id == sent.id
        {
            shown.push(message);
        }
    }
    let unconfirmed = shown
        .iter()
        .find(|m| m.send_state == Some(SendState::Unconfirmed));
    let Some(unconfirmed) = unconfirmed else {
        panic!("the lost answer is shown as unconfirmed first: {shown:#?}");
    };
    let reason = unconfirmed
        .error
        .as_ref()
        .map(|e| e.message.clone())
        .unwrap_or_default();
    assert!(
        reason.contains("did not answer within"),
        "the reason names the timeout: {reason:?}"
    );
    assert_eq!(seen.attempts, 1, "never sent again: {seen:#?}");
    assert_eq!(
        seen.send_state,
        Some(SendState::Done),
        "proven by the callback"
    );
    assert_eq!(
        copies(&app, &sent.id).len(),
        1,
        "the gateway holds one copy"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn devino_2301_requeues_and_the_second_attempt_is_delivered() {
    let app = App::start().await;
    let m = app.send_text("+79990002301", "rate limited once").await;
    let done = app
        .wait_message(&m.id, "the 2301 message ends seen", |m| {
            m.status.as_str() == "seen"
        })
        .await;
    let to_number: Vec<_> = app
        .sim
        .sent()
        .into_iter()
        .filter(|r| r.to == "79990002301")
        .collect();
    assert_eq!(
        to_number.len(),
        2,
        "2301 is transient: the simulator sees the first attempt and the requeued one"
    );
    assert!(done.attempts >= 2, "two attempts: {done:#?}");
    assert!(
        done.history
            .iter()
            .any(|c| c.status.as_str() == "failed" && c.code.as_deref() == Some("2301")),
        "the transient failure stays in the history: {:#?}",
        done.history
    );
    assert!(done.error.is_none(), "no error once delivered: {done:#?}");
    assert_eq!(done.send_state, Some(SendState::Done));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn devino_rejections_are_shown_with_reason_and_no_secret() {
    let app = App::start().await;
    // A sender the simulator's account does not own: REJECTED not.available.
    let bad_sender = app.add_account("Other sender", "NotOurs", SIM_KEY).await;
    let m = app
        .send(
            bad_sender,
            "+79034567800",
            json!({"kind": "text", "text": "from a sender we do not own"}),
        )
        .await;
    let m = app
        .wait_message(&m.id, "a bad-sender message is rejected", |m| {
            m.send_state == Some(SendState::Failed)
        })
        .await;
    assert_eq!(m.status.as_str(), "rejected", "{m:#?}");
    let e = m.error.clone().expect("a rejected message says why");
    assert_eq!(
        e.code.as_deref(),
        Some("not.available"),
        "the reason key: {e:?}"
    );
    assert!(
        e.message.contains("sender"),
        "the reason is readable and names the sender: {e:?}"
    );
    assert_eq!(m.attempts, 1, "a rejection is not retried");

    // A wrong API key.
    let wrong_key = "wrong-key-SECRET-31337";
    let bad_key = app.add_account("Wrong key", SENDER, wrong_key).await;
    let m = app
        .send(
            bad_key,
            "+79034567801",
            json!({"kind": "text", "text": "with a wrong key"}),
        )
        .await;
    let m = app
        .wait_message(&m.id, "a wrong-key message is rejected", |m| {
            m.send_state == Some(SendState::Failed)
        })
        .await;
    assert_eq!(m.status.as_str(), "rejected", "{m:#?}");
    let e = m.error.clone().expect("says why");
    assert_eq!(e.code.as_deref(), Some("unauthorized"));
    assert!(
        e.message.contains("API key"),
        "names the key as the problem: {e:?}"
    );
    let shown = serde_json::to_string(&m).unwrap_or_default();
    assert!(
        !shown.contains(wrong_key) && !shown.contains(SIM_KEY),
        "no secret in what the API shows: {shown}"
    );
    assert_eq!(
        app.sim
            .sent()
            .iter()
            .filter(|r| r.to == "79034567800" || r.to == "79034567801")
            .count(),
        0,
        "the simulator accepted neither"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_messages_are_refused_before_anything_is_queued() {
    let app = App::start().await;
    let before = app.counts();
    let (status, v) = app
        .api(
            "send_message",
            json!({"account_id": app.account_id, "to": "+79034567890",
                   "content": {"kind": "text", "text": "x".repeat(1001)}}),
        )
        .await;
    assert_eq!(status, 422, "too long a text is 422: {v}");
    assert_eq!(v["code"], "invalid_message", "{v}");
    assert!(
        v["message"].as_str().is_some_and(|s| s.contains("1000")),
        "says the limit: {v}"
    );
    let (status, v) = app
        .api(
            "send_message",
            json!({"account_id": app.account_id, "to": "12ab",
                   "content": {"kind": "text", "text": "hi"}}),
        )
        .await;
    assert_eq!(status, 400, "a bad phone is 400: {v}");
    assert_eq!(v["code"], "invalid_phone", "{v}");
    assert_eq!(app.counts(), before, "nothing was stored or queued");
    assert!(app.sim.sent().is_empty(), "nothing reached the gateway");
    app.stop().await;
}

/// The first attempt times out but Devino did take it, and its status callback (echoing our id
/// as `options`) arrives while the message waits for its retry. From then on the app knows the
/// message went out; sending it again gives the customer a duplicate. Expected: the callback
/// settles the message (send_state done) and the simulator holds exactly one copy.
///
/// Timeline: client timeout 1 s, retry due 1 s later (~2 s); the delayed copy is accepted at
/// ~1.1 s and its callbacks follow every 30 ms, well before the retry is due.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_callback_proving_a_timed_out_attempt_went_out_prevents_the_resend() {
    let app = App::start_with(Options {
        timeout: Duration::from_secs(1),
        ..Options::default()
    })
    .await;
    app.sim.inject(Fault::Delay(Duration::from_millis(1100)));
    let m = app.send_text("+79110000999", "sent once, please").await;
    app.wait_message(
        &m.id,
        "the gateway's callback for the first attempt lands",
        |m| m.gateway_message_id.is_some(),
    )
    .await;
    let settled = app
        .wait_message(&m.id, "the message is settled and seen", |m| {
            m.send_state == Some(SendState::Done) && m.status.as_str() == "seen"
        })
        .await;
    let n = copies(&app, &m.id).len();
    assert_eq!(
        n, 1,
        "a SENT callback echoing our id proved the timed-out attempt was accepted, yet the \
         outbox sent the message again ({n} copies at the gateway; attempts {}): the customer \
         gets it twice",
        settled.attempts
    );
    app.stop().await;
}
