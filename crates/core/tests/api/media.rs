//! Files: upload_media, media_content, retry_media.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use switchboard_core::ErrorCode::{BadRequest, Conflict, InvalidMessage, NotFound, Unsupported};
use switchboard_core::gateway::{Capabilities, MediaLimit};
use switchboard_test_support::events::incoming;
use switchboard_test_support::{ManualClock, TestApp, text_only};

use crate::{ANN, Refusal, app, call};

/// A gateway that takes PNG images up to 64 bytes.
fn tiny_pngs() -> Capabilities {
    Capabilities {
        media_types: vec!["image/png".into()],
        media_limits: vec![MediaLimit::new("image/", 64)],
        ..text_only()
    }
}

/// A PNG's signature and header start: enough for its type to be sniffed.
fn png(len: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.resize(len.max(bytes.len()), 0);
    bytes
}

fn upload(account_id: i64, name: &str, mime: Option<&str>, bytes: &[u8]) -> Value {
    json!({"account_id": account_id, "name": name, "mime": mime, "data_base64": STANDARD.encode(bytes)})
}

async fn public_address(app: &TestApp, base: &str) {
    app.engine
        .set_callback_base(Some(base.to_owned()))
        .await
        .expect("an address");
}

#[tokio::test]
pub async fn upload_media() {
    let app = TestApp::builder()
        .capabilities(tiny_pngs())
        .started(false)
        .open()
        .await;
    let shop = app.add_account("Shop").await;
    let up = call(&app, "upload_media");
    let photo = upload(shop.id, "photo.png", Some("image/png"), &png(32));
    up.refuses_each(vec![
        (
            upload(999, "photo.png", None, &png(32)),
            NotFound,
            "error.account_not_found",
        ),
        (
            json!({"account_id": shop.id, "name": "photo.png"}),
            BadRequest,
            "error.bad_request",
        ),
        (photo.clone(), BadRequest, "media.needs_address"),
    ])
    .await;
    public_address(&app, "http://127.0.0.1:8765").await;
    let error = up
        .refuses(photo.clone(), BadRequest, "media.address_unreachable")
        .await;
    assert_eq!(
        error.phrase.arg_text("gateway").as_deref(),
        Some("Devino"),
        "a gateway on the internet cannot fetch from this machine"
    );

    public_address(&app, "https://inbox.example.com").await;
    let bad_base64 =
        json!({"account_id": shop.id, "name": "photo.png", "data_base64": "not base64!"});
    up.refuses_each(vec![
        (bad_base64, BadRequest, "media.bad_base64"),
        (
            upload(shop.id, "empty.png", None, b""),
            BadRequest,
            "media.empty",
        ),
        (
            upload(shop.id, "notes.txt", None, b"list"),
            InvalidMessage,
            "media.type_refused",
        ),
        (
            upload(shop.id, "big.png", None, &png(65)),
            InvalidMessage,
            "media.too_large",
        ),
    ])
    .await;
    let misnamed = upload(shop.id, "notes.png", Some("image/png"), b"shopping list");
    let error = up
        .refuses(misnamed, InvalidMessage, "media.type_misnamed")
        .await;
    assert_eq!(error.phrase.arg_text("mime").as_deref(), Some("text/plain"));

    let uploaded = up.answers(photo).await;
    assert_eq!(uploaded["mime"], "image/png");
    assert!(
        uploaded["url"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://inbox.example.com/media/")),
        "{uploaded}"
    );
}

#[tokio::test]
pub async fn upload_media_to_a_text_only_gateway() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    public_address(&app, "https://inbox.example.com").await;
    let photo = upload(shop.id, "photo.png", None, &png(32));
    call(&app, "upload_media")
        .refuses(photo, Unsupported, "media.text_only")
        .await;
}

/// What media_content and retry_media refuse alike.
fn nameless_or_missing() -> Vec<Refusal> {
    let missing = json!("no-such-message");
    crate::nameless_or_missing("message_id", missing, "error.message_not_found")
}

/// Ann's text: a message with no file. Its id.
async fn a_text(app: &TestApp) -> String {
    let shop = app.add_account("Shop").await;
    let hi = incoming("in-1", ANN, "hi", ManualClock::START);
    app.engine.ingest(shop.id, vec![hi]).await.expect("stored");
    let thread = call(app, "get_thread").answers(json!({"phone": ANN})).await;
    thread["messages"][0]["id"].as_str().expect("an id").into()
}

#[tokio::test]
pub async fn media_content() {
    let app = app().await;
    let content = call(&app, "media_content");
    content.refuses_each(nameless_or_missing()).await;
    let text = a_text(&app).await;
    let none = content.answers(json!({ "message_id": text })).await;
    assert_eq!(
        none["note"]["key"], "media.none",
        "a message without a file says so, and is not an error"
    );
}

#[tokio::test]
pub async fn retry_media() {
    let app = app().await;
    let retry = call(&app, "retry_media");
    retry.refuses_each(nameless_or_missing()).await;
    let text = a_text(&app).await;
    retry
        .refuses(
            json!({ "message_id": text }),
            Conflict,
            "media.retry_not_allowed",
        )
        .await;
}
