//! The operators' commands, for supervisors: list_operators, add_operator, update_operator,
//! set_operator_password.

use serde_json::{Value, json};
use switchboard_core::ErrorCode::{BadRequest, Conflict, Forbidden, NotFound, Unauthorized};
use switchboard_core::event::Event;
use switchboard_core::operator::Role;
use switchboard_core::store::Db;

use crate::auth::{PASSWORD, add, app, caller, refused, session, sign_in_request};
use crate::call;

#[tokio::test]
pub async fn list_operators() {
    let app = app().await;
    add(&app, "Mia", Role::Manager).await;
    let list = call(&app, "list_operators").answers(json!({})).await;
    let names: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].clone())
        .collect();
    assert_eq!(names, [json!("Me"), json!("Mia")]);
    let mia = caller(&app, &session(&app, "mia").await).await;
    call(&app, "list_operators")
        .by(Some(mia))
        .refuses(json!({}), Forbidden, "error.role_forbidden")
        .await;
    call(&app, "list_operators")
        .by(None)
        .refuses(json!({}), Unauthorized, "error.sign_in_needed")
        .await;
}

pub fn new_operator(login: &str, name: &str) -> Value {
    json!({"login": login, "name": name, "role": "manager", "password": PASSWORD})
}

#[tokio::test]
pub async fn add_operator() {
    let app = app().await;
    add(&app, "Mia", Role::Manager).await;
    let add_op = call(&app, "add_operator");
    add_op
        .refuses_each(vec![
            (json!({"login": "ann", "name": "Ann"}), BadRequest, "error.bad_request"),
            (
                json!({"login": "ann", "name": "Ann", "role": "boss", "password": PASSWORD}),
                BadRequest,
                "error.bad_request",
            ),
            (new_operator("  ", "Ann"), BadRequest, "auth.login_invalid"),
            (new_operator("ann smith", "Ann"), BadRequest, "auth.login_invalid"),
            (new_operator("анна", "Ann"), BadRequest, "auth.login_invalid"),
            (
                new_operator(&"a".repeat(65), "Ann"),
                BadRequest,
                "auth.login_invalid",
            ),
            (new_operator("ann", " "), BadRequest, "auth.name_empty"),
            (
                new_operator("ann", &"A".repeat(101)),
                BadRequest,
                "auth.name_too_long",
            ),
            (
                json!({"login": "ann", "name": "Ann", "role": "manager", "password": "too short"}),
                BadRequest,
                "auth.password_too_short",
            ),
            (
                json!({"login": "ann", "name": "Ann", "role": "manager", "password": "x".repeat(257)}),
                BadRequest,
                "auth.password_too_long",
            ),
            (new_operator("MIA", "Another Mia"), Conflict, "auth.login_taken"),
            (new_operator("mia2", "mia"), Conflict, "auth.name_taken"),
            (new_operator("me", "Me"), Conflict, "auth.name_taken"),
        ])
        .await;
    let mia = caller(&app, &session(&app, "mia").await).await;
    call(&app, "add_operator")
        .by(Some(mia))
        .refuses(
            new_operator("ann", "Ann"),
            Forbidden,
            "error.role_forbidden",
        )
        .await;
    call(&app, "add_operator")
        .by(None)
        .refuses(
            new_operator("ann", "Ann"),
            Unauthorized,
            "error.sign_in_needed",
        )
        .await;
    let ann = add_op
        .answers(new_operator(" ann.smith@shop-1 ", " Ann Smith "))
        .await;
    assert_eq!(ann["login"], "ann.smith@shop-1");
    assert_eq!(ann["name"], "Ann Smith");
    assert_eq!(ann["role"], "manager");
    assert_eq!(ann["active"], true);
    assert!(
        app.host.recorder.events().contains(&Event::Team),
        "clients reload the team"
    );
    let id = ann["id"].as_i64().unwrap();
    let changes = app
        .engine
        .db()
        .read(move |c| Db::operator_changes(c, id))
        .await
        .unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!((changes[0].1, changes[0].2.as_str()), (1, "added"));
    assert_eq!(changes[0].3["login"], "ann.smith@shop-1");
}

#[tokio::test]
pub async fn update_operator() {
    let app = app().await;
    let sue = add(&app, "Sue", Role::Supervisor).await;
    let mia = add(&app, "Mia", Role::Manager).await;
    let update = call(&app, "update_operator");
    update
        .refuses_each(vec![
            (json!({}), BadRequest, "error.bad_request"),
            (
                json!({"id": mia.id, "role": "boss"}),
                BadRequest,
                "error.bad_request",
            ),
            (json!({"id": 999}), NotFound, "error.operator_not_found"),
            (
                json!({"id": mia.id, "name": ""}),
                BadRequest,
                "auth.name_empty",
            ),
            (
                json!({"id": mia.id, "name": "sue"}),
                Conflict,
                "auth.name_taken",
            ),
            (
                json!({"id": 1, "active": false}),
                Conflict,
                "auth.local_operator_fixed",
            ),
            (
                json!({"id": 1, "role": "manager"}),
                Conflict,
                "auth.local_operator_fixed",
            ),
            (
                json!({"id": sue.id, "role": "reviewer"}),
                Conflict,
                "auth.last_supervisor",
            ),
            (
                json!({"id": sue.id, "active": false}),
                Conflict,
                "auth.last_supervisor",
            ),
        ])
        .await;
    let sue_token = session(&app, "sue").await;
    let as_sue = caller(&app, &sue_token).await;
    let by_sue = call(&app, "update_operator").by(Some(as_sue.clone()));
    by_sue
        .refuses_each(vec![
            (
                json!({"id": sue.id, "active": false}),
                Conflict,
                "auth.not_yourself",
            ),
            (
                json!({"id": sue.id, "role": "manager"}),
                Conflict,
                "auth.not_yourself",
            ),
        ])
        .await;
    let as_mia = caller(&app, &session(&app, "mia").await).await;
    call(&app, "update_operator")
        .by(Some(as_mia))
        .refuses(
            json!({"id": mia.id, "name": "Boss"}),
            Forbidden,
            "error.role_forbidden",
        )
        .await;
    call(&app, "update_operator")
        .by(None)
        .refuses(json!({"id": mia.id}), Unauthorized, "error.sign_in_needed")
        .await;

    // A second supervisor who can sign in: Sue is no longer the last.
    let promoted = by_sue
        .answers(json!({"id": mia.id, "role": "supervisor", "name": "Mia R."}))
        .await;
    assert_eq!(
        (promoted["role"].clone(), promoted["name"].clone()),
        (json!("supervisor"), json!("Mia R."))
    );
    let unchanged = update.answers(json!({"id": mia.id})).await;
    assert_eq!(unchanged, promoted, "nothing given, nothing changed");
    let demoted = update
        .answers(json!({"id": sue.id, "role": "manager"}))
        .await;
    assert_eq!(demoted["role"], "manager");
    let fresh = caller(&app, &sue_token).await;
    assert_eq!(
        fresh.role(),
        Role::Manager,
        "in force on her very next request"
    );
    call(&app, "list_operators")
        .by(Some(fresh))
        .refuses(json!({}), Forbidden, "error.role_forbidden")
        .await;

    let id = mia.id;
    let changes = app
        .engine
        .db()
        .read(move |c| Db::operator_changes(c, id))
        .await
        .unwrap();
    let kinds: Vec<_> = changes.iter().map(|c| (c.1, c.2.clone())).collect();
    assert_eq!(
        kinds,
        [
            (1, "added".into()),
            (sue.id, "renamed".into()),
            (sue.id, "role".into())
        ],
        "who changed what"
    );
    assert_eq!(changes[2].3, json!({"from": "manager", "to": "supervisor"}));
}

#[tokio::test]
pub async fn set_operator_password() {
    let app = app().await;
    let mia = add(&app, "mia", Role::Manager).await;
    let token = session(&app, "mia").await;
    let set = call(&app, "set_operator_password");
    set.refuses_each(vec![
        (json!({"id": mia.id}), BadRequest, "error.bad_request"),
        (
            json!({"id": 999, "password": "a long new password"}),
            NotFound,
            "error.operator_not_found",
        ),
        (
            json!({"id": 1, "password": "a long new password"}),
            Conflict,
            "auth.no_login",
        ),
        (
            json!({"id": mia.id, "password": "short"}),
            BadRequest,
            "auth.password_too_short",
        ),
    ])
    .await;
    call(&app, "set_operator_password")
        .by(Some(caller(&app, &token).await))
        .refuses(
            json!({"id": mia.id, "password": "a long new password"}),
            Forbidden,
            "error.role_forbidden",
        )
        .await;
    call(&app, "set_operator_password")
        .by(None)
        .refuses(
            json!({"id": mia.id, "password": "a long new password"}),
            Unauthorized,
            "error.sign_in_needed",
        )
        .await;
    // Whoever had the old password could have made a key: it goes with the reset.
    let key = call(&app, "create_api_key")
        .by(Some(caller(&app, &token).await))
        .answers(json!({"name": "made with a leaked password"}))
        .await["token"]
        .as_str()
        .expect("a key")
        .to_owned();
    set.answers(json!({"id": mia.id, "password": "a long new password"}))
        .await;
    refused(&app, &token, "auth.credential_unknown").await;
    refused(&app, &key, "auth.credential_unknown").await;
    call(&app, "sign_in")
        .by(None)
        .answers(sign_in_request("mia", "a long new password"))
        .await;
}
