//! hours: the team's business hours through the API. Supervisors set them; everyone signed in
//! reads them (the reports say which hours they counted); a schedule is checked before it is
//! kept, so a refused one leaves the last good one in force.

use serde_json::{Value, json};
use switchboard_core::ErrorCode::{BadRequest, Forbidden, Unauthorized};
use switchboard_core::event::Event;
use switchboard_core::operator::Role;
use switchboard_test_support::TestApp;

use crate::team::operator;
use crate::{app, call};

/// Weekdays 09:00–18:00 in Moscow, a night shift into Saturday, and one holiday.
fn moscow() -> Value {
    let office = json!([{"start": "09:00", "end": "18:00"}]);
    json!({
        "time_zone": "Europe/Moscow",
        "days": [
            {"weekday": 1, "intervals": office},
            {"weekday": 2, "intervals": office},
            {"weekday": 3, "intervals": office},
            {"weekday": 4, "intervals": office},
            {"weekday": 5, "intervals": [
                {"start": "09:00", "end": "18:00"},
                {"start": "22:00", "end": "06:00"},
            ]},
        ],
        "holidays": ["2025-01-01"],
    })
}

/// `moscow()` with `change` made to it.
fn moscow_with(change: impl FnOnce(&mut Value)) -> Value {
    let mut hours = moscow();
    change(&mut hours);
    hours
}

/// The audit log's `settings` entries, newest first.
async fn settings_entries(app: &TestApp) -> Vec<Value> {
    let page = call(app, "audit_log")
        .answers(json!({"kind": "settings", "limit": 500}))
        .await;
    page["entries"].as_array().cloned().unwrap_or_default()
}

fn team_events(app: &TestApp) -> usize {
    app.host
        .recorder
        .events()
        .iter()
        .filter(|e| matches!(e, Event::Team))
        .count()
}

#[tokio::test]
pub async fn business_hours() {
    let app = app().await;
    assert_eq!(
        call(&app, "business_hours").answers(json!({})).await,
        Value::Null,
        "no schedule until one is set: reports count calendar time"
    );
    call(&app, "set_business_hours")
        .answers(json!({"schedule": moscow()}))
        .await;
    for role in [Role::Manager, Role::Reviewer, Role::Supervisor] {
        let someone = operator(&app, role.as_str(), role).await;
        assert_eq!(
            call(&app, "business_hours")
                .by(Some(someone))
                .answers(json!({}))
                .await,
            moscow(),
            "a {} reads the hours the reports count",
            role.as_str()
        );
    }
    call(&app, "business_hours")
        .by(None)
        .refuses(json!({}), Unauthorized, "error.sign_in_needed")
        .await;
}

#[tokio::test]
pub async fn set_business_hours() {
    let app = app().await;
    let set = call(&app, "set_business_hours");
    let read = call(&app, "business_hours");

    let before = team_events(&app);
    assert_eq!(set.answers(json!({"schedule": moscow()})).await, moscow());
    assert_eq!(read.answers(json!({})).await, moscow(), "kept as set");
    assert_eq!(
        team_events(&app),
        before + 1,
        "every client is told to reload once"
    );

    let audited = settings_entries(&app).await;
    assert_eq!(audited.len(), 1, "a change of schedule is audited once");
    assert_eq!(
        audited[0]["action"],
        json!({"setting": "business_hours", "from": {"schedule": null}, "to": {"schedule": moscow()}})
    );
    set.answers(json!({"schedule": moscow()})).await;
    assert_eq!(
        settings_entries(&app).await.len(),
        1,
        "saving the same schedule again changes nothing to audit"
    );

    let lower = moscow_with(|h| h["time_zone"] = json!("europe/moscow"));
    assert_eq!(
        set.answers(json!({"schedule": lower})).await["time_zone"],
        "Europe/Moscow",
        "the zone is kept as the tz database spells it"
    );

    set.refuses_each(vec![
        (json!({"schedule": 42}), BadRequest, "error.bad_request"),
        (
            json!({"schedule": moscow_with(|h| h["time_zone"] = json!("Moon/Tranquility"))}),
            BadRequest,
            "schedule.unknown_zone",
        ),
        (
            json!({"schedule": moscow_with(|h| h["days"][0]["intervals"][0]["end"] = json!("25:00"))}),
            BadRequest,
            "schedule.bad_time",
        ),
        (
            json!({"schedule": moscow_with(|h| h["days"][0]["intervals"] = json!([
                {"start": "09:00", "end": "13:00"},
                {"start": "12:00", "end": "18:00"},
            ]))}),
            BadRequest,
            "schedule.overlap",
        ),
        (
            json!({"schedule": moscow_with(|h| h["days"][1]["weekday"] = json!(1))}),
            BadRequest,
            "schedule.weekday_twice",
        ),
        (
            json!({"schedule": moscow_with(|h| h["holidays"] = json!(["2025-02-29"]))}),
            BadRequest,
            "schedule.bad_holiday",
        ),
        (
            json!({"schedule": moscow_with(|h| h["days"] = json!([]))}),
            BadRequest,
            "schedule.no_hours",
        ),
    ])
    .await;
    assert_eq!(
        read.answers(json!({})).await,
        moscow(),
        "a refused schedule leaves the last good one in force"
    );

    for role in [Role::Manager, Role::Reviewer] {
        let someone = operator(&app, role.as_str(), role).await;
        call(&app, "set_business_hours")
            .by(Some(someone))
            .refuses(json!({"schedule": null}), Forbidden, "error.role_forbidden")
            .await;
    }
    call(&app, "set_business_hours")
        .by(None)
        .refuses(
            json!({"schedule": null}),
            Unauthorized,
            "error.sign_in_needed",
        )
        .await;
    assert_eq!(read.answers(json!({})).await, moscow(), "still in force");

    let n = settings_entries(&app).await.len();
    assert_eq!(set.answers(json!({"schedule": null})).await, Value::Null);
    assert_eq!(
        settings_entries(&app).await[0]["action"]["to"],
        json!({"schedule": null}),
        "clearing is audited too"
    );
    assert_eq!(settings_entries(&app).await.len(), n + 1);
    assert_eq!(
        read.answers(json!({})).await,
        Value::Null,
        "cleared: calendar time only"
    );
    assert_eq!(
        set.answers(json!({"schedule": moscow()})).await,
        moscow(),
        "and set again"
    );
}
