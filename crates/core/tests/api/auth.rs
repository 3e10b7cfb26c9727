//! Signing in, sessions and API keys: sign_in, sign_out, list_sessions, revoke_session,
//! list_api_keys, create_api_key, revoke_api_key, change_password; and how sessions expire,
//! slide and end, and how failed sign-ins are throttled. The operators' own commands are in
//! `operators.rs`.

use std::time::Duration;

use serde_json::{Value, json};
use switchboard_core::ErrorCode::{
    BadRequest, Conflict, Forbidden, NotFound, TooManyAttempts, Unauthorized,
};
use switchboard_core::access::{Caller, Client, Credential};
use switchboard_core::api::{AddOperator, SignIn};
use switchboard_core::auth::{Password, PasswordCost};
use switchboard_core::operator::{Operator, Role};
use switchboard_test_support::TestApp;

use crate::call;
use crate::operators::new_operator;

/// Every operator's password in these tests.
pub const PASSWORD: &str = "correct horse battery";

/// An app whose password hashes are cheap (an unoptimised build takes most of a second for
/// each OWASP-strength one).
pub async fn app() -> TestApp {
    let app = crate::app().await;
    app.engine.set_password_cost(PasswordCost::CHEAP);
    app
}

/// Adds an operator whose login and name are `name` and whose password is [`PASSWORD`].
pub async fn add(app: &TestApp, name: &str, role: Role) -> Operator {
    app.engine.set_password_cost(PasswordCost::CHEAP);
    app.engine
        .add_operator(
            &Caller::local(),
            AddOperator {
                login: name.to_owned(),
                name: name.to_owned(),
                role,
                password: Password::new(PASSWORD),
            },
        )
        .await
        .expect("the operator is added")
}

/// Signs `login` in with [`PASSWORD`]; the session's token.
pub async fn session(app: &TestApp, login: &str) -> String {
    app.engine
        .sign_in(
            &Client::default(),
            SignIn {
                login: login.to_owned(),
                password: Password::new(PASSWORD),
            },
        )
        .await
        .expect("signed in")
        .token
}

pub async fn caller(app: &TestApp, token: &str) -> Caller {
    app.engine
        .authenticate(token, None)
        .await
        .expect("the token is good")
}

/// Checks that `token` is refused with the phrase `key`.
pub async fn refused(app: &TestApp, token: &str, key: &str) {
    let error = app
        .engine
        .authenticate(token, None)
        .await
        .expect_err("the token is refused");
    let error = switchboard_core::ApiError::from(error);
    assert_eq!((error.code, error.phrase.key.as_str()), (Unauthorized, key));
    crate::translatable(&error);
}

pub fn sign_in_request(login: &str, password: &str) -> Value {
    json!({"login": login, "password": password})
}

#[tokio::test]
pub async fn sign_in() {
    let app = app().await;
    let mia = add(&app, "Mia", Role::Manager).await;
    let sign_in = call(&app, "sign_in").by(None);
    sign_in
        .refuses_each(vec![
            (json!({"login": "mia"}), BadRequest, "error.bad_request"),
            (
                sign_in_request("mia", "wrong password"),
                Unauthorized,
                "auth.wrong_login_or_password",
            ),
            (
                sign_in_request("nobody", PASSWORD),
                Unauthorized,
                "auth.wrong_login_or_password",
            ),
            (
                sign_in_request("", PASSWORD),
                Unauthorized,
                "auth.wrong_login_or_password",
            ),
        ])
        .await;
    let signed_in = sign_in.answers(sign_in_request("  MIA ", PASSWORD)).await;
    assert_eq!(signed_in["operator"]["id"], mia.id, "logins ignore case");
    let token = signed_in["token"].as_str().expect("a token");
    assert!(token.starts_with("sb_s_"), "{token}");
    let who = caller(&app, token).await;
    assert_eq!(who.id(), mia.id);
    assert!(matches!(who.credential, Credential::Session(_)));

    call(&app, "update_operator")
        .answers(json!({"id": mia.id, "active": false}))
        .await;
    sign_in
        .refuses(
            sign_in_request("mia", PASSWORD),
            Unauthorized,
            "auth.operator_disabled",
        )
        .await;
    sign_in
        .refuses(
            sign_in_request("mia", "wrong password"),
            Unauthorized,
            "auth.wrong_login_or_password",
        )
        .await;
}

#[tokio::test]
pub async fn sign_out() {
    let app = app().await;
    add(&app, "mia", Role::Manager).await;
    call(&app, "sign_out")
        .by(None)
        .refuses(json!({}), Unauthorized, "error.sign_in_needed")
        .await;
    call(&app, "sign_out").answers(json!({})).await;
    let token = session(&app, "mia").await;
    let other = session(&app, "mia").await;
    call(&app, "sign_out")
        .by(Some(caller(&app, &token).await))
        .answers(json!({}))
        .await;
    refused(&app, &token, "auth.credential_unknown").await;
    caller(&app, &other).await;
}

#[tokio::test]
pub async fn list_sessions() {
    let app = app().await;
    add(&app, "mia", Role::Manager).await;
    add(&app, "max", Role::Manager).await;
    call(&app, "list_sessions")
        .by(None)
        .refuses(json!({}), Unauthorized, "error.sign_in_needed")
        .await;
    let from = "192.0.2.7".parse().unwrap();
    let mine = app
        .engine
        .sign_in(
            &Client {
                address: Some(from),
                agent: Some("Firefox".into()),
                ..Client::default()
            },
            SignIn {
                login: "mia".into(),
                password: Password::new(PASSWORD),
            },
        )
        .await
        .expect("signed in")
        .token;
    let other = session(&app, "mia").await;
    session(&app, "max").await;
    let sessions = call(&app, "list_sessions")
        .by(Some(caller(&app, &mine).await))
        .answers(json!({}))
        .await;
    let sessions = sessions.as_array().expect("a list");
    assert_eq!(sessions.len(), 2, "Mia's two, not Max's: {sessions:?}");
    let current: Vec<_> = sessions.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["label"], "Firefox");
    assert_eq!(current[0]["last_address"], "192.0.2.7");
    let (Credential::Session(other_id), Credential::Session(mine_id)) = (
        caller(&app, &other).await.credential,
        caller(&app, &mine).await.credential,
    ) else {
        panic!("sessions")
    };
    assert_eq!(current[0]["id"], mine_id);
    assert!(sessions.iter().any(|s| s["id"] == other_id));
    let by_local = call(&app, "list_sessions").answers(json!({})).await;
    assert_eq!(by_local, json!([]), "the local operator has none");
}

#[tokio::test]
pub async fn revoke_session() {
    let app = app().await;
    add(&app, "mia", Role::Manager).await;
    add(&app, "max", Role::Manager).await;
    let mia = caller(&app, &session(&app, "mia").await).await;
    let max_token = session(&app, "max").await;
    let Credential::Session(max_session) = caller(&app, &max_token).await.credential else {
        panic!("a session")
    };
    let revoke = call(&app, "revoke_session").by(Some(mia.clone()));
    revoke
        .refuses_each(crate::nameless_or_missing(
            "id",
            json!(999),
            "auth.session_not_found",
        ))
        .await;
    revoke
        .refuses(
            json!({"id": max_session}),
            NotFound,
            "auth.session_not_found",
        )
        .await;
    caller(&app, &max_token).await;
    call(&app, "revoke_session")
        .by(None)
        .refuses(json!({"id": 1}), Unauthorized, "error.sign_in_needed")
        .await;
    let mia_other = session(&app, "mia").await;
    let Credential::Session(other) = caller(&app, &mia_other).await.credential else {
        panic!("a session")
    };
    revoke.answers(json!({"id": other})).await;
    refused(&app, &mia_other, "auth.credential_unknown").await;
    revoke
        .refuses(json!({"id": other}), NotFound, "auth.session_not_found")
        .await;
}

#[tokio::test]
pub async fn list_api_keys() {
    let app = app().await;
    call(&app, "list_api_keys")
        .by(None)
        .refuses(json!({}), Unauthorized, "error.sign_in_needed")
        .await;
    add(&app, "mia", Role::Reviewer).await;
    let mia = caller(&app, &session(&app, "mia").await).await;
    call(&app, "create_api_key")
        .by(Some(mia.clone()))
        .answers(json!({"name": "reports"}))
        .await;
    let keys = call(&app, "list_api_keys")
        .by(Some(mia))
        .answers(json!({}))
        .await;
    assert_eq!(keys.as_array().map(Vec::len), Some(1));
    assert_eq!(keys[0]["name"], "reports");
    assert!(keys[0].get("token").is_none(), "never the token again");
    let local = call(&app, "list_api_keys").answers(json!({})).await;
    assert_eq!(local, json!([]), "Mia's key is hers alone");
}

#[tokio::test]
pub async fn create_api_key() {
    let app = app().await;
    let create = call(&app, "create_api_key");
    create
        .refuses_each(vec![
            (json!({}), BadRequest, "error.bad_request"),
            (json!({"name": "  "}), BadRequest, "auth.key_name_empty"),
            (
                json!({"name": "x".repeat(101)}),
                BadRequest,
                "auth.name_too_long",
            ),
        ])
        .await;
    call(&app, "create_api_key")
        .by(None)
        .refuses(json!({"name": "x"}), Unauthorized, "error.sign_in_needed")
        .await;
    let made = create.answers(json!({"name": " CRM sync "})).await;
    assert_eq!(made["key"]["name"], "CRM sync");
    let token = made["token"].as_str().expect("the token, once");
    assert!(token.starts_with("sb_k_"), "{token}");
    let who = caller(&app, token).await;
    assert_eq!(who.id(), 1, "the key acts as its owner");
    assert_eq!(
        who.credential,
        Credential::ApiKey(made["key"]["id"].as_i64().unwrap())
    );
}

#[tokio::test]
pub async fn revoke_api_key() {
    let app = app().await;
    add(&app, "mia", Role::Manager).await;
    let mia = caller(&app, &session(&app, "mia").await).await;
    let local_key = call(&app, "create_api_key")
        .answers(json!({"name": "local"}))
        .await;
    let revoke = call(&app, "revoke_api_key").by(Some(mia.clone()));
    revoke
        .refuses_each(crate::nameless_or_missing(
            "id",
            json!(999),
            "auth.api_key_not_found",
        ))
        .await;
    revoke
        .refuses(
            json!({"id": local_key["key"]["id"]}),
            NotFound,
            "auth.api_key_not_found",
        )
        .await;
    let session = match mia.credential {
        Credential::Session(id) => id,
        _ => panic!("a session"),
    };
    revoke
        .refuses(json!({"id": session}), NotFound, "auth.api_key_not_found")
        .await;
    call(&app, "revoke_api_key")
        .by(None)
        .refuses(json!({"id": 1}), Unauthorized, "error.sign_in_needed")
        .await;
    let own = call(&app, "create_api_key")
        .by(Some(mia.clone()))
        .answers(json!({"name": "mine"}))
        .await;
    let token = own["token"].as_str().unwrap();
    caller(&app, token).await;
    revoke.answers(json!({"id": own["key"]["id"]})).await;
    refused(&app, token, "auth.credential_unknown").await;
}

#[tokio::test]
pub async fn change_password() {
    let app = app().await;
    add(&app, "mia", Role::Manager).await;
    let token = session(&app, "mia").await;
    let other = session(&app, "mia").await;
    let key = call(&app, "create_api_key")
        .by(Some(caller(&app, &token).await))
        .answers(json!({"name": "script"}))
        .await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let change = call(&app, "change_password").by(Some(caller(&app, &token).await));
    change
        .refuses_each(vec![
            (
                json!({"current": PASSWORD}),
                BadRequest,
                "error.bad_request",
            ),
            (
                json!({"current": PASSWORD, "new": "short"}),
                BadRequest,
                "auth.password_too_short",
            ),
            (
                json!({"current": "not the password", "new": "a new long password"}),
                Forbidden,
                "auth.current_password_wrong",
            ),
        ])
        .await;
    call(&app, "change_password")
        .refuses(
            json!({"current": PASSWORD, "new": "a new long password"}),
            Conflict,
            "auth.no_login",
        )
        .await;
    call(&app, "change_password")
        .by(None)
        .refuses(
            json!({"current": PASSWORD, "new": "a new long password"}),
            Unauthorized,
            "error.sign_in_needed",
        )
        .await;
    change
        .answers(json!({"current": PASSWORD, "new": "a new long password"}))
        .await;
    caller(&app, &token).await;
    refused(&app, &other, "auth.credential_unknown").await;
    caller(&app, &key).await;
    call(&app, "sign_in")
        .by(None)
        .refuses(
            sign_in_request("mia", PASSWORD),
            Unauthorized,
            "auth.wrong_login_or_password",
        )
        .await;
    call(&app, "sign_in")
        .by(None)
        .answers(sign_in_request("mia", "a new long password"))
        .await;
}

/// 30 days without a request end a session; each use (recorded once a minute) moves the end.
#[tokio::test]
async fn sessions_end_after_thirty_idle_days_and_slide_when_used() {
    let app = app().await;
    add(&app, "mia", Role::Manager).await;
    let used = session(&app, "mia").await;
    let idle = session(&app, "mia").await;
    for _ in 0..3 {
        app.advance(Duration::from_secs(20 * 24 * 60 * 60));
        caller(&app, &used).await;
    }
    refused(&app, &idle, "auth.session_expired").await;
    refused(&app, &idle, "auth.credential_unknown").await;
    app.advance(Duration::from_secs(30 * 24 * 60 * 60));
    caller(&app, &used).await;
    app.advance(Duration::from_secs(30 * 24 * 60 * 60 + 1));
    refused(&app, &used, "auth.session_expired").await;
}

async fn sessions(app: &TestApp, token: &str) -> Value {
    call(app, "list_sessions")
        .by(Some(caller(app, token).await))
        .answers(json!({}))
        .await
}

/// A use is written at most once a minute, and the operator is seen then too.
#[tokio::test]
async fn use_is_recorded_once_a_minute() {
    let app = app().await;
    add(&app, "mia", Role::Manager).await;
    let token = session(&app, "mia").await;
    let signed_in_at = app.now();
    let from = Some("198.51.100.4".parse().unwrap());
    app.advance(Duration::from_secs(30));
    app.engine.authenticate(&token, from).await.unwrap();
    let listed = sessions(&app, &token).await;
    assert_eq!(
        listed[0]["last_used_at"],
        json!(signed_in_at.rfc3339()),
        "not written again within the minute"
    );
    app.advance(Duration::from_secs(31));
    let who = app.engine.authenticate(&token, from).await.unwrap();
    assert_eq!(who.operator.last_seen_at, Some(app.now()));
    let listed = sessions(&app, &token).await;
    assert_eq!(listed[0]["last_used_at"], json!(app.now().rfc3339()));
    assert_eq!(listed[0]["last_address"], "198.51.100.4");
}

/// Disabling ends the operator's sessions at once and refuses their API keys until enabled.
#[tokio::test]
async fn disabling_refuses_sessions_and_keys_at_once() {
    let app = app().await;
    let mia = add(&app, "mia", Role::Manager).await;
    let session = session(&app, "mia").await;
    let key = call(&app, "create_api_key")
        .by(Some(caller(&app, &session).await))
        .answers(json!({"name": "script"}))
        .await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    call(&app, "update_operator")
        .answers(json!({"id": mia.id, "active": false}))
        .await;
    refused(&app, &session, "auth.credential_unknown").await;
    refused(&app, &key, "auth.operator_disabled").await;
    call(&app, "update_operator")
        .answers(json!({"id": mia.id, "active": true}))
        .await;
    refused(&app, &session, "auth.credential_unknown").await;
    caller(&app, &key).await;
}

/// Past five failures each attempt waits twice as long; the phrase says how long; the right
/// password waits too; a success starts the login afresh.
#[tokio::test]
async fn failed_sign_ins_are_throttled() {
    let app = app().await;
    add(&app, "mia", Role::Manager).await;
    let sign_in = call(&app, "sign_in").by(None);
    for _ in 0..5 {
        sign_in
            .refuses(
                sign_in_request("Mia", "wrong password"),
                Unauthorized,
                "auth.wrong_login_or_password",
            )
            .await;
    }
    let error = sign_in
        .refuses(
            sign_in_request("mia", PASSWORD),
            TooManyAttempts,
            "auth.too_many_attempts",
        )
        .await;
    assert_eq!(error.phrase.arg_text("seconds").as_deref(), Some("1"));
    assert_eq!(error.message, "Too many failed sign-ins: try again in 1 s");
    app.advance(Duration::from_secs(1));
    sign_in
        .refuses(
            sign_in_request("mia", "wrong again"),
            Unauthorized,
            "auth.wrong_login_or_password",
        )
        .await;
    let error = sign_in
        .refuses(
            sign_in_request("mia", PASSWORD),
            TooManyAttempts,
            "auth.too_many_attempts",
        )
        .await;
    assert_eq!(error.phrase.arg_text("seconds").as_deref(), Some("2"));
    app.advance(Duration::from_millis(1_500));
    let error = sign_in
        .refuses(
            sign_in_request("mia", PASSWORD),
            TooManyAttempts,
            "auth.too_many_attempts",
        )
        .await;
    assert_eq!(
        error.phrase.arg_text("seconds").as_deref(),
        Some("1"),
        "half a second left, rounded up"
    );
    app.advance(Duration::from_millis(500));
    sign_in.answers(sign_in_request("mia", PASSWORD)).await;
    for _ in 0..5 {
        sign_in
            .refuses(
                sign_in_request("mia", "wrong password"),
                Unauthorized,
                "auth.wrong_login_or_password",
            )
            .await;
    }
}

/// No answer carries a password's hash, whoever asks.
#[tokio::test]
async fn no_answer_carries_a_password_hash() {
    let app = app().await;
    let mia = add(&app, "mia", Role::Supervisor).await;
    let mut answers = vec![
        call(&app, "add_operator")
            .answers(new_operator("ann", "Ann"))
            .await,
        call(&app, "list_operators").answers(json!({})).await,
        call(&app, "update_operator")
            .answers(json!({"id": mia.id, "name": "Mia S."}))
            .await,
        call(&app, "sign_in")
            .by(None)
            .answers(sign_in_request("mia", PASSWORD))
            .await,
        call(&app, "app_info").answers(json!({})).await,
    ];
    let who = caller(&app, &session(&app, "mia").await).await;
    for command in [
        "list_sessions",
        "list_api_keys",
        "list_operators",
        "app_info",
    ] {
        answers.push(
            call(&app, command)
                .by(Some(who.clone()))
                .answers(json!({}))
                .await,
        );
    }
    answers.push(serde_json::to_value(format!("{:?}", who)).unwrap());
    for answer in answers {
        let text = answer.to_string();
        assert!(!text.contains("$argon2"), "a hash in {text}");
        assert!(!text.contains(PASSWORD), "a password in {text}");
    }
}

/// Sessions are in the database: another process (a restart) knows them.
#[tokio::test]
async fn sessions_survive_a_restart() {
    let app = app().await;
    add(&app, "mia", Role::Manager).await;
    let token = session(&app, "mia").await;
    let restarted = app.another_process(false).await;
    let who = restarted.engine.authenticate(&token, None).await.unwrap();
    assert_eq!(who.operator.login.as_deref(), Some("mia"));
}

/// The data directory's API token becomes the local operator's API key, once.
#[tokio::test]
async fn the_data_directorys_token_is_adopted_as_an_api_key_once() {
    let app = app().await;
    let token = "0123456789abcdef0123456789abcdef";
    refused(&app, token, "auth.credential_unknown").await;
    app.engine
        .adopt_api_key(token, "Data directory")
        .await
        .unwrap();
    app.engine
        .adopt_api_key(token, "Data directory")
        .await
        .unwrap();
    let who = caller(&app, token).await;
    assert_eq!(who.id(), 1);
    assert!(matches!(who.credential, Credential::ApiKey(_)));
    let keys = call(&app, "list_api_keys").answers(json!({})).await;
    assert_eq!(keys.as_array().map(Vec::len), Some(1));
    assert_eq!(keys[0]["name"], "Data directory");
    assert!(app.engine.adopt_api_key(" ", "x").await.is_err());
}
