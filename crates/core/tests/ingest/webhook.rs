//! `Engine::webhook`, the door gateways knock on: what it accepts is committed through ingest
//! before it answers, and what it refuses stores nothing.

use switchboard_core::WebhookFailure;
use switchboard_core::api::{AccountRef, Empty};
use switchboard_core::gateway::{WebhookError, WebhookRequest};
use switchboard_core::status::Status;
use switchboard_core::time::Timestamp;
use switchboard_test_support::{TestAccount, TestApp, webhook};

use crate::{ANN, at, incoming_named, rows, sent, shop, status, thread};

/// The account's webhook token, from the URLs the API gives out.
async fn token(app: &TestApp, account: &TestAccount) -> String {
    app.engine
        .set_callback_base(Some("https://inbox.example.com".into()))
        .await
        .expect("an address");
    let urls = app
        .engine
        .account_webhooks(
            &switchboard_core::access::Caller::local(),
            AccountRef {
                account_id: account.id,
            },
        )
        .await
        .expect("the account's URLs");
    let url = &urls.first().expect("a webhook URL").url;
    url.split("/hooks/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("{url} has no token"))
        .to_owned()
}

/// When the (only) account's last webhook arrived, as the public address panel shows it.
async fn last_webhook_at(app: &TestApp) -> Option<Timestamp> {
    let address = app
        .engine
        .public_address(&switchboard_core::access::Caller::local(), Empty {})
        .await
        .expect("the public address");
    address.accounts[0].last_webhook_at
}

#[tokio::test]
async fn a_webhook_posted_three_times_is_stored_once() {
    let (app, shop) = shop().await;
    let offer = sent(&app, &shop, ANN, "gw-1").await;
    let token = token(&app, &shop).await;
    let hello = webhook::request(&[incoming_named("in-1", ANN, "Ann", "hello", at(10))]);
    let statuses = webhook::request(&[
        status("gw-1", Status::Seen, at(3)),
        status("gw-1", Status::Delivered, at(2)),
    ]);
    for _ in 0..3 {
        for (endpoint, request) in [("incoming", &hello), ("status", &statuses)] {
            let reply = app
                .engine
                .webhook(&token, endpoint, request.clone())
                .await
                .expect("the webhook is accepted");
            assert_eq!(reply, None, "answered with the default reply");
        }
    }
    let ann = thread(&app, &shop, ANN).await;
    assert_eq!(ann.messages.len(), 2, "the offer and one hello");
    assert_eq!(ann.conversation.unread, 1);
    assert_eq!(ann.conversation.contact.name.as_deref(), Some("Ann"));
    assert_eq!(app.message(&offer.id).await.status, Status::Seen);
    assert_eq!(app.host.recorder.notifications().len(), 1);

    assert_eq!(
        last_webhook_at(&app).await,
        Some(app.now()),
        "the panel shows that callbacks arrive"
    );
}

#[tokio::test]
async fn a_webhook_that_is_refused_stores_nothing() {
    let (app, shop) = shop().await;
    let token = token(&app, &shop).await;
    let before = rows(&app).await;
    let announced = app.host.recorder.events().len();
    let body = |bytes: &[u8]| WebhookRequest {
        method: "POST".into(),
        body: bytes.to_vec(),
        ..WebhookRequest::default()
    };
    // One good event beside a bad one: the request is refused as a whole.
    let half_good = br#"[{"text": "hi", "id": "in-1", "from": "+79000000001", "at": 1},
                         {"text": "hi", "id": "in-2", "from": "not a phone", "at": 2}]"#;
    for bad in [
        &b"not json"[..],
        br#"{"text": "not in an array"}"#,
        half_good,
    ] {
        let refused = app.engine.webhook(&token, "incoming", body(bad)).await;
        assert!(
            matches!(
                refused,
                Err(WebhookFailure::Rejected(WebhookError::Malformed(_)))
            ),
            "{}: {refused:?}",
            String::from_utf8_lossy(bad)
        );
    }
    let hello = webhook::request(&[incoming_named("in-1", ANN, "Ann", "hello", at(10))]);
    let refused = app.engine.webhook(&token, "delivery", hello.clone()).await;
    assert!(
        matches!(
            refused,
            Err(WebhookFailure::Rejected(WebhookError::UnknownEndpoint(ref e))) if e == "delivery"
        ),
        "{refused:?}"
    );
    let refused = app.engine.webhook("no-such-token", "incoming", hello).await;
    assert!(
        matches!(refused, Err(WebhookFailure::UnknownAccount)),
        "{refused:?}"
    );

    assert_eq!(rows(&app).await, before, "nothing refused is stored");
    assert_eq!(app.host.recorder.events().len(), announced, "nor announced");
    assert_eq!(
        last_webhook_at(&app).await,
        None,
        "a refused request is not a callback that arrived"
    );
}

#[tokio::test]
async fn a_rotated_token_works_for_a_day_then_is_refused() {
    let (app, shop) = shop().await;
    let old = token(&app, &shop).await;
    app.engine
        .rotate_webhook_token(
            &switchboard_core::access::Caller::local(),
            AccountRef {
                account_id: shop.id,
            },
        )
        .await
        .expect("rotated");
    let new = token(&app, &shop).await;
    assert_ne!(old, new);
    let hello = |id: &str| webhook::request(&[incoming_named(id, ANN, "Ann", "hello", at(10))]);
    for (token, id) in [(&old, "in-1"), (&new, "in-2")] {
        app.engine
            .webhook(token, "incoming", hello(id))
            .await
            .expect("both addresses work during the grace period");
    }
    app.advance(std::time::Duration::from_millis(
        switchboard_core::account::webhook_token::GRACE_MS as u64,
    ));
    let before = rows(&app).await;
    let refused = app.engine.webhook(&old, "incoming", hello("in-3")).await;
    assert!(
        matches!(refused, Err(WebhookFailure::UnknownAccount)),
        "after the grace period the old address names no account: {refused:?}"
    );
    assert_eq!(rows(&app).await, before, "and stores nothing");
    app.engine
        .webhook(&new, "incoming", hello("in-4"))
        .await
        .expect("the new address works");
}

#[tokio::test]
async fn a_token_of_the_wrong_shape_names_no_account() {
    let (app, shop) = shop().await;
    let good = token(&app, &shop).await;
    let hello = webhook::request(&[incoming_named("in-1", ANN, "Ann", "hello", at(10))]);
    for bad in [
        String::new(),
        good.to_uppercase(),
        format!("{good}0"),
        format!("{good}' OR '1'='1"),
        "../../api/events".to_owned(),
    ] {
        let refused = app.engine.webhook(&bad, "incoming", hello.clone()).await;
        assert!(
            matches!(refused, Err(WebhookFailure::UnknownAccount)),
            "{bad:?}: {refused:?}"
        );
    }
}

#[tokio::test]
async fn a_sandbox_account_takes_webhooks_only_while_its_simulator_runs_here() {
    let (app, _) = shop().await;
    let sandbox = app
        .engine
        .create_account(
            switchboard_test_support::devino_account("Sandbox", "Switchboard", None, ""),
            true,
        )
        .await
        .expect("a sandbox account");
    let sandbox = TestAccount {
        id: sandbox.id,
        gateway: app.connector.gateway("Sandbox"),
    };
    let token = token(&app, &sandbox).await;
    let hello = webhook::request(&[incoming_named("in-1", ANN, "Ann", "hello", at(10))]);
    let refused = app.engine.webhook(&token, "incoming", hello.clone()).await;
    assert!(
        matches!(refused, Err(WebhookFailure::UnknownAccount)),
        "its secrets are public: without its simulator here, nobody posts with them: {refused:?}"
    );
    app.engine.sandbox_runs_for(sandbox.id);
    app.engine
        .webhook(&token, "incoming", hello)
        .await
        .expect("the sandbox running here takes its own webhooks");
}
