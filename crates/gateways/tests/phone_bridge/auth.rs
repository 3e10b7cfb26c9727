//! A request without the account's secret is refused on every endpoint and changes nothing.

use std::time::Duration;

use serde_json::json;
use switchboard_core::WebhookFailure;
use switchboard_core::api::SendMessage;
use switchboard_core::gateway::{WebhookError, WebhookRequest};
use switchboard_core::message::Content;
use switchboard_core::status::Status;
use switchboard_simulator::{PhoneAuth, PhoneConfig, PhoneSimulator};

use crate::{App, CUSTOMER, SECRET, eventually};

const STRANGER: &str = "+79035550011";

fn request(
    method: &str,
    query: &str,
    bearer: Option<&str>,
    body: serde_json::Value,
) -> WebhookRequest {
    WebhookRequest {
        method: method.into(),
        query: query.into(),
        headers: bearer
            .map(|b| vec![("authorization".to_owned(), format!("Bearer {b}"))])
            .unwrap_or_default(),
        body: serde_json::to_vec(&body).expect("json"),
    }
}

#[tokio::test]
async fn a_wrong_secret_on_any_endpoint_is_refused_and_stores_nothing() {
    let app = App::open("30").await;
    app.engine.start().await.expect("workers start");
    let queued = app
        .engine
        .send_message(
            &switchboard_core::access::Caller::local(),
            SendMessage {
                account_id: app.account_id,
                to: CUSTOMER.into(),
                content: Content::Text {
                    text: "For the phone only".into(),
                },
            },
        )
        .await
        .expect("queued");
    let bodies = [
        ("next", "GET", json!(null)),
        (
            "result",
            "POST",
            json!({"id": queued.id, "status": "failed", "error": "forged"}),
        ),
        (
            "incoming",
            "POST",
            json!({"phone": STRANGER, "text": "forged"}),
        ),
    ];
    let token_as_secret = format!("token={}", app.token);
    let wrong: [(&str, Option<&str>); 5] = [
        ("", None),
        ("token=guess", None),
        ("", Some("guess")),
        // The address's token finds the account; it is not the secret.
        (&token_as_secret, None),
        ("token=phone-secret-K7x", Some("phone-secret-K7x/9")),
    ];
    for (endpoint, method, body) in &bodies {
        for (query, bearer) in wrong {
            let outcome = app
                .engine
                .webhook(
                    &app.token,
                    endpoint,
                    request(method, query, bearer, body.clone()),
                )
                .await;
            assert!(
                matches!(
                    outcome,
                    Err(WebhookFailure::Rejected(WebhookError::Unauthenticated(_)))
                ),
                "{endpoint} with query '{query}' and bearer {bearer:?} must be refused: {outcome:?}"
            );
        }
    }
    assert!(
        app.thread(STRANGER)
            .await
            .is_none_or(|t| t.messages.is_empty()),
        "a forged incoming message is not stored"
    );
    let ours = app.thread(CUSTOMER).await.expect("our thread");
    assert_eq!(ours.messages.len(), 1);
    assert!(
        !ours.messages[0].status.is_failure(),
        "a forged result changes nothing: {:?}",
        ours.messages[0]
    );
    // The message is still waiting: a wrong-secret `next` did not take it. The right one does.
    let reply = eventually(
        "the parked message is handed to the right secret",
        async || {
            let reply = app
                .engine
                .webhook(
                    &app.token,
                    "next",
                    request("GET", "", Some(SECRET), json!(null)),
                )
                .await
                .expect("the right secret signs in")?;
            let value: serde_json::Value = serde_json::from_str(reply.body()).ok()?;
            (!value["message"].is_null()).then_some(value)
        },
    )
    .await;
    assert_eq!(reply["message"]["id"], queued.id.as_str());
    // The control: the same incoming message with the right secret is stored, so the check
    // above could have seen one.
    app.engine
        .webhook(
            &app.token,
            "incoming",
            request("POST", "", Some(SECRET), bodies[2].2.clone()),
        )
        .await
        .expect("the right secret stores it");
    assert_eq!(
        app.thread(STRANGER).await.expect("a thread").messages.len(),
        1
    );
}

#[tokio::test]
async fn a_phone_with_the_wrong_secret_gets_nothing() {
    let app = App::open("0.5").await;
    app.engine.start().await.expect("workers start");
    let phone = PhoneSimulator::start(PhoneConfig {
        hooks_url: app.hooks_url.clone(),
        secret: "not-the-secret".into(),
        auth: PhoneAuth::Query,
        poll_every: Duration::from_millis(30),
        typing: Duration::ZERO,
        ..PhoneConfig::default()
    });
    let queued = app
        .engine
        .send_message(
            &switchboard_core::access::Caller::local(),
            SendMessage {
                account_id: app.account_id,
                to: CUSTOMER.into(),
                content: Content::Text { text: "Hi".into() },
            },
        )
        .await
        .expect("queued");
    let retried = eventually("the send waits in vain and is retried", async || {
        let thread = app.thread(CUSTOMER).await?;
        let m = thread.messages.into_iter().find(|m| m.id == queued.id)?;
        (m.attempts >= 1 && m.error.is_some()).then_some(m)
    })
    .await;
    assert_eq!(
        retried.status,
        Status::Queued,
        "nothing went out: {retried:?}"
    );
    assert!(phone.sent().is_empty(), "the phone was given nothing");
    let asked: Vec<_> = phone
        .requests()
        .into_iter()
        .filter(|r| r.endpoint == "next")
        .collect();
    assert!(
        !asked.is_empty() && asked.iter().all(|r| r.outcome == Ok(401)),
        "{asked:?}"
    );
    phone.shutdown().await;
}
