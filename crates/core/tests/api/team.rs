//! The team's commands: assign_conversation, team_settings, set_team_settings; and who may
//! see what (a manager: their own and unassigned conversations).

use serde_json::json;
use switchboard_core::ErrorCode::{BadRequest, Conflict, Forbidden, NotFound, Unauthorized};
use switchboard_core::access::Caller;
use switchboard_core::operator::Role;
use switchboard_test_support::events::incoming;
use switchboard_test_support::{ManualClock, TestApp};

use crate::{ANN, app, call};

/// A new operator with `role` (their login is their name), as a caller signed in with a
/// session of their own.
pub async fn operator(app: &TestApp, name: &str, role: Role) -> Caller {
    crate::auth::add(app, name, role).await;
    let token = crate::auth::session(app, name).await;
    app.engine
        .authenticate(&token, None)
        .await
        .expect("the new session is good")
}

/// A conversation with Ann on a new account; its id.
async fn ann_wrote(app: &TestApp) -> i64 {
    let shop = app.add_account("Shop").await;
    app.engine
        .ingest(
            shop.id,
            vec![incoming("in-1", ANN, "hello", ManualClock::START)],
        )
        .await
        .expect("stored");
    let page = call(app, "list_conversations").answers(json!({})).await;
    page["conversations"][0]["id"]
        .as_i64()
        .expect("a conversation")
}

#[tokio::test]
pub async fn assign_conversation() {
    let app = app().await;
    let ann = ann_wrote(&app).await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let assign = call(&app, "assign_conversation");
    assign
        .refuses_each(vec![
            (json!({"operator_id": 1}), BadRequest, "error.bad_request"),
            (
                json!({"conversation_id": 999, "operator_id": mia.id()}),
                NotFound,
                "error.conversation_not_found",
            ),
            (
                json!({"conversation_id": ann, "operator_id": 999}),
                NotFound,
                "error.operator_not_found",
            ),
        ])
        .await;
    let given = assign
        .answers(json!({"conversation_id": ann, "operator_id": mia.id()}))
        .await;
    assert_eq!(given["assignee"]["name"], "Mia");

    // Only supervisors assign; nobody signed in assigns nothing.
    call(&app, "assign_conversation")
        .by(Some(mia.clone()))
        .refuses(
            json!({"conversation_id": ann, "operator_id": null}),
            Forbidden,
            "error.role_forbidden",
        )
        .await;
    call(&app, "assign_conversation")
        .by(None)
        .refuses(
            json!({"conversation_id": ann, "operator_id": null}),
            Unauthorized,
            "error.sign_in_needed",
        )
        .await;

    // A reviewer answers no customer.
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    assign
        .refuses(
            json!({"conversation_id": ann, "operator_id": rita.id()}),
            Conflict,
            "error.assignee_reviewer",
        )
        .await;

    // A disabled operator is given nothing.
    let gone = operator(&app, "Gus", Role::Manager).await;
    let gone_id = gone.id();
    call(&app, "update_operator")
        .answers(json!({"id": gone_id, "active": false}))
        .await;
    assign
        .refuses(
            json!({"conversation_id": ann, "operator_id": gone_id}),
            Conflict,
            "error.assignee_inactive",
        )
        .await;
}

#[tokio::test]
pub async fn team_settings() {
    let app = app().await;
    let settings = call(&app, "team_settings").answers(json!({})).await;
    assert_eq!(
        settings,
        json!({
            "managers_see_all": false,
            "assignment": "off",
            "returning_to_owner": false,
            "capacity": null,
            "managers_take_over": false,
            "no_reply_minutes": null,
            "no_reply_action": "requeue",
            "managers_create_tags": false,
        }),
        "everything off by default"
    );
    for role in [Role::Manager, Role::Reviewer] {
        let someone = operator(&app, role.as_str(), role).await;
        call(&app, "team_settings")
            .by(Some(someone))
            .refuses(json!({}), Forbidden, "error.role_forbidden")
            .await;
    }
    call(&app, "team_settings")
        .by(None)
        .refuses(json!({}), Unauthorized, "error.sign_in_needed")
        .await;
}

#[tokio::test]
pub async fn set_team_settings() {
    let app = app().await;
    let set = call(&app, "set_team_settings");
    set.refuses(
        json!({"managers_see_all": "yes"}),
        BadRequest,
        "error.bad_request",
    )
    .await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    call(&app, "set_team_settings")
        .by(Some(mia))
        .refuses(
            json!({"managers_see_all": true}),
            Forbidden,
            "error.role_forbidden",
        )
        .await;
    let set_to = set.answers(json!({"managers_see_all": true})).await;
    assert_eq!(set_to["managers_see_all"], true);
    let info = call(&app, "app_info").answers(json!({})).await;
    assert_eq!(info["managers_see_all"], true, "in force at once");
    // What a manager may do is told to every client, so it offers only that.
    assert_eq!(
        (
            info["managers_take_over"].clone(),
            info["managers_create_tags"].clone()
        ),
        (json!(false), json!(false))
    );
    set.answers(json!({"managers_take_over": true, "managers_create_tags": true}))
        .await;
    let info = call(&app, "app_info").answers(json!({})).await;
    assert_eq!(
        (
            info["managers_take_over"].clone(),
            info["managers_create_tags"].clone()
        ),
        (json!(true), json!(true)),
        "app_info says what managers may do"
    );
}

/// A manager sees their own and unassigned conversations; a colleague's is as if it did not
/// exist, whichever way they reach for it, until the team lets managers see all.
#[tokio::test]
async fn a_manager_sees_only_their_own_and_unassigned_conversations() {
    let app = app().await;
    let ann = ann_wrote(&app).await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let max = operator(&app, "Max", Role::Manager).await;
    let list = |who: &Caller| {
        let who = who.clone();
        let app = &app;
        async move {
            call(app, "list_conversations")
                .by(Some(who))
                .answers(json!({}))
                .await["conversations"]
                .as_array()
                .map(Vec::len)
        }
    };
    assert_eq!(
        list(&max).await,
        Some(1),
        "unassigned: every manager sees it"
    );
    call(&app, "assign_conversation")
        .answers(json!({"conversation_id": ann, "operator_id": mia.id()}))
        .await;
    assert_eq!(list(&mia).await, Some(1));
    assert_eq!(list(&max).await, Some(0), "Mia's is not Max's");
    let by_max = |command| call(&app, command).by(Some(max.clone()));
    by_max("get_thread")
        .refuses(
            json!({"conversation_id": ann}),
            NotFound,
            "error.conversation_not_found",
        )
        .await;
    by_max("get_thread")
        .refuses(
            json!({"phone": ANN}),
            NotFound,
            "error.conversation_not_found",
        )
        .await;
    by_max("mark_read")
        .refuses(
            json!({"conversation_id": ann}),
            NotFound,
            "error.conversation_not_found",
        )
        .await;
    let hits = by_max("search").answers(json!({"query": "hello"})).await;
    assert_eq!(hits, json!([]), "search finds nothing of Mia's");
    let hits = call(&app, "search")
        .by(Some(mia.clone()))
        .answers(json!({"query": "hello"}))
        .await;
    assert_eq!(hits.as_array().map(Vec::len), Some(1));
    let shop = 1;
    by_max("send_message")
        .refuses(
            json!({"account_id": shop, "to": ANN, "content": {"kind": "text", "text": "mine now"}}),
            NotFound,
            "error.conversation_not_found",
        )
        .await;

    call(&app, "set_team_settings")
        .answers(json!({"managers_see_all": true}))
        .await;
    assert_eq!(list(&max).await, Some(1), "the team lets managers see all");
}

/// Each operator has their own unread count: a supervisor's look changes no manager's.
#[tokio::test]
async fn reading_is_each_operators_own() {
    let app = app().await;
    // Mia and Rita joined before Ann wrote: an operator's unread counts start when they join.
    app.host.clock.set(ManualClock::START.plus_millis(-60_000));
    let mia = operator(&app, "Mia", Role::Manager).await;
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    app.host.clock.set(ManualClock::START);
    let ann = ann_wrote(&app).await;
    let unread = |who: &Caller| {
        let who = who.clone();
        let app = &app;
        async move {
            call(app, "get_thread")
                .by(Some(who))
                .answers(json!({"conversation_id": ann}))
                .await["conversation"]["unread"]
                .as_u64()
        }
    };
    assert_eq!(unread(&mia).await, Some(1));
    call(&app, "mark_read")
        .by(Some(rita.clone()))
        .answers(json!({"conversation_id": ann}))
        .await;
    assert_eq!(unread(&rita).await, Some(0), "the reviewer read it");
    assert_eq!(unread(&mia).await, Some(1), "Mia has not");
    let thread = call(&app, "get_thread")
        .by(Some(mia.clone()))
        .answers(json!({"conversation_id": ann}))
        .await;
    assert_eq!(
        thread["conversation"]["awaiting_reply"], true,
        "nobody answered Ann"
    );
}
