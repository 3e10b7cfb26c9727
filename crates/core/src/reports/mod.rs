//! How the team performs, computed from the stored facts at query time, one way: episodes,
//! first response, reply time, resolution, missed bursts and workload, per operator and day,
//! in calendar time and in the team's business hours (applied when asked, so changing the
//! schedule recomputes the past). Statistics are median, p90 and count — never a mean of
//! means. The cards, the table, the chart, the drill-down and the CSV all come from
//! [`Engine::report`]'s one query path.

pub mod metrics;
pub mod schedule;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::{Caller, Reader};
use crate::conversation::Conversation;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::message::OperatorRef;
use crate::operator::Role;
use crate::store::Db;
use crate::time::Timestamp;

use metrics::{Calendar, EpisodeRow, Measure, Outcome, Totals};

pub use schedule::{BusinessHours, DayHours, Interval, SetBusinessHours};

/// What reports say to people.
pub mod said {
    crate::phrases! {
        PERIOD_EMPTY = "reports.period_empty": "The period must end after it starts";
        PERIOD_TOO_LONG = "reports.period_too_long": "A report covers at most {days} days";
    }
}

/// The longest period a report covers.
pub const MAX_PERIOD_DAYS: i64 = 400;

/// The most conversations a drill-down answers (those whose counted item is newest).
pub const MAX_DRILL: usize = 500;

/// Conversations read and folded at a time: their messages and facts, then the next batch.
const BATCH: usize = 500;

/// The most readers one report folds on at once (see [`folders`]).
const MAX_FOLDERS: usize = crate::store::MAX_READERS / 2;

const DAY_MS: i64 = 24 * 3600 * 1000;

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

/// The figures of the team, of an operator, or of a day. Each span counts in the period and
/// on the day in which it ends (see [`metrics`] for every choice); an operator's figures are
/// what is credited to them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Figures {
    /// Per episode (from a customer message with no episode open — the conversation's first,
    /// or the first after a resolution — to its resolution), from its first customer message
    /// to the first operator reply; credited to the replier, counted when the reply was sent.
    pub first_response: Durations,
    /// The same replies, from when the conversation was assigned to the replier (or the
    /// episode's start, if later); none when the replier was not its assignee then.
    pub first_response_from_assignment: Durations,
    /// Per customer burst (customer messages with no operator reply between), from its first
    /// message to the next operator reply; credited to the replier, counted when sent.
    pub reply_time: Durations,
    /// Per resolved episode, start to resolution minus the time it was pending or snoozed;
    /// credited to whoever resolved it, counted when resolved.
    pub resolution: Durations,
    /// Bursts with no reply before their 24-hour window closed (24 hours after the burst's last
    /// message; counted then) or still unanswered at the period's end (counted on its last
    /// instant); credited to the assignee at that time. A resolution ends a burst unmissed.
    /// The team's count includes the unassigned ones ([`Report::missed_unassigned`]).
    pub missed: u32,
    /// Conversations with an operator reply in the period: each once for the team, once per
    /// operator who replied, once per day someone did (so operators' or days' sums may exceed
    /// the team's).
    pub handled: u32,
    /// Episodes resolved in the period (the count of `resolution`), credited to the resolver.
    pub resolved: u32,
    /// Messages operators sent, templates included (automation is not an operator).
    pub messages_sent: u32,
    /// Of which templates.
    pub templates_sent: u32,
    /// Quality-control scores (1–5) given in the period (by when the review was made; on the
    /// day it was made), credited to the manager whose work was scored (the conversation's
    /// assignee when it was reviewed); a conversation scored again counts again.
    pub review_count: u32,
    /// The median score by nearest rank (the ⌈n/2⌉-th smallest, as the other statistics), in
    /// tenths (4 → 40), when there are scores.
    pub review_median_tenths: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OperatorFigures {
    pub operator: OperatorRef,
    pub figures: Figures,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DayFigures {
    /// The day in the schedule's time zone (UTC without one), `YYYY-MM-DD`; every day of the
    /// period is listed, quiet ones too.
    pub day: String,
    /// Customer messages that day (for one operator: to conversations assigned to them then).
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
    /// Everyone's figures, or the one operator's asked for.
    pub team: Figures,
    /// Missed bursts whose conversation had no assignee then: credited to nobody (included in
    /// the team's `missed`; 0 when one operator is asked for).
    pub missed_unassigned: u32,
    /// Each active operator who can be assigned (and anyone else credited with something), by
    /// name; only the one asked for.
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

/// One episode, as the per-episode export has it (seconds as numbers): every episode resolved in
/// the period, and every one still open at its end that had a customer message, a reply or a
/// missed burst in it; for one operator, those with something credited to them in the period.
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
    /// Its bursts missed in the period (for one operator: credited to them).
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

impl Engine {
    /// The figures for a period and filters: a manager gets only their own.
    pub async fn report(&self, who: &Caller, req: ReportFilter) -> Result<Report> {
        let filter = self.report_filter(who, req).await?;
        let calendar = self.report_calendar().await?;
        let only = filter.operator_id;
        let totals: Totals = self
            .fold_period(&filter, &calendar, move |t: &mut Totals, _, out, cal| {
                t.add(&out.items, only, cal)
            })
            .await?;
        let operators = self.db.read(Db::report_operators).await?;
        let Totals {
            team,
            operators: mut per_operator,
            mut days,
            missed_unassigned,
        } = totals;
        let operators = operators
            .into_iter()
            .filter_map(|(id, name, listed)| {
                let tally = per_operator.remove(&id);
                let shown = match only {
                    Some(only) => id == only,
                    None => listed || tally.is_some(),
                };
                shown.then(|| OperatorFigures {
                    operator: OperatorRef { id, name },
                    figures: tally.unwrap_or_default().figures(),
                })
            })
            .collect();
        let days = calendar
            .days(filter.from, filter.to)
            .into_iter()
            .map(|day| {
                let tally = days.remove(&day).unwrap_or_default();
                DayFigures {
                    incoming: tally.incoming(),
                    figures: tally.figures(),
                    day,
                }
            })
            .collect();
        Ok(Report {
            time_zone: calendar.time_zone(),
            business_hours: calendar.schedule.is_some(),
            team: team.figures(),
            missed_unassigned,
            operators,
            days,
            filter,
        })
    }

    /// The conversations behind one number of the report: those with an item of that metric
    /// counted under the same filter, the caller may see, newest item first (at most
    /// [`MAX_DRILL`]).
    pub async fn report_conversations(
        &self,
        who: &Caller,
        req: ReportDrill,
    ) -> Result<Vec<Conversation>> {
        let filter = self.report_filter(who, req.filter).await?;
        let calendar = self.report_calendar().await?;
        let (only, metric) = (filter.operator_id, req.metric);
        let wanted = move |m: Measure| match metric {
            Metric::FirstResponse => m == Measure::FirstResponse,
            Metric::ReplyTime => m == Measure::Reply,
            Metric::Resolution | Metric::Resolved => m == Measure::Resolution,
            Metric::Missed => m == Measure::Missed,
            Metric::Handled => m == Measure::Handled,
        };
        let mut found: Vec<(Timestamp, i64)> = self
            .fold_period(&filter, &calendar, move |found: &mut Vec<_>, id, out, _| {
                let newest = out
                    .items
                    .iter()
                    .filter(|i| wanted(i.measure) && (only.is_none() || i.operator == only))
                    .map(|i| i.at)
                    .max();
                if let Some(at) = newest {
                    found.push((at, id));
                }
            })
            .await?;
        found.sort_unstable_by(|a, b| b.cmp(a));
        let scope = self.scope(who);
        let reader = Reader::of(&who.operator);
        self.db
            .read(move |c| {
                let ids: Vec<i64> = found.into_iter().map(|(_, id)| id).collect();
                let mut out = Vec::new();
                // A drill-down's worth at a time: more only when some were not the caller's.
                for batch in ids.chunks(MAX_DRILL) {
                    let seen = Db::conversations_for(c, batch, reader)?
                        .into_iter()
                        .filter(|cv| scope.sees(cv.assignee.as_ref().map(|a| a.id)));
                    out.extend(seen.take(MAX_DRILL - out.len()));
                    if out.len() == MAX_DRILL {
                        break;
                    }
                }
                Ok(out)
            })
            .await
            .map_err(Error::from)
    }

    /// One row per episode in the period, as the export has them (oldest start first).
    pub async fn report_episodes(&self, who: &Caller, req: ReportFilter) -> Result<Vec<Episode>> {
        let filter = self.report_filter(who, req).await?;
        let calendar = self.report_calendar().await?;
        let only = filter.operator_id;
        let rows: Vec<(i64, EpisodeRow)> = self
            .fold_period(&filter, &calendar, move |rows: &mut Vec<_>, id, out, _| {
                rows.extend(
                    out.episodes
                        .into_iter()
                        .filter(|e| only.is_none_or(|o| e.credited.contains(&o)))
                        .map(|e| (id, e)),
                );
            })
            .await?;
        let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
        let (names, operators) = self
            .db
            .read(move |c| {
                let mut names = HashMap::new();
                for batch in ids.chunks(BATCH) {
                    names.extend(Db::report_names(c, batch)?);
                }
                Ok((names, Db::report_operators(c)?))
            })
            .await?;
        let operators: HashMap<i64, String> = operators
            .into_iter()
            .map(|(id, name, _)| (id, name))
            .collect();
        let named = |id: i64| OperatorRef {
            id,
            name: operators.get(&id).cloned().unwrap_or_default(),
        };
        let seconds = |ms: i64| ms.div_euclid(1000);
        let mut episodes: Vec<Episode> = rows
            .into_iter()
            .map(|(id, e)| {
                let (contact, account) = names.get(&id).cloned().unwrap_or_default();
                Episode {
                    conversation_id: id,
                    contact,
                    account,
                    started_at: e.started_at,
                    resolved_at: e.resolved_at,
                    resolved_by: e.resolved_by.map(named),
                    first_replier: e.first_response.map(|(op, _, _)| named(op)),
                    first_response_s: e.first_response.map(|(_, c, _)| seconds(c)),
                    first_response_business_s: e.first_response.map(|(_, _, b)| seconds(b)),
                    resolution_s: e.resolution.map(|(c, _)| seconds(c)),
                    resolution_business_s: e.resolution.map(|(_, b)| seconds(b)),
                    missed: e
                        .missed
                        .iter()
                        .filter(|whose| only.is_none() || **whose == only)
                        .count()
                        .try_into()
                        .unwrap_or(u32::MAX),
                }
            })
            .collect();
        episodes.sort_by_key(|e| (e.started_at, e.conversation_id));
        Ok(episodes)
    }

    /// The report as a table to save: the operators' or one row per episode (audited). Made
    /// by crate::export from [`Engine::report`] and [`Engine::report_episodes`]: one query path.
    pub async fn export_report(
        self: &Arc<Self>,
        who: &Caller,
        req: ReportExport,
    ) -> Result<crate::export::ExportTable> {
        self.report_table(who, req).await
    }
}

impl Engine {
    /// The filter a caller's report is computed with: a real period of at most
    /// [`MAX_PERIOD_DAYS`], a manager's own figures whatever they asked, and the operator,
    /// account and tag asked for existing.
    async fn report_filter(&self, who: &Caller, mut filter: ReportFilter) -> Result<ReportFilter> {
        if filter.to <= filter.from {
            return Err(Error::BadRequest(said::PERIOD_EMPTY.phrase()));
        }
        if filter.to.millis_since(filter.from) > MAX_PERIOD_DAYS * DAY_MS {
            return Err(Error::BadRequest(
                said::PERIOD_TOO_LONG.with("days", MAX_PERIOD_DAYS),
            ));
        }
        if who.role() == Role::Manager {
            filter.operator_id = Some(who.id());
        }
        let (operator, account, tag) = (filter.operator_id, filter.account_id, filter.tag_id);
        let missing = self
            .db
            .read(move |c| {
                if let Some(id) = operator
                    && Db::operator_by_id(c, id)?.is_none()
                {
                    return Ok(Some(crate::phrase::core::OPERATOR_NOT_FOUND.with("id", id)));
                }
                if let Some(id) = account
                    && Db::account_by_id(c, id)?.is_none()
                {
                    return Ok(Some(crate::phrase::core::ACCOUNT_NOT_FOUND.with("id", id)));
                }
                if let Some(id) = tag
                    && Db::tag(c, id)?.is_none()
                {
                    return Ok(Some(crate::tags::said::NOT_FOUND.phrase()));
                }
                Ok(None)
            })
            .await?;
        match missing {
            Some(phrase) => Err(Error::NotFound(phrase)),
            None => Ok(filter),
        }
    }

    /// The team's business hours as a checked schedule, or calendar time only.
    async fn report_calendar(&self) -> Result<Calendar> {
        Ok(Calendar {
            schedule: self.schedule().await?,
        })
    }

    /// The one query path: every conversation that may have something in the period (of the
    /// filter's account and tag), read and folded a batch at a time — their messages and facts
    /// never all in memory at once — each conversation's [`Outcome`] handed to `reduce` with
    /// its id. The batches are shared out among a few readers working at once (a batch to
    /// whichever is free), each gathering its own [`Share`]; the shares are merged at the end.
    async fn fold_period<S, F>(
        &self,
        filter: &ReportFilter,
        calendar: &Calendar,
        reduce: F,
    ) -> Result<S>
    where
        S: Share,
        F: Fn(&mut S, i64, Outcome, &Calendar) + Send + Sync + 'static,
    {
        let (from, to) = (filter.from, filter.to);
        let (operator, account, tag) = (filter.operator_id, filter.account_id, filter.tag_id);
        let since = from.plus_millis(-metrics::WINDOW_MS);
        let ids = self
            .db
            .read(move |c| Db::report_candidates(c, since, to, operator, account, tag))
            .await?;
        let batches = ids.len().div_ceil(BATCH);
        let ids: Arc<[i64]> = ids.into();
        let next = Arc::new(AtomicUsize::new(0));
        let work = Arc::new((calendar.clone(), reduce));
        let now = self.now();
        let mut readers = tokio::task::JoinSet::new();
        for _ in 0..folders().min(batches) {
            let (db, ids, next, work) = (self.db.clone(), ids.clone(), next.clone(), work.clone());
            readers.spawn(async move {
                db.read(move |c| {
                    let (calendar, reduce) = &*work;
                    let mut share = S::default();
                    loop {
                        let start = next.fetch_add(1, Ordering::Relaxed) * BATCH;
                        let Some(batch) = ids.get(start..ids.len().min(start + BATCH)) else {
                            return Ok(share);
                        };
                        let mut timelines = Db::report_timelines(c, batch, from, to)?;
                        for id in batch {
                            let Some(steps) = timelines.remove(id) else {
                                continue;
                            };
                            let outcome = metrics::fold(&steps, from, to, now, calendar);
                            reduce(&mut share, *id, outcome, calendar);
                        }
                    }
                })
                .await
            });
        }
        let mut gathered = S::default();
        while let Some(share) = readers.join_next().await {
            gathered.merge(share.map_err(Error::internal)??);
        }
        Ok(gathered)
    }
}

/// What a period's fold gathers: each reader gathers a share of the conversations, and the
/// shares are merged (so nothing gathered may depend on the order conversations come in).
trait Share: Default + Send + 'static {
    fn merge(&mut self, other: Self);
}

impl<T: Send + 'static> Share for Vec<T> {
    fn merge(&mut self, other: Self) {
        self.extend(other);
    }
}

impl Share for Totals {
    fn merge(&mut self, other: Self) {
        Totals::merge(self, other);
    }
}

/// How many readers fold a period at once: one per core, at most [`MAX_FOLDERS`] (half the
/// store's readers, so one report leaves the others room).
fn folders() -> usize {
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, MAX_FOLDERS)
}
