//! Reports: report, report_conversations and report_episodes — their refusals, and a scripted
//! week on the test clock whose every figure is computed by hand below (two managers, a
//! weekend, a reopen, a pending spell, a transfer mid-episode, an overnight shift), in
//! calendar and business time, for the team, each operator, each day, the drill-down and the
//! episodes, which must agree.

use std::time::Duration;

use serde_json::{Value, json};
use switchboard_core::ErrorCode::{BadRequest, NotFound, Unauthorized};
use switchboard_core::access::Caller;
use switchboard_core::operator::Role;
use switchboard_core::time::Timestamp;
use switchboard_test_support::events::incoming;
use switchboard_test_support::{ManualClock, TestAccount, TestApp, text_only};

use crate::call;
use crate::team::operator;

const HOUR: i64 = 3_600_000;

/// Thursday 2026-01-01 00:00 UTC plus `hours`.
fn at(hours: i64) -> Timestamp {
    Timestamp::from_millis(ManualClock::START.as_millis() + hours * HOUR)
}

/// Friday 2026-01-02 `h`:`m` UTC plus `days`.
fn fri(days: i64, h: i64, m: i64) -> Timestamp {
    at(24 + days * 24 + h).plus_millis(m * 60_000)
}

fn period(from: Timestamp, to: Timestamp) -> Value {
    json!({"from": from.rfc3339(), "to": to.rfc3339()})
}

async fn app() -> TestApp {
    let mut capabilities = text_only();
    capabilities.templates = true;
    TestApp::builder()
        .capabilities(capabilities)
        .started(false)
        .open()
        .await
}

/// The test's week, one step after another on the clock.
struct Week<'a> {
    app: &'a TestApp,
    shop: TestAccount,
}

impl Week<'_> {
    fn to(&self, t: Timestamp) {
        let ahead = t.millis_since(self.app.now());
        assert!(ahead >= 0, "the script runs forwards");
        self.app
            .advance(Duration::from_millis(ahead.unsigned_abs()));
    }

    async fn writes(&self, t: Timestamp, phone: &str) -> i64 {
        self.to(t);
        let id = format!("in-{phone}-{}", t.as_millis());
        self.app
            .engine
            .ingest(self.shop.id, vec![incoming(&id, phone, "hello", t)])
            .await
            .expect("stored");
        call(self.app, "get_thread")
            .answers(json!({"phone": phone, "account_id": self.shop.id}))
            .await["conversation"]["id"]
            .as_i64()
            .expect("a conversation")
    }

    async fn replies(&self, t: Timestamp, who: &Caller, phone: &str, content: Value) {
        self.to(t);
        call(self.app, "send_message")
            .by(Some(who.clone()))
            .answers(json!({"account_id": self.shop.id, "to": phone, "content": content}))
            .await;
    }

    async fn assigns(&self, t: Timestamp, id: i64, to: &Caller) {
        self.to(t);
        call(self.app, "assign_conversation")
            .answers(json!({"conversation_id": id, "operator_id": to.id()}))
            .await;
    }

    async fn sets(&self, t: Timestamp, who: &Caller, id: i64, status: &str) {
        self.to(t);
        call(self.app, "set_conversation_status")
            .by(Some(who.clone()))
            .answers(json!({"conversation_id": id, "status": status}))
            .await;
    }
}

fn text() -> Value {
    json!({"kind": "text", "text": "hello"})
}

/// `[count, median, p90]` of a stat.
fn stat(v: &Value) -> Value {
    json!([v["count"], v["median"], v["p90"]])
}

fn operator_row<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["operators"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["operator"]["name"] == name))
        .map(|r| &r["figures"])
        .unwrap_or_else(|| panic!("{name} has a row: {report}"))
}

fn day<'a>(report: &'a Value, day: &str) -> &'a Value {
    report["days"]
        .as_array()
        .and_then(|days| days.iter().find(|d| d["day"] == day))
        .unwrap_or_else(|| panic!("{day} is a day of the report: {report}"))
}

fn ids(conversations: &Value) -> Vec<i64> {
    conversations
        .as_array()
        .map(|c| c.iter().filter_map(|c| c["id"].as_i64()).collect())
        .unwrap_or_default()
}

/// Mon–Fri 09:00–18:00 UTC, and on Friday an overnight shift 22:00–02:00.
fn overnight_schedule() -> Value {
    let mut days: Vec<Value> = (1..=4)
        .map(|d| json!({"weekday": d, "intervals": [{"start": "09:00", "end": "18:00"}]}))
        .collect();
    days.push(json!({"weekday": 5, "intervals": [
        {"start": "09:00", "end": "18:00"}, {"start": "22:00", "end": "02:00"}]}));
    json!({"schedule": {"time_zone": "UTC", "days": days, "holidays": []}})
}

#[tokio::test]
pub async fn report() {
    let app = app().await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let rita = operator(&app, "Rita", Role::Reviewer).await;
    let week = period(at(0), at(24 * 6));
    call(&app, "report")
        .refuses_each(vec![
            (json!({}), BadRequest, "error.bad_request"),
            (period(at(5), at(5)), BadRequest, "reports.period_empty"),
            (period(at(5), at(1)), BadRequest, "reports.period_empty"),
            (
                period(at(0), at(24 * 401)),
                BadRequest,
                "reports.period_too_long",
            ),
            (
                json!({"from": at(0).rfc3339(), "to": at(24).rfc3339(), "operator_id": 999}),
                NotFound,
                "error.operator_not_found",
            ),
            (
                json!({"from": at(0).rfc3339(), "to": at(24).rfc3339(), "account_id": 999}),
                NotFound,
                "error.account_not_found",
            ),
            (
                json!({"from": at(0).rfc3339(), "to": at(24).rfc3339(), "tag_id": 999}),
                NotFound,
                "tags.not_found",
            ),
        ])
        .await;
    call(&app, "report")
        .by(None)
        .refuses(week.clone(), Unauthorized, "error.sign_in_needed")
        .await;
    // Nothing happened: counts of zero, no statistics, every day listed, calendar time.
    let empty = call(&app, "report").by(Some(rita)).answers(week).await;
    assert_eq!(
        stat(&empty["team"]["first_response"]["calendar"]),
        json!([0, null, null])
    );
    assert_eq!(empty["days"].as_array().map(Vec::len), Some(6));
    assert_eq!(empty["time_zone"], "UTC");
    assert_eq!(empty["business_hours"], false);
    // A manager asking for a colleague's figures gets their own.
    let own = call(&app, "report")
        .by(Some(mia.clone()))
        .answers(json!({"from": at(0).rfc3339(), "to": at(24).rfc3339(), "operator_id": 1}))
        .await;
    assert_eq!(own["filter"]["operator_id"], mia.id());
    let names: Vec<&Value> = own["operators"]
        .as_array()
        .map(|o| o.iter().map(|r| &r["operator"]["name"]).collect())
        .unwrap_or_default();
    assert_eq!(names, vec!["Mia"], "only her row");
}

#[tokio::test]
pub async fn report_conversations() {
    let app = app().await;
    call(&app, "report_conversations")
        .refuses_each(vec![
            (json!({}), BadRequest, "error.bad_request"),
            (
                json!({"filter": period(at(0), at(24)), "metric": "average"}),
                BadRequest,
                "error.bad_request",
            ),
            (
                json!({"filter": period(at(24), at(0)), "metric": "missed"}),
                BadRequest,
                "reports.period_empty",
            ),
        ])
        .await;
    let none = call(&app, "report_conversations")
        .answers(json!({"filter": period(at(0), at(24)), "metric": "handled"}))
        .await;
    assert_eq!(none, json!([]));
}

#[tokio::test]
pub async fn report_episodes() {
    let app = app().await;
    call(&app, "report_episodes")
        .refuses_each(vec![
            (
                json!({"from": "yesterday"}),
                BadRequest,
                "error.bad_request",
            ),
            (period(at(3), at(2)), BadRequest, "reports.period_empty"),
        ])
        .await;
    call(&app, "report_episodes")
        .by(None)
        .refuses(period(at(0), at(24)), Unauthorized, "error.sign_in_needed")
        .await;
    assert_eq!(
        call(&app, "report_episodes")
            .answers(period(at(0), at(24)))
            .await,
        json!([])
    );
}

/// The scripted week. Times are UTC; Friday 2026-01-02 is `fri(0, …)`. The business schedule:
/// Mon–Fri 09:00–18:00 and Friday's overnight shift 22:00–02:00 (Saturday).
///
/// Ann (conversation A):
///   Fri 08:00 writes                  episode A1 and burst 1 start
///   Fri 08:30 assigned to Mia
///   Fri 09:30 Mia replies             first response 1h30 = 5400 s, credited Mia;
///                                     business 09:00–09:30 = 1800 s.
///                                     From assignment 08:30→09:30 = 3600 s (business 1800).
///                                     Reply time (burst 1) 5400 s / 1800 s.
///   Fri 10:00 Mia sets pending        pause starts
///   Sat 10:00 writes (reopens)        pause ends (24 h; business: Fri 10–18 + 22–02 = 12 h);
///                                     burst 2 starts, its window closes Sun 10:00
///   Sat 10:05 transferred to Max      (mid-episode)
///   Sun 10:00                         burst 2 missed, credited to Max (the assignee then)
///   Sun 20:00 writes                  burst 3 (a new one: the window had closed)
///   Mon 09:10 Max replies             reply time 13h10 = 47400 s; business Mon 09:00–09:10
///                                     = 600 s; credited Max
///   Mon 10:00 Max resolves            A1: Fri 08:00→Mon 10:00 = 74 h less 24 h pending
///                                     = 50 h = 180000 s, credited Max. Business: (Fri 9 h +
///                                     overnight 4 h + Mon 1 h = 14 h) − 12 h = 2 h = 7200 s
///   Mon 12:00 writes (reopens)        episode A2 starts
///   Mon 12:20 Max replies             first response 1200 s (business 1200); from
///                                     assignment: since the later of Sat 10:05 and the
///                                     episode's start = 1200 s; reply time 1200 s
///   Mon 13:00 Max resolves            A2 resolution 3600 s (business 3600)
/// Bob (B):
///   Fri 23:00 writes                  episode B; unassigned
///   Sat 00:30 assigned to Mia
///   Sat 01:00 Mia replies             first response 7200 s, business 7200 (overnight
///                                     shift); from assignment 1800 s / 1800 s; reply 7200 s
///   Sat 01:10 Mia sends a template    a message and a template sent; no burst to answer
///   Sat 01:30 Mia resolves            resolution 9000 s, business 9000
/// Cat (C): Mon 14:00 writes, nobody's: missed Tue 14:00, unassigned.
/// Dan (D): Tue 20:00 writes, Tue 20:05 assigned to Mia; at Wed 01:00 the week's report (to
///   Wed 00:00) has him unanswered at its end: missed on Tue, credited to Mia.
///
/// Team, calendar: first response [1200, 5400, 7200] → count 3, median (2nd) 5400, p90 (3rd)
/// 7200; business [1200, 1800, 7200] → 1800, 7200. From assignment [1200, 1800, 3600] →
/// 1800, 3600; business [1200, 1800, 1800] → 1800, 1800. Reply [1200, 5400, 7200, 47400] →
/// median (2nd) 5400, p90 (4th) 47400; business [600, 1200, 1800, 7200] → 1200, 7200.
/// Resolution [3600, 9000, 180000] → 9000, 180000; business [3600, 7200, 9000] → 7200, 9000.
/// Missed 3 (Max 1, Mia 1, unassigned 1). Handled: A and B = 2 (Mia 2, Max 1). Resolved 3
/// (Max 2, Mia 1). Sent: Mia 3 (1 template), Max 2.
#[tokio::test]
async fn a_scripted_week_gives_the_hand_computed_figures() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let max = operator(&app, "Max", Role::Manager).await;
    let sue = Caller::local();
    let w = Week { app: &app, shop };
    let (ann, bob, cat, dan) = (
        "+79000000001",
        "+79000000002",
        "+79000000003",
        "+79000000004",
    );
    let template = json!({"kind": "template", "id": "followup", "params": [], "language": null});

    let a = w.writes(fri(0, 8, 0), ann).await;
    w.assigns(fri(0, 8, 30), a, &mia).await;
    w.replies(fri(0, 9, 30), &mia, ann, text()).await;
    w.sets(fri(0, 10, 0), &mia, a, "pending").await;
    let b = w.writes(fri(0, 23, 0), bob).await;
    w.assigns(fri(1, 0, 30), b, &mia).await;
    w.replies(fri(1, 1, 0), &mia, bob, text()).await;
    w.replies(fri(1, 1, 10), &mia, bob, template).await;
    w.sets(fri(1, 1, 30), &mia, b, "resolved").await;
    w.writes(fri(1, 10, 0), ann).await;
    w.assigns(fri(1, 10, 5), a, &max).await;
    w.writes(fri(2, 20, 0), ann).await;
    w.replies(fri(3, 9, 10), &max, ann, text()).await;
    w.sets(fri(3, 10, 0), &max, a, "resolved").await;
    w.writes(fri(3, 12, 0), ann).await;
    w.replies(fri(3, 12, 20), &max, ann, text()).await;
    w.sets(fri(3, 13, 0), &max, a, "resolved").await;
    let c = w.writes(fri(3, 14, 0), cat).await;
    let d = w.writes(fri(4, 20, 0), dan).await;
    w.assigns(fri(4, 20, 5), d, &mia).await;
    w.to(fri(5, 1, 0));

    let week = period(at(0), fri(5, 0, 0));
    let report = call(&app, "report").answers(week.clone()).await;
    let team = &report["team"];
    let calendar = |f: &Value, m: &str| stat(&f[m]["calendar"]);
    let business = |f: &Value, m: &str| stat(&f[m]["business"]);

    // Without a schedule, business time is calendar time (never zero).
    assert_eq!(report["business_hours"], false);
    assert_eq!(calendar(team, "first_response"), json!([3, 5400, 7200]));
    assert_eq!(business(team, "first_response"), json!([3, 5400, 7200]));
    assert_eq!(
        calendar(team, "first_response_from_assignment"),
        json!([3, 1800, 3600])
    );
    assert_eq!(calendar(team, "reply_time"), json!([4, 5400, 47400]));
    assert_eq!(calendar(team, "resolution"), json!([3, 9000, 180000]));
    assert_eq!(
        (team["missed"].clone(), report["missed_unassigned"].clone()),
        (json!(3), json!(1))
    );
    assert_eq!(team["handled"], 2);
    assert_eq!(team["resolved"], 3);
    assert_eq!(
        (
            team["messages_sent"].clone(),
            team["templates_sent"].clone()
        ),
        (json!(5), json!(1))
    );

    // Per operator: first responses to the replier, resolution to the resolver, the missed
    // burst to whoever had it when its window closed (Max, after the transfer).
    let (m, x) = (operator_row(&report, "Mia"), operator_row(&report, "Max"));
    assert_eq!(calendar(m, "first_response"), json!([2, 5400, 7200]));
    assert_eq!(calendar(x, "first_response"), json!([1, 1200, 1200]));
    assert_eq!(calendar(m, "reply_time"), json!([2, 5400, 7200]));
    assert_eq!(calendar(x, "reply_time"), json!([2, 1200, 47400]));
    assert_eq!(calendar(m, "resolution"), json!([1, 9000, 9000]));
    assert_eq!(calendar(x, "resolution"), json!([2, 3600, 180000]));
    assert_eq!(
        (m["missed"].clone(), x["missed"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(
        (m["handled"].clone(), x["handled"].clone()),
        (json!(2), json!(1))
    );
    assert_eq!(
        (m["resolved"].clone(), x["resolved"].clone()),
        (json!(1), json!(2))
    );
    assert_eq!(
        (m["messages_sent"].clone(), x["messages_sent"].clone()),
        (json!(3), json!(2))
    );
    assert_eq!(m["templates_sent"], 1);

    // Days (UTC): Thursday quiet; Friday A's first reply; Saturday B; Sunday A's missed
    // burst; Monday A's replies and resolutions; Tuesday C's and D's missed bursts.
    let days: Vec<&Value> = report["days"]
        .as_array()
        .map(|d| d.iter().map(|d| &d["day"]).collect())
        .unwrap_or_default();
    assert_eq!(
        days,
        vec![
            "2026-01-01",
            "2026-01-02",
            "2026-01-03",
            "2026-01-04",
            "2026-01-05",
            "2026-01-06"
        ]
    );
    let incoming: Vec<&Value> = report["days"]
        .as_array()
        .map(|d| d.iter().map(|d| &d["incoming"]).collect())
        .unwrap_or_default();
    assert_eq!(
        incoming,
        vec![0, 2, 1, 1, 2, 1],
        "customer messages per day"
    );
    assert_eq!(
        calendar(&day(&report, "2026-01-02")["figures"], "first_response"),
        json!([1, 5400, 5400])
    );
    assert_eq!(day(&report, "2026-01-04")["figures"]["missed"], 1);
    assert_eq!(day(&report, "2026-01-06")["figures"]["missed"], 2);
    assert_eq!(
        calendar(&day(&report, "2026-01-05")["figures"], "resolution"),
        json!([2, 3600, 180000])
    );

    // Cards, table and chart agree: counts add up across operators (plus the unassigned
    // missed) and across days; handled counts a conversation once per operator and per day.
    for metric in [
        "first_response",
        "first_response_from_assignment",
        "reply_time",
        "resolution",
    ] {
        let count = |f: &Value| f[metric]["calendar"]["count"].as_u64().unwrap_or(0);
        let by_operators: u64 = report["operators"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|o| count(&o["figures"]))
            .sum();
        let by_days: u64 = report["days"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| count(&d["figures"]))
            .sum();
        assert_eq!(
            (by_operators, by_days),
            (count(team), count(team)),
            "{metric}"
        );
    }
    for counted in ["missed", "resolved", "messages_sent", "templates_sent"] {
        let n = |f: &Value| f[counted].as_u64().unwrap_or(0);
        let by_operators: u64 = report["operators"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|o| n(&o["figures"]))
            .sum();
        let by_days: u64 = report["days"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| n(&d["figures"]))
            .sum();
        let unassigned = if counted == "missed" { 1 } else { 0 };
        assert_eq!(
            (by_operators + unassigned, by_days),
            (n(team), n(team)),
            "{counted}"
        );
    }

    // The episodes agree with the cards.
    let episodes = call(&app, "report_episodes").answers(week.clone()).await;
    let rows = episodes.as_array().cloned().unwrap_or_default();
    let summary: Vec<Value> = rows
        .iter()
        .map(|e| {
            json!([
                e["conversation_id"],
                e["first_replier"]["name"],
                e["first_response_s"],
                e["resolved_by"]["name"],
                e["resolution_s"],
                e["missed"]
            ])
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            json!([a, "Mia", 5400, "Max", 180000, 1]),
            json!([b, "Mia", 7200, "Mia", 9000, 0]),
            json!([a, "Max", 1200, "Max", 3600, 0]),
            json!([c, null, null, null, null, 1]),
            json!([d, null, null, null, null, 1]),
        ]
    );
    assert_eq!(
        rows[0]["contact"], ann,
        "the contact as its phone, wanting a name"
    );
    assert_eq!(rows[0]["account"], "Shop");
    assert_eq!(
        rows.iter().filter(|e| !e["resolved_at"].is_null()).count(),
        3,
        "= team.resolved"
    );
    assert_eq!(
        rows.iter()
            .filter_map(|e| e["missed"].as_u64())
            .sum::<u64>(),
        3,
        "= team.missed"
    );

    // The numbers' conversations, newest first, in the caller's scope.
    let drill = |who: &Caller, metric: &'static str| {
        let (who, week) = (who.clone(), week.clone());
        let app = &app;
        async move {
            ids(&call(app, "report_conversations")
                .by(Some(who))
                .answers(json!({"filter": week, "metric": metric}))
                .await)
        }
    };
    assert_eq!(drill(&sue, "missed").await, vec![d, c, a]);
    assert_eq!(drill(&sue, "handled").await, vec![a, b]);
    assert_eq!(drill(&sue, "resolved").await, vec![a, b]);
    assert_eq!(drill(&mia, "missed").await, vec![d], "only her own");
    assert_eq!(
        drill(&mia, "handled").await,
        vec![b],
        "A is Max's now: not hers to open"
    );

    // A manager sees only her own figures, whatever she asks for.
    let hers = call(&app, "report")
        .by(Some(mia.clone()))
        .answers(
            json!({"from": at(0).rfc3339(), "to": fri(5, 0, 0).rfc3339(), "operator_id": max.id()}),
        )
        .await;
    assert_eq!(
        hers["team"], *m,
        "her cards are her row of the team's table"
    );
    assert_eq!(hers["missed_unassigned"], 0);
    let her_episodes = call(&app, "report_episodes")
        .by(Some(mia.clone()))
        .answers(week.clone())
        .await;
    let summary: Vec<Value> = her_episodes
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| json!([e["conversation_id"], e["missed"]]))
        .collect();
    assert_eq!(
        summary,
        vec![json!([a, 0]), json!([b, 0]), json!([d, 1])],
        "A1 had her first reply; its missed burst was Max's"
    );

    // While the period still runs, a burst whose window is open is not missed yet.
    let running = call(&app, "report")
        .answers(period(at(0), fri(6, 0, 0)))
        .await;
    assert_eq!(
        running["team"]["missed"], 2,
        "D's window is open until Wed 20:00"
    );

    // The schedule with the overnight shift: business time as computed above.
    call(&app, "set_business_hours")
        .answers(overnight_schedule())
        .await;
    let report = call(&app, "report").answers(week.clone()).await;
    let team = &report["team"];
    assert_eq!(report["business_hours"], true);
    assert_eq!(
        calendar(team, "first_response"),
        json!([3, 5400, 7200]),
        "calendar unchanged"
    );
    assert_eq!(business(team, "first_response"), json!([3, 1800, 7200]));
    assert_eq!(
        business(team, "first_response_from_assignment"),
        json!([3, 1800, 1800])
    );
    assert_eq!(business(team, "reply_time"), json!([4, 1200, 7200]));
    assert_eq!(business(team, "resolution"), json!([3, 7200, 9000]));
    let episodes = call(&app, "report_episodes").answers(week.clone()).await;
    let business_rows: Vec<Value> = episodes
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| json!([e["first_response_business_s"], e["resolution_business_s"]]))
        .collect();
    assert_eq!(
        business_rows,
        vec![
            json!([1800, 7200]),
            json!([7200, 9000]),
            json!([1200, 3600]),
            json!([null, null]),
            json!([null, null])
        ]
    );

    // Another schedule recomputes the past: Mon–Fri 10:00–18:00, no overnight shift. A1's
    // first reply (Fri 09:30) and B's (Sat 01:00) fall outside it: 0 s; A2's stays 1200 s.
    // A1's resolution: (Fri 10–18 = 8 h) − (pending Fri 10–18 = 8 h) = 0; B's 0; A2's 3600.
    let days: Vec<Value> = (1..=5)
        .map(|d| json!({"weekday": d, "intervals": [{"start": "10:00", "end": "18:00"}]}))
        .collect();
    call(&app, "set_business_hours")
        .answers(json!({"schedule": {"time_zone": "UTC", "days": days, "holidays": []}}))
        .await;
    let report = call(&app, "report").answers(week.clone()).await;
    assert_eq!(
        business(&report["team"], "first_response"),
        json!([3, 0, 1200])
    );
    assert_eq!(business(&report["team"], "resolution"), json!([3, 0, 3600]));
}

mod history;
mod reviews;
