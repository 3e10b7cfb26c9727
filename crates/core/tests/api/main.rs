//! The one API as every transport calls it (`api::dispatch`, JSON in and out): each command's
//! error paths answer the code the UI branches on and a phrase the UI can translate.
//!
//! Every command of the `api!` list has a test here named after it (see [`TESTED`]); a command
//! added to the list without one fails `every_command_has_a_test_of_its_errors`.

mod accounts;
mod assignment;
mod auth;
mod canned;
mod contacts;
mod customers;
mod exports;
mod hours;
mod inbox;
mod media;
mod messages;
mod operators;
mod public_address;
mod quality;
mod reports;
mod tags;
mod team;
mod templates;
mod views;
mod workflow;

use std::collections::BTreeSet;

use serde_json::{Value, json};
use switchboard_core::access::{Caller, Client};
use switchboard_core::api::{COMMANDS, dispatch};
use switchboard_core::phrase::catalog;
use switchboard_core::{ApiError, ErrorCode};
use switchboard_test_support::TestApp;

pub const ANN: &str = "+79000000001";

/// Each command with the test of its error paths, which bears its name.
macro_rules! tested {
    ($($module:ident :: $command:ident),* $(,)?) => {
        const TESTED: &[(&str, fn())] = &[$((stringify!($command), $module::$command)),*];
    };
}

tested! {
    inbox::app_info,
    inbox::list_conversations,
    inbox::get_thread,
    inbox::mark_read,
    inbox::rename_contact,
    inbox::search,
    messages::send_message,
    messages::retry_message,
    messages::discard_message,
    messages::send_now,
    accounts::list_accounts,
    accounts::add_account,
    accounts::remove_account,
    accounts::account_webhooks,
    accounts::rotate_webhook_token,
    accounts::check_account,
    accounts::sync_status,
    media::upload_media,
    media::media_content,
    media::retry_media,
    public_address::public_address,
    public_address::set_public_address,
    team::assign_conversation,
    team::team_settings,
    team::set_team_settings,
    workflow::set_conversation_status,
    workflow::conversation_activity,
    workflow::add_note,
    assignment::take_conversation,
    assignment::set_accepting,
    tags::list_tags,
    tags::create_tag,
    tags::update_tag,
    tags::delete_tag,
    tags::tag_conversation,
    canned::list_canned,
    canned::save_canned,
    canned::delete_canned,
    canned::render_canned,
    templates::list_templates,
    templates::preview_template,
    templates::save_template,
    templates::delete_template,
    templates::import_templates,
    templates::export_templates,
    templates::sync_templates,
    contacts::contact_card,
    contacts::set_contact_field,
    contacts::list_contact_fields,
    contacts::save_contact_field,
    contacts::delete_contact_field,
    views::view_counts,
    views::bulk_update,
    views::start_conversation,
    reports::report,
    reports::report_conversations,
    reports::report_episodes,
    hours::business_hours,
    hours::set_business_hours,
    exports::export_report,
    exports::export_transcript,
    quality::review_conversation,
    quality::conversation_reviews,
    quality::audit_log,
    quality::export_audit,
    quality::live_board,
    auth::sign_in,
    auth::sign_out,
    auth::list_sessions,
    auth::revoke_session,
    auth::list_api_keys,
    auth::create_api_key,
    auth::revoke_api_key,
    auth::change_password,
    operators::list_operators,
    operators::add_operator,
    operators::update_operator,
    operators::set_operator_password,
}

#[test]
fn every_command_has_a_test_of_its_errors() {
    let declared: BTreeSet<&str> = COMMANDS.iter().copied().collect();
    let tested: BTreeSet<&str> = TESTED.iter().map(|(name, _)| *name).collect();
    let untested: Vec<_> = declared.difference(&tested).collect();
    assert!(
        untested.is_empty(),
        "commands of the api! list without a test of their errors in tests/api: {untested:?}"
    );
    let gone: Vec<_> = tested.difference(&declared).collect();
    assert!(
        gone.is_empty(),
        "tests of commands that no longer exist: {gone:?}"
    );
    assert_eq!(TESTED.len(), tested.len(), "each command is tested once");
}

#[tokio::test]
async fn every_command_refuses_a_request_of_the_wrong_shape() {
    let app = app().await;
    for command in COMMANDS {
        let error = call(&app, command)
            .refuses(json!(42), ErrorCode::BadRequest, "error.bad_request")
            .await;
        assert!(
            error.message.contains(command),
            "the message names the command whose request was wrong: {}",
            error.message
        );
    }
}

#[tokio::test]
async fn an_unknown_command_is_a_bad_request() {
    let app = app().await;
    for unknown in ["no_such_command", "", "Send_Message", "dispatch"] {
        let answer = dispatch(
            &app.engine,
            &switchboard_core::access::Client::local(),
            unknown,
            json!({}),
        )
        .await;
        let error = answer.expect_err("there is no such command");
        assert_eq!(error.code, ErrorCode::BadRequest, "{unknown:?}");
        assert_eq!(error.phrase.key, "error.unknown_command");
        assert_eq!(
            error.phrase.arg_text("command").as_deref(),
            Some(unknown),
            "it says which command it does not know"
        );
        translatable(&error);
    }
}

/// A command called as the transports call it.
pub struct Call<'a> {
    app: &'a TestApp,
    command: &'static str,
    /// Who calls (the solo desktop's supervisor unless said); none: nobody signed in.
    client: Client,
}

pub fn call<'a>(app: &'a TestApp, command: &'static str) -> Call<'a> {
    assert!(
        COMMANDS.contains(&command),
        "{command} is not a command of the api! list"
    );
    Call {
        app,
        command,
        client: Client::local(),
    }
}

impl Call<'_> {
    /// The same command called by `caller` (none: nobody signed in).
    pub fn by(self, caller: Option<Caller>) -> Self {
        Self {
            client: Client {
                caller,
                ..Client::default()
            },
            ..self
        }
    }

    /// The answer to `request`, which must be accepted.
    pub async fn answers(&self, request: Value) -> Value {
        dispatch(
            &self.app.engine,
            &self.client,
            self.command,
            request.clone(),
        )
        .await
        .unwrap_or_else(|e| {
            panic!(
                "{} {request} should be answered; refused: {e:?}",
                self.command
            )
        })
    }

    /// Checks that `request` is refused with `code` and the phrase `key`, one the UI can
    /// translate; the error.
    pub async fn refuses(&self, request: Value, code: ErrorCode, key: &str) -> ApiError {
        let answer = dispatch(
            &self.app.engine,
            &self.client,
            self.command,
            request.clone(),
        )
        .await;
        let error = match answer {
            Ok(answer) => panic!(
                "{} {request} should be refused with {code:?} ({key}); it answered {answer}",
                self.command
            ),
            Err(error) => error,
        };
        assert_eq!(
            (error.code, error.phrase.key.as_str()),
            (code, key),
            "{} {request}: {error:?}",
            self.command
        );
        translatable(&error);
        error
    }
}

impl Call<'_> {
    /// Checks each `(request, code, phrase key)` refusal in turn, as [`Call::refuses`].
    pub async fn refuses_each(&self, cases: Vec<Refusal>) {
        for (request, code, key) in cases {
            self.refuses(request, code, key).await;
        }
    }
}

/// A refusal to check: the request, its code and its phrase's key.
pub type Refusal = (Value, ErrorCode, &'static str);

/// The refusals every command that names a thing by `field` shares: no `field`, one of the
/// wrong type, and `missing`, which names nothing (not found, said with `key`).
pub fn nameless_or_missing(field: &str, missing: Value, key: &'static str) -> Vec<Refusal> {
    let wrong_type = if missing.is_string() {
        json!(7)
    } else {
        json!("seven")
    };
    vec![
        (json!({}), ErrorCode::BadRequest, "error.bad_request"),
        (
            json!({ field: wrong_type }),
            ErrorCode::BadRequest,
            "error.bad_request",
        ),
        (json!({ field: missing }), ErrorCode::NotFound, key),
    ]
}

/// An app whose outbox waits for the test to send (`engine.send_next`).
pub async fn app() -> TestApp {
    TestApp::builder().started(false).open().await
}

/// What every API error must be: a phrase from the catalog the UI translates (never bare words),
/// with every argument its translation needs, and its English as the message scripts read.
#[track_caller]
pub fn translatable(error: &ApiError) {
    let phrase = &error.phrase;
    assert_ne!(
        phrase.key, "verbatim",
        "an API error is said in words the UI can translate: {error:?}"
    );
    let def = catalog()
        .into_iter()
        .find(|d| d.key == phrase.key)
        .unwrap_or_else(|| panic!("'{}' is not in the core's phrase catalog", phrase.key));
    for name in def.placeholders() {
        assert!(
            phrase.args.contains_key(name),
            "'{}' needs the argument '{name}' to be translated: {error:?}",
            phrase.key
        );
    }
    assert_eq!(
        error.message, phrase.text,
        "the message is the phrase's English"
    );
    let wire = serde_json::to_value(error).expect("an error serializes");
    assert_eq!(
        wire["code"],
        wire_word(error.code),
        "the code crosses the wire in the word the UI branches on"
    );
}

/// The words the UI's bindings know the codes by.
fn wire_word(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::BadRequest => "bad_request",
        ErrorCode::InvalidPhone => "invalid_phone",
        ErrorCode::InvalidMessage => "invalid_message",
        ErrorCode::NotFound => "not_found",
        ErrorCode::Conflict => "conflict",
        ErrorCode::Unsupported => "unsupported",
        ErrorCode::SecretsUnavailable => "secrets_unavailable",
        ErrorCode::Forbidden => "forbidden",
        ErrorCode::Unauthorized => "unauthorized",
        ErrorCode::TooManyAttempts => "too_many_attempts",
        ErrorCode::Gateway => "gateway",
        ErrorCode::Storage => "storage",
        ErrorCode::Internal => "internal",
    }
}

/// The inbox's conversations; panics unless `list_conversations` answers.
pub async fn inbox(app: &TestApp) -> Value {
    call(app, "list_conversations").answers(json!({})).await["conversations"].clone()
}
