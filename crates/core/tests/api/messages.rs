//! Sending and the outbox's actions: send_message, retry_message, discard_message, send_now.

use serde_json::{Value, json};
use switchboard_core::ErrorCode::{
    BadRequest, Conflict, Forbidden, Internal, InvalidMessage, InvalidPhone, NotFound,
    SecretsUnavailable, Unauthorized, Unsupported,
};
use switchboard_core::account::GatewayKind;
use switchboard_core::host::SecretError;
use switchboard_core::message::SendState;
use switchboard_core::operator::Role;
use switchboard_test_support::events::incoming;
use switchboard_test_support::{ManualClock, Reply, TestAccount, TestApp};

use crate::{ANN, app, call, inbox};

fn text(account: &TestAccount, to: &str) -> Value {
    json!({"account_id": account.id, "to": to, "content": {"kind": "text", "text": "hello"}})
}

/// A message in each state the outbox's actions tell apart: sent, failed, waiting for a retry,
/// and one from a customer.
struct OneOfEach {
    done: String,
    failed: String,
    waiting: String,
    incoming: String,
}

impl OneOfEach {
    async fn on(app: &TestApp) -> Self {
        let shop = app.add_account("Shop").await;
        shop.gateway.script([
            Reply::accepted("gw-1"),
            Reply::rejected("2305", "The number is not on WhatsApp"),
            Reply::retry_message("the phone is busy"),
        ]);
        let mut sent = Vec::new();
        for to in ["+79000000011", "+79000000012", "+79000000013"] {
            let m = app.send_text(shop.id, to, "hello").await;
            app.engine.send_next(shop.id).await.expect("a round");
            sent.push(app.message(&m.id).await);
        }
        let states: Vec<_> = sent.iter().map(|m| m.send_state).collect();
        let expected = [SendState::Done, SendState::Failed, SendState::Queued];
        assert_eq!(states, expected.map(Some));
        let hi = incoming("in-1", ANN, "hi", ManualClock::START);
        app.engine.ingest(shop.id, vec![hi]).await.expect("stored");
        let thread = call(app, "get_thread").answers(json!({"phone": ANN})).await;
        let mut ids = sent.into_iter().map(|m| m.id);
        let mut next = || ids.next().expect("three messages");
        Self {
            done: next(),
            failed: next(),
            waiting: next(),
            incoming: thread["messages"][0]["id"].as_str().expect("an id").into(),
        }
    }
}

fn id(id: &str) -> Value {
    json!({ "id": id })
}

/// What every command on a message refuses alike.
fn nameless_or_missing() -> Vec<crate::Refusal> {
    crate::nameless_or_missing("id", json!("no-such-message"), "error.message_not_found")
}

#[tokio::test]
pub async fn send_message() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    let depot = app.add_account("Depot").await;
    let send = call(&app, "send_message");
    let fax = json!({"account_id": shop.id, "to": ANN, "content": {"kind": "fax"}});
    let nowhere = json!({"account_id": 999, "to": ANN, "content": {"kind": "text", "text": "x"}});
    send.refuses_each(vec![
        (
            json!({"account_id": shop.id, "to": ANN}),
            BadRequest,
            "error.bad_request",
        ),
        (fax, BadRequest, "error.bad_request"),
        (nowhere, NotFound, "error.account_not_found"),
        (text(&shop, "call me"), InvalidPhone, "phone.bad_characters"),
        (text(&shop, ""), InvalidPhone, "phone.empty"),
    ])
    .await;

    // The keychain is asked for the account's secret when its gateway is first needed.
    for (broken, code, key) in [
        (
            SecretError::Unavailable("no Secret Service".into()),
            SecretsUnavailable,
            "error.secrets_unavailable",
        ),
        (
            SecretError::Failed("locked".into()),
            Internal,
            "error.secrets_failed",
        ),
    ] {
        app.host.secrets.break_with(Some(broken));
        send.refuses(text(&shop, ANN), code, key).await;
    }
    app.host.secrets.break_with(None);

    let photo = json!({"account_id": shop.id, "to": ANN, "content":
        {"kind": "media", "url": "https://example.com/a.png", "mime": "image/png", "name": "a.png", "caption": null}});
    let error = send.refuses(photo, InvalidMessage, "media.text_only").await;
    assert_eq!(
        error.phrase.arg_text("gateway").as_deref(),
        Some("Devino"),
        "the gateway's own check says which gateway refuses"
    );

    // An account whose gateway this build cannot talk to (never reached before).
    app.connector.drop_adapter(GatewayKind::Devino);
    send.refuses(text(&depot, ANN), Unsupported, "error.no_adapter")
        .await;

    // A reviewer reads everything and sends nothing; nobody signed in sends nothing either.
    let reviewer = crate::team::operator(&app, "Rita", Role::Reviewer).await;
    let send = call(&app, "send_message").by(Some(reviewer));
    let error = send
        .refuses(text(&shop, ANN), Forbidden, "error.role_forbidden")
        .await;
    assert_eq!(
        error.phrase.args.get("role").map(ToString::to_string),
        Some("reviewer".to_owned()),
        "it names the role, in words the UI translates"
    );
    call(&app, "send_message")
        .by(None)
        .refuses(text(&shop, ANN), Unauthorized, "error.sign_in_needed")
        .await;

    assert_eq!(inbox(&app).await, json!([]), "nothing refused is queued");
    assert!(shop.gateway.sent().is_empty());
}

#[tokio::test]
pub async fn retry_message() {
    let app = app().await;
    let m = OneOfEach::on(&app).await;
    let retry = call(&app, "retry_message");
    retry.refuses_each(nameless_or_missing()).await;
    for not_failed in [&m.done, &m.waiting, &m.incoming] {
        retry
            .refuses(id(not_failed), Conflict, "error.retry_not_allowed")
            .await;
    }
    let again = retry.answers(id(&m.failed)).await;
    assert_eq!(again["send_state"], "queued");
}

#[tokio::test]
pub async fn discard_message() {
    let app = app().await;
    let m = OneOfEach::on(&app).await;
    let discard = call(&app, "discard_message");
    discard.refuses_each(nameless_or_missing()).await;
    for settled in [&m.done, &m.incoming] {
        discard
            .refuses(id(settled), Conflict, "error.discard_not_allowed")
            .await;
    }
    for unsent in [&m.failed, &m.waiting] {
        let discarded = discard.answers(id(unsent)).await;
        assert_eq!(discarded["send_state"], "discarded");
        discard
            .refuses(id(unsent), Conflict, "error.discard_not_allowed")
            .await;
    }
}

#[tokio::test]
pub async fn send_now() {
    let app = app().await;
    let m = OneOfEach::on(&app).await;
    let now = call(&app, "send_now");
    now.refuses_each(nameless_or_missing()).await;
    for not_waiting in [&m.done, &m.failed, &m.incoming] {
        now.refuses(id(not_waiting), Conflict, "error.send_now_not_allowed")
            .await;
    }
    let due = now.answers(id(&m.waiting)).await;
    assert_eq!(due["send_state"], "queued");
}
