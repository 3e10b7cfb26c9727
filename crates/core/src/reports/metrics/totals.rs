//! The reductions of a fold's items: statistics by nearest rank, and the tallies per team,
//! operator and day that the cards, the table and the chart read.

use std::collections::HashMap;

use super::*;

/// A distribution's statistics, by nearest rank: the median is the ⌈n/2⌉-th smallest, p90 the
/// ⌈0.9·n⌉-th; milliseconds shown as whole seconds (rounded down).
pub fn stat(values: &mut [i64]) -> crate::reports::Stat {
    values.sort_unstable();
    let n = values.len();
    let rank = |num: usize| values[(n * num).div_ceil(100).max(1) - 1].div_euclid(1000);
    crate::reports::Stat {
        count: u32::try_from(n).unwrap_or(u32::MAX),
        median: (n > 0).then(|| rank(50)),
        p90: (n > 0).then(|| rank(90)),
    }
}

/// Scores' median by nearest rank (the ⌈n/2⌉-th smallest), in tenths.
pub fn median_tenths(scores: &mut [u8]) -> Option<u32> {
    scores.sort_unstable();
    let n = scores.len();
    (n > 0).then(|| u32::from(scores[n.div_ceil(2) - 1]) * 10)
}

/// Items of many conversations, merged per operator and per day.
#[derive(Debug, Default)]
pub struct Tally {
    first_response: Pair,
    from_assignment: Pair,
    reply: Pair,
    resolution: Pair,
    missed: u32,
    handled: u32,
    messages_sent: u32,
    templates_sent: u32,
    incoming: u32,
    scores: Vec<u8>,
}

#[derive(Debug, Default)]
struct Pair {
    calendar: Vec<i64>,
    business: Vec<i64>,
}

impl Pair {
    fn add(&mut self, item: &Item) {
        self.calendar.push(item.calendar_ms);
        self.business.push(item.business_ms);
    }

    fn durations(&mut self) -> crate::reports::Durations {
        crate::reports::Durations {
            calendar: stat(&mut self.calendar),
            business: stat(&mut self.business),
        }
    }
}

impl Tally {
    /// Takes in another share's items (statistics are of the values, whatever their order).
    fn merge(&mut self, other: Tally) {
        for (mine, theirs) in [
            (&mut self.first_response, other.first_response),
            (&mut self.from_assignment, other.from_assignment),
            (&mut self.reply, other.reply),
            (&mut self.resolution, other.resolution),
        ] {
            mine.calendar.extend(theirs.calendar);
            mine.business.extend(theirs.business);
        }
        self.missed += other.missed;
        self.handled += other.handled;
        self.messages_sent += other.messages_sent;
        self.templates_sent += other.templates_sent;
        self.incoming += other.incoming;
        self.scores.extend(other.scores);
    }

    /// Adds an item; `handled` once per conversation (the caller dedupes).
    fn add(&mut self, item: &Item) {
        match item.measure {
            Measure::FirstResponse => self.first_response.add(item),
            Measure::FromAssignment => self.from_assignment.add(item),
            Measure::Reply => self.reply.add(item),
            Measure::Resolution => self.resolution.add(item),
            Measure::Missed => self.missed += 1,
            Measure::Handled => self.handled += 1,
            Measure::Sent { template } => {
                self.messages_sent += 1;
                self.templates_sent += u32::from(template);
            }
            Measure::Incoming => self.incoming += 1,
            Measure::Review { score } => self.scores.push(score),
        }
    }

    pub fn incoming(&self) -> u32 {
        self.incoming
    }

    pub fn figures(mut self) -> crate::reports::Figures {
        crate::reports::Figures {
            first_response: self.first_response.durations(),
            first_response_from_assignment: self.from_assignment.durations(),
            reply_time: self.reply.durations(),
            resolved: u32::try_from(self.resolution.calendar.len()).unwrap_or(u32::MAX),
            resolution: self.resolution.durations(),
            missed: self.missed,
            handled: self.handled,
            messages_sent: self.messages_sent,
            templates_sent: self.templates_sent,
            review_count: u32::try_from(self.scores.len()).unwrap_or(u32::MAX),
            review_median_tenths: median_tenths(&mut self.scores),
        }
    }
}

/// The report's reduction: the team (or the one operator filtered for), each operator, each
/// day.
#[derive(Debug, Default)]
pub struct Totals {
    pub team: Tally,
    pub operators: HashMap<i64, Tally>,
    pub days: HashMap<String, Tally>,
    pub missed_unassigned: u32,
}

impl Totals {
    /// Takes in the totals of other conversations (folded apart: each conversation is in one
    /// share only, so its `handled` stays counted once).
    pub fn merge(&mut self, other: Totals) {
        self.team.merge(other.team);
        for (id, tally) in other.operators {
            self.operators.entry(id).or_default().merge(tally);
        }
        for (day, tally) in other.days {
            self.days.entry(day).or_default().merge(tally);
        }
        self.missed_unassigned += other.missed_unassigned;
    }

    /// Adds one conversation's items, those of `only` when one operator is asked for. A
    /// conversation counts once as handled by the team, once per operator who replied in it
    /// and once per day someone did.
    pub fn add(&mut self, items: &[Item], only: Option<i64>, calendar: &Calendar) {
        let mut handled_by: Vec<i64> = Vec::new();
        let mut handled_on: Vec<String> = Vec::new();
        let mut team_handled = false;
        let mut days = DayMemo::new(calendar);
        // A conversation's items come in runs of one day and one operator: each run is tallied
        // apart and merged into the day's or the operator's tally when it ends, one map lookup
        // a run rather than one an item.
        let mut on_day: Option<(String, Tally)> = None;
        let mut of_operator: Option<(i64, Tally)> = None;
        for item in items {
            if only.is_some() && item.operator != only {
                continue;
            }
            let day = days.of(item.at);
            if on_day.as_ref().is_none_or(|(d, _)| d != day) {
                self.end_day(on_day.take());
                on_day = Some((day.to_owned(), Tally::default()));
            }
            let credited = match item.operator {
                Some(id) if item.measure != Measure::Incoming => Some(id),
                _ => None,
            };
            let credited = if item.measure == Measure::Handled {
                let operator = item.operator.unwrap_or_default();
                if !team_handled {
                    team_handled = true;
                    self.team.add(item);
                }
                if !handled_on.iter().any(|d| d == day) {
                    handled_on.push(day.to_owned());
                    if let Some((_, tally)) = &mut on_day {
                        tally.add(item);
                    }
                }
                (!handled_by.contains(&operator)).then(|| {
                    handled_by.push(operator);
                    operator
                })
            } else {
                self.team.add(item);
                if let Some((_, tally)) = &mut on_day {
                    tally.add(item);
                }
                if item.operator.is_none() && item.measure == Measure::Missed {
                    self.missed_unassigned += 1;
                }
                credited
            };
            if let Some(id) = credited {
                if of_operator.as_ref().is_none_or(|(o, _)| *o != id) {
                    self.end_operator(of_operator.take());
                    of_operator = Some((id, Tally::default()));
                }
                if let Some((_, tally)) = &mut of_operator {
                    tally.add(item);
                }
            }
        }
        self.end_day(on_day);
        self.end_operator(of_operator);
    }

    fn end_day(&mut self, run: Option<(String, Tally)>) {
        if let Some((day, tally)) = run {
            self.days.entry(day).or_default().merge(tally);
        }
    }

    fn end_operator(&mut self, run: Option<(i64, Tally)>) {
        if let Some((id, tally)) = run {
            self.operators.entry(id).or_default().merge(tally);
        }
    }
}

/// [`Calendar::day`] of one conversation's items, computed once per instant (a reply's several
/// items share one) and, in UTC, once per day: the same answers, without formatting a date
/// for every item.
struct DayMemo<'a> {
    calendar: &'a Calendar,
    last: Option<(i64, String)>,
}

impl<'a> DayMemo<'a> {
    fn new(calendar: &'a Calendar) -> Self {
        Self {
            calendar,
            last: None,
        }
    }

    fn of(&mut self, at: Timestamp) -> &str {
        let key = match self.calendar.schedule {
            // A UTC day is a whole number of milliseconds since the epoch's midnight.
            None => at.as_millis().div_euclid(DAY_MS),
            // A zone's days are the schedule's to say.
            Some(_) => at.as_millis(),
        };
        let stale = self.last.as_ref().is_none_or(|(k, _)| *k != key);
        if stale {
            self.last = Some((key, self.calendar.day(at)));
        }
        self.last.as_ref().map_or("", |(_, day)| day.as_str())
    }
}
