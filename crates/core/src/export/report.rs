//! The report as a table: the operators' (the team first, then one row per operator, every
//! figure) or one row per episode. Durations are seconds as numbers, so a spreadsheet sums and
//! charts them; an absent value (a median of nothing) is an empty cell, never zero.

use std::sync::Arc;

use crate::access::Caller;
use crate::api::Empty;
use crate::engine::Engine;
use crate::error::Result;
use crate::reports::{
    Durations, Episode, ExportKind, Figures, Report, ReportExport, ReportFilter, Stat,
};
use crate::time::Timestamp;

use super::{ExportCell, ExportTable};

/// The duration metrics of [`Figures`], as the columns name them.
const DURATIONS: [&str; 4] = [
    "first_response",
    "first_response_from_assignment",
    "reply_time",
    "resolution",
];

/// The operators' table's columns: who the row is (`scope`: team or operator), then for each
/// duration metric its calendar and business median, p90 (seconds) and count, then the counts.
/// `missed_unassigned` (bursts credited to nobody) is filled on the team's row only.
pub fn operators_columns() -> Vec<String> {
    let mut columns: Vec<String> = ["scope", "operator_id", "operator"]
        .map(String::from)
        .to_vec();
    for metric in DURATIONS {
        for time in ["", "_business"] {
            columns.push(format!("{metric}{time}_median_s"));
            columns.push(format!("{metric}{time}_p90_s"));
            columns.push(format!("{metric}{time}_count"));
        }
    }
    columns.extend(
        [
            "missed",
            "missed_unassigned",
            "handled",
            "resolved",
            "messages_sent",
            "templates_sent",
            "review_count",
            "review_median",
        ]
        .map(String::from),
    );
    columns
}

/// The per-episode export's columns.
pub const EPISODE_COLUMNS: &[&str] = &[
    "conversation_id",
    "contact",
    "account",
    "started_at",
    "resolved_at",
    "resolved_by_id",
    "resolved_by",
    "first_replier_id",
    "first_replier",
    "first_response_s",
    "first_response_business_s",
    "resolution_s",
    "resolution_business_s",
    "missed",
];

/// The operators' table: the team's row, then each operator's. `scope` is a label (`team`,
/// `operator`), the operator an operator, every figure a number.
pub fn operators_table(report: &Report, name: String) -> ExportTable {
    let mut rows = Vec::with_capacity(1 + report.operators.len());
    let team = [
        ExportCell::label("team"),
        ExportCell::Empty,
        ExportCell::Empty,
    ];
    rows.push(
        team.into_iter()
            .chain(figures(&report.team, Some(report.missed_unassigned)))
            .collect(),
    );
    for o in &report.operators {
        let who = [
            ExportCell::label("operator"),
            ExportCell::int(Some(o.operator.id)),
            ExportCell::operator(Some(&o.operator)),
        ];
        rows.push(who.into_iter().chain(figures(&o.figures, None)).collect());
    }
    ExportTable {
        name,
        columns: operators_columns(),
        rows,
    }
}

fn figures(f: &Figures, missed_unassigned: Option<u32>) -> Vec<ExportCell> {
    let mut cells = Vec::new();
    let durations: [&Durations; 4] = [
        &f.first_response,
        &f.first_response_from_assignment,
        &f.reply_time,
        &f.resolution,
    ];
    for d in durations {
        for stat in [&d.calendar, &d.business] {
            cells.extend(stat_cells(stat));
        }
    }
    cells.extend([
        ExportCell::int(Some(f.missed)),
        ExportCell::int(missed_unassigned),
        ExportCell::int(Some(f.handled)),
        ExportCell::int(Some(f.resolved)),
        ExportCell::int(Some(f.messages_sent)),
        ExportCell::int(Some(f.templates_sent)),
        ExportCell::int(Some(f.review_count)),
        ExportCell::decimal(f.review_median_tenths.map(|t| f64::from(t) / 10.0)),
    ]);
    cells
}

fn stat_cells(s: &Stat) -> [ExportCell; 3] {
    [
        ExportCell::int(s.median),
        ExportCell::int(s.p90),
        ExportCell::int(Some(s.count)),
    ]
}

/// One row per episode: its times as instants, its operators as operators.
pub fn episodes_table(episodes: &[Episode], name: String) -> ExportTable {
    let rows = episodes
        .iter()
        .map(|e| {
            vec![
                ExportCell::int(Some(e.conversation_id)),
                ExportCell::text(e.contact.clone()),
                ExportCell::text(e.account.clone()),
                ExportCell::time(Some(e.started_at)),
                ExportCell::time(e.resolved_at),
                ExportCell::int(e.resolved_by.as_ref().map(|o| o.id)),
                ExportCell::operator(e.resolved_by.as_ref()),
                ExportCell::int(e.first_replier.as_ref().map(|o| o.id)),
                ExportCell::operator(e.first_replier.as_ref()),
                ExportCell::int(e.first_response_s),
                ExportCell::int(e.first_response_business_s),
                ExportCell::int(e.resolution_s),
                ExportCell::int(e.resolution_business_s),
                ExportCell::int(Some(e.missed)),
            ]
        })
        .collect();
    ExportTable {
        name,
        columns: EPISODE_COLUMNS.iter().map(|c| (*c).to_owned()).collect(),
        rows,
    }
}

/// `<from>-<to>`: the first and the last day the period covers (`to` is exclusive) in the
/// report's time zone, the stem of the file's name (the UI names the kind in the reader's
/// language around it).
pub fn report_file_stem(filter: &ReportFilter, time_zone: &str) -> String {
    let last = filter.to.plus_millis(-1).max(filter.from);
    format!(
        "{}-{}",
        local_date(filter.from, time_zone),
        local_date(last, time_zone)
    )
}

/// Where a day (`YYYY-MM-DD`) begins in `time_zone`, or where it ends (the next day's
/// midnight) when `end`: how `switchboard report --from/--to` turn days into a period. None
/// when `day` is no date or the zone is unknown.
pub fn day_bound(day: &str, time_zone: &str, end: bool) -> Option<Timestamp> {
    let zone = jiff::tz::TimeZone::get(time_zone).ok()?;
    let day: jiff::civil::Date = day.trim().parse().ok()?;
    let day = if end { day.tomorrow().ok()? } else { day };
    let at = day.to_zoned_datetime(zone).ok()?;
    Some(Timestamp::from_millis(at.timestamp().as_millisecond()))
}

/// The day an instant falls on in `time_zone` (UTC when the zone is unknown).
fn local_date(at: Timestamp, time_zone: &str) -> String {
    let zone = jiff::tz::TimeZone::get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    match jiff::Timestamp::from_millisecond(at.as_millis()) {
        Ok(t) => t.to_zoned_datetime(zone).date().to_string(),
        Err(_) => super::file_date(at),
    }
}

impl Engine {
    /// The report as a table, from the same query path as the screen ([`Engine::report`],
    /// [`Engine::report_episodes`]), audited.
    pub(crate) async fn report_table(
        self: &Arc<Self>,
        who: &Caller,
        req: ReportExport,
    ) -> Result<ExportTable> {
        let table = match req.kind {
            ExportKind::Operators => {
                let report = self.report(who, req.filter.clone()).await?;
                let name = report_file_stem(&report.filter, &report.time_zone);
                operators_table(&report, name)
            }
            ExportKind::Episodes => {
                let episodes = self.report_episodes(who, req.filter.clone()).await?;
                let zone = self
                    .business_hours(who, Empty {})
                    .await?
                    .map_or_else(|| "UTC".to_owned(), |h| h.time_zone);
                episodes_table(&episodes, report_file_stem(&req.filter, &zone))
            }
        };
        self.audit_export(
            who,
            serde_json::json!({
                "what": "report",
                "kind": req.kind,
                "filters": req.filter,
                "name": table.name,
                "rows": table.rows.len(),
            }),
        )
        .await?;
        Ok(table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_bound_periods_in_the_team_s_time_zone() {
        let at = |s| Timestamp::parse_rfc3339(s);
        assert_eq!(
            day_bound("2026-01-31", "UTC", false),
            at("2026-01-31T00:00:00Z")
        );
        assert_eq!(
            day_bound("2026-01-31", "Europe/Moscow", true),
            at("2026-01-31T21:00:00Z"),
            "the last day is included whole"
        );
        assert_eq!(day_bound("2026-02-30", "UTC", false), None);
        assert_eq!(day_bound("31.01.2026", "UTC", false), None);
        assert_eq!(day_bound("2026-01-31", "Mars/Olympus", false), None);
    }

    #[test]
    fn a_report_file_is_stemmed_by_the_days_it_covers() {
        let filter = ReportFilter {
            from: Timestamp::parse_rfc3339("2026-01-01T00:00:00+03:00").expect("a time"),
            to: Timestamp::parse_rfc3339("2026-02-01T00:00:00+03:00").expect("a time"),
            operator_id: None,
            account_id: None,
            tag_id: None,
        };
        assert_eq!(
            report_file_stem(&filter, "Europe/Moscow"),
            "2026-01-01-2026-01-31"
        );
        assert_eq!(report_file_stem(&filter, "UTC"), "2025-12-31-2026-01-31");
    }

    #[test]
    fn the_operators_table_holds_every_figure_as_a_number() {
        let mut team = Figures::default();
        team.first_response.calendar = Stat {
            count: 2,
            median: Some(90),
            p90: Some(-5),
        };
        team.review_median_tenths = Some(45);
        team.missed = 3;
        let report = Report {
            filter: ReportFilter {
                from: Timestamp::from_millis(0),
                to: Timestamp::from_millis(1),
                operator_id: None,
                account_id: None,
                tag_id: None,
            },
            time_zone: "UTC".to_owned(),
            business_hours: false,
            team,
            missed_unassigned: 1,
            operators: vec![crate::reports::OperatorFigures {
                operator: crate::message::OperatorRef {
                    id: 7,
                    name: "=Mia".to_owned(),
                },
                figures: Figures::default(),
            }],
            days: Vec::new(),
        };
        let table = operators_table(&report, "stem".to_owned());
        assert_eq!(table.rows[0][0], ExportCell::label("team"));
        assert_eq!(
            table.rows[1][2],
            ExportCell::Operator {
                operator: report.operators[0].operator.clone()
            }
        );
        assert!(
            table.rows.iter().all(|r| r.len() == table.columns.len()),
            "every row as wide as the columns"
        );
        let csv = table.csv();
        let lines: Vec<&str> = csv
            .trim_start_matches(super::super::BOM)
            .split("\r\n")
            .collect();
        let header: Vec<&str> = lines[0].split(',').collect();
        assert_eq!(header.len(), 3 + 4 * 2 * 3 + 8);
        let team: Vec<&str> = lines[1].split(',').collect();
        let cell = |row: &[&str], name: &str| {
            let i = header.iter().position(|h| *h == name).expect(name);
            row[i].to_owned()
        };
        assert_eq!(cell(&team, "scope"), "team");
        assert_eq!(cell(&team, "first_response_median_s"), "90");
        assert_eq!(
            cell(&team, "first_response_p90_s"),
            "-5",
            "a number, never defused"
        );
        assert_eq!(cell(&team, "first_response_count"), "2");
        assert_eq!(
            cell(&team, "reply_time_median_s"),
            "",
            "no samples: empty, not 0"
        );
        assert_eq!(cell(&team, "missed_unassigned"), "1");
        assert_eq!(cell(&team, "review_median"), "4.5");
        let mia: Vec<&str> = lines[2].split(',').collect();
        assert_eq!(cell(&mia, "operator"), "'=Mia", "a name is text, defused");
        assert_eq!(cell(&mia, "missed_unassigned"), "");
        assert_eq!(lines[3], "", "the file ends with CRLF");
    }
}
