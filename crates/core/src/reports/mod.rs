//! How the team performs, computed from the stored facts at query time, one way: episodes,
//! first response, reply time, resolution, missed bursts and workload, per operator and day,
//! in calendar time and in the team's business hours (applied when asked, so changing the
//! schedule recomputes the past). Statistics are median, p90 and count — never a mean of
//! means. The cards, the table, the chart, the drill-down and the CSV all come from
//! [`Engine::report`]'s one query path.

pub mod schedule;

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::Caller;
use crate::conversation::Conversation;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::message::OperatorRef;
use crate::time::Timestamp;

pub use schedule::{BusinessHours, DayHours, Interval, SetBusinessHours};

/// What reports say to people.
pub mod said {
    crate::phrases! {}
}

/// Which facts a report covers: a period (from inclusive, to exclusive) and optional filters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportFilter {
    pub from: Timestamp,
    pub to: Timestamp,
    /// One operator's figures (a manager always gets their own, whatever is asked).
    #[serde(default)]
    #[ts(optional)]
    pub operator_id: Option<i64>,
    #[serde(default)]
    #[ts(optional)]
    pub account_id: Option<i64>,
    #[serde(default)]
    #[ts(optional)]
    pub tag_id: Option<i64>,
}

/// A distribution of durations, in seconds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Stat {
    pub count: u32,
    pub median: Option<i64>,
    pub p90: Option<i64>,
}

/// One duration metric in calendar time and in business time (calendar when the team has no
/// schedule: never zero for want of one).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Durations {
    pub calendar: Stat,
    pub business: Stat,
}

/// The figures of the team, of an operator, or of a day.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Figures {
    /// Per episode, from its first customer message to the first operator reply.
    pub first_response: Durations,
    /// Per episode, from when it was assigned to the replier to their first reply.
    pub first_response_from_assignment: Durations,
    /// Per customer burst, from its first message to the next operator reply.
    pub reply_time: Durations,
    /// Per resolved episode, start to resolution minus time pending or snoozed.
    pub resolution: Durations,
    /// Bursts with no reply before the 24-hour window closed or the period ended.
    pub missed: u32,
    /// Conversations that had an operator reply in the period.
    pub handled: u32,
    /// Episodes resolved in the period.
    pub resolved: u32,
    pub messages_sent: u32,
    pub templates_sent: u32,
    /// Quality-control scores (1–5) of conversations in the period.
    pub review_count: u32,
    /// The median score, in tenths (4.5 → 45), when there are scores.
    pub review_median_tenths: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OperatorFigures {
    pub operator: OperatorRef,
    pub figures: Figures,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DayFigures {
    /// The day in the schedule's time zone (UTC without one), `YYYY-MM-DD`.
    pub day: String,
    /// Customer messages that day.
    pub incoming: u32,
    pub figures: Figures,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Report {
    pub filter: ReportFilter,
    /// The time zone days are counted in.
    pub time_zone: String,
    /// Whether a business-hours schedule was applied (business figures equal calendar ones
    /// otherwise).
    pub business_hours: bool,
    pub team: Figures,
    /// Missed bursts whose conversation had no assignee then: credited to nobody.
    pub missed_unassigned: u32,
    pub operators: Vec<OperatorFigures>,
    pub days: Vec<DayFigures>,
}

/// The number behind which conversations are asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    FirstResponse,
    ReplyTime,
    Resolution,
    Missed,
    Handled,
    Resolved,
}

/// The conversations behind a number of the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportDrill {
    pub filter: ReportFilter,
    pub metric: Metric,
}

/// One episode, as the per-episode export has it (seconds as numbers).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Episode {
    pub conversation_id: i64,
    pub contact: String,
    pub account: String,
    pub started_at: Timestamp,
    pub resolved_at: Option<Timestamp>,
    pub resolved_by: Option<OperatorRef>,
    pub first_replier: Option<OperatorRef>,
    pub first_response_s: Option<i64>,
    pub first_response_business_s: Option<i64>,
    pub resolution_s: Option<i64>,
    pub resolution_business_s: Option<i64>,
    pub missed: u32,
}

/// What a report export holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    /// The table: one row per operator (and the team).
    Operators,
    /// One row per episode.
    Episodes,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportExport {
    pub filter: ReportFilter,
    pub kind: ExportKind,
}

/// A file for the caller to save.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportFile {
    pub name: String,
    pub mime: String,
    /// The text (CSV: UTF-8 with a byte-order mark, so spreadsheets read Cyrillic right).
    pub text: String,
}

impl Engine {
    /// The figures for a period and filters: a manager gets only their own.
    pub async fn report(&self, _who: &Caller, _req: ReportFilter) -> Result<Report> {
        Err(Error::internal("report is being built"))
    }

    /// The conversations behind one number of the report.
    pub async fn report_conversations(
        &self,
        _who: &Caller,
        _req: ReportDrill,
    ) -> Result<Vec<Conversation>> {
        Err(Error::internal("report_conversations is being built"))
    }

    /// One row per episode in the period, as the export has them.
    pub async fn report_episodes(&self, _who: &Caller, _req: ReportFilter) -> Result<Vec<Episode>> {
        Err(Error::internal("report_episodes is being built"))
    }

    /// The report as CSV: the operators' table or one row per episode (audited).
    pub async fn export_report(
        self: &Arc<Self>,
        _who: &Caller,
        _req: ReportExport,
    ) -> Result<ExportFile> {
        Err(Error::internal("export_report is being built"))
    }
}
