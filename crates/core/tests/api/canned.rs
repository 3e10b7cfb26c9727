//! Canned replies: one's own and the team's (supervisors edit those), filled in for a
//! conversation; a reply whose variable has no value is never sent as the placeholder.

use serde_json::{Value, json};
use switchboard_core::ErrorCode::{BadRequest, Conflict, Forbidden, NotFound, Unauthorized};
use switchboard_core::event::Event;
use switchboard_core::operator::Role;

use crate::tags::ann_wrote;
use crate::team::operator;
use crate::{ANN, app, call};

fn shortcuts(list: &Value) -> Vec<(String, bool)> {
    list.as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            (
                c["shortcut"].as_str().unwrap_or_default().to_owned(),
                c["team"].as_bool().unwrap_or_default(),
            )
        })
        .collect()
}

fn id(saved: &Value) -> i64 {
    saved["id"].as_i64().expect("a canned reply's id")
}

fn mine(s: &str) -> (String, bool) {
    (s.to_owned(), false)
}

fn team(s: &str) -> (String, bool) {
    (s.to_owned(), true)
}

async fn listed(
    app: &switchboard_test_support::TestApp,
    who: switchboard_core::access::Caller,
) -> Vec<(String, bool)> {
    shortcuts(
        &call(app, "list_canned")
            .by(Some(who))
            .answers(json!({}))
            .await,
    )
}

#[tokio::test]
pub async fn list_canned() {
    let app = app().await;
    assert_eq!(
        call(&app, "list_canned").answers(json!({})).await,
        json!([])
    );
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    call(&app, "list_canned")
        .by(Some(rita))
        .refuses(json!({}), Forbidden, "error.role_forbidden")
        .await;
    call(&app, "list_canned")
        .by(None)
        .refuses(json!({}), Unauthorized, "error.sign_in_needed")
        .await;
}

#[tokio::test]
async fn personal_replies_are_their_owners_and_the_teams_are_everyones() {
    let app = app().await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let max = operator(&app, "Max", Role::Manager).await;
    let sue = operator(&app, "Sue", Role::Supervisor).await;
    let save = |who| call(&app, "save_canned").by(Some(who));
    save(sue.clone())
        .answers(json!({"shortcut": "hello", "body": "Hello!", "team": true}))
        .await;
    save(sue.clone())
        .answers(json!({"shortcut": "bye", "body": "Bye from Sue", "team": false}))
        .await;
    save(mia.clone())
        .answers(json!({"shortcut": "/price", "body": "It costs 10", "team": false}))
        .await;
    // The same shortcut in another scope is no conflict.
    save(max.clone())
        .answers(json!({"shortcut": "price", "body": "Max's price", "team": false}))
        .await;
    save(max.clone())
        .answers(json!({"shortcut": "hello", "body": "Max's hello", "team": false}))
        .await;

    assert_eq!(
        listed(&app, mia.clone()).await,
        [team("hello"), mine("price")]
    );
    assert_eq!(
        listed(&app, max.clone()).await,
        [team("hello"), mine("hello"), mine("price")],
        "the team's first on the same shortcut"
    );
    assert_eq!(
        listed(&app, sue.clone()).await,
        [mine("bye"), team("hello")]
    );

    // Live events: a personal change goes to its owner alone, the team's to everyone.
    let canned_events: Vec<Option<i64>> = app
        .host
        .recorder
        .events()
        .into_iter()
        .filter_map(|e| match e {
            Event::Canned { owner_id } => Some(owner_id),
            _ => None,
        })
        .collect();
    assert_eq!(
        canned_events,
        [
            None,
            Some(sue.id()),
            Some(mia.id()),
            Some(max.id()),
            Some(max.id())
        ]
    );
}

#[tokio::test]
pub async fn save_canned() {
    let app = app().await;
    let save = call(&app, "save_canned");
    let reply =
        |shortcut: &str, body: &str| json!({"shortcut": shortcut, "body": body, "team": true});
    save.refuses_each(vec![
        (
            json!({"shortcut": "hi", "body": "Hi"}),
            BadRequest,
            "error.bad_request",
        ),
        (reply("", "Hi"), BadRequest, "canned.shortcut_bad"),
        (reply("/", "Hi"), BadRequest, "canned.shortcut_bad"),
        (reply("two words", "Hi"), BadRequest, "canned.shortcut_bad"),
        (reply("hi!", "Hi"), BadRequest, "canned.shortcut_bad"),
        (
            reply(&"a".repeat(33), "Hi"),
            BadRequest,
            "canned.shortcut_bad",
        ),
        (reply("hi", " \n "), BadRequest, "canned.body_empty"),
        (
            reply("hi", &"x".repeat(4001)),
            BadRequest,
            "canned.body_too_long",
        ),
        (
            json!({"id": 999, "shortcut": "hi", "body": "Hi", "team": true}),
            NotFound,
            "canned.not_found",
        ),
    ])
    .await;
    // Letters of any alphabet, digits, `_` and `-`; the `/` that finds it is not kept.
    let hi = save
        .answers(reply("/привет_1-a", "  Здравствуйте!  "))
        .await;
    assert_eq!(hi["shortcut"], "привет_1-a");
    assert_eq!(hi["body"], "Здравствуйте!");
    assert_eq!(hi["team"], true);
    save.answers(reply(&"a".repeat(32), &"x".repeat(4000)))
        .await;
    save.refuses(
        reply("ПРИВЕТ_1-A", "again"),
        Conflict,
        "canned.shortcut_taken",
    )
    .await;
    let edited = save
        .answers(
            json!({"id": id(&hi), "shortcut": "ПРИВЕТ_1-A", "body": "Добрый день", "team": true}),
        )
        .await;
    assert_eq!(
        (edited["id"].clone(), edited["body"].clone()),
        (hi["id"].clone(), json!("Добрый день")),
        "its own shortcut in another case is no conflict"
    );

    // A manager keeps their own, and cannot touch the team's.
    let mia = operator(&app, "Mia", Role::Manager).await;
    let by_mia = call(&app, "save_canned").by(Some(mia.clone()));
    by_mia
        .refuses(
            reply("mine", "Mine"),
            Forbidden,
            "canned.team_for_supervisors",
        )
        .await;
    by_mia
        .refuses(
            json!({"id": id(&hi), "shortcut": "x", "body": "taken over", "team": false}),
            Forbidden,
            "canned.team_for_supervisors",
        )
        .await;
    let own = by_mia
        .answers(json!({"shortcut": "mine", "body": "Mine", "team": false}))
        .await;
    // Another's own reply does not exist to a colleague, nor to a supervisor.
    let max = operator(&app, "Max", Role::Manager).await;
    call(&app, "save_canned")
        .by(Some(max))
        .refuses(
            json!({"id": id(&own), "shortcut": "mine", "body": "stolen", "team": false}),
            NotFound,
            "canned.not_found",
        )
        .await;
    save.refuses(
        json!({"id": id(&own), "shortcut": "mine", "body": "shared", "team": true}),
        NotFound,
        "canned.not_found",
    )
    .await;
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    call(&app, "save_canned")
        .by(Some(rita))
        .refuses(
            json!({"shortcut": "r", "body": "R", "team": false}),
            Forbidden,
            "error.role_forbidden",
        )
        .await;
    assert_eq!(
        shortcuts(
            &call(&app, "list_canned")
                .by(Some(mia))
                .answers(json!({}))
                .await
        ),
        [team(&"a".repeat(32)), mine("mine"), team("ПРИВЕТ_1-A")]
    );
}

#[tokio::test]
pub async fn delete_canned() {
    let app = app().await;
    let delete = call(&app, "delete_canned");
    delete
        .refuses_each(crate::nameless_or_missing(
            "canned_id",
            json!(999),
            "canned.not_found",
        ))
        .await;
    let shared = call(&app, "save_canned")
        .answers(json!({"shortcut": "hi", "body": "Hi", "team": true}))
        .await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let own = call(&app, "save_canned")
        .by(Some(mia.clone()))
        .answers(json!({"shortcut": "mine", "body": "Mine", "team": false}))
        .await;
    let by_mia = call(&app, "delete_canned").by(Some(mia.clone()));
    by_mia
        .refuses(
            json!({"canned_id": id(&shared)}),
            Forbidden,
            "canned.team_for_supervisors",
        )
        .await;
    delete
        .refuses(json!({"canned_id": id(&own)}), NotFound, "canned.not_found")
        .await;
    assert_eq!(
        by_mia.answers(json!({"canned_id": id(&own)})).await,
        Value::Null
    );
    assert_eq!(
        delete.answers(json!({"canned_id": id(&shared)})).await,
        Value::Null
    );
    assert_eq!(
        call(&app, "list_canned")
            .by(Some(mia))
            .answers(json!({}))
            .await,
        json!([])
    );
}

#[tokio::test]
pub async fn render_canned() {
    let app = app().await;
    let (_, ann) = ann_wrote(&app).await;
    let hi = id(&call(&app, "save_canned")
        .answers(json!({"shortcut": "hi", "body": "Hi {{contact.name}}", "team": true}))
        .await);
    let render = call(&app, "render_canned");
    render
        .refuses_each(vec![
            (json!({"canned_id": hi}), BadRequest, "error.bad_request"),
            (
                json!({"canned_id": hi, "conversation_id": 999}),
                NotFound,
                "error.conversation_not_found",
            ),
            (
                json!({"canned_id": 999, "conversation_id": ann}),
                NotFound,
                "canned.not_found",
            ),
        ])
        .await;
    // A manager fills nothing in a colleague's conversation, nor with a colleague's own reply.
    let mia = operator(&app, "Mia", Role::Manager).await;
    let max = operator(&app, "Max", Role::Manager).await;
    let maxs = id(&call(&app, "save_canned")
        .by(Some(max.clone()))
        .answers(json!({"shortcut": "m", "body": "M", "team": false}))
        .await);
    let by_mia = call(&app, "render_canned").by(Some(mia));
    by_mia
        .refuses(
            json!({"canned_id": maxs, "conversation_id": ann}),
            NotFound,
            "canned.not_found",
        )
        .await;
    call(&app, "assign_conversation")
        .answers(json!({"conversation_id": ann, "operator_id": max.id()}))
        .await;
    by_mia
        .refuses(
            json!({"canned_id": hi, "conversation_id": ann}),
            NotFound,
            "error.conversation_not_found",
        )
        .await;
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    call(&app, "render_canned")
        .by(Some(rita))
        .refuses(
            json!({"canned_id": hi, "conversation_id": ann}),
            Forbidden,
            "error.role_forbidden",
        )
        .await;
}

#[tokio::test]
async fn render_fills_what_is_known_and_names_what_is_missing() {
    let app = app().await;
    let (_, ann) = ann_wrote(&app).await;
    let city = call(&app, "save_contact_field")
        .answers(json!({"key": "city", "label": "City"}))
        .await;
    call(&app, "save_contact_field")
        .answers(json!({"key": "company", "label": "Company"}))
        .await;
    let body = "Hi {{ contact.name }}! {{operator.name}} here. We call {{contact.phone}} in \
                {{contact.City}} for {{contact.company}}; {{weather}} {{contact.name}}";
    let canned = id(&call(&app, "save_canned")
        .answers(json!({"shortcut": "call", "body": body, "team": true}))
        .await);
    let mia = operator(&app, "Mia", Role::Manager).await;
    let render = call(&app, "render_canned").by(Some(mia.clone()));
    let request = json!({"canned_id": canned, "conversation_id": ann});

    // Ann has no name yet, nor a company: they stay as variables and are listed once.
    call(&app, "set_contact_field")
        .answers(json!({"conversation_id": ann, "field_id": city["id"], "value": "Kazan"}))
        .await;
    let rendered = render.answers(request.clone()).await;
    assert_eq!(
        rendered["text"],
        format!(
            "Hi {{{{contact.name}}}}! Mia here. We call {ANN} in Kazan for \
             {{{{contact.company}}}}; {{{{weather}}}} {{{{contact.name}}}}"
        )
    );
    assert_eq!(
        rendered["missing"],
        json!(["contact.name", "contact.company", "weather"]),
        "what has no value, and what is no variable at all"
    );

    // A blank name is no name: never "Hi !".
    call(&app, "rename_contact")
        .answers(json!({"conversation_id": ann, "name": "Ann"}))
        .await;
    let rendered = render.answers(request).await;
    assert!(
        rendered["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("Hi Ann! Mia here.") && t.ends_with(" Ann")),
        "{rendered}"
    );
    assert_eq!(rendered["missing"], json!(["contact.company", "weather"]));
}

#[tokio::test]
async fn a_message_with_an_unfilled_variable_is_refused() {
    let app = app().await;
    let (shop, ann) = ann_wrote(&app).await;
    let canned = id(&call(&app, "save_canned")
        .answers(json!({"shortcut": "hi", "body": "Hello {{contact.name}}, I am {{operator.name}}", "team": true}))
        .await);
    let rendered = call(&app, "render_canned")
        .answers(json!({"canned_id": canned, "conversation_id": ann}))
        .await;
    assert_eq!(rendered["missing"], json!(["contact.name"]));
    let text =
        |t: &str| json!({"account_id": shop.id, "to": ANN, "content": {"kind": "text", "text": t}});
    let send = call(&app, "send_message");
    let error = send
        .refuses(
            text(rendered["text"].as_str().unwrap_or_default()),
            BadRequest,
            "canned.unfilled",
        )
        .await;
    assert_eq!(
        error.phrase.arg_text("variables").as_deref(),
        Some("{{contact.name}}"),
        "it names what to fill in"
    );
    for typed in [
        "Hello {{ contact.name }}",
        "Hi {{Contact.Name}}",
        "Your manager: {{ operator.name}}",
        "In {{contact.city}}",
    ] {
        send.refuses(text(typed), BadRequest, "canned.unfilled")
            .await;
    }
    send.refuses(
        json!({"account_id": shop.id, "to": ANN,
               "content": {"kind": "media", "url": "https://example.com/a.jpg", "mime": "image/jpeg",
                           "name": "a.jpg", "caption": "For {{contact.name}}"}}),
        BadRequest,
        "canned.unfilled",
    )
    .await;
    let thread = call(&app, "get_thread")
        .answers(json!({"conversation_id": ann}))
        .await;
    assert_eq!(
        thread["messages"].as_array().map(Vec::len),
        Some(1),
        "nothing refused is queued: only Ann's hello is there"
    );

    // Filled in, it goes; braces that are no variable of ours go as written.
    send.answers(text("Hello Ann, I am Me. {{weather}} {name}"))
        .await;
}
