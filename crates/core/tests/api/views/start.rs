//! Starting a conversation: a phone in any common form, the account, then text or a template.

use super::*;

#[tokio::test]
pub async fn start_conversation() {
    let Inbox {
        app,
        mia,
        max,
        rita,
        shop,
        cat,
        ..
    } = inbox().await;
    let hello = json!({"kind": "text", "text": "Hello! This is Mia from the shop."});
    let start = call(&app, "start_conversation");
    start
        .refuses_each(vec![
            (
                json!({"account_id": shop, "phone": "12", "content": hello}),
                InvalidPhone,
                "phone.bad_length",
            ),
            (
                json!({"account_id": shop, "phone": "call me", "content": hello}),
                InvalidPhone,
                "phone.bad_characters",
            ),
            (
                json!({"account_id": 999, "phone": "+79001112233", "content": hello}),
                NotFound,
                "error.account_not_found",
            ),
            (
                json!({"account_id": shop, "content": hello}),
                BadRequest,
                "error.bad_request",
            ),
        ])
        .await;
    call(&app, "start_conversation")
        .by(Some(rita))
        .refuses(
            json!({"account_id": shop, "phone": "+79001112233", "content": hello}),
            Forbidden,
            "error.role_forbidden",
        )
        .await;
    // Cat is Max's: to Mia it is as if there were none to write in.
    call(&app, "start_conversation")
        .by(Some(mia.clone()))
        .refuses(
            json!({"account_id": shop, "phone": "8 (900) 000-00-03", "content": hello}),
            NotFound,
            "error.conversation_not_found",
        )
        .await;

    // A new customer, in the Russian national form: Mia's conversation, the message queued.
    let started = call(&app, "start_conversation")
        .by(Some(mia.clone()))
        .answers(json!({"account_id": shop, "phone": "8 (911) 222-33-44", "content": hello}))
        .await;
    assert_eq!(started["contact"]["phone"], "+79112223344");
    assert_eq!(started["account_id"], shop);
    assert_eq!(
        started["assignee"]["id"],
        mia.id(),
        "the manager who starts it takes it: {started}"
    );
    assert_eq!(started["last_message"]["text"], hello["text"]);
    assert_eq!(
        ids(
            &app,
            Some(&mia),
            json!({"assignee": {"kind": "mine"}, "query": "911 222"})
        )
        .await,
        [started["id"].as_i64().expect("id")]
    );
    // Written to again by the supervisor, it stays Mia's; Cat stays Max's.
    let again = call(&app, "start_conversation")
        .answers(json!({"account_id": shop, "phone": "+79112223344", "content": hello}))
        .await;
    assert_eq!(again["id"], started["id"]);
    assert_eq!(again["assignee"]["id"], mia.id());
    let to_cat = call(&app, "start_conversation")
        .answers(json!({"account_id": shop, "phone": "+79000000003", "content": hello}))
        .await;
    assert_eq!(
        (to_cat["id"].as_i64(), &to_cat["assignee"]["id"]),
        (Some(cat), &json!(max.id()))
    );
}

/// Where the gateway's 24-hour rule allows only a template, a conversation starts with one of
/// the account's templates: rendered from the catalog, kept with the message, the starter's.
#[tokio::test]
pub async fn start_conversation_with_a_template() {
    use switchboard_core::gateway::{Capabilities, CatalogSource};
    let app = TestApp::builder()
        .capabilities(Capabilities {
            templates: true,
            template_catalog: CatalogSource::Registered,
            enforces_24h_window: true,
            ..switchboard_test_support::text_only()
        })
        .started(false)
        .open()
        .await;
    let shop = app.add_account("Shop").await.id;
    call(&app, "save_template")
        .answers(json!({"account_id": shop, "template": {
            "name": "welcome", "gateway_id": "41883", "language": "ru",
            "body": "Здравствуйте, {{1}}! Это магазин.", "footer": "Магазин"}}))
        .await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let welcome = |params: Value| json!({"kind": "template", "id": "41883", "language": "ru", "params": params, "buttons": []});

    let started = call(&app, "start_conversation")
        .by(Some(mia.clone()))
        .answers(json!({"account_id": shop, "phone": "+7 911 222-33-55", "content": welcome(json!(["Мария"]))}))
        .await;
    assert_eq!(started["contact"]["phone"], "+79112223355");
    assert_eq!(
        started["assignee"]["id"],
        mia.id(),
        "the starter takes it: {started}"
    );
    assert_eq!(
        started["last_message"]["text"], "Здравствуйте, Мария! Это магазин.",
        "the list shows what the customer saw: {started}"
    );
    let thread = call(&app, "get_thread")
        .by(Some(mia.clone()))
        .answers(json!({"conversation_id": started["id"]}))
        .await;
    let content = &thread["messages"][0]["content"];
    assert_eq!(
        (&content["kind"], &content["id"], &content["params"]),
        (&json!("template"), &json!("41883"), &json!(["Мария"]))
    );
    assert_eq!(content["rendered"]["name"], "welcome");
    assert_eq!(content["rendered"]["footer"], "Магазин");

    // A template this account does not have, or one missing its parameter, starts nothing.
    call(&app, "start_conversation")
        .by(Some(mia.clone()))
        .refuses(
            json!({"account_id": shop, "phone": "+79112223366",
                   "content": {"kind": "template", "id": "nope", "language": "ru", "params": [], "buttons": []}}),
            InvalidMessage,
            "templates.not_in_catalog",
        )
        .await;
    call(&app, "start_conversation")
        .by(Some(mia.clone()))
        .refuses(
            json!({"account_id": shop, "phone": "+79112223366", "content": welcome(json!([]))}),
            InvalidMessage,
            "templates.param_empty",
        )
        .await;
    assert_eq!(
        ids(&app, Some(&mia), json!({"query": "911 222-33-66"})).await,
        Vec::<i64>::new(),
        "no conversation for a refused start"
    );
}
