//! A catalog kept by the gateway: refreshing it page by page, and every change to a catalog
//! as a live event.

use super::*;

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
