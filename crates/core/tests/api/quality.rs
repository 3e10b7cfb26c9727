//! quality: reviews, the audit log and the live board through the API, on a real database and
//! the test clock.

use std::time::Duration;

use serde_json::{Value, json};
use switchboard_core::ErrorCode::{BadRequest, Forbidden, NotFound, Unauthorized};
use switchboard_core::access::{Caller, Client};
use switchboard_core::api::{COMMANDS, SignIn};
use switchboard_core::auth::Password;
use switchboard_core::operator::Role;
use switchboard_test_support::{TestApp, text_only, with_read_receipts};

use crate::customers::{phone, writes};
use crate::team::operator;
use crate::{app, call};

mod archive;
mod reviews;

async fn assign(app: &TestApp, id: i64, to: &Caller) {
    call(app, "assign_conversation")
        .answers(json!({"conversation_id": id, "operator_id": to.id()}))
        .await;
}

/// `who`'s unread count of conversation `id`, as their inbox says it.
async fn unread(app: &TestApp, who: &Caller, id: i64) -> u64 {
    let page = call(app, "list_conversations")
        .by(Some(who.clone()))
        .answers(json!({}))
        .await;
    page["conversations"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["id"] == id))
        .and_then(|c| c["unread"].as_u64())
        .expect("the conversation is in their inbox")
}

/// The audit log's entries for `query`, as the local supervisor reads them.
async fn log(app: &TestApp, query: Value) -> Vec<Value> {
    call(app, "audit_log").answers(query).await["entries"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// `who` opens a conversation's thread.
async fn open(app: &TestApp, who: &Caller, id: i64) {
    call(app, "get_thread")
        .by(Some(who.clone()))
        .answers(json!({"conversation_id": id}))
        .await;
}

/// How many entries of `kind` the log has.
async fn count(app: &TestApp, kind: &str) -> usize {
    log(app, json!({"kind": kind, "limit": 500})).await.len()
}

/// The newest entry of `kind`.
async fn newest(app: &TestApp, kind: &str) -> Value {
    log(app, json!({"kind": kind, "limit": 1})).await[0].clone()
}

/// Checks that what ran since `before` added exactly one `kind` entry.
async fn one_more(app: &TestApp, kind: &str, before: usize) {
    assert_eq!(
        count(app, kind).await,
        before + 1,
        "an audited action ({kind}) makes exactly one entry"
    );
}

#[tokio::test]
pub async fn audit_log() {
    let app = app().await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    let by = |who: &Caller| call(&app, "audit_log").by(Some(who.clone()));
    for who in [&mia, &rita] {
        by(who)
            .refuses(json!({}), Forbidden, "error.role_forbidden")
            .await;
    }
    call(&app, "audit_log")
        .by(None)
        .refuses(json!({}), Unauthorized, "error.sign_in_needed")
        .await;
    call(&app, "audit_log")
        .refuses_each(vec![
            (json!({"limit": "all"}), BadRequest, "error.bad_request"),
            (
                json!({"kind": "shredded"}),
                BadRequest,
                "audit.unknown_kind",
            ),
            (
                json!({"before": "yesterday"}),
                BadRequest,
                "audit.bad_cursor",
            ),
            (json!({"before": "12:x:3"}), BadRequest, "audit.bad_cursor"),
        ])
        .await;

    // Nothing in the API edits or deletes an entry: the log's only commands read it.
    let touching: Vec<_> = COMMANDS.iter().filter(|c| c.contains("audit")).collect();
    assert_eq!(touching, [&"audit_log", &"export_audit"]);
}

#[tokio::test]
async fn every_audited_action_makes_exactly_one_entry() {
    let app = app().await;
    let n = count(&app, "account_added").await;
    let shop = app.add_account("Shop").await;
    one_more(&app, "account_added", n).await;
    let ann = writes(&app, &shop, 1).await;

    // Signing in, failing to, signing out, ending another session.
    let n = count(&app, "operator_added").await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    one_more(&app, "operator_added", n).await;
    let signed_in = newest(&app, "sign_in").await;
    assert_eq!(signed_in["actor"]["name"], "Mia");
    assert_eq!(signed_in["action"]["login"], "Mia");
    let n = count(&app, "sign_in_failed").await;
    let tried = app
        .engine
        .sign_in(
            &Client {
                address: Some("203.0.113.7".parse().expect("an address")),
                ..Client::default()
            },
            SignIn {
                login: "mia".to_owned(),
                password: Password::new("not her password"),
            },
        )
        .await;
    assert!(tried.is_err());
    one_more(&app, "sign_in_failed", n).await;
    let failed = newest(&app, "sign_in_failed").await;
    assert_eq!(failed["actor"], Value::Null, "whoever tried is not known");
    assert_eq!(failed["address"], "203.0.113.7");
    assert_eq!(failed["action"]["login"], "mia");
    assert_eq!(failed["action"]["reason"], "wrong_login_or_password");
    let n = count(&app, "sign_out").await;
    call(&app, "sign_out")
        .by(Some(mia.clone()))
        .answers(json!({}))
        .await;
    one_more(&app, "sign_out", n).await;
    let mia = crate::auth::caller(&app, &crate::auth::session(&app, "Mia").await).await;
    let other = crate::auth::session(&app, "Mia").await;
    let other = crate::auth::caller(&app, &other).await;
    let Some(other_id) = (match other.credential {
        switchboard_core::access::Credential::Session(id) => Some(id),
        _ => None,
    }) else {
        panic!("signing in makes a session")
    };
    let n = count(&app, "session_revoked").await;
    call(&app, "revoke_session")
        .by(Some(mia.clone()))
        .answers(json!({"id": other_id}))
        .await;
    one_more(&app, "session_revoked", n).await;

    // Changes to operators, kept where they are made.
    let n = count(&app, "operator_renamed").await;
    call(&app, "update_operator")
        .answers(json!({"id": mia.id(), "name": "Maria"}))
        .await;
    one_more(&app, "operator_renamed", n).await;
    let renamed = newest(&app, "operator_renamed").await;
    assert_eq!(renamed["action"]["operator"]["name"], "Maria");
    assert_eq!(renamed["action"]["from"], "Mia");
    let n = count(&app, "accepting").await;
    let mia = crate::auth::caller(&app, &crate::auth::session(&app, "Mia").await).await;
    call(&app, "set_accepting")
        .by(Some(mia.clone()))
        .answers(json!({"accepting": false}))
        .await;
    one_more(&app, "accepting", n).await;

    // Assignments, take-overs, statuses: the conversation's facts.
    let n = count(&app, "assigned").await;
    assign(&app, ann, &mia).await;
    one_more(&app, "assigned", n).await;
    let sue = operator(&app, "Sue", Role::Supervisor).await;
    call(&app, "take_conversation")
        .by(Some(sue.clone()))
        .answers(json!({"conversation_id": ann}))
        .await;
    one_more(&app, "assigned", n + 1).await;
    let took = newest(&app, "assigned").await;
    assert_eq!(took["actor"]["name"], "Sue");
    assert_eq!(took["conversation_id"], ann);
    assert_eq!(took["action"]["to"]["name"], "Sue");
    assert_eq!(
        took["action"]["from"]["name"], "Maria",
        "a take-over says from whom"
    );
    assert_eq!(took["action"]["took"], true);
    let n = count(&app, "status").await;
    call(&app, "set_conversation_status")
        .by(Some(sue.clone()))
        .answers(json!({"conversation_id": ann, "status": "pending"}))
        .await;
    one_more(&app, "status", n).await;
    assert_eq!(newest(&app, "status").await["action"]["status"], "pending");

    // Opening a conversation that is someone else's: once per visit.
    call(&app, "assign_conversation")
        .answers(json!({"conversation_id": ann, "operator_id": mia.id()}))
        .await;
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    let n = count(&app, "opened").await;
    open(&app, &mia, ann).await;
    assert_eq!(
        count(&app, "opened").await,
        n,
        "a manager reading her own is her work"
    );
    open(&app, &sue, ann).await;
    one_more(&app, "opened", n).await;
    let opened = newest(&app, "opened").await;
    assert_eq!(opened["actor"]["name"], "Sue");
    assert_eq!(opened["conversation_id"], ann);
    assert_eq!(opened["action"]["assignee"]["name"], "Maria");
    open(&app, &sue, ann).await;
    app.advance(Duration::from_secs(29 * 60));
    open(&app, &sue, ann).await;
    assert_eq!(count(&app, "opened").await, n + 1, "one visit, one entry");
    app.advance(Duration::from_secs(2 * 60));
    open(&app, &sue, ann).await;
    assert_eq!(
        count(&app, "opened").await,
        n + 2,
        "half an hour on, a new visit"
    );
    open(&app, &rita, ann).await;
    assert_eq!(
        count(&app, "opened").await,
        n + 3,
        "a reviewer's look is another's"
    );

    // A review.
    let n = count(&app, "reviewed").await;
    call(&app, "review_conversation")
        .by(Some(rita.clone()))
        .answers(json!({"conversation_id": ann, "score": 5, "comment": ""}))
        .await;
    one_more(&app, "reviewed", n).await;
    let reviewed = newest(&app, "reviewed").await;
    assert_eq!(reviewed["action"]["score"], 5);
    assert_eq!(reviewed["action"]["manager"]["name"], "Maria");

    // Settings: the team's (only what changed), the public address; accounts.
    let n = count(&app, "settings").await;
    call(&app, "set_team_settings")
        .answers(json!({"managers_see_all": true}))
        .await;
    one_more(&app, "settings", n).await;
    let team = newest(&app, "settings").await;
    assert_eq!(team["action"]["setting"], "team");
    assert_eq!(
        (&team["action"]["from"], &team["action"]["to"]),
        (
            &json!({"managers_see_all": false}),
            &json!({"managers_see_all": true})
        )
    );
    call(&app, "set_team_settings")
        .answers(json!({"managers_see_all": true}))
        .await;
    assert_eq!(
        count(&app, "settings").await,
        n + 1,
        "nothing changed: no entry"
    );
    call(&app, "set_public_address")
        .answers(json!({"settings": {"mode": "url", "url": "https://inbox.example.com"}, "tunnel_secret": "s3cret"}))
        .await;
    one_more(&app, "settings", n + 1).await;
    let address = newest(&app, "settings").await;
    assert_eq!(address["action"]["setting"], "public_address");
    assert_eq!(address["action"]["tunnel_secret"], "set");
    assert!(
        !address.to_string().contains("s3cret"),
        "a secret never reaches the log"
    );
    let n = count(&app, "webhook_token_rotated").await;
    call(&app, "rotate_webhook_token")
        .answers(json!({"account_id": shop.id}))
        .await;
    one_more(&app, "webhook_token_rotated", n).await;
    let n = count(&app, "export").await;
    call(&app, "export_audit").answers(json!({})).await;
    one_more(&app, "export", n).await;
    let n = count(&app, "account_removed").await;
    call(&app, "remove_account")
        .answers(json!({"account_id": shop.id}))
        .await;
    one_more(&app, "account_removed", n).await;
    assert_eq!(
        newest(&app, "account_removed").await["action"]["name"],
        "Shop"
    );
}

#[tokio::test]
async fn the_log_pages_newest_first_across_its_sources_and_filters() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    let ann = writes(&app, &shop, 1).await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    // Many entries of every source in the same millisecond, then some later.
    for _ in 0..3 {
        assign(&app, ann, &mia).await;
        call(&app, "assign_conversation")
            .answers(json!({"conversation_id": ann, "operator_id": null}))
            .await;
        for on in [false, true] {
            call(&app, "set_accepting")
                .by(Some(mia.clone()))
                .answers(json!({"accepting": on}))
                .await;
        }
        call(&app, "export_audit").answers(json!({})).await;
    }
    app.advance(Duration::from_secs(5));
    let later = app.now();
    call(&app, "set_team_settings")
        .answers(json!({"managers_see_all": true}))
        .await;

    let all = log(&app, json!({"limit": 500})).await;
    let mut paged = Vec::new();
    let mut before: Option<String> = None;
    loop {
        let page = call(&app, "audit_log")
            .answers(json!({"limit": 4, "before": before}))
            .await;
        paged.extend(page["entries"].as_array().cloned().unwrap_or_default());
        match page["next"].as_str() {
            Some(next) => before = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(paged, all, "pages of 4 list the whole log once, in order");
    let times: Vec<_> = all.iter().map(|e| e["at"].as_str().unwrap_or("")).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert_eq!(all[0]["kind"], "settings");

    // Filters: who, what, when.
    let mias = log(&app, json!({"actor_id": mia.id(), "limit": 500})).await;
    assert!(mias.iter().all(|e| e["actor"]["id"] == mia.id()));
    assert_eq!(mias.iter().filter(|e| e["kind"] == "accepting").count(), 6);
    let recent = log(&app, json!({"from": later.rfc3339()})).await;
    assert_eq!(recent.len(), 1);
    let earlier = log(&app, json!({"to": later.rfc3339(), "kind": "unassigned"})).await;
    assert_eq!(earlier.len(), 3);
}

#[tokio::test]
async fn the_database_refuses_to_change_or_delete_an_entry() {
    let app = app().await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    call(&app, "update_operator")
        .answers(json!({"id": mia.id(), "name": "Maria"}))
        .await;
    let db = rusqlite::Connection::open(app.db_path()).expect("the database opens");
    for sql in [
        "UPDATE audit_events SET kind = 'nothing'",
        "DELETE FROM audit_events",
        "UPDATE operator_changes SET actor_id = 0",
        "DELETE FROM operator_changes",
    ] {
        let refused = db.execute(sql, []).expect_err(sql);
        assert!(
            refused.to_string().contains("append-only"),
            "{sql}: {refused}"
        );
    }
    assert!(
        count(&app, "sign_in").await >= 1,
        "the entries are still there"
    );
}

#[tokio::test]
pub async fn export_audit() {
    let app = app().await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    for who in [&mia, &rita] {
        call(&app, "export_audit")
            .by(Some(who.clone()))
            .refuses(json!({}), Forbidden, "error.role_forbidden")
            .await;
    }
    call(&app, "export_audit")
        .by(None)
        .refuses(json!({}), Unauthorized, "error.sign_in_needed")
        .await;
    call(&app, "export_audit")
        .refuses_each(vec![
            (json!({"kind": 5}), BadRequest, "error.bad_request"),
            (
                json!({"kind": "shredded"}),
                BadRequest,
                "audit.unknown_kind",
            ),
        ])
        .await;
    assert_eq!(count(&app, "export").await, 0, "a refused export is none");

    let table = call(&app, "export_audit")
        .answers(json!({"kind": "sign_in"}))
        .await;
    assert!(
        table["name"]
            .as_str()
            .is_some_and(|n| n.starts_with("2026-")),
        "a stem: the time of the export, in no language: {}",
        table["name"]
    );
    assert_eq!(
        table["columns"],
        json!([
            "id",
            "at",
            "actor_id",
            "actor",
            "address",
            "kind",
            "conversation_id",
            "action"
        ])
    );
    let rows = table["rows"].as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), 2, "Mia's and Rita's sign-ins: {table}");
    let (rita_row, mia_row) = (&rows[0], &rows[1]);
    assert_eq!(rita_row[1]["kind"], "time", "when, as an instant");
    assert_eq!(rita_row[3]["operator"]["name"], "Rita");
    assert_eq!(mia_row[3]["operator"]["name"], "Mia");
    assert_eq!(
        rita_row[5],
        json!({"kind": "label", "key": "sign_in"}),
        "the kind as a label the UI names"
    );
    // The particulars: the whole entry, which the UI words as its Audit screen does.
    assert_eq!(rita_row[7]["kind"], "audit", "{}", rita_row[7]);
    let entry = &rita_row[7]["entry"];
    assert_eq!(entry["id"], rita_row[0]["text"], "the row's own entry");
    assert_eq!(entry["kind"], "sign_in");
    assert_eq!(entry["actor"]["name"], "Rita");
    assert!(entry["action"]["login"].is_string(), "{entry}");
    // The English CSV the same table makes (the CLI's, a script's).
    let table: switchboard_core::export::ExportTable =
        serde_json::from_value(table).expect("a table");
    let text = table.csv();
    let lines: Vec<_> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "id,at,actor_id,actor,address,kind,conversation_id,action"
    );
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[1].contains(",Rita,") && lines[2].contains(",Mia,"),
        "{text}"
    );
    // Its particulars stay JSON there, for scripts (a CSV field, its quotes doubled).
    assert!(
        lines[1].ends_with(r#",sign_in,,"{""login"":""Rita""}""#),
        "{text}"
    );
    let export = newest(&app, "export").await;
    assert_eq!(export["action"]["what"], "audit");
    assert_eq!(export["action"]["filters"]["kind"], "sign_in");
    assert_eq!(export["action"]["rows"], 2);
}

#[tokio::test]
pub async fn live_board() {
    let app = app().await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let max = operator(&app, "Max", Role::Manager).await;
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    for who in [&mia, &rita] {
        call(&app, "live_board")
            .by(Some(who.clone()))
            .refuses(json!({}), Forbidden, "error.role_forbidden")
            .await;
    }
    call(&app, "live_board")
        .by(None)
        .refuses(json!({}), Unauthorized, "error.sign_in_needed")
        .await;
    call(&app, "live_board")
        .refuses(json!(42), BadRequest, "error.bad_request")
        .await;

    let shop = app.add_account("Shop").await;
    let oldest = writes(&app, &shop, 1).await; // unassigned, waiting longest
    let first = app.now();
    let mias = writes(&app, &shop, 2).await; // Mia's, waiting since its first message
    let second = app.now();
    writes(&app, &shop, 2).await;
    let answered = writes(&app, &shop, 3).await; // Mia's, answered
    app.send_text(shop.id, &phone(3), "Hi!").await;
    let pending = writes(&app, &shop, 4).await; // Max's, pending: waits on the customer
    for id in [mias, answered] {
        assign(&app, id, &mia).await;
    }
    assign(&app, pending, &max).await;
    call(&app, "set_conversation_status")
        .answers(json!({"conversation_id": pending, "status": "pending"}))
        .await;
    call(&app, "set_accepting")
        .by(Some(max.clone()))
        .answers(json!({"accepting": false}))
        .await;

    let board = call(&app, "live_board").answers(json!({})).await;
    let row = |name: &str| {
        board["operators"]
            .as_array()
            .and_then(|o| o.iter().find(|o| o["operator"]["name"] == name))
            .cloned()
    };
    let mia_row = row("Mia").expect("Mia is on the board");
    assert_eq!(mia_row["open"], 2);
    assert_eq!(mia_row["waiting"], 1);
    assert_eq!(mia_row["accepting"], true);
    assert_eq!(mia_row["oldest_waiting_since"], json!(second));
    let max_row = row("Max").expect("Max is on the board");
    assert_eq!(
        (&max_row["open"], &max_row["waiting"], &max_row["accepting"]),
        (&json!(0), &json!(0), &json!(false))
    );
    assert_eq!(max_row["oldest_waiting_since"], Value::Null);
    assert!(row("Rita").is_none(), "reviewers answer nobody");
    assert!(row("Me").is_none(), "the local operator has nothing open");

    assert_eq!(board["waiting_total"], 2);
    let waiting = board["waiting"].as_array().cloned().unwrap_or_default();
    let ids: Vec<_> = waiting
        .iter()
        .map(|w| w["conversation_id"].clone())
        .collect();
    assert_eq!(
        ids,
        [json!(oldest), json!(mias)],
        "the longest waiting first"
    );
    assert_eq!(waiting[0]["waiting_since"], json!(first));
    assert_eq!(waiting[0]["assignee"], Value::Null);
    assert_eq!(waiting[0]["contact"], phone(1));
    assert_eq!(waiting[0]["account"], "Shop");
    assert_eq!(waiting[1]["assignee"]["name"], "Mia");
}

pub use reviews::conversation_reviews;
pub use reviews::review_conversation;
