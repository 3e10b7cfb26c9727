//! A template message: the preview the form shows, and the same checks before it is queued.

use super::*;

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
