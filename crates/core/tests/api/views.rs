//! Views: the list's filters and search box (list_conversations), the sidebar's counts
//! (view_counts), several conversations at once (bulk_update), writing first to a customer
//! (start_conversation); each for every role, never showing a manager a colleague's.

use serde_json::{Value, json};
use switchboard_core::ErrorCode::{
    BadRequest, Forbidden, InvalidMessage, InvalidPhone, NotFound, Unauthorized,
};
use switchboard_core::access::Caller;
use switchboard_core::operator::Role;
use switchboard_core::time::Timestamp;
use switchboard_test_support::events::incoming_named;
use switchboard_test_support::{ManualClock, TestApp};

use crate::team::operator;
use crate::{app, call};

/// The team and inbox every test here reads. Shop has Ann (unassigned), Bob (Mia's), Cat
/// (Max's), Dan (Mia's, resolved); Store has Eve (unassigned, pending). Each wrote a minute
/// after the one before, so the newest first is Eve, Dan, Cat, Bob, Ann.
struct Inbox {
    app: TestApp,
    mia: Caller,
    max: Caller,
    rita: Caller,
    shop: i64,
    store: i64,
    ann: i64,
    bob: i64,
    cat: i64,
    dan: i64,
    eve: i64,
}

const CUSTOMERS: [(&str, &str, &str, &str); 5] = [
    (
        "+79000000001",
        "Анна Иванова",
        "здравствуйте, нужна доставка",
        "Shop",
    ),
    ("+79031234567", "Bob Stone", "where is my parcel", "Shop"),
    ("+79000000003", "Cat", "an invoice please", "Shop"),
    ("+79000000004", "Dan", "thanks, all good", "Shop"),
    ("+79000000005", "Eve", "a question about prices", "Store"),
];

async fn inbox() -> Inbox {
    let app = app().await;
    let shop = app.add_account("Shop").await.id;
    let store = app.add_account("Store").await.id;
    let mut ids = Vec::new();
    for (i, (phone, name, text, account)) in CUSTOMERS.into_iter().enumerate() {
        let at = Timestamp::from_millis(ManualClock::START.as_millis() + 60_000 * i as i64);
        let account = if account == "Shop" { shop } else { store };
        app.engine
            .ingest(
                account,
                vec![incoming_named(&format!("in-{i}"), phone, name, text, at)],
            )
            .await
            .expect("stored");
        let thread = call(&app, "get_thread")
            .answers(json!({"phone": phone, "account_id": account}))
            .await;
        ids.push(thread["conversation"]["id"].as_i64().expect("an id"));
    }
    let mia = operator(&app, "Mia", Role::Manager).await;
    let max = operator(&app, "Max", Role::Manager).await;
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    let [ann, bob, cat, dan, eve] = ids[..] else {
        panic!("five conversations")
    };
    let assign = call(&app, "assign_conversation");
    for (id, who) in [(bob, &mia), (cat, &max), (dan, &mia)] {
        assign
            .answers(json!({"conversation_id": id, "operator_id": who.id()}))
            .await;
    }
    let status = call(&app, "set_conversation_status");
    status
        .answers(json!({"conversation_id": dan, "status": "resolved"}))
        .await;
    status
        .answers(json!({"conversation_id": eve, "status": "pending"}))
        .await;
    Inbox {
        app,
        mia,
        max,
        rita,
        shop,
        store,
        ann,
        bob,
        cat,
        dan,
        eve,
    }
}

/// The ids of the page `request` answers `who` (none: the local supervisor).
async fn ids(app: &TestApp, who: Option<&Caller>, request: Value) -> Vec<i64> {
    let mut list = call(app, "list_conversations");
    if let Some(who) = who {
        list = list.by(Some(who.clone()));
    }
    let page = list.answers(request).await;
    page["conversations"]
        .as_array()
        .expect("a page")
        .iter()
        .map(|c| c["id"].as_i64().expect("an id"))
        .collect()
}

async fn counts(app: &TestApp, who: Option<&Caller>) -> Value {
    let mut counts = call(app, "view_counts");
    if let Some(who) = who {
        counts = counts.by(Some(who.clone()));
    }
    counts.answers(json!({})).await
}

fn statuses(open: u32, pending: u32, snoozed: u32, resolved: u32) -> Value {
    json!([
        {"status": "open", "count": open},
        {"status": "pending", "count": pending},
        {"status": "snoozed", "count": snoozed},
        {"status": "resolved", "count": resolved},
    ])
}

#[tokio::test]
pub async fn view_counts() {
    let inbox = inbox().await;
    call(&inbox.app, "view_counts")
        .by(None)
        .refuses(json!({}), Unauthorized, "error.sign_in_needed")
        .await;
    call(&inbox.app, "view_counts")
        .refuses(json!(42), BadRequest, "error.bad_request")
        .await;
    // Every role has counts (of its share: see counts_are_of_what_each_role_may_see).
    for who in [&inbox.mia, &inbox.rita] {
        let counts = counts(&inbox.app, Some(who)).await;
        assert_eq!(counts["by_status"].as_array().map(Vec::len), Some(4));
    }
}

#[tokio::test]
async fn counts_are_of_what_each_role_may_see() {
    let Inbox {
        app,
        mia,
        max,
        rita,
        shop,
        store,
        ..
    } = inbox().await;
    let accounts = |shop_open: u32| json!([{"account_id": shop, "count": shop_open}, {"account_id": store, "count": 0}]);
    // Mia sees her own (Bob, Dan) and the unassigned (Ann, Eve): never Cat, Max's.
    let mias = counts(&app, Some(&mia)).await;
    assert_eq!(mias["mine"], 1, "Bob is open and hers: {mias}");
    assert_eq!(mias["unassigned"], 1, "Ann (Eve is pending): {mias}");
    assert_eq!(mias["all"], Value::Null, "a manager has no All: {mias}");
    assert_eq!(mias["by_operator"], json!([]), "nor a view per operator");
    assert_eq!(mias["by_status"], statuses(2, 1, 0, 1), "{mias}");
    assert_eq!(mias["by_account"], accounts(2), "{mias}");

    let per_operator = json!([
        {"operator": {"id": 1, "name": "Me"}, "count": 0},
        {"operator": {"id": max.id(), "name": "Max"}, "count": 1},
        {"operator": {"id": mia.id(), "name": "Mia"}, "count": 1},
    ]);
    for (who, caller) in [("supervisor", None), ("reviewer", Some(&rita))] {
        let all = counts(&app, caller).await;
        assert_eq!(all["mine"], 0, "{who}: nothing is theirs: {all}");
        assert_eq!(all["unassigned"], 1, "{who}: {all}");
        assert_eq!(all["all"], 3, "{who}: Ann, Bob and Cat are open: {all}");
        assert_eq!(
            all["by_operator"], per_operator,
            "{who}: every operator who can be given conversations, none counted zero left out, \
             no reviewer: {all}"
        );
        assert_eq!(all["by_status"], statuses(3, 1, 0, 1), "{who}: {all}");
        assert_eq!(all["by_account"], accounts(3), "{who}: {all}");
    }

    // Max sees Cat as his; with "managers see all" Mia sees everything but has no per operator.
    assert_eq!(counts(&app, Some(&max)).await["mine"], 1);
    call(&app, "set_team_settings")
        .answers(json!({"managers_see_all": true}))
        .await;
    let mias = counts(&app, Some(&mia)).await;
    assert_eq!(mias["all"], 3, "{mias}");
    assert_eq!(mias["mine"], 1, "{mias}");
    assert_eq!(mias["by_operator"], json!([]), "{mias}");
    assert_eq!(mias["by_status"], statuses(3, 1, 0, 1), "{mias}");
}

#[tokio::test]
async fn views_show_each_role_its_share_with_the_filters_combined() {
    let Inbox {
        app,
        mia,
        max,
        rita,
        shop,
        store,
        ann,
        bob,
        cat,
        dan,
        eve,
    } = inbox().await;
    let mia = Some(&mia);
    let whose = |filter: Value| json!({"assignee": filter});
    assert_eq!(ids(&app, None, json!({})).await, [eve, dan, cat, bob, ann]);
    assert_eq!(ids(&app, mia, json!({})).await, [eve, dan, bob, ann]);
    assert_eq!(
        ids(&app, mia, whose(json!({"kind": "anyone"}))).await,
        [eve, dan, bob, ann]
    );
    assert_eq!(
        ids(&app, mia, whose(json!({"kind": "mine"}))).await,
        [dan, bob]
    );
    assert_eq!(
        ids(&app, mia, whose(json!({"kind": "unassigned"}))).await,
        [eve, ann]
    );
    assert_eq!(
        ids(
            &app,
            mia,
            whose(json!({"kind": "operator", "operator_id": max.id()}))
        )
        .await,
        Vec::<i64>::new(),
        "a colleague's view shows a manager nothing"
    );
    assert_eq!(
        ids(
            &app,
            None,
            whose(json!({"kind": "operator", "operator_id": max.id()}))
        )
        .await,
        [cat]
    );
    assert_eq!(
        ids(&app, Some(&rita), whose(json!({"kind": "anyone"}))).await,
        [eve, dan, cat, bob, ann]
    );
    assert_eq!(
        ids(&app, None, whose(json!({"kind": "mine"}))).await,
        Vec::<i64>::new(),
        "a supervisor's Mine is what is assigned to them"
    );

    // Filters combine.
    assert_eq!(
        ids(&app, None, json!({"status": "open"})).await,
        [cat, bob, ann]
    );
    assert_eq!(ids(&app, mia, json!({"status": "open"})).await, [bob, ann]);
    assert_eq!(
        ids(
            &app,
            mia,
            json!({"status": "resolved", "assignee": {"kind": "mine"}})
        )
        .await,
        [dan]
    );
    assert_eq!(
        ids(
            &app,
            None,
            json!({"status": "open", "account_id": shop, "assignee": {"kind": "unassigned"}})
        )
        .await,
        [ann]
    );
    assert_eq!(ids(&app, mia, json!({"account_id": store})).await, [eve]);
    assert_eq!(
        ids(&app, mia, json!({"account_id": store, "status": "open"})).await,
        Vec::<i64>::new()
    );

    // Pages of a filtered view, one at a time, keep the order and end.
    let mut seen = Vec::new();
    let mut before = Value::Null;
    loop {
        let page = call(&app, "list_conversations")
            .answers(json!({"status": "open", "limit": 1, "before": before}))
            .await;
        seen.extend(
            page["conversations"]
                .as_array()
                .expect("a page")
                .iter()
                .map(|c| c["id"].as_i64().expect("id")),
        );
        before = page["next"].clone();
        if before.is_null() {
            break;
        }
    }
    assert_eq!(seen, [cat, bob, ann], "paged one at a time");
    let page = call(&app, "list_conversations")
        .by(Some(mia.cloned().expect("mia")))
        .answers(json!({"limit": 2}))
        .await;
    let rest = ids(&app, mia, json!({"limit": 2, "before": page["next"]})).await;
    assert_eq!(rest, [bob, ann], "a manager's second page");
}

#[tokio::test]
async fn the_search_box_finds_names_phones_and_words_within_the_view() {
    let Inbox {
        app,
        mia,
        ann,
        bob,
        cat,
        dan,
        ..
    } = inbox().await;
    let search = |q: &str| json!({"query": q});
    for q in ["анна", "АННА ИВ", "иванова", "Anna"] {
        let found = ids(&app, None, search(q)).await;
        if q == "Anna" {
            assert_eq!(found, Vec::<i64>::new(), "no such name: {q}");
        } else {
            assert_eq!(found, [ann], "a name, whatever its case: {q}");
        }
    }
    for q in [
        "8 903 123-45-67",
        "89031234567",
        "+7 (903) 123-45-67",
        "79031234567",
        "4567",
        "903 123",
        "8 (903) 12",
    ] {
        assert_eq!(ids(&app, None, search(q)).await, [bob], "a phone: {q}");
    }
    assert_eq!(ids(&app, None, search("parcel")).await, [bob], "a word");
    assert_eq!(ids(&app, None, search("parc")).await, [bob], "a prefix");
    assert_eq!(
        ids(&app, None, search("доставк")).await,
        [ann],
        "in Russian"
    );
    assert_eq!(ids(&app, None, search("invoice")).await, [cat]);
    assert_eq!(
        ids(&app, Some(&mia), search("invoice")).await,
        Vec::<i64>::new(),
        "a colleague's conversation is never found by a manager"
    );
    assert_eq!(
        ids(&app, Some(&mia), search("+79000000003")).await,
        Vec::<i64>::new(),
        "not by its phone either"
    );
    assert_eq!(ids(&app, Some(&mia), search("thanks")).await, [dan]);
    assert_eq!(
        ids(&app, None, json!({"query": "thanks", "status": "open"})).await,
        Vec::<i64>::new(),
        "the view's filters narrow what was found"
    );
    assert_eq!(
        ids(
            &app,
            None,
            json!({"query": "a", "assignee": {"kind": "mine"}})
        )
        .await,
        Vec::<i64>::new()
    );
    assert_eq!(
        ids(&app, None, search("   ")).await.len(),
        5,
        "a blank search box is no search"
    );
}

#[tokio::test]
async fn views_by_tag() {
    let Inbox {
        app,
        mia,
        ann,
        bob,
        cat,
        ..
    } = inbox().await;
    let vip = call(&app, "create_tag")
        .answers(json!({"name": "VIP"}))
        .await["id"]
        .as_i64()
        .expect("a tag");
    let lead = call(&app, "create_tag")
        .answers(json!({"name": "Lead"}))
        .await["id"]
        .as_i64()
        .expect("a tag");
    for id in [ann, bob, cat] {
        call(&app, "tag_conversation")
            .answers(json!({"conversation_id": id, "tag_id": vip, "tagged": true}))
            .await;
    }
    assert_eq!(
        ids(&app, None, json!({"tag_id": vip})).await,
        [cat, bob, ann]
    );
    assert_eq!(
        ids(&app, Some(&mia), json!({"tag_id": vip})).await,
        [bob, ann]
    );
    assert_eq!(
        ids(&app, Some(&mia), json!({"tag_id": vip, "query": "parcel"})).await,
        [bob]
    );
    assert_eq!(
        ids(&app, None, json!({"tag_id": lead})).await,
        Vec::<i64>::new()
    );
    let tags = |n_lead: u32, n_vip: u32| json!([{"tag_id": lead, "count": n_lead}, {"tag_id": vip, "count": n_vip}]);
    assert_eq!(counts(&app, None).await["by_tag"], tags(0, 3));
    assert_eq!(counts(&app, Some(&mia)).await["by_tag"], tags(0, 2));
}

#[tokio::test]
pub async fn bulk_update() {
    let Inbox {
        app,
        mia,
        rita,
        ann,
        bob,
        ..
    } = inbox().await;
    let bulk = call(&app, "bulk_update");
    let too_many: Vec<i64> = (1..=501).collect();
    bulk.refuses_each(vec![
        (
            json!({"conversation_ids": too_many, "action": {"kind": "status", "status": "resolved"}}),
            BadRequest,
            "views.bulk_too_many",
        ),
        (
            json!({"conversation_ids": [], "action": {"kind": "status", "status": "resolved"}}),
            BadRequest,
            "views.bulk_none",
        ),
        (
            json!({"conversation_ids": [ann], "action": {"kind": "archive"}}),
            BadRequest,
            "error.bad_request",
        ),
    ])
    .await;
    for who in [mia.clone(), rita.clone()] {
        call(&app, "bulk_update")
            .by(Some(who))
            .refuses(
                json!({"conversation_ids": [ann], "action": {"kind": "status", "status": "resolved"}}),
                Forbidden,
                "error.role_forbidden",
            )
            .await;
    }

    // Each conversation on its own: the ones that cannot be changed are said, the rest done.
    let outcome = bulk
        .answers(json!({
            "conversation_ids": [ann, 999, bob, ann],
            "action": {"kind": "status", "status": "resolved"},
        }))
        .await;
    let updated: Vec<(i64, &str)> = outcome["updated"]
        .as_array()
        .expect("updated")
        .iter()
        .map(|c| {
            (
                c["id"].as_i64().expect("id"),
                c["status"].as_str().expect("status"),
            )
        })
        .collect();
    assert_eq!(updated, [(ann, "resolved"), (bob, "resolved")], "once each");
    assert_eq!(outcome["failed"].as_array().map(Vec::len), Some(1));
    assert_eq!(outcome["failed"][0]["conversation_id"], 999);
    assert_eq!(outcome["failed"][0]["error"]["code"], "not_found");
    assert_eq!(
        outcome["failed"][0]["error"]["phrase"]["key"],
        "error.conversation_not_found"
    );

    let outcome = bulk
        .answers(json!({
            "conversation_ids": [ann, bob],
            "action": {"kind": "assign", "operator_id": rita.id()},
        }))
        .await;
    assert_eq!(outcome["updated"], json!([]));
    assert_eq!(
        outcome["failed"][1]["error"]["phrase"]["key"], "error.assignee_reviewer",
        "the single command's rules hold for each: {outcome}"
    );
    let outcome = bulk
        .answers(json!({
            "conversation_ids": [ann, bob],
            "action": {"kind": "assign", "operator_id": mia.id()},
        }))
        .await;
    assert_eq!(outcome["updated"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        ids(&app, Some(&mia), json!({"assignee": {"kind": "mine"}}))
            .await
            .len(),
        3,
        "Ann and Bob are now Mia's, with Dan"
    );
    let outcome = bulk
        .answers(json!({
            "conversation_ids": [ann],
            "action": {"kind": "status", "status": "snoozed"},
        }))
        .await;
    assert_eq!(
        outcome["failed"][0]["error"]["phrase"]["key"], "error.snooze_needs_time",
        "a snooze needs its own time: {outcome}"
    );
}

mod start;

pub use start::start_conversation;
