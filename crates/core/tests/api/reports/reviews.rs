//! Review scores in the reports: counted on the day they were made, for the manager then
//! assigned, within the filters.

use super::*;

/// Quality-control scores in the reports: counted when made (and on that day), for the
/// manager then assigned (none: the team's only), within the account filter; a manager sees
/// her own; the CSV's columns carry them. The median is by nearest rank (the ⌈n/2⌉-th
/// smallest), in tenths.
///
/// A (Ann, Shop): Mia's, scored 5 on Thu 05:00; given to Max Fri 00:00, scored 2 on Fri 06:00.
/// B (Bob, Shop): Max's, scored 4 on Fri 02:00. C (Cat, Shop): nobody's, scored 3 on Fri
/// 08:00. E (Eve, Other): nobody's, scored 1 on Fri 09:00. A scored again Sat 02:00: after
/// the period (Thu–Fri).
/// Team: [1, 2, 3, 4, 5] → 5, median 3 (30). Mia: [5] → 1, 50. Max: [2, 4] → 2, 20.
/// Thursday: [5] → 1, 50; Friday: [1, 2, 3, 4] → 4, 20. Shop only: [2, 3, 4, 5] → 4, 30;
/// Other only: [1] → 1, 10.
#[tokio::test]
async fn reviews_count_for_the_manager_scored_on_the_day_they_were_made() {
    let app = app().await;
    let shop = app.add_account("Shop").await;
    let other = app.add_account("Other").await;
    let other_id = other.id;
    let shop_id = shop.id;
    let mia = operator(&app, "Mia", Role::Manager).await;
    let max = operator(&app, "Max", Role::Manager).await;
    let w = Week { app: &app, shop };
    let o = Week {
        app: &app,
        shop: other,
    };
    let review = |id: i64, score: u8| {
        let app = &app;
        async move {
            call(app, "review_conversation")
                .answers(json!({"conversation_id": id, "score": score, "comment": ""}))
                .await;
        }
    };

    let a = w.writes(at(1), "+79000000001").await;
    w.assigns(at(2), a, &mia).await;
    let b = w.writes(at(3), "+79000000002").await;
    w.assigns(at(4), b, &max).await;
    w.to(at(5));
    review(a, 5).await;
    w.assigns(at(24), a, &max).await;
    w.to(at(26));
    review(b, 4).await;
    w.to(at(30));
    review(a, 2).await;
    let c = w.writes(at(31), "+79000000003").await;
    w.to(at(32));
    review(c, 3).await;
    let e = o.writes(at(32).plus_millis(60_000), "+79000000005").await;
    o.to(at(33));
    review(e, 1).await;
    w.to(at(50));
    review(a, 5).await;

    let scores = |f: &Value| json!([f["review_count"], f["review_median_tenths"]]);
    let two_days = period(at(0), at(48));
    let report = call(&app, "report").answers(two_days.clone()).await;
    assert_eq!(scores(&report["team"]), json!([5, 30]));
    assert_eq!(scores(operator_row(&report, "Mia")), json!([1, 50]));
    assert_eq!(scores(operator_row(&report, "Max")), json!([2, 20]));
    assert_eq!(
        scores(&day(&report, "2026-01-01")["figures"]),
        json!([1, 50])
    );
    assert_eq!(
        scores(&day(&report, "2026-01-02")["figures"]),
        json!([4, 20])
    );

    let in_account = |account: i64| {
        let mut filter = two_days.clone();
        filter["account_id"] = json!(account);
        filter
    };
    let shop_only = call(&app, "report").answers(in_account(shop_id)).await;
    assert_eq!(scores(&shop_only["team"]), json!([4, 30]));
    let other_only = call(&app, "report").answers(in_account(other_id)).await;
    assert_eq!(scores(&other_only["team"]), json!([1, 10]));
    assert_eq!(scores(operator_row(&other_only, "Max")), json!([0, null]));

    let his = call(&app, "report")
        .by(Some(max.clone()))
        .answers(two_days.clone())
        .await;
    assert_eq!(scores(&his["team"]), json!([2, 20]), "only his own");
    let hers = call(&app, "report")
        .by(Some(mia.clone()))
        .answers(two_days.clone())
        .await;
    assert_eq!(scores(&hers["team"]), json!([1, 50]));

    // The table's CSV: the same counts, the median as a score.
    let table: switchboard_core::export::ExportTable = serde_json::from_value(
        call(&app, "export_report")
            .answers(json!({"filter": two_days, "kind": "operators"}))
            .await,
    )
    .expect("a table");
    let file = table.csv();
    let text = file.trim_start_matches('\u{feff}');
    let mut lines = text.lines().map(|l| l.split(',').collect::<Vec<_>>());
    let header = lines.next().expect("a header");
    let column = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (count, median, scope, who) = (
        column("review_count"),
        column("review_median"),
        column("scope"),
        column("operator"),
    );
    let rows: Vec<Vec<&str>> = lines.collect();
    let cells = |row: &Vec<&str>| (row[count].to_owned(), row[median].parse::<f64>().ok());
    let team = rows.iter().find(|r| r[scope] == "team").expect("the team");
    assert_eq!(cells(team), ("5".to_owned(), Some(3.0)));
    let max_row = rows.iter().find(|r| r[who] == "Max").expect("Max's row");
    assert_eq!(cells(max_row), ("2".to_owned(), Some(2.0)));
}
