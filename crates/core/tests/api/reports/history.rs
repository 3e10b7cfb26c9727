//! A period at the end of a long history: a report reads each conversation's messages only
//! from its last resolution before the period, and its figures are those of the whole history.

use switchboard_core::reports::metrics::Happening;
use switchboard_core::store::Db;

use super::*;

/// Day `days` of the history, `h` o'clock (the history starts Thursday 2026-01-01).
fn d(days: i64, h: i64) -> Timestamp {
    at(days * 24 + h)
}

/// Sixty days of history, then the period: day 60.
///
/// A (Ann, Mia's): twenty episodes on days 0–19 (written 09:00, answered 10:00, resolved
/// 11:00); writes again day 59 20:00, answered day 60 02:00, resolved 03:00: first response
/// 6 h, reply 6 h, resolution 7 h, all Mia's.
/// B (Bob, Max's): ten episodes on days 0–9 the same way (at 13:00, 14:00, 15:00); an episode from day 30 09:00
/// (answered 10:00) never resolved: writes day 59 23:00, answered day 60 01:00 (a reply of
/// 2 h, not a first response: the episode's was on day 30), writes day 60 05:00 unanswered
/// (missed on the period's last instant, Max's). Its episode row starts on day 30.
/// C (Cat, Mia's): written day 40 09:00 and resolved at 10:00; written day 50 12:00 and
/// resolved that same millisecond (the message is the episode's: it comes first); writes day
/// 60 06:00, answered 07:00: first response and reply 1 h.
/// D (Dan, Mia's): writes day 59 10:00, resolved 11:00 unanswered: its window would close in
/// the period, but the resolution ended the burst, so nothing is missed.
///
/// Team: first response [1 h, 6 h] → 2, 3 600, 21 600; reply [1 h, 2 h, 6 h] → 3, 7 200,
/// 21 600; resolution [7 h] → 1; missed 1; handled 3; sent 3.
#[tokio::test]
async fn a_period_after_a_long_history_counts_as_the_whole_history_says() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let max = operator(&app, "Max", Role::Manager).await;
    let w = Week { app: &app, shop };
    let (ann, bob, cat, dan) = (
        "+79000000001",
        "+79000000002",
        "+79000000003",
        "+79000000004",
    );
    let a = w.writes(d(0, 8), ann).await;
    w.assigns(d(0, 8), a, &mia).await;
    let b = w.writes(d(0, 8), bob).await;
    w.assigns(d(0, 8), b, &max).await;
    for day in 0..20 {
        for (phone, id, who, h) in [(ann, a, &mia, 9), (bob, b, &max, 13)] {
            if id == b && day >= 10 {
                continue;
            }
            w.writes(d(day, h), phone).await;
            w.replies(d(day, h + 1), who, phone, text()).await;
            w.sets(d(day, h + 2), who, id, "resolved").await;
        }
    }
    w.writes(d(30, 9), bob).await;
    w.replies(d(30, 10), &max, bob, text()).await;
    let c = w.writes(d(40, 9), cat).await;
    w.assigns(d(40, 9), c, &mia).await;
    w.sets(d(40, 10), &mia, c, "resolved").await;
    w.writes(d(50, 12), cat).await;
    w.sets(d(50, 12), &mia, c, "resolved").await;
    let dn = w.writes(d(59, 10), dan).await;
    w.assigns(d(59, 10), dn, &mia).await;
    w.sets(d(59, 11), &mia, dn, "resolved").await;
    w.writes(d(59, 20), ann).await;
    w.writes(d(59, 23), bob).await;
    w.replies(d(60, 1), &max, bob, text()).await;
    w.replies(d(60, 2), &mia, ann, text()).await;
    w.sets(d(60, 3), &mia, a, "resolved").await;
    w.writes(d(60, 5), bob).await;
    w.writes(d(60, 6), cat).await;
    w.replies(d(60, 7), &mia, cat, text()).await;
    w.to(d(61, 6));

    let day = period(d(60, 0), d(61, 0));
    let report = call(&app, "report").answers(day.clone()).await;
    let team = &report["team"];
    assert_eq!(
        stat(&team["first_response"]["calendar"]),
        json!([2, 3_600, 21_600]),
        "A's from day 59 20:00 and C's; none of B's (its episode's was on day 30): {team}"
    );
    assert_eq!(
        stat(&team["reply_time"]["calendar"]),
        json!([3, 7_200, 21_600])
    );
    assert_eq!(
        stat(&team["resolution"]["calendar"]),
        json!([1, 25_200, 25_200])
    );
    assert_eq!(
        (&team["missed"], &team["handled"], &team["messages_sent"]),
        (&json!(1), &json!(3), &json!(3)),
        "only B's last burst is missed (D's ended with its resolution)"
    );
    let max_row = operator_row(&report, "Max");
    assert_eq!(
        stat(&max_row["first_response"]["calendar"]),
        json!([0, null, null])
    );
    assert_eq!(
        stat(&max_row["reply_time"]["calendar"]),
        json!([1, 7_200, 7_200])
    );
    assert_eq!(max_row["missed"], 1);
    let mia_row = operator_row(&report, "Mia");
    assert_eq!(
        stat(&mia_row["first_response"]["calendar"]),
        json!([2, 3_600, 21_600])
    );
    assert_eq!(mia_row["resolved"], 1);

    let episodes = call(&app, "report_episodes").answers(day.clone()).await;
    let starts: Vec<(i64, String)> = episodes
        .as_array()
        .map(|e| {
            e.iter()
                .map(|e| {
                    (
                        e["conversation_id"].as_i64().unwrap_or_default(),
                        e["started_at"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        starts,
        [
            (b, d(30, 9).rfc3339()),
            (a, d(59, 20).rfc3339()),
            (c, d(60, 6).rfc3339())
        ],
        "B's episode started on day 30, before twenty-nine quiet days"
    );
    let missed = call(&app, "report_conversations")
        .answers(json!({"filter": day, "metric": "missed"}))
        .await;
    assert_eq!(ids(&missed), [b]);

    // What was read: each conversation's messages from its last resolution before the period
    // (A's on day 19, B's on day 9, C's on day 50, D's on day 59), its facts whole.
    let (from, to) = (d(60, 0), d(61, 0));
    let timelines = app
        .engine
        .db()
        .read(move |conn| Db::report_timelines(conn, &[a, b, c, dn], from, to))
        .await
        .expect("timelines");
    let first_message = |id: i64| {
        timelines[&id]
            .iter()
            .find(|s| matches!(s.what, Happening::CustomerWrote | Happening::Replied { .. }))
            .map(|s| s.at)
    };
    assert_eq!(first_message(a), Some(d(59, 20)), "A's since day 19 11:00");
    assert_eq!(first_message(b), Some(d(30, 9)), "B's since day 9 15:00");
    assert_eq!(first_message(c), Some(d(50, 12)), "C's since day 50 12:00");
    assert_eq!(first_message(dn), None, "D's since day 59 11:00");
    let assigned = |id: i64| {
        timelines[&id]
            .iter()
            .filter(|s| matches!(s.what, Happening::Assigned { .. }))
            .count()
    };
    assert_eq!(
        assigned(a),
        1,
        "facts are read whole: A's assignment on day 0"
    );
}
