//! Who works each conversation: take_conversation and set_accepting, and automatic assignment
//! (round robin, least loaded, the returning customer's owner) within a capacity counted
//! across all accounts, the queue given out oldest first, and the no-reply timeout — time
//! moved on the test clock, never slept.

use std::time::Duration;

use serde_json::{Value, json};
use switchboard_core::ErrorCode::{BadRequest, Forbidden, NotFound, Unauthorized};
use switchboard_core::access::Caller;
use switchboard_core::event::Event;
use switchboard_core::operator::Role;
use switchboard_test_support::TestApp;

use crate::customers::{phone, writes};
use crate::team::operator;
use crate::{app, call};

/// Who a conversation is assigned to, by name.
async fn assignee(app: &TestApp, id: i64) -> Option<String> {
    let thread = call(app, "get_thread")
        .answers(json!({"conversation_id": id}))
        .await;
    thread["conversation"]["assignee"]["name"]
        .as_str()
        .map(str::to_owned)
}

async fn settings(app: &TestApp, change: Value) {
    call(app, "set_team_settings").answers(change).await;
}

async fn set_status(app: &TestApp, id: i64, status: &str) {
    call(app, "set_conversation_status")
        .answers(json!({"conversation_id": id, "status": status}))
        .await;
}

/// A conversation's activity lines' changes, oldest first.
async fn changes(app: &TestApp, id: i64) -> Vec<Value> {
    let lines = call(app, "conversation_activity")
        .answers(json!({"conversation_id": id}))
        .await;
    lines
        .as_array()
        .map(|l| l.iter().map(|a| a["change"].clone()).collect())
        .unwrap_or_default()
}

async fn accepting(app: &TestApp, who: &Caller, on: bool) -> Value {
    call(app, "set_accepting")
        .by(Some(who.clone()))
        .answers(json!({ "accepting": on }))
        .await
}

#[tokio::test]
pub async fn take_conversation() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    let ann = writes(&app, &shop, 1).await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let max = operator(&app, "Max", Role::Manager).await;
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    let by = |who: &Caller| call(&app, "take_conversation").by(Some(who.clone()));
    by(&mia)
        .refuses_each(crate::nameless_or_missing(
            "conversation_id",
            json!(999),
            "error.conversation_not_found",
        ))
        .await;
    by(&rita)
        .refuses(
            json!({"conversation_id": ann}),
            Forbidden,
            "error.role_forbidden",
        )
        .await;
    call(&app, "take_conversation")
        .by(None)
        .refuses(
            json!({"conversation_id": ann}),
            Unauthorized,
            "error.sign_in_needed",
        )
        .await;

    // Unassigned: any manager takes it; taking it again changes nothing.
    let taken = by(&mia).answers(json!({"conversation_id": ann})).await;
    assert_eq!(taken["assignee"]["name"], "Mia");
    by(&mia).answers(json!({"conversation_id": ann})).await;
    let lines = changes(&app, ann).await;
    assert_eq!(lines.len(), 1, "taken once: {lines:?}");
    assert_eq!(lines[0]["kind"], "assigned");
    assert_eq!(lines[0]["to"]["name"], "Mia");
    assert_eq!(lines[0].get("from"), None, "it was nobody's");

    // A colleague's conversation is invisible to Max, so not his to take.
    by(&max)
        .refuses(
            json!({"conversation_id": ann}),
            NotFound,
            "error.conversation_not_found",
        )
        .await;
    // Seen, but the team does not let managers take over.
    settings(&app, json!({"managers_see_all": true})).await;
    let refused = by(&max)
        .refuses(
            json!({"conversation_id": ann}),
            Forbidden,
            "assignment.take_over_not_allowed",
        )
        .await;
    assert_eq!(refused.phrase.arg_text("name").as_deref(), Some("Mia"));
    assert_eq!(assignee(&app, ann).await.as_deref(), Some("Mia"));

    // Where the team allows it, Max takes it over, and the line says from whom.
    settings(&app, json!({"managers_take_over": true})).await;
    by(&max).answers(json!({"conversation_id": ann})).await;
    let lines = changes(&app, ann).await;
    assert_eq!(lines[1]["to"]["name"], "Max");
    assert_eq!(
        lines[1]["from"]["name"], "Mia",
        "a take-over says whose it was"
    );
    let told = app.host.recorder.events().into_iter().any(|e| {
        matches!(e, Event::Conversation { conversation, .. }
            if conversation.id == ann && conversation.assignee.as_ref().is_some_and(|a| a.name == "Max"))
    });
    assert!(told, "the change went out live");

    // A supervisor always may, whatever the team's setting.
    settings(&app, json!({"managers_take_over": false})).await;
    let sue = operator(&app, "Sue", Role::Supervisor).await;
    by(&sue).answers(json!({"conversation_id": ann})).await;
    assert_eq!(assignee(&app, ann).await.as_deref(), Some("Sue"));
}

#[tokio::test]
pub async fn set_accepting() {
    let app = app().await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    let by_mia = call(&app, "set_accepting").by(Some(mia.clone()));
    by_mia
        .refuses_each(vec![
            (json!({}), BadRequest, "error.bad_request"),
            (json!({"accepting": "no"}), BadRequest, "error.bad_request"),
        ])
        .await;
    call(&app, "set_accepting")
        .by(Some(rita))
        .refuses(
            json!({"accepting": false}),
            Forbidden,
            "error.role_forbidden",
        )
        .await;
    call(&app, "set_accepting")
        .by(None)
        .refuses(
            json!({"accepting": false}),
            Unauthorized,
            "error.sign_in_needed",
        )
        .await;

    assert!(mia.operator.accepting, "accepting unless they say not");
    let teams = |app: &TestApp| {
        app.host
            .recorder
            .events()
            .into_iter()
            .filter(|e| matches!(e, Event::Team))
            .count()
    };
    let before = teams(&app);
    let answer = accepting(&app, &mia, false).await;
    assert_eq!(answer["accepting"], false);
    assert_eq!(teams(&app), before + 1, "clients reload who takes chats");
    accepting(&app, &mia, false).await;
    assert_eq!(teams(&app), before + 1, "nothing changed, nothing said");
    // Kept by the server, not by a tab: anyone listing the team sees it.
    let operators = call(&app, "list_operators").answers(json!({})).await;
    let listed = operators
        .as_array()
        .and_then(|o| o.iter().find(|o| o["name"] == "Mia"))
        .expect("Mia is listed");
    assert_eq!(listed["accepting"], false);
}

/// A manager who is not accepting is given nothing; the queue waits for someone who is, and
/// when Mia turns accepting on, the waiting customers reach her longest waiting first, as far
/// as her room goes.
#[tokio::test]
async fn the_queue_waits_for_a_manager_who_accepts_then_goes_out_oldest_first() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    settings(&app, json!({"assignment": "round_robin", "capacity": 2})).await;
    accepting(&app, &mia, false).await;
    let mut waiting = Vec::new();
    for n in 1..=3 {
        waiting.push(writes(&app, &shop, n).await);
    }
    for id in &waiting {
        assert_eq!(assignee(&app, *id).await, None, "Mia is not accepting");
    }
    assert_eq!(app.engine.assign_queue().await.expect("looked"), 0);

    accepting(&app, &mia, true).await;
    assert_eq!(app.engine.assign_queue().await.expect("given out"), 2);
    let given: Vec<Option<String>> = [
        assignee(&app, waiting[0]).await,
        assignee(&app, waiting[1]).await,
        assignee(&app, waiting[2]).await,
    ]
    .into();
    assert_eq!(
        given,
        [Some("Mia".to_owned()), Some("Mia".to_owned()), None],
        "the two who waited longest; the third waits for room"
    );
    let line = &changes(&app, waiting[0]).await[0];
    assert_eq!(line["kind"], "assigned");
    assert_eq!(line["rule"], "round_robin");
    let lines = call(&app, "conversation_activity")
        .answers(json!({"conversation_id": waiting[0]}))
        .await;
    assert_eq!(
        lines[0]["actor"],
        Value::Null,
        "the system, not an operator"
    );
}

/// With the workers running, turning accepting on is enough: the assignment worker is woken.
#[tokio::test]
async fn the_worker_gives_the_queue_out_when_a_manager_starts_accepting() {
    let app = TestApp::start().await;
    let shop = app.add_account("Shop").await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    settings(&app, json!({"assignment": "least_loaded"})).await;
    accepting(&app, &mia, false).await;
    let ann = writes(&app, &shop, 1).await;
    assert_eq!(assignee(&app, ann).await, None);
    accepting(&app, &mia, true).await;
    switchboard_test_support::eventually("the worker gives Ann to Mia", async || {
        (assignee(&app, ann).await.as_deref() == Some("Mia")).then_some(())
    })
    .await;
}

#[tokio::test]
async fn round_robin_takes_turns_and_remembers_whose_turn_it_is() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    for name in ["Ada", "Bob", "Cy"] {
        operator(&app, name, Role::Manager).await;
    }
    // Neither supervisors nor reviewers are given chats.
    operator(&app, "Sue", Role::Supervisor).await;
    operator(&app, "Rita", Role::Reviewer).await;
    settings(&app, json!({"assignment": "round_robin"})).await;
    let mut order = Vec::new();
    for n in 1..=4 {
        let id = writes(&app, &shop, n).await;
        order.push(assignee(&app, id).await.unwrap_or_default());
    }
    assert_eq!(order, ["Ada", "Bob", "Cy", "Ada"]);

    // The turn is stored: another process (a restart) carries on with Bob.
    let next = app.another_process(false).await;
    let id = writes(&next, &shop, 5).await;
    assert_eq!(assignee(&next, id).await.as_deref(), Some("Bob"));

    // Off: nobody is chosen.
    settings(&next, json!({"assignment": "off"})).await;
    let id = writes(&next, &shop, 6).await;
    assert_eq!(assignee(&next, id).await, None);
}

#[tokio::test]
async fn least_loaded_counts_open_conversations_only() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let max = operator(&app, "Max", Role::Manager).await;
    // Mia has two open conversations and one resolved; Max has three pending.
    let mut mias = Vec::new();
    for n in 1..=6 {
        let id = writes(&app, &shop, n).await;
        let to = if n <= 3 { mia.id() } else { max.id() };
        call(&app, "assign_conversation")
            .answers(json!({"conversation_id": id, "operator_id": to}))
            .await;
        if n <= 3 {
            mias.push(id);
        } else {
            set_status(&app, id, "pending").await;
        }
    }
    set_status(&app, mias[2], "resolved").await;
    settings(&app, json!({"assignment": "least_loaded"})).await;
    let mut order = Vec::new();
    let mut new = Vec::new();
    for n in 7..=10 {
        let id = writes(&app, &shop, n).await;
        new.push(id);
        order.push(assignee(&app, id).await.unwrap_or_default());
    }
    assert_eq!(
        order,
        ["Max", "Max", "Mia", "Max"],
        "Max 0 → 1 → 2 against Mia's 2; a tie goes to the lower id (Mia), then Max"
    );
    let line = &changes(&app, new[0]).await[0];
    assert_eq!(line["rule"], "least_loaded");
}

/// The done-when case: three accounts, two managers with room for six open conversations
/// each, counted across the accounts together (a per-account count would give each manager
/// three budgets). Twelve new customers split exactly; the thirteenth waits until someone
/// resolves one, and then the longest waiting goes first.
#[tokio::test]
async fn capacity_counts_across_all_accounts() {
    for mode in ["round_robin", "least_loaded"] {
        let app = app().await;
        let accounts = [
            app.add_account("North").await,
            app.add_account("South").await,
            app.add_account("West").await,
        ];
        let mia = operator(&app, "Mia", Role::Manager).await;
        operator(&app, "Max", Role::Manager).await;
        settings(&app, json!({"assignment": mode, "capacity": 6})).await;
        // Unevenly: seven on North, three on South, two on West.
        let mut given = Vec::new();
        for n in 1..=12 {
            let account = match n {
                1..=7 => &accounts[0],
                8..=10 => &accounts[1],
                _ => &accounts[2],
            };
            let id = writes(&app, account, n).await;
            given.push((id, assignee(&app, id).await.unwrap_or_default()));
        }
        let mias: Vec<i64> = given
            .iter()
            .filter(|(_, who)| who == "Mia")
            .map(|(id, _)| *id)
            .collect();
        let maxes = given.iter().filter(|(_, who)| who == "Max").count();
        assert_eq!((mias.len(), maxes), (6, 6), "{mode}: {given:?}");

        let thirteenth = writes(&app, &accounts[2], 13).await;
        let fourteenth = writes(&app, &accounts[0], 14).await;
        assert_eq!(
            assignee(&app, thirteenth).await,
            None,
            "{mode}: both are full"
        );
        assert_eq!(app.engine.assign_queue().await.expect("looked"), 0);

        // Mia resolves one on North: she has room for one, the longest waiting.
        set_status(&app, mias[0], "resolved").await;
        assert_eq!(app.engine.assign_queue().await.expect("given"), 1);
        assert_eq!(assignee(&app, thirteenth).await.as_deref(), Some("Mia"));
        assert_eq!(
            assignee(&app, fourteenth).await,
            None,
            "{mode}: still waiting"
        );
        let _ = mia;
    }
}

/// A returning customer goes back to the manager who had them — in the conversation they
/// reopen after it was resolved, and in a new one on another account — while that manager
/// accepts and has room; otherwise, or without the setting, the mode chooses.
#[tokio::test]
async fn a_returning_customer_goes_back_to_their_owner() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    let outlet = app.add_account("Outlet").await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let max = operator(&app, "Max", Role::Manager).await;
    settings(
        &app,
        json!({"assignment": "least_loaded", "returning_to_owner": true, "capacity": 3}),
    )
    .await;
    let ann = writes(&app, &shop, 1).await;
    assert_eq!(
        assignee(&app, ann).await.as_deref(),
        Some("Mia"),
        "a tie: Mia"
    );
    set_status(&app, ann, "resolved").await;
    // Mia gets busier than Max: least loaded alone would now choose Max.
    for n in 2..=3 {
        let id = writes(&app, &shop, n).await;
        call(&app, "assign_conversation")
            .answers(json!({"conversation_id": id, "operator_id": mia.id()}))
            .await;
    }
    let _ = writes(&app, &shop, 1).await;
    assert_eq!(
        assignee(&app, ann).await.as_deref(),
        Some("Mia"),
        "back to Mia"
    );
    assert_eq!(
        changes(&app, ann).await.last().map(|c| c["kind"].clone()),
        Some(json!("reopened")),
        "kept: no new assignment"
    );

    // The same customer writes to another account: a new conversation, but Mia's customer.
    set_status(&app, ann, "resolved").await;
    let elsewhere = writes(&app, &outlet, 1).await;
    assert_eq!(assignee(&app, elsewhere).await.as_deref(), Some("Mia"));
    let line = &changes(&app, elsewhere).await[0];
    assert_eq!(line["rule"], "returning_to_owner");

    // Mia is full now (3 open): the mode chooses; Ann's next return goes to Max.
    set_status(&app, elsewhere, "resolved").await;
    let bea = writes(&app, &shop, 4).await;
    call(&app, "assign_conversation")
        .answers(json!({"conversation_id": bea, "operator_id": mia.id()}))
        .await;
    let _ = writes(&app, &shop, 1).await;
    assert_eq!(
        assignee(&app, ann).await.as_deref(),
        Some("Max"),
        "Mia is full"
    );
    let line = changes(&app, ann).await.last().cloned().unwrap_or_default();
    assert_eq!(
        (line["to"]["name"].clone(), line["from"]["name"].clone()),
        (json!("Max"), json!("Mia"))
    );

    // Without the setting, a returning customer is like a new one: Mia has room again, but
    // least loaded prefers Max's emptier list.
    settings(&app, json!({"returning_to_owner": false})).await;
    set_status(&app, ann, "resolved").await;
    set_status(&app, bea, "resolved").await;
    let _ = writes(&app, &outlet, 1).await;
    assert_eq!(
        assignee(&app, elsewhere).await.as_deref(),
        Some("Max"),
        "Max has no open conversation, Mia two"
    );
    let _ = max;
}

/// The assignee does not answer in time: the conversation goes back to the queue and on to
/// another manager with room (never straight back to the one who did not answer), from the
/// later of the assignment and the customer's first unanswered message. A reply stops it.
#[tokio::test]
async fn no_reply_sends_the_conversation_on_to_another_manager() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    operator(&app, "Mia", Role::Manager).await;
    let max = operator(&app, "Max", Role::Manager).await;
    settings(
        &app,
        json!({"assignment": "round_robin", "no_reply_minutes": 10, "no_reply_action": "requeue"}),
    )
    .await;
    let ann = writes(&app, &shop, 1).await;
    assert_eq!(assignee(&app, ann).await.as_deref(), Some("Mia"));
    app.advance(Duration::from_secs(9 * 60));
    assert_eq!(
        app.engine.check_no_reply().await.expect("looked"),
        0,
        "9 minutes"
    );
    app.advance(Duration::from_secs(2 * 60));
    assert_eq!(app.engine.check_no_reply().await.expect("looked"), 1);
    assert_eq!(assignee(&app, ann).await.as_deref(), Some("Max"));
    let lines = changes(&app, ann).await;
    let kinds: Vec<_> = lines.iter().map(|c| c["kind"].clone()).collect();
    assert_eq!(
        kinds,
        [json!("assigned"), json!("unassigned"), json!("assigned")]
    );
    assert_eq!(lines[1]["reason"], "no_reply");
    assert_eq!(lines[1]["from"]["name"], "Mia");

    // Max's ten minutes count from when he got it, not from Ann's first message.
    app.advance(Duration::from_secs(9 * 60));
    assert_eq!(app.engine.check_no_reply().await.expect("looked"), 0);
    app.advance(Duration::from_secs(2 * 60));
    assert_eq!(app.engine.check_no_reply().await.expect("looked"), 1);
    assert_eq!(
        assignee(&app, ann).await.as_deref(),
        Some("Mia"),
        "not Max again"
    );

    // Nobody else has room: it waits in the queue rather than bounce back to Mia.
    accepting(&app, &max, false).await;
    app.advance(Duration::from_secs(11 * 60));
    assert_eq!(app.engine.check_no_reply().await.expect("looked"), 1);
    assert_eq!(assignee(&app, ann).await, None);
    assert_eq!(app.engine.assign_queue().await.expect("looked"), 0);

    // An answer ends the wait: Bob is answered and never times out.
    accepting(&app, &max, true).await;
    let bob = writes(&app, &shop, 2).await;
    let owner = assignee(&app, bob).await.expect("Bob is given to someone");
    app.send_text(shop.id, &phone(2), "Hello Bob!").await;
    app.advance(Duration::from_secs(60 * 60));
    app.engine.check_no_reply().await.expect("looked");
    assert_eq!(assignee(&app, bob).await, Some(owner), "answered in time");
}

/// With "notify supervisors", the conversation stays and supervisors are told once per wait.
#[tokio::test]
async fn no_reply_tells_supervisors_once_per_wait() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    settings(
        &app,
        json!({"assignment": "least_loaded", "no_reply_minutes": 10,
               "no_reply_action": "notify_supervisors"}),
    )
    .await;
    let ann = writes(&app, &shop, 1).await;
    let overdue = |app: &TestApp| -> Vec<(i64, Option<String>, u32)> {
        app.host
            .recorder
            .events()
            .into_iter()
            .filter_map(|e| match e {
                Event::Overdue {
                    conversation_id,
                    assignee,
                    minutes,
                } => Some((conversation_id, assignee.map(|a| a.name), minutes)),
                _ => None,
            })
            .collect()
    };
    app.advance(Duration::from_secs(11 * 60));
    assert_eq!(app.engine.check_no_reply().await.expect("looked"), 1);
    assert_eq!(overdue(&app), [(ann, Some("Mia".to_owned()), 11)]);
    assert_eq!(
        assignee(&app, ann).await.as_deref(),
        Some("Mia"),
        "it stays"
    );
    let line = changes(&app, ann).await.last().cloned().unwrap_or_default();
    assert_eq!(line["kind"], "overdue");
    assert_eq!(line["assignee"]["name"], "Mia");

    // Told once: the same wait, even as Ann writes again, says nothing more.
    app.advance(Duration::from_secs(5 * 60));
    let _ = writes(&app, &shop, 1).await;
    app.advance(Duration::from_secs(20 * 60));
    assert_eq!(app.engine.check_no_reply().await.expect("looked"), 0);
    assert_eq!(overdue(&app).len(), 1);

    // Answered, then a new question: a new wait, told again when it runs over.
    app.send_text(shop.id, &phone(1), "Sorry for the wait")
        .await;
    let _ = writes(&app, &shop, 1).await;
    app.advance(Duration::from_secs(9 * 60));
    assert_eq!(app.engine.check_no_reply().await.expect("looked"), 0);
    app.advance(Duration::from_secs(2 * 60));
    assert_eq!(app.engine.check_no_reply().await.expect("looked"), 1);
    assert_eq!(overdue(&app).len(), 2);
    let _ = mia;
}
