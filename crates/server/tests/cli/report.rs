//! `switchboard report`: the team's figures for a period from the data directory, as JSON or
//! as the Reports screen's export table in English CSV (column keys, times in UTC); periods
//! given as days (the last one included) or instants.

use crate::harness::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_period_that_is_no_date_is_refused_saying_what_a_date_looks_like() {
    let env = Env::new();
    for (from, to) in [
        ("31.01.2026", "2026-01-31"),
        ("2026-01-01", "2026-02-30"),
        ("yesterday", "2026-01-31"),
        ("2026-01-01", "2026-01-31T09:00:00"),
    ] {
        let out = env.cli(&["report", "--from", from, "--to", to, "--json"]);
        assert!(!out.success(), "{from}..{to} is refused: {out:#?}");
        assert!(
            out.stderr
                .contains("is neither a date (2026-01-31) nor a time"),
            "it says what a date looks like: {out:#?}"
        );
        assert!(
            out.stdout.is_empty(),
            "nothing printed as if it were a report"
        );
    }
    let out = env.cli(&["report", "--to", "2026-01-31", "--json"]);
    assert!(!out.success() && out.stderr.contains("--from"), "{out:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_is_the_report_of_the_days_asked_for() {
    let env = Env::new();
    let report = env.json(&[
        "report",
        "--from",
        "2026-01-01",
        "--to",
        "2026-01-31",
        "--json",
    ]);
    assert_eq!(report["filter"]["from"], "2026-01-01T00:00:00Z");
    assert_eq!(
        report["filter"]["to"], "2026-02-01T00:00:00Z",
        "the last day is included whole (no schedule: days in UTC)"
    );
    assert!(report["team"].is_object(), "{report:#}");
    let exact = env.json(&[
        "report",
        "--from",
        "2026-01-01T09:00:00+03:00",
        "--to",
        "2026-01-01T18:00:00+03:00",
        "--json",
    ]);
    assert_eq!(exact["filter"]["from"], "2026-01-01T06:00:00Z");
    assert_eq!(exact["filter"]["to"], "2026-01-01T15:00:00Z");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_is_the_screen_s_export_table_in_english() {
    let env = Env::new();
    let out = env
        .cli(&[
            "report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-31",
            "--csv",
        ])
        .ok();
    let body = out
        .stdout
        .strip_prefix('\u{feff}')
        .unwrap_or_else(|| panic!("the export's byte-order mark: {out:#?}"));
    assert!(
        body.starts_with("scope,operator_id,operator,first_response_median_s,"),
        "the operators' table's header: {out:#?}"
    );
    let lines: Vec<&str> = body.split("\r\n").collect();
    assert!(lines[1].starts_with("team,,,"), "the team's row: {out:#?}");

    let episodes = env
        .cli(&[
            "report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-31",
            "--csv",
            "--episodes",
        ])
        .ok();
    assert!(
        episodes
            .stdout
            .starts_with("\u{feff}conversation_id,contact,account,started_at,"),
        "{episodes:#?}"
    );

    let unknown = env.cli(&[
        "report",
        "--from",
        "2026-01-01",
        "--to",
        "2026-01-31",
        "--csv",
        "--operator",
        "nobody",
    ]);
    assert!(
        !unknown.success() && unknown.stderr.contains("nobody"),
        "an unknown operator is named: {unknown:#?}"
    );
}
