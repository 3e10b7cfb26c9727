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

fn listed(name: &str, status: TemplateStatus) -> ListedTemplate {
    ListedTemplate {
        status,
        category: TemplateCategory::Marketing,
        spec: TemplateSpec {
            name: name.into(),
            gateway_id: None,
            language: "en_US".into(),
            category: Some(TemplateCategory::Marketing),
            header: None,
            body: "Hi {{1}}".into(),
            footer: None,
            buttons: vec![],
            params: vec![],
        },
    }
}

fn page(templates: Vec<ListedTemplate>) -> Result<TemplatePage, SendError> {
    Ok(TemplatePage {
        templates,
        next: None,
    })
}

#[tokio::test]
pub async fn sync_templates() {
    let app = app_with(CatalogSource::Gateway).await;
    let cloud = app.add_account("Cloud").await;
    supervisors_only(&app, "sync_templates", json!({"account_id": cloud.id})).await;
    call(&app, "sync_templates")
        .refuses(
            json!({"account_id": 999}),
            NotFound,
            "error.account_not_found",
        )
        .await;
    cloud.gateway.list_templates_as(vec![
        page(vec![listed("promo", TemplateStatus::Approved)]),
        page(vec![listed("sale", TemplateStatus::Paused)]),
    ]);
    let done = call(&app, "sync_templates")
        .answers(json!({"account_id": cloud.id}))
        .await;
    assert_eq!(
        (done["listed"].clone(), done["added"].clone()),
        (json!(2), json!(2))
    );
    let list = call(&app, "list_templates")
        .answers(json!({"account_id": cloud.id}))
        .await;
    assert_eq!(list["source"], "gateway");
    let statuses: Vec<_> = list["templates"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| (t["name"].clone(), t["status"].clone()))
        .collect();
    assert_eq!(
        statuses,
        [
            (json!("promo"), json!("approved")),
            (json!("sale"), json!("paused"))
        ]
    );

    // The second page fails: nothing changes, and the catalog says why.
    cloud.gateway.list_templates_as(vec![
        page(vec![]),
        Err(SendError::Rejected {
            code: None,
            reason: VERBATIM.with("text", "token expired"),
        }),
    ]);
    let error = call(&app, "sync_templates")
        .refuses(
            json!({"account_id": cloud.id}),
            Gateway,
            "templates.sync_failed",
        )
        .await;
    assert!(error.message.contains("token expired"), "{}", error.message);
    let after = call(&app, "list_templates")
        .answers(json!({"account_id": cloud.id}))
        .await;
    assert_eq!(
        after["templates"], list["templates"],
        "a failed refresh deletes nothing"
    );
    assert_eq!(after["sync_error"]["key"], "templates.sync_failed");
    // A complete list that no longer has one removes it.
    cloud
        .gateway
        .list_templates_as(vec![page(vec![listed("promo", TemplateStatus::Approved)])]);
    let done = call(&app, "sync_templates")
        .answers(json!({"account_id": cloud.id}))
        .await;
    assert_eq!(
        (done["removed"].clone(), done["added"].clone()),
        (json!(1), json!(0))
    );

    let registered = app_with(CatalogSource::Registered).await;
    let shop = registered.add_account("Shop").await;
    call(&registered, "sync_templates")
        .refuses(
            json!({"account_id": shop.id}),
            Unsupported,
            "templates.not_synced",
        )
        .await;
}

#[tokio::test]
pub async fn preview_template() {
    let app = app_with(CatalogSource::Registered).await;
    let (shop, conversation) = {
        let shop = app.add_account("Shop").await;
        app.engine
            .ingest(
                shop.id,
                vec![switchboard_test_support::events::incoming_named(
                    "in-1",
                    ANN,
                    "Анна",
                    "hello",
                    switchboard_test_support::ManualClock::START,
                )],
            )
            .await
            .expect("stored");
        let page = call(&app, "list_conversations").answers(json!({})).await;
        (shop, page["conversations"][0]["id"].clone())
    };
    let saved = save(&app, &shop, order_ready()).await;
    let draft = |extra: Value| {
        let mut d = json!({"account_id": shop.id, "template_id": saved["id"]});
        if let (Some(d), Some(extra)) = (d.as_object_mut(), extra.as_object()) {
            d.extend(extra.clone());
        }
        d
    };
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    call(&app, "preview_template")
        .by(Some(rita))
        .refuses(draft(json!({})), Forbidden, "error.role_forbidden")
        .await;
    call(&app, "preview_template")
        .refuses_each(vec![
            (
                json!({"account_id": shop.id, "template_id": 999}),
                NotFound,
                "templates.not_found",
            ),
            (
                draft(json!({"conversation_id": 999})),
                NotFound,
                "error.conversation_not_found",
            ),
        ])
        .await;
    let other = app.add_account("Depot").await;
    call(&app, "preview_template")
        .refuses(
            json!({"account_id": other.id, "template_id": saved["id"]}),
            NotFound,
            "templates.not_found",
        )
        .await;

    // Nothing filled: every value missing is said on its field.
    let empty = call(&app, "preview_template")
        .answers(draft(json!({})))
        .await;
    let fields: Vec<_> = empty["problems"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| (p["field"].clone(), p["phrase"]["key"].clone()))
        .collect();
    assert_eq!(
        fields,
        [
            (json!("params.0"), json!("templates.param_empty")),
            (json!("params.1"), json!("templates.param_empty")),
            (json!("header"), json!("templates.header_needed")),
            (json!("buttons.0"), json!("templates.button_suffix_needed")),
        ]
    );
    assert_eq!(
        empty["expects"],
        json!({"body": 2, "header": "text", "buttons": [0]})
    );
    assert_eq!(
        empty["rendered"]["body"],
        "Здравствуйте, {{1}}! Заказ {{2}} готов."
    );

    // For a conversation, {{1}} comes from the contact's name; the rest as typed.
    let mia = operator(&app, "Mia", Role::Manager).await;
    let filled = call(&app, "preview_template")
        .by(Some(mia))
        .answers(draft(
            json!({"conversation_id": conversation, "params": ["", "A-7"],
            "header": {"kind": "text", "text": "A-7"},
            "buttons": [{"index": 0, "sub_type": "url", "value": "A-7"}]}),
        ))
        .await;
    assert_eq!(filled["problems"], json!([]));
    assert_eq!(filled["params"], json!(["Анна", "A-7"]));
    let rendered = &filled["rendered"];
    assert_eq!(rendered["body"], "Здравствуйте, Анна! Заказ A-7 готов.");
    assert_eq!(rendered["header"]["text"], "Заказ A-7");
    assert_eq!(rendered["footer"], "Магазин");
    assert_eq!(rendered["buttons"][0]["url"], "https://shop.example/t/A-7");
    assert_eq!(
        rendered["buttons"][1],
        json!({"kind": "quick_reply", "text": "Спасибо"})
    );
    assert_eq!(filled["content"]["kind"], "template");
    assert_eq!(filled["content"]["id"], "41882", "sent by the gateway's id");
}

#[tokio::test]
async fn a_template_is_checked_against_the_catalog_before_it_is_queued() {
    let app = app_with(CatalogSource::Registered).await;
    let shop = app.add_account("Shop").await;
    let template = |params: Value, rendered: Value| {
        json!({"account_id": shop.id, "to": ANN, "content": {"kind": "template", "id": "41882",
            "params": params, "language": "ru", "header": {"kind": "text", "text": "A-7"},
            "buttons": [{"index": 0, "sub_type": "url", "value": "A-7"}], "rendered": rendered}})
    };
    // No catalog yet: sent by id with the gateway's checks alone, as before catalogs.
    let before = call(&app, "send_message")
        .answers(template(json!(["x"]), Value::Null))
        .await;
    assert_eq!(before["content"].get("rendered"), None);
    save(&app, &shop, order_ready()).await;
    save(&app, &shop, hello()).await;
    let thread = call(&app, "get_thread")
        .answers(json!({"phone": ANN}))
        .await;
    let stored = thread["messages"].as_array().map(Vec::len);
    call(&app, "send_message")
        .refuses_each(vec![
            (template(json!(["Анна"]), Value::Null), InvalidMessage, "templates.param_empty"),
            (template(json!(["Анна", "A-7", "extra"]), Value::Null), InvalidMessage, "templates.params_count"),
            (json!({"account_id": shop.id, "to": ANN, "content": {"kind": "template", "id": "nope", "params": [], "language": "ru"}}),
             InvalidMessage, "templates.not_in_catalog"),
        ])
        .await;
    let thread = call(&app, "get_thread")
        .answers(json!({"phone": ANN}))
        .await;
    assert_eq!(
        thread["messages"].as_array().map(Vec::len),
        stored,
        "a refused message is not stored"
    );
    // The rendering is the server's, whatever the client said.
    let sent = call(&app, "send_message")
        .answers(template(json!(["Анна", "A-7"]), json!({"name": "fake", "language": "ru", "header": null, "body": "lies", "footer": null, "buttons": []})))
        .await;
    assert_eq!(
        sent["text"], "Здравствуйте, Анна! Заказ A-7 готов.",
        "list rows and search read the rendering"
    );
    assert_eq!(sent["content"]["rendered"]["name"], "order_ready");
    assert_eq!(
        sent["content"]["rendered"]["body"],
        "Здравствуйте, Анна! Заказ A-7 готов."
    );
    app.engine.send_next(shop.id).await.expect("a round");
    let out = shop.gateway.sent();
    let last = out.last().map(|m| m.content.clone());
    assert!(
        matches!(&last, Some(switchboard_core::message::Content::Template { id, language: Some(l), .. }) if id == "41882" && l == "ru"),
        "the gateway gets the template by its id: {last:?}"
    );
}

/// How many `templates` events `account` got so far.
fn catalog_events(app: &TestApp, account: &TestAccount) -> usize {
    app.host
        .recorder
        .events()
        .iter()
        .filter(|e| {
            **e == Event::Templates {
                account_id: account.id,
            }
        })
        .count()
}

/// Every change to a catalog reaches open windows as one event (their pickers list again);
/// an import that changes nothing sends none.
#[tokio::test]
async fn a_catalog_change_is_a_live_event() {
    let app = app_with(CatalogSource::Registered).await;
    let shop = app.add_account("Shop").await;
    let saved = save(&app, &shop, hello()).await;
    assert_eq!(catalog_events(&app, &shop), 1, "saved");
    let json = file(&[hello(), order_ready()]);
    call(&app, "import_templates")
        .answers(json!({"account_id": shop.id, "json": json}))
        .await;
    assert_eq!(catalog_events(&app, &shop), 2, "imported");
    call(&app, "import_templates")
        .answers(json!({"account_id": shop.id, "json": json}))
        .await;
    assert_eq!(
        catalog_events(&app, &shop),
        2,
        "nothing changed, nothing said"
    );
    call(&app, "delete_template")
        .answers(json!({"template_id": saved["id"]}))
        .await;
    assert_eq!(catalog_events(&app, &shop), 3, "deleted");

    let synced = app_with(CatalogSource::Gateway).await;
    let cloud = synced.add_account("Cloud").await;
    cloud
        .gateway
        .list_templates_as(vec![page(vec![listed("promo", TemplateStatus::Approved)])]);
    call(&synced, "sync_templates")
        .answers(json!({"account_id": cloud.id}))
        .await;
    assert_eq!(catalog_events(&synced, &cloud), 1, "refreshed");
}
