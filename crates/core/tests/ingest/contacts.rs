//! A customer's first message creates the contact and the conversation; profile names name the
//! contact, the newest winning in any order, but never over a name the manager gave.

use switchboard_core::api::RenameContact;
use switchboard_core::event::Event;
use switchboard_test_support::{TestAccount, TestApp};

use crate::{ANN, BOB, at, conversation, incoming, incoming_named, ingest, shop};

async fn rename(app: &TestApp, shop: &TestAccount, name: Option<&str>) {
    let id = conversation(app, shop, ANN).await.id;
    app.engine
        .rename_contact(
            &switchboard_core::access::Caller::local(),
            RenameContact {
                conversation_id: id,
                name: name.map(str::to_owned),
            },
        )
        .await
        .expect("renamed");
}

async fn name_of(app: &TestApp, shop: &TestAccount, phone: &str) -> Option<String> {
    conversation(app, shop, phone).await.contact.name
}

#[tokio::test]
async fn a_customers_first_message_creates_the_contact_and_the_conversation() {
    let (app, shop) = shop().await;
    ingest(
        &app,
        &shop,
        vec![incoming_named(
            "in-1",
            "8 (900) 000-00-01",
            "Ann",
            "hello",
            at(10),
        )],
    )
    .await;

    let inbox = app
        .engine
        .list_conversations(
            &switchboard_core::access::Caller::local(),
            Default::default(),
        )
        .await
        .expect("the inbox");
    let [cv] = inbox.conversations.as_slice() else {
        panic!("one conversation: {inbox:#?}");
    };
    assert_eq!(cv.account_id, shop.id);
    assert_eq!(
        cv.contact.phone.e164(),
        ANN,
        "the number is stored in E.164"
    );
    assert_eq!(cv.contact.name.as_deref(), Some("Ann"));
    assert_eq!(cv.unread, 1);
    assert_eq!(cv.last_customer_message_at, Some(at(10)));
    assert_eq!(
        cv.last_message.as_ref().map(|m| m.text.as_str()),
        Some("hello")
    );

    let events = app.host.recorder.events();
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::Message { message } if message.text == "hello")),
        "an open inbox hears of the message: {events:?}"
    );
    assert!(
        events.iter().any(
            |e| matches!(e, Event::Conversation { conversation, .. } if conversation.id == cv.id)
        ),
        "and of the new conversation"
    );
    let notes = app.host.recorder.notifications();
    assert_eq!(notes.len(), 1);
    assert_eq!(
        (notes[0].title.as_str(), notes[0].body.as_str()),
        ("Ann", "hello")
    );
    assert_eq!(notes[0].conversation_id, cv.id);
}

#[tokio::test]
async fn one_contact_talks_to_each_account_in_a_conversation_of_its_own() {
    let (app, shop) = shop().await;
    let depot = app.add_account("Depot").await;
    ingest(
        &app,
        &shop,
        vec![incoming("in-1", ANN, "to the shop", at(10))],
    )
    .await;
    ingest(&app, &shop, vec![incoming("in-2", BOB, "Bob here", at(11))]).await;
    ingest(
        &app,
        &depot,
        vec![incoming("in-1", ANN, "to the depot", at(12))],
    )
    .await;
    let at_shop = crate::thread(&app, &shop, ANN).await;
    let at_depot = crate::thread(&app, &depot, ANN).await;
    assert_ne!(at_shop.conversation.id, at_depot.conversation.id);
    assert_eq!(
        at_shop.conversation.contact.id, at_depot.conversation.contact.id,
        "one customer, one contact"
    );
    assert_eq!(
        (
            at_shop.messages[0].text.as_str(),
            at_depot.messages[0].text.as_str()
        ),
        ("to the shop", "to the depot"),
        "gateway ids are unique per account, not across accounts"
    );
    let inbox = app
        .engine
        .list_conversations(
            &switchboard_core::access::Caller::local(),
            Default::default(),
        )
        .await
        .expect("the inbox");
    assert_eq!(inbox.conversations.len(), 3);
}

#[tokio::test]
async fn an_old_message_is_stored_but_notifies_nobody() {
    let (app, shop) = shop().await;
    app.advance(std::time::Duration::from_secs(24 * 3600));
    ingest(
        &app,
        &shop,
        vec![incoming("in-1", ANN, "yesterday", at(10))],
    )
    .await;
    assert_eq!(conversation(&app, &shop, ANN).await.unread, 1);
    assert!(
        app.host.recorder.notifications().is_empty(),
        "a backfilled message is history, not news"
    );
}

/// Ann writes message `id` at `secs` under the profile name `name`; her contact's name then.
async fn ann_writes_as(
    app: &TestApp,
    shop: &TestAccount,
    id: &str,
    name: &str,
    secs: i64,
) -> Option<String> {
    ingest(
        app,
        shop,
        vec![incoming_named(id, ANN, name, "hi", at(secs))],
    )
    .await;
    name_of(app, shop, ANN).await
}

#[tokio::test]
async fn the_newest_profile_name_wins_whatever_order_messages_arrive_in() {
    let (app, shop) = shop().await;
    ingest(
        &app,
        &shop,
        vec![
            incoming_named("in-2", ANN, "Anna K.", "later", at(20)),
            incoming_named("in-1", ANN, "Anna", "earlier", at(10)),
            incoming("in-3", ANN, "no name with this one", at(30)),
        ],
    )
    .await;
    assert_eq!(
        name_of(&app, &shop, ANN).await.as_deref(),
        Some("Anna K."),
        "an older message's name, or none, does not replace a newer one"
    );
    assert_eq!(
        ann_writes_as(&app, &shop, "in-4", "  ", 40)
            .await
            .as_deref(),
        Some("Anna K."),
        "a blank profile name is no name"
    );
}

#[tokio::test]
async fn profile_names_never_overwrite_a_name_the_manager_gave() {
    let (app, shop) = shop().await;
    ann_writes_as(&app, &shop, "in-1", "Ann", 10).await;
    let given = Some("Anna Petrova (wholesale)");
    rename(&app, &shop, given).await;
    assert_eq!(
        ann_writes_as(&app, &shop, "in-2", "Ann!", 20)
            .await
            .as_deref(),
        given,
        "a newer profile name does not undo the manager's choice"
    );
    assert_eq!(
        ann_writes_as(&app, &shop, "in-1", "Ann", 10)
            .await
            .as_deref(),
        given,
        "nor does a replay"
    );

    rename(&app, &shop, None).await;
    assert_eq!(name_of(&app, &shop, ANN).await, None);
    assert_eq!(
        ann_writes_as(&app, &shop, "in-3", "Ann P.", 30)
            .await
            .as_deref(),
        Some("Ann P."),
        "once the manager's name is forgotten, profile names fill it again"
    );
}

#[tokio::test]
async fn a_profile_name_is_one_bounded_line_read_as_written() {
    let (app, shop) = shop().await;
    let huge = format!("Ann\u{202E}\n{}", "x".repeat(1_000_000));
    ingest(
        &app,
        &shop,
        vec![incoming_named("in-1", ANN, &huge, "hello", at(10))],
    )
    .await;
    let name = name_of(&app, &shop, ANN).await.expect("a name");
    assert_eq!(
        name.chars().count(),
        switchboard_core::store::MAX_PROFILE_NAME,
        "a megabyte of name is not kept"
    );
    assert!(
        name.starts_with("Ann x"),
        "no line break or direction override survives: {:?}",
        &name[..10]
    );
}
