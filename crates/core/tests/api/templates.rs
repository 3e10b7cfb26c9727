//! Message templates: each account's catalog (synced from the gateway, or registered by
//! supervisors and imported from JSON), the preview of a template message, and sending one.

use serde_json::json;
use switchboard_core::ErrorCode::{Forbidden, Unauthorized};
use switchboard_core::operator::Role;

use crate::team::operator;
use crate::{app, call};

/// Who may run a command: a reviewer (and nobody signed in) never; `manager` as declared.
async fn roles(command: &'static str, request: serde_json::Value, manager_may: bool) {
    let app = app().await;
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    call(&app, command)
        .by(None)
        .refuses(request.clone(), Unauthorized, "error.sign_in_needed")
        .await;
    if !manager_may {
        call(&app, command)
            .by(Some(mia))
            .refuses(request.clone(), Forbidden, "error.role_forbidden")
            .await;
    }
    let _ = rita;
}

#[tokio::test]
pub async fn list_templates() {
    roles("list_templates", json!({"account_id": 1}), true).await;
}

#[tokio::test]
pub async fn preview_template() {
    roles(
        "preview_template",
        json!({"account_id": 1, "template_id": 1}),
        true,
    )
    .await;
}

#[tokio::test]
pub async fn save_template() {
    let spec = json!({"name": "hello", "language": "ru", "body": "Hi {{1}}"});
    roles(
        "save_template",
        json!({"account_id": 1, "template": spec}),
        false,
    )
    .await;
}

#[tokio::test]
pub async fn delete_template() {
    roles("delete_template", json!({"template_id": 1}), false).await;
}

#[tokio::test]
pub async fn import_templates() {
    roles(
        "import_templates",
        json!({"account_id": 1, "json": "[]"}),
        false,
    )
    .await;
}

#[tokio::test]
pub async fn export_templates() {
    roles("export_templates", json!({"account_id": 1}), false).await;
}

#[tokio::test]
pub async fn sync_templates() {
    roles("sync_templates", json!({"account_id": 1}), false).await;
}
