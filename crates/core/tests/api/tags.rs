//! Tags: the team's list (supervisors curate it; managers add to it where the team allows),
//! several per conversation, each tagging a stored fact, shown in the list entry.

use serde_json::{Value, json};
use switchboard_core::ErrorCode::{BadRequest, Conflict, Forbidden, NotFound, Unauthorized};
use switchboard_core::event::Event;
use switchboard_core::operator::Role;
use switchboard_test_support::TestApp;

pub use crate::customers::ann_wrote;
use crate::team::operator;
use crate::{app, call, inbox};

/// A new tag (by the solo supervisor); its id.
pub async fn tag(app: &TestApp, name: &str) -> i64 {
    call(app, "create_tag").answers(json!({"name": name})).await["id"]
        .as_i64()
        .expect("a tag id")
}

fn names(tags: &Value) -> Vec<String> {
    tags.as_array()
        .into_iter()
        .flatten()
        .map(|t| t["name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn tags_events(app: &TestApp) -> usize {
    app.host
        .recorder
        .events()
        .iter()
        .filter(|e| **e == Event::Tags)
        .count()
}

#[tokio::test]
pub async fn list_tags() {
    let app = app().await;
    let list = call(&app, "list_tags");
    assert_eq!(list.answers(json!({})).await, json!([]), "no tags at first");
    call(&app, "list_tags")
        .by(None)
        .refuses(json!({}), Unauthorized, "error.sign_in_needed")
        .await;

    tag(&app, "vip").await;
    tag(&app, "Angry").await;
    tag(&app, "delivery").await;
    assert_eq!(
        names(&list.answers(json!({})).await),
        ["Angry", "delivery", "vip"],
        "by name whatever its case"
    );
    // Every role reads the list (a reviewer filters by tag too).
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    let seen = call(&app, "list_tags")
        .by(Some(rita))
        .answers(json!({}))
        .await;
    assert_eq!(names(&seen).len(), 3);
    assert_eq!(seen[0]["color"], "gray", "the default colour");
}

#[tokio::test]
pub async fn create_tag() {
    let app = app().await;
    let create = call(&app, "create_tag");
    create
        .refuses_each(vec![
            (json!({}), BadRequest, "error.bad_request"),
            (json!({"name": 7}), BadRequest, "error.bad_request"),
            (json!({"name": " \n\t "}), BadRequest, "tags.name_empty"),
            (
                json!({"name": "x".repeat(41)}),
                BadRequest,
                "tags.name_too_long",
            ),
            (
                json!({"name": "red", "color": "#ff0000"}),
                BadRequest,
                "error.bad_request",
            ),
        ])
        .await;
    let vip = create
        .answers(json!({"name": "  VIP\n customer ", "color": "red"}))
        .await;
    assert_eq!(vip["name"], "VIP customer", "one line, trimmed");
    assert_eq!(vip["color"], "red");
    assert_eq!(tags_events(&app), 1, "clients are told to reload the list");
    create.answers(json!({"name": "x".repeat(40)})).await;
    create.answers(json!({"name": "Вип"})).await;
    create
        .refuses(json!({"name": "ВИП"}), Conflict, "tags.exists")
        .await;
    let error = create
        .refuses(json!({"name": "vip CUSTOMER"}), Conflict, "tags.exists")
        .await;
    assert_eq!(
        error.phrase.arg_text("name").as_deref(),
        Some("vip CUSTOMER")
    );

    // A reviewer changes nothing; a manager adds only where the team allows it.
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    call(&app, "create_tag")
        .by(Some(rita))
        .refuses(json!({"name": "late"}), Forbidden, "error.role_forbidden")
        .await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let by_mia = call(&app, "create_tag").by(Some(mia));
    by_mia
        .refuses(
            json!({"name": "late"}),
            Forbidden,
            "tags.managers_cannot_create",
        )
        .await;
    call(&app, "set_team_settings")
        .answers(json!({"managers_create_tags": true}))
        .await;
    assert_eq!(
        by_mia.answers(json!({"name": "late"})).await["name"],
        "late"
    );
    by_mia
        .refuses(json!({"name": "LATE"}), Conflict, "tags.exists")
        .await;
    call(&app, "set_team_settings")
        .answers(json!({"managers_create_tags": false}))
        .await;
    by_mia
        .refuses(
            json!({"name": "early"}),
            Forbidden,
            "tags.managers_cannot_create",
        )
        .await;
    call(&app, "create_tag")
        .by(None)
        .refuses(json!({"name": "x"}), Unauthorized, "error.sign_in_needed")
        .await;
    assert_eq!(
        names(&call(&app, "list_tags").answers(json!({})).await),
        ["late", "VIP customer", "x".repeat(40).as_str(), "Вип"]
    );
}

#[tokio::test]
pub async fn update_tag() {
    let app = app().await;
    let (_, ann) = ann_wrote(&app).await;
    let vip = tag(&app, "vip").await;
    let late = tag(&app, "late").await;
    let update = call(&app, "update_tag");
    update
        .refuses_each(vec![
            (json!({"name": "x"}), BadRequest, "error.bad_request"),
            (
                json!({"tag_id": 999, "name": "x"}),
                NotFound,
                "tags.not_found",
            ),
            (
                json!({"tag_id": vip, "name": ""}),
                BadRequest,
                "tags.name_empty",
            ),
            (
                json!({"tag_id": vip, "name": " LATE "}),
                Conflict,
                "tags.exists",
            ),
        ])
        .await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    call(&app, "set_team_settings")
        .answers(json!({"managers_create_tags": true}))
        .await;
    call(&app, "update_tag")
        .by(Some(mia))
        .refuses(
            json!({"tag_id": vip, "name": "x"}),
            Forbidden,
            "error.role_forbidden",
        )
        .await;

    call(&app, "tag_conversation")
        .answers(json!({"conversation_id": ann, "tag_id": vip, "tagged": true}))
        .await;
    // Its own name in another case is no conflict; the colour stays when not given.
    let renamed = update.answers(json!({"tag_id": vip, "name": "VIP"})).await;
    assert_eq!(renamed, json!({"id": vip, "name": "VIP", "color": "gray"}));
    let recoloured = update
        .answers(json!({"tag_id": vip, "color": "green"}))
        .await;
    assert_eq!(
        recoloured,
        json!({"id": vip, "name": "VIP", "color": "green"})
    );
    assert_eq!(
        inbox(&app).await[0]["tags"],
        json!([{"id": vip, "name": "VIP", "color": "green"}]),
        "the conversation shows the tag as it is now"
    );
    assert_eq!(tags_events(&app), 4, "each change tells clients to reload");
    let _ = late;
}

#[tokio::test]
pub async fn delete_tag() {
    let app = app().await;
    let (_, ann) = ann_wrote(&app).await;
    let vip = tag(&app, "vip").await;
    let late = tag(&app, "late").await;
    let delete = call(&app, "delete_tag");
    delete
        .refuses_each(crate::nameless_or_missing(
            "tag_id",
            json!(999),
            "tags.not_found",
        ))
        .await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    call(&app, "delete_tag")
        .by(Some(mia))
        .refuses(json!({"tag_id": vip}), Forbidden, "error.role_forbidden")
        .await;

    for id in [vip, late] {
        call(&app, "tag_conversation")
            .answers(json!({"conversation_id": ann, "tag_id": id, "tagged": true}))
            .await;
    }
    let before = tags_events(&app);
    assert_eq!(delete.answers(json!({"tag_id": vip})).await, Value::Null);
    assert_eq!(tags_events(&app), before + 1);
    assert_eq!(
        names(&call(&app, "list_tags").answers(json!({})).await),
        ["late"]
    );
    assert_eq!(
        names(&inbox(&app).await[0]["tags"]),
        ["late"],
        "a deleted tag comes off every conversation"
    );
    delete
        .refuses(json!({"tag_id": vip}), NotFound, "tags.not_found")
        .await;
    // The activity line keeps the name the tag had.
    let lines = call(&app, "conversation_activity")
        .answers(json!({"conversation_id": ann}))
        .await;
    assert_eq!(lines[0]["change"]["kind"], "tagged");
    assert_eq!(lines[0]["change"]["tag"]["name"], "vip");
}

#[tokio::test]
pub async fn tag_conversation() {
    let app = app().await;
    let (_, ann) = ann_wrote(&app).await;
    let vip = tag(&app, "vip").await;
    let tagging = call(&app, "tag_conversation");
    tagging
        .refuses_each(vec![
            (
                json!({"conversation_id": ann, "tag_id": vip}),
                BadRequest,
                "error.bad_request",
            ),
            (
                json!({"conversation_id": 999, "tag_id": vip, "tagged": true}),
                NotFound,
                "error.conversation_not_found",
            ),
            (
                json!({"conversation_id": ann, "tag_id": 999, "tagged": true}),
                NotFound,
                "tags.not_found",
            ),
        ])
        .await;
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    call(&app, "tag_conversation")
        .by(Some(rita))
        .refuses(
            json!({"conversation_id": ann, "tag_id": vip, "tagged": true}),
            Forbidden,
            "error.role_forbidden",
        )
        .await;
    // A manager tags only what they may see: a colleague's conversation does not exist to them.
    let mia = operator(&app, "Mia", Role::Manager).await;
    let max = operator(&app, "Max", Role::Manager).await;
    call(&app, "assign_conversation")
        .answers(json!({"conversation_id": ann, "operator_id": max.id()}))
        .await;
    call(&app, "tag_conversation")
        .by(Some(mia))
        .refuses(
            json!({"conversation_id": ann, "tag_id": vip, "tagged": true}),
            NotFound,
            "error.conversation_not_found",
        )
        .await;
}

#[tokio::test]
async fn tags_on_a_conversation_are_facts_shown_in_its_list_entry() {
    let app = app().await;
    let (_, ann) = ann_wrote(&app).await;
    let vip = tag(&app, "vip").await;
    let angry = tag(&app, "Angry").await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let by_mia = call(&app, "tag_conversation").by(Some(mia.clone()));
    let conversation_events = |app: &TestApp| {
        app.host
            .recorder
            .events()
            .into_iter()
            .filter_map(|e| match e {
                Event::Conversation { conversation, .. } => Some(conversation),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let events_before = conversation_events(&app).len();

    let answered = by_mia
        .answers(json!({"conversation_id": ann, "tag_id": vip, "tagged": true}))
        .await;
    assert_eq!(
        names(&answered["tags"]),
        ["vip"],
        "it answers the tagged conversation"
    );
    // Tagging twice changes nothing more: no second fact, no second event.
    by_mia
        .answers(json!({"conversation_id": ann, "tag_id": vip, "tagged": true}))
        .await;
    by_mia
        .answers(json!({"conversation_id": ann, "tag_id": angry, "tagged": true}))
        .await;
    let events = conversation_events(&app);
    assert_eq!(events.len(), events_before + 2, "one live event per change");
    let newest = events.last().expect("an event");
    assert_eq!(
        newest
            .tags
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>(),
        ["Angry", "vip"]
    );

    let entry = &inbox(&app).await[0];
    assert_eq!(entry["id"], ann);
    assert_eq!(
        entry["tags"],
        json!([
            {"id": angry, "name": "Angry", "color": "gray"},
            {"id": vip, "name": "vip", "color": "gray"},
        ]),
        "the list entry carries its tags, by name"
    );

    by_mia
        .answers(json!({"conversation_id": ann, "tag_id": vip, "tagged": false}))
        .await;
    let untagged_again = by_mia
        .answers(json!({"conversation_id": ann, "tag_id": vip, "tagged": false}))
        .await;
    assert_eq!(names(&untagged_again["tags"]), ["Angry"]);

    let lines = call(&app, "conversation_activity")
        .answers(json!({"conversation_id": ann}))
        .await;
    let said: Vec<(String, String, String)> = lines
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| {
            (
                a["change"]["kind"].as_str().unwrap_or_default().to_owned(),
                a["change"]["tag"]["name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                a["actor"]["name"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let line = |k: &str, t: &str| (k.to_owned(), t.to_owned(), "Mia".to_owned());
    assert_eq!(
        said,
        [
            line("tagged", "vip"),
            line("tagged", "Angry"),
            line("untagged", "vip")
        ],
        "each change is a fact with who made it, and only changes are"
    );
}
