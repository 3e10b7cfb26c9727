//! The contact card: the custom fields the team defines (supervisors), each contact's values,
//! and every conversation with the contact the caller may see.

use std::time::Duration;

use serde_json::{Value, json};
use switchboard_core::ErrorCode::{BadRequest, Conflict, Forbidden, NotFound, Unauthorized};
use switchboard_core::event::Event;
use switchboard_core::operator::Role;
use switchboard_test_support::ManualClock;
use switchboard_test_support::events::incoming;

use crate::tags::ann_wrote;
use crate::team::operator;
use crate::{ANN, app, call};

fn field(app_answer: &Value) -> i64 {
    app_answer["id"].as_i64().expect("a field id")
}

fn keys(fields: &Value) -> Vec<String> {
    fields
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| f["key"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn field_events(app: &switchboard_test_support::TestApp) -> usize {
    app.host
        .recorder
        .events()
        .iter()
        .filter(|e| **e == Event::ContactFields)
        .count()
}

#[tokio::test]
pub async fn list_contact_fields() {
    let app = app().await;
    let list = call(&app, "list_contact_fields");
    assert_eq!(list.answers(json!({})).await, json!([]));
    let save = call(&app, "save_contact_field");
    save.answers(json!({"key": "city", "label": "City"})).await;
    save.answers(json!({"key": "company", "label": "Company"}))
        .await;
    save.answers(json!({"key": "vip_since", "label": "VIP since", "position": -1}))
        .await;
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    let listed = call(&app, "list_contact_fields")
        .by(Some(rita))
        .answers(json!({}))
        .await;
    assert_eq!(
        keys(&listed),
        ["vip_since", "city", "company"],
        "in position order; a new one goes last unless placed"
    );
    assert_eq!(listed[1]["label"], "City");
    call(&app, "list_contact_fields")
        .by(None)
        .refuses(json!({}), Unauthorized, "error.sign_in_needed")
        .await;
}

#[tokio::test]
pub async fn save_contact_field() {
    let app = app().await;
    let save = call(&app, "save_contact_field");
    let def = |key: &str, label: &str| json!({"key": key, "label": label});
    save.refuses_each(vec![
        (json!({"key": "city"}), BadRequest, "error.bad_request"),
        (def("", "City"), BadRequest, "contacts.key_bad"),
        (def("home city", "City"), BadRequest, "contacts.key_bad"),
        (def("город", "City"), BadRequest, "contacts.key_bad"),
        (def("a.b", "City"), BadRequest, "contacts.key_bad"),
        (def(&"k".repeat(33), "City"), BadRequest, "contacts.key_bad"),
        (def("name", "Name"), BadRequest, "contacts.key_reserved"),
        (def(" PHONE ", "Phone"), BadRequest, "contacts.key_reserved"),
        (def("city", " \n"), BadRequest, "contacts.label_empty"),
        (
            def("city", &"l".repeat(61)),
            BadRequest,
            "contacts.label_too_long",
        ),
        (
            json!({"id": 999, "key": "city", "label": "City"}),
            NotFound,
            "contacts.field_not_found",
        ),
    ])
    .await;
    let city = save.answers(def(" City_2 ", "  Home\tcity ")).await;
    assert_eq!(city["key"], "city_2", "keys are lowercase");
    assert_eq!(city["label"], "Home city");
    assert_eq!(city["position"], 0);
    save.answers(def(&"k".repeat(32), &"l".repeat(60))).await;
    save.refuses(def("CITY_2", "Again"), Conflict, "contacts.key_taken")
        .await;
    let renamed = save
        .answers(json!({"id": field(&city), "key": "city_2", "label": "Город"}))
        .await;
    assert_eq!(
        renamed,
        json!({"id": city["id"], "key": "city_2", "label": "Город", "position": 0}),
        "its own key is no conflict; the position stays"
    );
    assert_eq!(
        field_events(&app),
        3,
        "clients are told to reload the fields"
    );

    let mia = operator(&app, "Mia", Role::Manager).await;
    call(&app, "save_contact_field")
        .by(Some(mia))
        .refuses(def("x", "X"), Forbidden, "error.role_forbidden")
        .await;
}

#[tokio::test]
pub async fn delete_contact_field() {
    let app = app().await;
    let (_, ann) = ann_wrote(&app).await;
    let delete = call(&app, "delete_contact_field");
    delete
        .refuses_each(crate::nameless_or_missing(
            "field_id",
            json!(999),
            "contacts.field_not_found",
        ))
        .await;
    let city = field(
        &call(&app, "save_contact_field")
            .answers(json!({"key": "city", "label": "City"}))
            .await,
    );
    call(&app, "set_contact_field")
        .answers(json!({"conversation_id": ann, "field_id": city, "value": "Kazan"}))
        .await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    call(&app, "delete_contact_field")
        .by(Some(mia))
        .refuses(json!({"field_id": city}), Forbidden, "error.role_forbidden")
        .await;
    let before = field_events(&app);
    assert_eq!(delete.answers(json!({"field_id": city})).await, Value::Null);
    assert_eq!(field_events(&app), before + 1);
    let card = call(&app, "contact_card")
        .answers(json!({"conversation_id": ann}))
        .await;
    assert_eq!(
        card["fields"],
        json!([]),
        "the field and its values are gone"
    );
    // A field of the same key starts empty.
    call(&app, "save_contact_field")
        .answers(json!({"key": "city", "label": "City"}))
        .await;
    let card = call(&app, "contact_card")
        .answers(json!({"conversation_id": ann}))
        .await;
    assert_eq!(card["fields"][0]["value"], Value::Null);
}

#[tokio::test]
pub async fn contact_card() {
    let app = app().await;
    let (_, ann) = ann_wrote(&app).await;
    let card = call(&app, "contact_card");
    card.refuses_each(crate::nameless_or_missing(
        "conversation_id",
        json!(999),
        "error.conversation_not_found",
    ))
    .await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let max = operator(&app, "Max", Role::Manager).await;
    call(&app, "assign_conversation")
        .answers(json!({"conversation_id": ann, "operator_id": max.id()}))
        .await;
    call(&app, "contact_card")
        .by(Some(mia))
        .refuses(
            json!({"conversation_id": ann}),
            NotFound,
            "error.conversation_not_found",
        )
        .await;
    // A reviewer reads every card.
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    let seen = call(&app, "contact_card")
        .by(Some(rita))
        .answers(json!({"conversation_id": ann}))
        .await;
    assert_eq!(seen["contact"]["phone"], ANN);
}

#[tokio::test]
async fn the_card_shows_every_field_and_every_conversation_the_caller_may_see() {
    let app = app().await;
    let (_, shop_chat) = ann_wrote(&app).await;
    let outlet = app.add_account("Outlet").await;
    let later = ManualClock::START.plus_millis(Duration::from_secs(60).as_millis() as i64);
    app.engine
        .ingest(outlet.id, vec![incoming("in-2", ANN, "me again", later)])
        .await
        .expect("stored");
    let conversations = call(&app, "list_conversations").answers(json!({})).await;
    let outlet_chat = conversations["conversations"][0]["id"]
        .as_i64()
        .expect("the newest conversation");
    assert_ne!(outlet_chat, shop_chat);

    let save = call(&app, "save_contact_field");
    let company = field(
        &save
            .answers(json!({"key": "company", "label": "Company"}))
            .await,
    );
    let city = field(
        &save
            .answers(json!({"key": "city", "label": "City", "position": -5}))
            .await,
    );
    call(&app, "set_contact_field")
        .answers(json!({"conversation_id": shop_chat, "field_id": city, "value": "Kazan"}))
        .await;
    let vip = crate::tags::tag(&app, "vip").await;
    call(&app, "tag_conversation")
        .answers(json!({"conversation_id": outlet_chat, "tag_id": vip, "tagged": true}))
        .await;

    let card = call(&app, "contact_card")
        .answers(json!({"conversation_id": shop_chat}))
        .await;
    assert_eq!(card["contact"]["phone"], ANN, "the phone in E.164");
    assert_eq!(
        card["fields"],
        json!([
            {"field": {"id": city, "key": "city", "label": "City", "position": -5}, "value": "Kazan"},
            {"field": {"id": company, "key": "company", "label": "Company", "position": 0}, "value": null},
        ]),
        "every field in order, with this contact's value (one contact across accounts)"
    );
    let listed: Vec<(i64, String, Vec<String>)> = card["conversations"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            (
                c["id"].as_i64().unwrap_or_default(),
                c["account_name"].as_str().unwrap_or_default().to_owned(),
                c["tags"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|t| t["name"].as_str().unwrap_or_default().to_owned())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            (outlet_chat, "Outlet".to_owned(), vec!["vip".to_owned()]),
            (shop_chat, "Shop".to_owned(), vec![]),
        ],
        "newest first, each with its account and tags"
    );

    // A manager sees only what they may: a colleague's conversation is left out.
    let mia = operator(&app, "Mia", Role::Manager).await;
    let max = operator(&app, "Max", Role::Manager).await;
    call(&app, "assign_conversation")
        .answers(json!({"conversation_id": outlet_chat, "operator_id": max.id()}))
        .await;
    let card = call(&app, "contact_card")
        .by(Some(mia.clone()))
        .answers(json!({"conversation_id": shop_chat}))
        .await;
    let ids: Vec<i64> = card["conversations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["id"].as_i64())
        .collect();
    assert_eq!(ids, [shop_chat]);
    // Where the team lets managers see all, they see both.
    call(&app, "set_team_settings")
        .answers(json!({"managers_see_all": true}))
        .await;
    let card = call(&app, "contact_card")
        .by(Some(mia))
        .answers(json!({"conversation_id": shop_chat}))
        .await;
    assert_eq!(card["conversations"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
pub async fn set_contact_field() {
    let app = app().await;
    let (_, ann) = ann_wrote(&app).await;
    let city = field(
        &call(&app, "save_contact_field")
            .answers(json!({"key": "city", "label": "City"}))
            .await,
    );
    let set = call(&app, "set_contact_field");
    set.refuses_each(vec![
        (
            json!({"conversation_id": ann, "value": "x"}),
            BadRequest,
            "error.bad_request",
        ),
        (
            json!({"conversation_id": 999, "field_id": city, "value": "x"}),
            NotFound,
            "error.conversation_not_found",
        ),
        (
            json!({"conversation_id": ann, "field_id": 999, "value": "x"}),
            NotFound,
            "contacts.field_not_found",
        ),
        (
            json!({"conversation_id": ann, "field_id": city, "value": "v".repeat(501)}),
            BadRequest,
            "contacts.value_too_long",
        ),
    ])
    .await;
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    call(&app, "set_contact_field")
        .by(Some(rita))
        .refuses(
            json!({"conversation_id": ann, "field_id": city, "value": "x"}),
            Forbidden,
            "error.role_forbidden",
        )
        .await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let max = operator(&app, "Max", Role::Manager).await;
    call(&app, "assign_conversation")
        .answers(json!({"conversation_id": ann, "operator_id": max.id()}))
        .await;
    call(&app, "set_contact_field")
        .by(Some(mia))
        .refuses(
            json!({"conversation_id": ann, "field_id": city, "value": "x"}),
            NotFound,
            "error.conversation_not_found",
        )
        .await;
    assert_eq!(
        set.answers(json!({"conversation_id": ann, "field_id": city, "value": "v".repeat(500)}))
            .await["fields"][0]["value"],
        "v".repeat(500)
    );
}

#[tokio::test]
async fn a_value_is_trimmed_cleared_when_blank_and_announced() {
    let app = app().await;
    let (_, shop_chat) = ann_wrote(&app).await;
    let outlet = app.add_account("Outlet").await;
    app.engine
        .ingest(
            outlet.id,
            vec![incoming("in-2", ANN, "again", ManualClock::START)],
        )
        .await
        .expect("stored");
    let city = field(
        &call(&app, "save_contact_field")
            .answers(json!({"key": "city", "label": "City"}))
            .await,
    );
    let mia = operator(&app, "Mia", Role::Manager).await;
    let set = call(&app, "set_contact_field").by(Some(mia));
    let announced = |app: &switchboard_test_support::TestApp| {
        app.host
            .recorder
            .events()
            .into_iter()
            .filter(|e| matches!(e, Event::Conversation { .. }))
            .count()
    };
    let before = announced(&app);
    let card = set
        .answers(json!({"conversation_id": shop_chat, "field_id": city, "value": "  Kazan \n"}))
        .await;
    assert_eq!(card["fields"][0]["value"], "Kazan");
    assert_eq!(
        announced(&app),
        before + 2,
        "each conversation with the contact is announced anew"
    );
    // The same value again changes nothing.
    set.answers(json!({"conversation_id": shop_chat, "field_id": city, "value": "Kazan"}))
        .await;
    assert_eq!(announced(&app), before + 2);
    for blank in [json!("   "), Value::Null] {
        set.answers(json!({"conversation_id": shop_chat, "field_id": city, "value": "Kazan"}))
            .await;
        let card = set
            .answers(json!({"conversation_id": shop_chat, "field_id": city, "value": blank}))
            .await;
        assert_eq!(card["fields"][0]["value"], Value::Null, "blank clears");
    }

    let lines = call(&app, "conversation_activity")
        .answers(json!({"conversation_id": shop_chat}))
        .await;
    let changes: Vec<Value> = lines
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| a["change"].clone())
        .collect();
    assert_eq!(
        changes.first(),
        Some(&json!({"kind": "contact_field", "label": "City", "value": "Kazan"})),
        "each change is a fact in the conversation it was made in"
    );
    assert_eq!(
        changes.last(),
        Some(&json!({"kind": "contact_field", "label": "City", "value": null}))
    );
    assert_eq!(
        changes.len(),
        4,
        "set, cleared, set again, cleared: the unchanged value is no fact"
    );
    assert_eq!(lines[0]["actor"]["name"], "Mia", "with who made it");
}
