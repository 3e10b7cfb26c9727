//! Message templates: each account's catalog (synced from the gateway, or registered by
//! supervisors and imported from JSON), the preview of a template message, and sending one.

use serde_json::{Value, json};
use switchboard_core::ErrorCode::{
    BadRequest, Conflict, Forbidden, Gateway, InvalidMessage, NotFound, Unauthorized, Unsupported,
};
use switchboard_core::event::Event;
use switchboard_core::gateway::{Capabilities, CatalogSource, SendError};
use switchboard_core::operator::Role;
use switchboard_core::phrase::VERBATIM;
use switchboard_core::templates::{
    ListedTemplate, TemplateCategory, TemplatePage, TemplateSpec, TemplateStatus,
};
use switchboard_test_support::{TestAccount, TestApp, text_only};

use crate::team::operator;
use crate::{ANN, call};

/// An app whose gateways take templates from a catalog of `source`.
async fn app_with(source: CatalogSource) -> TestApp {
    TestApp::builder()
        .capabilities(Capabilities {
            templates: true,
            template_catalog: source,
            ..text_only()
        })
        .started(false)
        .open()
        .await
}

fn order_ready() -> Value {
    json!({"name": "order_ready", "gateway_id": "41882", "language": "ru", "category": "utility",
           "header": {"kind": "text", "text": "Заказ {{1}}"},
           "body": "Здравствуйте, {{1}}! Заказ {{2}} готов.", "footer": "Магазин",
           "buttons": [{"kind": "url", "text": "Отследить", "url": "https://shop.example/t/{{1}}"},
                       {"kind": "quick_reply", "text": "Спасибо"}],
           "params": ["contact.name"]})
}

fn hello() -> Value {
    json!({"name": "hello", "language": "en", "body": "Hello!"})
}

async fn save(app: &TestApp, account: &TestAccount, spec: Value) -> Value {
    call(app, "save_template")
        .answers(json!({"account_id": account.id, "template": spec}))
        .await
}

fn file(entries: &[Value]) -> String {
    json!({ "templates": entries }).to_string()
}

/// Who may not run a supervisor's command: nobody signed in, a manager, a reviewer.
async fn supervisors_only(app: &TestApp, command: &'static str, request: Value) {
    call(app, command)
        .by(None)
        .refuses(request.clone(), Unauthorized, "error.sign_in_needed")
        .await;
    for (name, role) in [("Mia", Role::Manager), ("Rita", Role::Reviewer)] {
        let who = operator(app, name, role).await;
        call(app, command)
            .by(Some(who))
            .refuses(request.clone(), Forbidden, "error.role_forbidden")
            .await;
    }
}

#[tokio::test]
pub async fn list_templates() {
    let app = app_with(CatalogSource::Registered).await;
    let shop = app.add_account("Shop").await;
    call(&app, "list_templates")
        .by(None)
        .refuses(
            json!({"account_id": shop.id}),
            Unauthorized,
            "error.sign_in_needed",
        )
        .await;
    call(&app, "list_templates")
        .refuses(
            json!({"account_id": 999}),
            NotFound,
            "error.account_not_found",
        )
        .await;
    save(&app, &shop, order_ready()).await;
    save(&app, &shop, hello()).await;
    // Managers and reviewers read the catalog.
    for (name, role) in [("Mia", Role::Manager), ("Rita", Role::Reviewer)] {
        let who = operator(&app, name, role).await;
        let list = call(&app, "list_templates")
            .by(Some(who))
            .answers(json!({"account_id": shop.id}))
            .await;
        assert_eq!(list["source"], "registered");
        let names: Vec<_> = list["templates"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|t| t["name"].clone())
            .collect();
        assert_eq!(names, [json!("hello"), json!("order_ready")], "by name");
    }
    let found = call(&app, "list_templates")
        .answers(json!({"account_id": shop.id, "search": "ГОТОВ"}))
        .await;
    assert_eq!(
        found["templates"].as_array().map(Vec::len),
        Some(1),
        "words of the text find it"
    );

    let plain = TestApp::builder().started(false).open().await;
    let phone = plain.add_account("Phone").await;
    let error = call(&plain, "list_templates")
        .refuses(
            json!({"account_id": phone.id}),
            Unsupported,
            "templates.unsupported",
        )
        .await;
    assert_eq!(error.phrase.arg_text("gateway").as_deref(), Some("Devino"));
}

#[tokio::test]
pub async fn save_template() {
    let app = app_with(CatalogSource::Registered).await;
    let shop = app.add_account("Shop").await;
    supervisors_only(
        &app,
        "save_template",
        json!({"account_id": shop.id, "template": hello()}),
    )
    .await;
    let saved = save(&app, &shop, order_ready()).await;
    assert_eq!(saved["gateway_id"], "41882");
    assert_eq!(
        saved["status"], "approved",
        "registered because the gateway approved it"
    );
    assert_eq!(
        saved["expects"],
        json!({"body": 2, "header": "text", "buttons": [0]})
    );
    let mut bad = order_ready();
    bad["body"] = json!("Hi {{1}} and {{3}}");
    let refuse = |template: Value| json!({"account_id": shop.id, "template": template});
    call(&app, "save_template")
        .refuses_each(vec![
            (refuse(bad), BadRequest, "templates.placeholders_gap"),
            (
                refuse(json!({"name": "x", "language": "Russian", "body": "Hi"})),
                BadRequest,
                "templates.language_bad",
            ),
            (
                refuse(json!({"name": "x", "language": "ru", "body": " "})),
                BadRequest,
                "templates.body_empty",
            ),
            (refuse(order_ready()), Conflict, "templates.taken"),
            (
                json!({"account_id": 999, "template": hello()}),
                NotFound,
                "error.account_not_found",
            ),
            (
                json!({"account_id": shop.id, "id": 999, "template": hello()}),
                NotFound,
                "templates.not_found",
            ),
        ])
        .await;
    // A change keeps the id; the name and language may change too.
    let mut changed = order_ready();
    changed["footer"] = json!("Магазин «Ромашка»");
    let again = call(&app, "save_template")
        .answers(json!({"account_id": shop.id, "id": saved["id"], "template": changed}))
        .await;
    assert_eq!(
        (again["id"].clone(), again["footer"].clone()),
        (saved["id"].clone(), json!("Магазин «Ромашка»"))
    );
    // Another account's template is not this one's to change.
    let depot = app.add_account("Depot").await;
    call(&app, "save_template")
        .refuses(
            json!({"account_id": depot.id, "id": saved["id"], "template": hello()}),
            NotFound,
            "templates.not_found",
        )
        .await;

    let synced = app_with(CatalogSource::Gateway).await;
    let cloud = synced.add_account("Cloud").await;
    call(&synced, "save_template")
        .refuses(
            json!({"account_id": cloud.id, "template": hello()}),
            Unsupported,
            "templates.synced_read_only",
        )
        .await;
}

#[tokio::test]
pub async fn delete_template() {
    let app = app_with(CatalogSource::Registered).await;
    let shop = app.add_account("Shop").await;
    let saved = save(&app, &shop, hello()).await;
    supervisors_only(&app, "delete_template", json!({"template_id": saved["id"]})).await;
    call(&app, "delete_template")
        .refuses_each(crate::nameless_or_missing(
            "template_id",
            json!(999),
            "templates.not_found",
        ))
        .await;
    call(&app, "delete_template")
        .answers(json!({"template_id": saved["id"]}))
        .await;
    let list = call(&app, "list_templates")
        .answers(json!({"account_id": shop.id}))
        .await;
    assert_eq!(list["templates"], json!([]));
    call(&app, "delete_template")
        .refuses(
            json!({"template_id": saved["id"]}),
            NotFound,
            "templates.not_found",
        )
        .await;
}

#[tokio::test]
pub async fn import_templates() {
    let app = app_with(CatalogSource::Registered).await;
    let shop = app.add_account("Shop").await;
    let import = |json: String| json!({"account_id": shop.id, "json": json});
    supervisors_only(&app, "import_templates", import(file(&[hello()]))).await;
    call(&app, "import_templates")
        .refuses_each(vec![
            (
                import("{not json".into()),
                BadRequest,
                "templates.import_not_json",
            ),
            (
                import("{\"other\": []}".into()),
                BadRequest,
                "templates.import_not_json",
            ),
            (
                json!({"account_id": 999, "json": "[]"}),
                NotFound,
                "error.account_not_found",
            ),
        ])
        .await;

    // Each entry's problems, by position and name; nothing imported.
    let mut gap = order_ready();
    gap["body"] = json!("{{2}}");
    gap["language"] = json!("");
    let bad = call(&app, "import_templates")
        .answers(import(file(&[hello(), json!({"name": 7}), gap, hello()])))
        .await;
    let problems: Vec<(i64, Value, String)> = bad["problems"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            (
                p["entry"].as_i64().unwrap_or(-1),
                p["name"].clone(),
                p["phrase"]["key"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            (2, Value::Null, "templates.import_not_json".to_owned()),
            (3, json!("order_ready"), "templates.language_bad".to_owned()),
            (
                3,
                json!("order_ready"),
                "templates.placeholders_gap".to_owned()
            ),
            (4, json!("hello"), "templates.import_twice".to_owned()),
        ]
    );
    assert_eq!(bad["added"], 0);
    let list = call(&app, "list_templates")
        .answers(json!({"account_id": shop.id}))
        .await;
    assert_eq!(list["templates"], json!([]), "all or nothing");

    let good = file(&[order_ready(), hello()]);
    let first = call(&app, "import_templates")
        .answers(import(good.clone()))
        .await;
    assert_eq!(
        (first["added"].clone(), first["unchanged"].clone()),
        (json!(2), json!(0))
    );
    let again = call(&app, "import_templates").answers(import(good)).await;
    assert_eq!(
        (
            again["added"].clone(),
            again["updated"].clone(),
            again["unchanged"].clone()
        ),
        (json!(0), json!(0), json!(2)),
        "importing the same file again changes nothing"
    );
    let mut changed = hello();
    changed["body"] = json!("Hello again!");
    let third = call(&app, "import_templates")
        .answers(import(file(&[changed])))
        .await;
    assert_eq!(
        (third["updated"].clone(), third["unchanged"].clone()),
        (json!(1), json!(0))
    );

    let synced = app_with(CatalogSource::Gateway).await;
    let cloud = synced.add_account("Cloud").await;
    call(&synced, "import_templates")
        .refuses(
            json!({"account_id": cloud.id, "json": "[]"}),
            Unsupported,
            "templates.synced_read_only",
        )
        .await;
}

#[tokio::test]
pub async fn export_templates() {
    let app = app_with(CatalogSource::Registered).await;
    let shop = app.add_account("Shop").await;
    supervisors_only(&app, "export_templates", json!({"account_id": shop.id})).await;
    call(&app, "export_templates")
        .refuses(
            json!({"account_id": 999}),
            NotFound,
            "error.account_not_found",
        )
        .await;
    save(&app, &shop, order_ready()).await;
    save(&app, &shop, hello()).await;
    let exported = call(&app, "export_templates")
        .answers(json!({"account_id": shop.id}))
        .await;
    assert_eq!(exported["mime"], "application/json");
    assert_eq!(exported["name"], "templates-shop.json");
    let text = exported["json"].as_str().unwrap_or_default().to_owned();
    // The file goes into another account as it came out.
    let depot = app.add_account("Depot").await;
    let imported = call(&app, "import_templates")
        .answers(json!({"account_id": depot.id, "json": text}))
        .await;
    assert_eq!(imported["added"], 2, "{imported}");
    let specs = |list: Value| -> Vec<Value> {
        list["templates"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|t| {
                let mut t = t.clone();
                for volatile in ["id", "account_id", "updated_at"] {
                    t.as_object_mut().map(|o| o.remove(volatile));
                }
                t
            })
            .collect()
    };
    let from = specs(
        call(&app, "list_templates")
            .answers(json!({"account_id": shop.id}))
            .await,
    );
    let to = specs(
        call(&app, "list_templates")
            .answers(json!({"account_id": depot.id}))
            .await,
    );
    assert_eq!(from, to, "export then import round-trips");

    let plain = TestApp::builder().started(false).open().await;
    let phone = plain.add_account("Phone").await;
    call(&plain, "export_templates")
        .refuses(
            json!({"account_id": phone.id}),
            Unsupported,
            "templates.unsupported",
        )
        .await;
}

mod sending;
mod sync;

pub use sending::preview_template;
pub use sync::sync_templates;
