//! The one computation behind every report figure: a conversation's timeline (its customer
//! messages, operators' replies and the facts of its handling, oldest first) folded into
//! [`Item`]s — one per measured span or counted thing, each with the instant it belongs to
//! the period by and whom it is credited to — and [`EpisodeRow`]s. The cards, the table, the
//! chart, the drill-down and the per-episode rows are all reductions of these.
//!
//! Choices the issue leaves open, made here once:
//! - A span belongs to the period (and the day) in which it **ends**: a first response or a
//!   reply time by the reply, a resolution by the resolution, a missed burst by when its
//!   24-hour window closed. A burst still unanswered when the period ends (its window not yet
//!   closed) is missed on the period's last instant, credited to the assignee then; if it is
//!   answered or its window closes later, a later period counts that too.
//! - A burst's window closes 24 hours after its **last** customer message (the gateways'
//!   customer-service window). After a window closed unanswered, the customer's next message
//!   starts a new burst (a missed burst never also yields a reply time).
//! - A resolution ends the open burst without a reply: neither a reply time nor missed (a
//!   "thanks!" resolved without an answer is not a missed customer).
//! - An episode starts with a customer message; a resolution while no episode is open (an
//!   outreach resolved before the customer wrote) ends nothing and is not counted.
//! - Replies are operators' outgoing messages (a template too), whatever the gateway later
//!   said of their delivery; messages without an operator (automation) and notes never are.
//! - First response "from assignment" counts from the later of the episode's start and the
//!   replier's current assignment; none when the replier was not the assignee.
//! - Time pending or snoozed runs from the status change to the next change of status, a
//!   reopen or a wake, clipped to the episode.
//! - A review's score counts when it was made (its day too), for the manager whose work was
//!   scored (the assignee when it was made; with none, the team's only); a score given again
//!   counts again. Its median is by nearest rank like the other statistics, in tenths (so a
//!   whole score: 4 → 40). A review changes nothing else (no episode, burst or window).

use crate::time::Timestamp;

use super::schedule::Schedule;

mod totals;

pub use totals::{Tally, Totals, median_tenths, stat};

/// How long a customer's last message keeps the gateway's window open.
pub const WINDOW_MS: i64 = 24 * 3600 * 1000;

const DAY_MS: i64 = 24 * 3600 * 1000;

/// Something in a conversation's timeline a figure depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Happening {
    CustomerWrote,
    /// An operator's outgoing message.
    Replied {
        operator_id: i64,
        template: bool,
    },
    Assigned {
        operator_id: i64,
    },
    Unassigned,
    /// Set pending or snoozed.
    Paused,
    /// Set open, reopened by the customer, or woken from a snooze.
    Resumed,
    Resolved {
        by: Option<i64>,
    },
    /// A quality-control score (1–5) of whose work it was (none: nobody's then).
    Reviewed {
        manager_id: Option<i64>,
        score: u8,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub at: Timestamp,
    pub what: Happening,
}

/// Which days and how much working time: the team's schedule, or UTC calendar days.
#[derive(Clone, Debug)]
pub struct Calendar {
    pub schedule: Option<Schedule>,
}

impl Calendar {
    /// Working milliseconds in a span (the calendar's without a schedule).
    pub fn business(&self, from: Timestamp, to: Timestamp) -> i64 {
        match &self.schedule {
            Some(s) => s.business_millis(from, to),
            None => to.millis_since(from).max(0),
        }
    }

    /// The day an instant falls on, `YYYY-MM-DD`.
    pub fn day(&self, at: Timestamp) -> String {
        match &self.schedule {
            Some(s) => s.day(at),
            None => jiff::Timestamp::from_millisecond(at.as_millis())
                .map(|t| {
                    t.to_zoned_datetime(jiff::tz::TimeZone::UTC)
                        .date()
                        .to_string()
                })
                .unwrap_or_default(),
        }
    }

    pub fn time_zone(&self) -> String {
        self.schedule
            .as_ref()
            .map_or_else(|| "UTC".to_owned(), |s| s.time_zone().to_owned())
    }

    /// Every day from the one `from` falls on to the one just before `to`.
    pub fn days(&self, from: Timestamp, to: Timestamp) -> Vec<String> {
        let mut days: Vec<String> = Vec::new();
        let mut at = from;
        // An hour's steps never skip a local day (the shortest is 23 hours).
        while at < to {
            let day = self.day(at);
            if days.last() != Some(&day) {
                days.push(day);
            }
            at = at.plus_millis(3_600_000);
        }
        if to > from {
            let last = self.day(to.plus_millis(-1));
            if days.last() != Some(&last) {
                days.push(last);
            }
        }
        days
    }
}

/// What an [`Item`] measures or counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    FirstResponse,
    FromAssignment,
    Reply,
    Resolution,
    Missed,
    /// The operator replied in the conversation that day (counted once per conversation).
    Handled,
    Sent {
        template: bool,
    },
    /// A customer message (credited to the assignee then, for an operator's chart).
    Incoming,
    /// A review's score, credited to the manager scored.
    Review {
        score: u8,
    },
}

/// One measured span or counted thing of a conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    pub measure: Measure,
    /// When it belongs to a period and a day: when the span ended.
    pub at: Timestamp,
    /// Whom it is credited to; none: nobody (a missed burst with no assignee).
    pub operator: Option<i64>,
    pub calendar_ms: i64,
    pub business_ms: i64,
}

/// An episode seen in the period, as the per-episode rows have it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EpisodeRow {
    pub started_at: Timestamp,
    pub resolved_at: Option<Timestamp>,
    pub resolved_by: Option<i64>,
    /// The first reply: who, calendar and business milliseconds.
    pub first_response: Option<(i64, i64, i64)>,
    /// Calendar and business milliseconds, pauses taken out.
    pub resolution: Option<(i64, i64)>,
    /// Its bursts missed within the period, each by whom (none: unassigned then).
    pub missed: Vec<Option<i64>>,
    /// Operators credited with something of it within the period.
    pub credited: Vec<i64>,
}

/// A conversation's figures: items within the period and its episodes seen in it.
#[derive(Debug, Default)]
pub struct Outcome {
    pub items: Vec<Item>,
    pub episodes: Vec<EpisodeRow>,
}

struct Episode {
    start: Timestamp,
    replied: bool,
    first_response: Option<(i64, i64, i64)>,
    paused_since: Option<Timestamp>,
    pauses: Vec<(Timestamp, Timestamp)>,
    missed: Vec<Option<i64>>,
    credited: Vec<i64>,
    active: bool,
}

struct Burst {
    start: Timestamp,
    last: Timestamp,
}

/// Folds one conversation's timeline (oldest first; read up to `to`) into what counts in
/// `[from, to)`, as known at `now` (a period still running misses no burst whose window is
/// still open).
pub fn fold(
    steps: &[Step],
    from: Timestamp,
    to: Timestamp,
    now: Timestamp,
    calendar: &Calendar,
) -> Outcome {
    let within = |at: Timestamp| from <= at && at < to;
    let mut out = Outcome::default();
    let mut assignee: Option<(i64, Timestamp)> = None;
    let mut episode: Option<Episode> = None;
    let mut burst: Option<Burst> = None;
    let span = |a: Timestamp, b: Timestamp| (b.millis_since(a), calendar.business(a, b));

    let missed = |at: Timestamp,
                  assignee: Option<(i64, Timestamp)>,
                  episode: &mut Option<Episode>,
                  out: &mut Outcome| {
        if !within(at) {
            return;
        }
        let operator = assignee.map(|(id, _)| id);
        out.items.push(Item {
            measure: Measure::Missed,
            at,
            operator,
            calendar_ms: 0,
            business_ms: 0,
        });
        if let Some(e) = episode {
            e.missed.push(operator);
            e.active = true;
            if let Some(id) = operator {
                credit(&mut e.credited, id);
            }
        }
    };

    for step in steps {
        let t = step.at;
        // A review changes nothing of the handling: it is counted, and the fold goes on as if
        // it were not there.
        if let Happening::Reviewed { manager_id, score } = step.what {
            if within(t) {
                out.items.push(Item {
                    measure: Measure::Review { score },
                    at: t,
                    operator: manager_id,
                    calendar_ms: 0,
                    business_ms: 0,
                });
            }
            continue;
        }
        if let Some(b) = &burst {
            let closes = b.last.plus_millis(WINDOW_MS);
            if closes <= t {
                missed(closes, assignee, &mut episode, &mut out);
                burst = None;
            }
        }
        match step.what {
            Happening::CustomerWrote => {
                let e = episode.get_or_insert_with(|| Episode {
                    start: t,
                    replied: false,
                    first_response: None,
                    paused_since: None,
                    pauses: Vec::new(),
                    missed: Vec::new(),
                    credited: Vec::new(),
                    active: false,
                });
                e.active |= within(t);
                match &mut burst {
                    Some(b) => b.last = t,
                    None => burst = Some(Burst { start: t, last: t }),
                }
                if within(t) {
                    out.items.push(Item {
                        measure: Measure::Incoming,
                        at: t,
                        operator: assignee.map(|(id, _)| id),
                        calendar_ms: 0,
                        business_ms: 0,
                    });
                }
            }
            Happening::Replied {
                operator_id,
                template,
            } => {
                let counted = within(t);
                let mut push = |measure, (calendar_ms, business_ms): (i64, i64)| {
                    if counted {
                        out.items.push(Item {
                            measure,
                            at: t,
                            operator: Some(operator_id),
                            calendar_ms,
                            business_ms,
                        });
                    }
                };
                push(Measure::Sent { template }, (0, 0));
                push(Measure::Handled, (0, 0));
                if let Some(b) = burst.take() {
                    push(Measure::Reply, span(b.start, t));
                }
                if let Some(e) = &mut episode {
                    if !e.replied {
                        e.replied = true;
                        let (calendar_ms, business_ms) = span(e.start, t);
                        e.first_response = Some((operator_id, calendar_ms, business_ms));
                        push(Measure::FirstResponse, (calendar_ms, business_ms));
                        if let Some((id, since)) = assignee
                            && id == operator_id
                        {
                            push(Measure::FromAssignment, span(since.max(e.start), t));
                        }
                    }
                    if counted {
                        e.active = true;
                        credit(&mut e.credited, operator_id);
                    }
                }
            }
            Happening::Assigned { operator_id } => assignee = Some((operator_id, t)),
            Happening::Unassigned => assignee = None,
            Happening::Paused => {
                if let Some(e) = &mut episode
                    && e.paused_since.is_none()
                {
                    e.paused_since = Some(t);
                }
            }
            Happening::Resumed => {
                if let Some(e) = &mut episode
                    && let Some(since) = e.paused_since.take()
                {
                    e.pauses.push((since, t));
                }
            }
            Happening::Reviewed { .. } => {}
            Happening::Resolved { by } => {
                let Some(mut e) = episode.take() else {
                    continue;
                };
                burst = None;
                if let Some(since) = e.paused_since.take() {
                    e.pauses.push((since, t));
                }
                let (mut calendar_ms, mut business_ms) = span(e.start, t);
                for &(a, b) in &e.pauses {
                    let (a, b) = (a.max(e.start), b.min(t));
                    if a < b {
                        let (c, w) = span(a, b);
                        calendar_ms -= c;
                        business_ms -= w;
                    }
                }
                if within(t) {
                    out.items.push(Item {
                        measure: Measure::Resolution,
                        at: t,
                        operator: by,
                        calendar_ms,
                        business_ms,
                    });
                    if let Some(id) = by {
                        credit(&mut e.credited, id);
                    }
                    e.active = true;
                }
                if e.active {
                    out.episodes.push(EpisodeRow {
                        started_at: e.start,
                        resolved_at: Some(t),
                        resolved_by: by,
                        first_response: e.first_response,
                        resolution: Some((calendar_ms, business_ms)),
                        missed: e.missed,
                        credited: e.credited,
                    });
                }
            }
        }
    }
    if let Some(b) = burst {
        let closes = b.last.plus_millis(WINDOW_MS);
        // Closed within the period, or still unanswered at its end (its last instant) once
        // that has passed.
        if closes < to && closes <= now {
            missed(closes, assignee, &mut episode, &mut out);
        } else if closes >= to && to <= now {
            missed(to.plus_millis(-1), assignee, &mut episode, &mut out);
        }
    }
    if let Some(e) = episode
        && e.active
    {
        out.episodes.push(EpisodeRow {
            started_at: e.start,
            resolved_at: None,
            resolved_by: None,
            first_response: e.first_response,
            resolution: None,
            missed: e.missed,
            credited: e.credited,
        });
    }
    out
}

fn credit(credited: &mut Vec<i64>, id: i64) {
    if !credited.contains(&id) {
        credited.push(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3_600_000;

    fn at(hours: i64) -> Timestamp {
        Timestamp::from_millis(1_767_225_600_000 + hours * H)
    }

    fn step(hours: i64, what: Happening) -> Step {
        Step {
            at: at(hours),
            what,
        }
    }

    #[test]
    fn review_medians_are_by_nearest_rank_in_tenths() {
        assert_eq!(median_tenths(&mut []), None);
        assert_eq!(median_tenths(&mut [4]), Some(40));
        assert_eq!(median_tenths(&mut [5, 2]), Some(20), "the first of two");
        assert_eq!(median_tenths(&mut [5, 1, 3]), Some(30));
    }

    #[test]
    fn stats_are_by_nearest_rank() {
        let mut v: Vec<i64> = (1..=10).map(|s| s * 1000).collect();
        let s = stat(&mut v);
        assert_eq!((s.count, s.median, s.p90), (10, Some(5), Some(9)));
        let s = stat(&mut []);
        assert_eq!((s.count, s.median, s.p90), (0, None, None));
        let s = stat(&mut [7_999]);
        assert_eq!(
            (s.median, s.p90),
            (Some(7), Some(7)),
            "seconds rounded down"
        );
    }

    #[test]
    fn a_window_that_closes_unanswered_is_missed_and_the_next_message_starts_a_burst() {
        let calendar = Calendar { schedule: None };
        let steps = [
            step(0, Happening::Assigned { operator_id: 5 }),
            step(1, Happening::CustomerWrote),
            step(30, Happening::CustomerWrote),
            step(
                31,
                Happening::Replied {
                    operator_id: 5,
                    template: false,
                },
            ),
        ];
        let out = fold(&steps, at(0), at(100), at(100), &calendar);
        let missed: Vec<_> = out
            .items
            .iter()
            .filter(|i| i.measure == Measure::Missed)
            .collect();
        assert_eq!(missed.len(), 1);
        assert_eq!((missed[0].at, missed[0].operator), (at(25), Some(5)));
        let reply = out.items.iter().find(|i| i.measure == Measure::Reply);
        assert_eq!(reply.map(|r| r.calendar_ms), Some(H), "from the new burst");
        let first = out
            .items
            .iter()
            .find(|i| i.measure == Measure::FirstResponse);
        assert_eq!(
            first.map(|r| r.calendar_ms),
            Some(30 * H),
            "from the episode"
        );
    }
}
