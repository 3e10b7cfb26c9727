//! Gateway accounts: list_accounts, add_account, remove_account, account_webhooks,
//! rotate_webhook_token, check_account, sync_status.

use serde_json::{Value, json};
use switchboard_core::ErrorCode::{
    BadRequest, Conflict, Internal, NotFound, SecretsUnavailable, Unsupported,
};
use switchboard_core::account::GatewayKind;
use switchboard_core::host::SecretError;
use switchboard_test_support::TestApp;

use crate::{app, call};

/// A Devino account named `name`, as the add-account form sends it.
fn devino(name: &str) -> Value {
    json!({"name": name, "gateway": "devino", "sender": "Shop", "secret": "api-key"})
}

/// `request` with `field` set to `value`.
fn with(mut request: Value, field: &str, value: Value) -> Value {
    request[field] = value;
    request
}

fn unreachable_keychain() -> Option<SecretError> {
    Some(SecretError::Unavailable(
        "no Secret Service on the bus".into(),
    ))
}

async fn accounts(app: &TestApp) -> Value {
    call(app, "list_accounts").answers(json!({})).await
}

/// What every command on an account refuses alike.
fn nameless_or_missing() -> Vec<crate::Refusal> {
    crate::nameless_or_missing("account_id", json!(999), "error.account_not_found")
}

#[tokio::test]
pub async fn list_accounts() {
    let app = app().await;
    let list = call(&app, "list_accounts");
    list.refuses(json!("all"), BadRequest, "error.bad_request")
        .await;
    app.add_account("Shop").await;
    assert_eq!(accounts(&app).await[0]["name"], "Shop");
    app.connector.drop_adapter(GatewayKind::Devino);
    list.refuses(json!({}), Unsupported, "error.no_adapter")
        .await;
}

#[tokio::test]
pub async fn add_account() {
    let app = app().await;
    let add = call(&app, "add_account");
    let shop = devino("Shop");
    let rapporto = with(shop.clone(), "gateway", json!("rapporto"));
    let rapporto_at = with(
        rapporto.clone(),
        "base_url",
        json!("https://rapporto.example"),
    );
    add.refuses_each(vec![
        (json!({"name": "Shop"}), BadRequest, "error.bad_request"),
        (
            with(shop.clone(), "gateway", json!("telegraph")),
            BadRequest,
            "error.bad_request",
        ),
        (
            with(shop.clone(), "name", json!("  ")),
            BadRequest,
            "error.account_name_missing",
        ),
        (
            with(shop.clone(), "secret", json!(" ")),
            BadRequest,
            "error.account_secret_missing",
        ),
        (
            with(shop.clone(), "sender", json!("")),
            BadRequest,
            "error.account_field_missing",
        ),
        (
            with(shop.clone(), "base_url", json!("ftp://devino.example")),
            BadRequest,
            "error.account_base_url_scheme",
        ),
        (rapporto, BadRequest, "error.account_base_url_missing"),
        (rapporto_at, BadRequest, "error.account_field_missing"),
    ])
    .await;

    app.connector.drop_adapter(GatewayKind::Wamm);
    let wamm = with(shop.clone(), "gateway", json!("wamm"));
    add.refuses(wamm, Unsupported, "error.no_adapter").await;

    app.host.secrets.break_with(unreachable_keychain());
    add.refuses(
        shop.clone(),
        SecretsUnavailable,
        "error.secrets_unavailable",
    )
    .await;
    let locked = SecretError::Failed("locked".into());
    app.host.secrets.break_with(Some(locked));
    add.refuses(shop.clone(), Internal, "error.secrets_failed")
        .await;
    app.host.secrets.break_with(None);
    assert_eq!(
        accounts(&app).await,
        json!([]),
        "no secret, no account: nothing refused is left half made"
    );

    add.answers(shop.clone()).await;
    let error = add
        .refuses(
            with(shop, "sender", json!("Other")),
            Conflict,
            "error.account_name_taken",
        )
        .await;
    assert_eq!(error.phrase.arg_text("name").as_deref(), Some("Shop"));
}

#[tokio::test]
pub async fn remove_account() {
    let app = app().await;
    let remove = call(&app, "remove_account");
    remove.refuses_each(nameless_or_missing()).await;
    let shop = app.add_account("Shop").await;
    let request = json!({"account_id": shop.id});
    app.host.secrets.break_with(unreachable_keychain());
    remove
        .refuses(
            request.clone(),
            SecretsUnavailable,
            "error.secrets_unavailable",
        )
        .await;
    assert_eq!(
        accounts(&app).await.as_array().map(Vec::len),
        Some(1),
        "an account whose secret cannot be deleted stays, so the secret is not orphaned"
    );
    app.host.secrets.break_with(None);
    remove.answers(request.clone()).await;
    remove
        .refuses(request, NotFound, "error.account_not_found")
        .await;
}

#[tokio::test]
pub async fn account_webhooks() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    let webhooks = call(&app, "account_webhooks");
    let request = json!({"account_id": shop.id});
    webhooks.refuses_each(nameless_or_missing()).await;
    webhooks
        .refuses(request.clone(), BadRequest, "error.no_public_address")
        .await;
    app.engine
        .set_callback_base(Some("https://inbox.example.com".into()))
        .await
        .expect("an address");
    let urls = webhooks.answers(request.clone()).await;
    assert_eq!(urls[0]["kind"], "status");
    app.connector.drop_adapter(GatewayKind::Devino);
    webhooks
        .refuses(request, Unsupported, "error.no_adapter")
        .await;
}

#[tokio::test]
pub async fn rotate_webhook_token() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    let rotate = call(&app, "rotate_webhook_token");
    let request = json!({"account_id": shop.id});
    rotate.refuses_each(nameless_or_missing()).await;
    rotate
        .refuses(request.clone(), BadRequest, "error.no_public_address")
        .await;
    app.engine
        .set_callback_base(Some("https://inbox.example.com".into()))
        .await
        .expect("an address");
    let before = call(&app, "account_webhooks")
        .answers(request.clone())
        .await;
    let after = rotate.answers(request.clone()).await;
    assert_eq!(after[0]["kind"], "status");
    assert_ne!(
        before[0]["url"], after[0]["url"],
        "the answer is the account's new URLs"
    );
    assert_eq!(
        call(&app, "account_webhooks")
            .answers(request.clone())
            .await,
        after,
        "from now on the account's URLs are the new ones"
    );
    app.connector.drop_adapter(GatewayKind::Devino);
    rotate
        .refuses(request, Unsupported, "error.no_adapter")
        .await;
}

#[tokio::test]
pub async fn check_account() {
    let app = app().await;
    let check = call(&app, "check_account");
    let nameless = with(devino("Shop"), "sender", json!(" "));
    check
        .refuses_each(vec![
            (json!({}), BadRequest, "error.bad_request"),
            (nameless, BadRequest, "error.account_field_missing"),
        ])
        .await;
    let checked = check.answers(devino("Shop")).await;
    assert_eq!(
        checked["message"]["key"], "gateway.check_unavailable",
        "a gateway with no way to check says so, and is not an error"
    );
    app.connector.drop_adapter(GatewayKind::Devino);
    check
        .refuses(devino("Shop"), Unsupported, "error.no_adapter")
        .await;
}

#[tokio::test]
pub async fn sync_status() {
    let app = app().await;
    let sync = call(&app, "sync_status");
    sync.refuses_each(nameless_or_missing()).await;
    let shop = app.add_account("Shop").await;
    let status = sync.answers(json!({"account_id": shop.id})).await;
    assert_eq!(status["account_id"], shop.id);
}
