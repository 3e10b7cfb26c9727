//! Where gateways reach this app: public_address, set_public_address.

use serde_json::json;
use switchboard_core::ErrorCode::{BadRequest, SecretsUnavailable};
use switchboard_core::host::SecretError;

use crate::{app, call};

#[tokio::test]
pub async fn public_address() {
    let app = app().await;
    let address = call(&app, "public_address");
    address
        .refuses(json!(null), BadRequest, "error.bad_request")
        .await;
    let local = address.answers(json!({})).await;
    assert_eq!(local["settings"]["mode"], "local");
}

#[tokio::test]
async fn callbacks_over_plain_http_to_another_machine_are_warned_about() {
    let app = app().await;
    app.add_account("Shop").await;
    let set = call(&app, "set_public_address");
    let url = |url: &str| json!({"settings": {"mode": "url", "url": url}});
    let warned = set.answers(url("http://inbox.example.com")).await;
    assert_eq!(
        warned["warning"]["key"], "public_address.warning_cleartext",
        "the webhook tokens would cross the internet readable: {warned}"
    );
    assert_eq!(
        warned["warning"]["args"]["base"], "http://inbox.example.com",
        "it says which address"
    );
    let safe = set.answers(url("https://inbox.example.com")).await;
    assert_eq!(safe["warning"], json!(null), "HTTPS is fine: {safe}");
}

#[tokio::test]
pub async fn set_public_address() {
    let app = app().await;
    let set = call(&app, "set_public_address");
    let url = |url: &str| json!({"settings": {"mode": "url", "url": url}});
    let tunnel = |server: &str| json!({"settings": {"mode": "tunnel", "server": server}});
    set.refuses_each(vec![
        (
            json!({"settings": {"mode": "carrier pigeon"}}),
            BadRequest,
            "error.bad_request",
        ),
        (
            json!({"settings": {"mode": "url"}}),
            BadRequest,
            "error.bad_request",
        ),
        (
            url("inbox.example.com"),
            BadRequest,
            "public_address.url_scheme",
        ),
        (
            url("ftp://inbox.example.com"),
            BadRequest,
            "public_address.url_scheme",
        ),
        (
            url("https://inbox example.com"),
            BadRequest,
            "public_address.url_shape",
        ),
        (
            url("https://inbox.example.com/?a=1"),
            BadRequest,
            "public_address.url_shape",
        ),
        (
            tunnel("bore.example.com:7835"),
            BadRequest,
            "public_address.server_shape",
        ),
        (tunnel(""), BadRequest, "public_address.server_shape"),
    ])
    .await;

    app.host.secrets.break_with(Some(SecretError::Unavailable(
        "no Secret Service on the bus".into(),
    )));
    set.refuses(
        json!({"settings": {"mode": "tunnel", "server": "bore.example.com"}, "tunnel_secret": "s3cret"}),
        SecretsUnavailable,
        "error.secrets_unavailable",
    )
    .await;
    app.host.secrets.break_with(None);
    let unchanged = call(&app, "public_address").answers(json!({})).await;
    assert_eq!(
        unchanged["settings"]["mode"], "local",
        "settings whose secret could not be kept are not saved"
    );

    let saved = set.answers(url(" https://inbox.example.com/ ")).await;
    assert_eq!(saved["base_url"], "https://inbox.example.com");
}
