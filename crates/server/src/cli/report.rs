//! `switchboard report`: the team's figures for a period, as the Reports screen computes them
//! (one query path): JSON, or the export's table as English CSV (the column keys as its header,
//! times in UTC), or a short summary.
//! Run on the data directory as this computer's own operator (a supervisor).

use std::sync::Arc;

use clap::Args;
use switchboard_core::access::Caller;
use switchboard_core::api::Empty;
use switchboard_core::auth::said as auth_said;
use switchboard_core::export::{day_bound, episodes_table};
use switchboard_core::phrase::core as core_said;
use switchboard_core::reports::{ExportKind, Figures, Report, ReportExport, ReportFilter, Stat};
use switchboard_core::time::Timestamp;
use switchboard_core::{Engine, Error, Phrase};

use super::print_json;

#[derive(Args)]
pub(super) struct ReportArgs {
    /// The period's first day (YYYY-MM-DD, from its midnight in the team's time zone) or
    /// instant (RFC 3339).
    #[arg(long, value_parser = parse_when)]
    from: When,
    /// The period's last day, included whole (YYYY-MM-DD), or the instant it ends before
    /// (RFC 3339).
    #[arg(long, value_parser = parse_when)]
    to: When,
    /// Only this operator's figures: their login or id.
    #[arg(long)]
    operator: Option<String>,
    /// Only this account's conversations: its name or id.
    #[arg(long)]
    account: Option<String>,
    /// The report as JSON.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// The report as CSV, the Reports screen's export in English (UTF-8 with a byte-order
    /// mark, CRLF line ends, seconds as numbers, times in UTC); audited as an export.
    #[arg(long)]
    csv: bool,
    /// One row per episode instead of the operators' table.
    #[arg(long)]
    episodes: bool,
}

/// A `--from`/`--to` as written: a day (`YYYY-MM-DD`) in the team's time zone, or an instant.
#[derive(Clone, Debug)]
pub(super) enum When {
    Day(String),
    Instant(Timestamp),
}

fn parse_when(s: &str) -> Result<When, String> {
    let s = s.trim();
    if let Some(t) = Timestamp::parse_rfc3339(s) {
        return Ok(When::Instant(t));
    }
    if s.len() == 10 && day_bound(s, "UTC", false).is_some() {
        return Ok(When::Day(s.to_owned()));
    }
    Err(format!(
        "'{s}' is neither a date (2026-01-31) nor a time with its offset \
         (2026-01-31T09:00:00+03:00)"
    ))
}

impl When {
    /// The instant this stands for in `zone`: a day's midnight, or the day after's when it
    /// ends a period (`--to 2026-01-31` includes the 31st).
    fn instant(&self, time_zone: &str, end: bool) -> Result<Timestamp, Error> {
        match self {
            When::Instant(t) => Ok(*t),
            When::Day(day) => day_bound(day, time_zone, end).ok_or_else(|| {
                Error::BadRequest(Phrase::verbatim(format!(
                    "cannot place {day} in the team's time zone '{time_zone}'"
                )))
            }),
        }
    }
}

pub(super) async fn report(engine: &Arc<Engine>, args: ReportArgs) -> Result<(), Error> {
    let me = Caller::local();
    let zone = engine
        .business_hours(&me, Empty {})
        .await?
        .map_or_else(|| "UTC".to_owned(), |hours| hours.time_zone);
    let filter = ReportFilter {
        from: args.from.instant(&zone, false)?,
        to: args.to.instant(&zone, true)?,
        operator_id: match &args.operator {
            Some(o) => Some(operator_id(engine, o).await?),
            None => None,
        },
        account_id: match &args.account {
            Some(a) => Some(account_id(engine, a).await?),
            None => None,
        },
        tag_id: None,
    };
    if args.csv {
        let kind = if args.episodes {
            ExportKind::Episodes
        } else {
            ExportKind::Operators
        };
        let table = engine
            .export_report(&me, ReportExport { filter, kind })
            .await?;
        // The CSV ends its own lines.
        print!("{}", table.csv());
    } else if args.episodes {
        let episodes = engine.report_episodes(&me, filter).await?;
        if args.json {
            print_json(&episodes)?;
        } else {
            let table = episodes_table(&episodes, String::new());
            print!("{}", table.csv());
        }
    } else {
        let report = engine.report(&me, filter).await?;
        if args.json {
            print_json(&report)?;
        } else {
            summary(&report);
        }
    }
    Ok(())
}

/// A few figures per row, for a glance at a terminal (`--json` and `--csv` have them all).
fn summary(report: &Report) {
    println!(
        "{} – {} ({}{})",
        report.filter.from.rfc3339(),
        report.filter.to.rfc3339(),
        report.time_zone,
        if report.business_hours {
            ", business hours"
        } else {
            ""
        }
    );
    println!(
        "{:<24} {:>8} {:>8} {:>8} {:>14} {:>14}",
        "", "handled", "resolved", "missed", "first resp. ½", "reply time ½"
    );
    let row = |who: &str, f: &Figures| {
        println!(
            "{who:<24} {:>8} {:>8} {:>8} {:>14} {:>14}",
            f.handled,
            f.resolved,
            f.missed,
            median(&f.first_response.calendar),
            median(&f.reply_time.calendar),
        );
    };
    row("team", &report.team);
    for o in &report.operators {
        row(&o.operator.name, &o.figures);
    }
}

fn median(s: &Stat) -> String {
    s.median
        .map_or_else(|| "—".to_owned(), |m| format!("{m} s"))
}

/// An operator by id or login (whatever its case).
async fn operator_id(engine: &Arc<Engine>, wanted: &str) -> Result<i64, Error> {
    let wanted = wanted.trim();
    let operators = engine.list_operators(&Caller::local(), Empty {}).await?;
    let by_id = wanted.parse::<i64>().ok();
    operators
        .iter()
        .find(|o| Some(o.id) == by_id)
        .or_else(|| {
            operators.iter().find(|o| {
                o.login
                    .as_deref()
                    .is_some_and(|l| l.eq_ignore_ascii_case(wanted))
            })
        })
        .map(|o| o.id)
        .ok_or_else(|| Error::NotFound(auth_said::LOGIN_NOT_FOUND.with("login", wanted)))
}

/// An account by id or name.
async fn account_id(engine: &Arc<Engine>, wanted: &str) -> Result<i64, Error> {
    if let Ok(id) = wanted.trim().parse::<i64>() {
        let accounts = engine.list_accounts(&Caller::local(), Empty {}).await?;
        return accounts
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.id)
            .ok_or_else(|| Error::NotFound(core_said::ACCOUNT_NOT_FOUND.with("id", id)));
    }
    Ok(engine.account_by_name(wanted).await?.id)
}
