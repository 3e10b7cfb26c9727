//! Status callbacks posted by hand: out of order, failures, overturns, unknown words.

use std::time::Duration;

use serde_json::json;
use switchboard_core::message::SendState;

use crate::harness::{App, Options, devino_status, now_ms};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn out_of_order_statuses_settle_by_rule_not_by_arrival() {
    // The simulator's own callbacks come only after an hour: the statuses here are ours.
    let app = App::start_with(Options {
        step: Duration::from_secs(3600),
        ..Options::default()
    })
    .await;
    let status_url = app.webhook_url(app.account_id, "status").await;
    let m = app.send_text("+79035550001", "order 1").await;
    let m = app
        .wait_message(&m.id, "the message is accepted", |m| {
            m.send_state == Some(SendState::Done)
        })
        .await;
    let gid = m.gateway_message_id.clone().expect("Devino's id");
    // The gateway's times, seconds apart a minute ago (older ones would not be believed).
    let at = |s: i64| now_ms() - 60_000 + s * 1000;

    for (ts, word) in [(3, "READ"), (1, "SENT"), (2, "DELIVERED")] {
        let (status, v) = app
            .post_json(&status_url, &devino_status(&gid, at(ts), word, 0))
            .await;
        assert!(
            (200..300).contains(&status),
            "{word} accepted: {status} {v}"
        );
    }
    let after = app.message(&m.id).await;
    assert_eq!(
        after.status.as_str(),
        "seen",
        "READ arrived first; the late SENT and DELIVERED must not pull it back: {after:#?}"
    );
    for word in ["seen", "sent", "delivered"] {
        assert!(
            after.history.iter().any(|c| c.status.as_str() == word),
            "history keeps {word}"
        );
    }

    let (status, _) = app
        .post_json(
            &status_url,
            &devino_status(&gid, at(5), "UNDELIVERED", 2305),
        )
        .await;
    assert!((200..300).contains(&status));
    let failed = app.message(&m.id).await;
    assert_eq!(
        failed.status.as_str(),
        "failed",
        "a newer failure stands over an older READ: {failed:#?}"
    );
    let e = failed.error.clone().expect("a failed message says why");
    assert_eq!(e.code.as_deref(), Some("2305"));
    assert!(
        e.message.contains("WhatsApp"),
        "the reason is in words: {e:?}"
    );

    let (status, _) = app
        .post_json(&status_url, &devino_status(&gid, at(6), "DELIVERED", 0))
        .await;
    assert!((200..300).contains(&status));
    let overturned = app.message(&m.id).await;
    assert!(
        !overturned.status.is_failure(),
        "a later DELIVERED overturns the failure: {overturned:#?}"
    );
    assert_eq!(
        overturned.status.as_str(),
        "seen",
        "progress never goes backwards: seen stays the furthest"
    );
    assert!(overturned.error.is_none(), "the failure reason is gone");

    // An unknown word is kept and shown while it is the newest thing said.
    let m2 = app.send_text("+79035550002", "order 2").await;
    let m2 = app
        .wait_message(&m2.id, "the second message is accepted", |m| {
            m.send_state == Some(SendState::Done)
        })
        .await;
    let gid2 = m2.gateway_message_id.clone().expect("Devino's id");
    let later = now_ms() + 60_000; // a gateway's clock a minute ahead is believed
    let (status, _) = app
        .post_json(
            &status_url,
            &devino_status(&gid2, later, "PAUSED_BY_OPERATOR", 0),
        )
        .await;
    assert!((200..300).contains(&status));
    let paused = app.message(&m2.id).await;
    assert!(
        paused
            .history
            .iter()
            .any(|c| c.status.as_str() == "PAUSED_BY_OPERATOR"),
        "an unknown word is kept in the history: {paused:#?}"
    );
    assert_eq!(
        paused.status.as_str(),
        "PAUSED_BY_OPERATOR",
        "and shown as it came while it is the newest"
    );
    let thread = app
        .call(
            "get_thread",
            json!({"conversation_id": paused.conversation_id}),
        )
        .await;
    assert_eq!(
        thread["messages"][0]["status"], "PAUSED_BY_OPERATOR",
        "the API shows the word as it came"
    );
    app.stop().await;
}
