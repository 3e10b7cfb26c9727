//! The audit log keeps a removed account's conversations' entries: removing the account removes
//! its conversations and their facts, and the entries among those facts stay in the log, each
//! once, as they were.

use std::time::Duration;

use serde_json::{Value, json};
use switchboard_core::operator::Role;
use switchboard_core::store::{Db, NewFact};
use switchboard_test_support::TestApp;

use super::assign;
use crate::call;
use crate::customers::writes;
use crate::team::operator;

/// An entry as the log says it, without its id (an archived entry is kept elsewhere).
fn said(entry: &Value) -> Value {
    json!({
        "at": entry["at"],
        "actor": entry["actor"],
        "address": entry["address"],
        "conversation_id": entry["conversation_id"],
        "kind": entry["kind"],
        "action": entry["action"],
    })
}

/// The entries of conversation `id` among `entries`, as said.
fn of(entries: &[Value], id: i64) -> Vec<Value> {
    entries
        .iter()
        .filter(|e| e["conversation_id"] == id)
        .map(said)
        .collect()
}

/// Every entry of `query`, page by page (two at a time, so the pages' cursors cross from one
/// kept entry to an archived one and back).
async fn every(app: &TestApp, query: Value) -> Vec<Value> {
    let mut all = Vec::new();
    let mut query = query;
    query["limit"] = json!(2);
    loop {
        let page = call(app, "audit_log").answers(query.clone()).await;
        all.extend(page["entries"].as_array().cloned().unwrap_or_default());
        match page["next"].as_str() {
            Some(next) => query["before"] = json!(next),
            None => return all,
        }
    }
}

#[tokio::test]
async fn a_removed_accounts_entries_stay_in_the_audit_log_once_each() {
    let app = crate::app().await;
    let shop = app.add_account("Shop").await;
    let other = app.add_account("Other").await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let sue = operator(&app, "Sue", Role::Supervisor).await;
    let ann = writes(&app, &shop, 1).await;
    let bob = writes(&app, &other, 2).await;

    // Assigned, taken over, set pending then resolved; a note deleted (nothing in the API
    // deletes a note yet: its fact is recorded as the audit log expects it).
    app.advance(Duration::from_secs(60));
    assign(&app, ann, &mia).await;
    assign(&app, bob, &mia).await;
    app.advance(Duration::from_secs(60));
    call(&app, "take_conversation")
        .by(Some(sue.clone()))
        .answers(json!({"conversation_id": ann}))
        .await;
    app.advance(Duration::from_secs(60));
    let pending_at = app.now();
    for status in ["pending", "resolved"] {
        call(&app, "set_conversation_status")
            .by(Some(sue.clone()))
            .answers(json!({"conversation_id": ann, "status": status}))
            .await;
        app.advance(Duration::from_secs(60));
    }
    let (at, sue_id) = (app.now(), sue.id());
    app.engine
        .db()
        .write(move |c| {
            Db::record_fact(
                c,
                &NewFact {
                    conversation_id: ann,
                    at,
                    actor: Some(sue_id),
                    kind: "note_deleted",
                    detail: json!({"note_id": 7}),
                },
            )
        })
        .await
        .expect("a note deleted");
    app.advance(Duration::from_secs(60));

    let before = every(&app, json!({})).await;
    let anns = of(&before, ann);
    let kinds: Vec<&Value> = anns.iter().map(|e| &e["kind"]).collect();
    assert_eq!(
        kinds,
        ["note_deleted", "status", "status", "assigned", "assigned"],
        "the scenario's entries: {anns:#?}"
    );
    let bobs = of(&before, bob);
    assert_eq!(bobs.len(), 1);

    call(&app, "remove_account")
        .answers(json!({"account_id": shop.id}))
        .await;

    let after = every(&app, json!({})).await;
    assert_eq!(
        of(&after, ann),
        anns,
        "each of the removed account's entries once, with the same who, what and when"
    );
    assert_eq!(of(&after, bob), bobs, "another account's entries untouched");
    let ids: std::collections::BTreeSet<&str> =
        after.iter().filter_map(|e| e["id"].as_str()).collect();
    assert_eq!(ids.len(), after.len(), "no entry listed twice");
    let removed: Vec<&Value> = after
        .iter()
        .filter(|e| e["kind"] == "account_removed")
        .collect();
    assert_eq!(removed.len(), 1, "the removal is an entry of its own");
    assert_eq!(removed[0]["action"]["account_id"], shop.id);
    assert_eq!(
        after.len(),
        before.len() + 1,
        "nothing lost, nothing added but the removal"
    );

    // Filters find archived entries as they found them kept with their conversation.
    let assigned = every(&app, json!({"kind": "assigned"})).await;
    assert_eq!(
        (of(&assigned, ann).len(), of(&assigned, bob).len()),
        (2, 1),
        "by kind: {assigned:#?}"
    );
    let took = &of(&assigned, ann)[0];
    assert_eq!(took["actor"]["name"], "Sue");
    assert_eq!(took["action"]["to"]["name"], "Sue");
    assert_eq!(took["action"]["from"]["name"], "Mia");
    assert_eq!(took["action"]["took"], true);
    let deleted = every(&app, json!({"kind": "note_deleted"})).await;
    assert_eq!(of(&deleted, ann), [anns[0].clone()]);
    let sues = every(&app, json!({"actor_id": sue.id()})).await;
    let sues: Vec<Value> = of(&sues, ann)
        .into_iter()
        .map(|e| e["kind"].clone())
        .collect();
    assert_eq!(
        sues,
        ["note_deleted", "status", "status", "assigned"],
        "by who acted"
    );
    let then = every(
        &app,
        json!({"from": pending_at, "to": pending_at.plus_millis(1)}),
    )
    .await;
    let statuses: Vec<Value> = of(&then, ann);
    assert_eq!(statuses.len(), 1, "by time: {then:#?}");
    assert_eq!(statuses[0]["action"]["status"], "pending");
    assert_eq!(statuses[0]["action"]["until"], Value::Null);
}
