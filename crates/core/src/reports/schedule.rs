//! Business hours: a time zone, working intervals per weekday (an interval whose end is not
//! after its start runs past midnight: an overnight shift), and holidays. Applied at query
//! time: how much of a span of calendar time fell within working hours.
//!
//! What counts: an instant is working time when the wall clock in the schedule's zone shows a
//! time inside one of the intervals of a working date. An interval belongs to the local date
//! it *starts* on (22:00–06:00 on Monday runs to 06:00 on Tuesday), so:
//! - a holiday stops the intervals that start on it, including its own overnight shift, whose
//!   morning part falls on the next date;
//! - an overnight shift that began the evening before a holiday runs to its end: the holiday
//!   does not cut a shift that is already under way (what a night crew actually works).
//!
//! Daylight saving time is the wall clock's: a 09:00–18:00 day is 9 h of real time on any day
//! whose change is outside those hours; an hour the clock skips is worked by nobody, and an
//! hour it repeats is worked twice when it is working time (00:00–24:00 on the day clocks go
//! back is 25 h). Between two of the zone's transitions the offset is constant, so a span is
//! measured in wall-clock terms stretch by stretch, and within a stretch by arithmetic: whole
//! weeks count the week's hours minus the holidays among them, and only the days at either
//! end are walked. A span of years costs its transitions (two a year) and its holidays, not
//! its minutes or days.
//!
//! Time zones come from `jiff` as the workspace already builds it (its default features): the
//! system's tz database (/usr/share/zoneinfo, kept current by the OS), and a bundled copy
//! only on platforms that have none (Windows). Bundling always would freeze the rules at build
//! time and add the database to every binary; a computer without tzdata is told so by
//! [`said::NO_ZONE_DATABASE`] rather than guessed at.

use std::sync::Arc;

use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::Caller;
use crate::api::Empty;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::event::Event;
use crate::store::Db;
use crate::time::Timestamp;

/// What checking a schedule says to people.
pub mod said {
    crate::phrases! {
        UNKNOWN_ZONE = "schedule.unknown_zone": "'{zone}' is not a time zone: use an IANA name such as Europe/Moscow";
        NO_ZONE_DATABASE = "schedule.no_zone_database": "This computer has no time zone database, so the time zone '{zone}' cannot be used: install the system's tzdata";
        BAD_WEEKDAY = "schedule.bad_weekday": "Weekdays are numbered 1 (Monday) to 7 (Sunday), not {weekday}";
        WEEKDAY_TWICE = "schedule.weekday_twice": "Day {weekday} is listed twice: give it one entry with all its intervals";
        BAD_TIME = "schedule.bad_time": "'{time}' is not a time of day: write HH:MM, from 00:00 to 24:00";
        STARTS_AT_24 = "schedule.starts_at_24": "An interval cannot start at 24:00: start it at 00:00 of the next day";
        TOO_MANY_INTERVALS = "schedule.too_many_intervals": "A day holds at most {max} intervals";
        OVERLAP = "schedule.overlap": "The interval {interval} of day {weekday} overlaps {other} of day {other_weekday} (days: 1 Monday … 7 Sunday)";
        NO_HOURS = "schedule.no_hours": "The schedule has no working hours: add an interval, or clear the schedule to count calendar time";
        BAD_HOLIDAY = "schedule.bad_holiday": "'{date}' is not a date: write YYYY-MM-DD";
        TOO_MANY_HOLIDAYS = "schedule.too_many_holidays": "A schedule holds at most {max} holidays";
    }
}

/// Intervals a day may hold: more than any shift plan, few enough to check at a glance.
pub const MAX_INTERVALS_PER_DAY: usize = 12;
/// Holidays a schedule may hold: decades of public holidays.
pub const MAX_HOLIDAYS: usize = 1000;
/// The longest IANA name is about 30 characters.
const MAX_ZONE_NAME: usize = 64;
/// The settings key the schedule is stored under (JSON; `null` once cleared).
const SETTING: &str = "business_hours";

const MINUTE: i64 = 60_000;
const DAY: i64 = 24 * 60 * MINUTE;

/// A working interval of a day, local time `HH:MM`; `end` at or before `start` ends the next
/// day (22:00–06:00).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Interval {
    pub start: String,
    pub end: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DayHours {
    /// ISO weekday: 1 Monday … 7 Sunday.
    pub weekday: u8,
    pub intervals: Vec<Interval>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BusinessHours {
    /// An IANA time zone name (`Europe/Moscow`).
    pub time_zone: String,
    /// Days without an entry are days off.
    pub days: Vec<DayHours>,
    /// Days off whatever the weekday, `YYYY-MM-DD` in the schedule's zone (a shift that began
    /// the evening before still runs into one).
    pub holidays: Vec<String>,
}

/// Sets the team's business hours; none: calendar time only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SetBusinessHours {
    pub schedule: Option<BusinessHours>,
}

/// A checked schedule, ready to measure spans with.
#[derive(Clone, Debug)]
pub struct Schedule {
    zone: String,
    tz: TimeZone,
    /// Monday first: each weekday's intervals as `[start, end)` milliseconds from its local
    /// midnight, sorted; `end` is past a day for an overnight shift. No two intervals of the
    /// week overlap (checked), so their lengths add up without double counting.
    week: [Vec<(i64, i64)>; 7],
    /// The working milliseconds of a whole week of wall-clock time.
    week_total: i64,
    /// Days since 1970-01-01, sorted, each once.
    holidays: Vec<i64>,
}

impl Schedule {
    /// Checks a schedule: a known zone, weekdays 1–7 each at most once, times `HH:MM` from
    /// 00:00 to 24:00, no two intervals of the week overlapping (an overnight shift counts
    /// to its end on the next day), at least one interval, real dates, bounded sizes.
    pub fn new(hours: &BusinessHours) -> Result<Self> {
        let tz = zone(&hours.time_zone)?;
        let mut week: [Vec<(i64, i64)>; 7] = Default::default();
        let mut listed = [false; 7];
        for day in &hours.days {
            let weekday = day.weekday;
            if !(1..=7).contains(&weekday) {
                return Err(Error::BadRequest(
                    said::BAD_WEEKDAY.with("weekday", weekday),
                ));
            }
            let index = usize::from(weekday - 1);
            if std::mem::replace(&mut listed[index], true) {
                return Err(Error::BadRequest(
                    said::WEEKDAY_TWICE.with("weekday", weekday),
                ));
            }
            if day.intervals.len() > MAX_INTERVALS_PER_DAY {
                return Err(Error::BadRequest(
                    said::TOO_MANY_INTERVALS.with("max", MAX_INTERVALS_PER_DAY),
                ));
            }
            for interval in &day.intervals {
                week[index].push(span(interval)?);
            }
            week[index].sort_unstable();
        }
        no_overlap(&week)?;
        let week_total: i64 = week.iter().flatten().map(|(s, e)| e - s).sum();
        if week_total == 0 {
            return Err(Error::BadRequest(said::NO_HOURS.phrase()));
        }
        if hours.holidays.len() > MAX_HOLIDAYS {
            return Err(Error::BadRequest(
                said::TOO_MANY_HOLIDAYS.with("max", MAX_HOLIDAYS),
            ));
        }
        let mut holidays = hours
            .holidays
            .iter()
            .map(|h| day_number(h))
            .collect::<Result<Vec<_>>>()?;
        holidays.sort_unstable();
        holidays.dedup();
        Ok(Self {
            zone: tz.iana_name().unwrap_or(&hours.time_zone).to_owned(),
            tz,
            week,
            week_total,
            holidays,
        })
    }

    /// Milliseconds of working time between two instants (0 when `to` is not after `from`).
    pub fn business_millis(&self, from: Timestamp, to: Timestamp) -> i64 {
        let (from, to) = (in_range(from), in_range(to));
        let mut total = 0;
        let mut at = from;
        // Stretch by stretch between the zone's transitions, where wall time is the instant
        // plus one offset.
        while at < to {
            let here = instant(at);
            let offset = i64::from(self.tz.to_offset(here).seconds()) * 1000;
            let until = self
                .tz
                .following(here)
                .next()
                .map(|t| t.timestamp().as_millisecond())
                .filter(|&t| t < to)
                .unwrap_or(to);
            total += self.wall_working(at + offset, until + offset);
            at = until;
        }
        total
    }

    /// The local day an instant falls on, `YYYY-MM-DD`.
    pub fn day(&self, at: Timestamp) -> String {
        self.tz
            .to_datetime(instant(in_range(at)))
            .date()
            .to_string()
    }

    /// The zone's name (as the tz database spells it).
    pub fn time_zone(&self) -> &str {
        &self.zone
    }

    /// Working milliseconds of wall-clock time in `[a, b)`, both milliseconds of local time
    /// since 1970-01-01T00:00.
    fn wall_working(&self, a: i64, b: i64) -> i64 {
        let (first, last) = (a.div_euclid(DAY), b.div_euclid(DAY));
        if last - first <= 14 {
            return self.walk(a, b);
        }
        // Whole weeks from the midnight after `a`: each week's days, overnight spill in and out
        // included, add up to the week's total (the spill into the first day from the day
        // before equals the spill out of the last day, the same weekday). Holidays among them
        // take away what their intervals had there.
        let (d1, weeks) = (first + 1, (last - first - 1) / 7);
        let d2 = d1 + weeks * 7;
        let (m1, m2) = (d1 * DAY, d2 * DAY);
        let lo = self.holidays.partition_point(|&h| h < d1 - 1);
        let hi = self.holidays.partition_point(|&h| h < d2);
        let off: i64 = self.holidays[lo..hi]
            .iter()
            .map(|&h| self.intervals_of(h, m1, m2))
            .sum();
        self.walk(a, m1) + weeks * self.week_total - off + self.walk(m2, b)
    }

    /// Working milliseconds in `[a, b)` (wall-clock), day by day: for spans of a few days.
    fn walk(&self, a: i64, b: i64) -> i64 {
        if b <= a {
            return 0;
        }
        // The day before `a` for a shift running into it.
        (a.div_euclid(DAY) - 1..=(b - 1).div_euclid(DAY))
            .filter(|day| self.holidays.binary_search(day).is_err())
            .map(|day| self.intervals_of(day, a, b))
            .sum()
    }

    /// What the intervals of `day`'s weekday cover of `[a, b)` on that day, holiday or not.
    fn intervals_of(&self, day: i64, a: i64, b: i64) -> i64 {
        let midnight = day * DAY;
        self.week[weekday(day)]
            .iter()
            .map(|&(s, e)| (b.min(midnight + e) - a.max(midnight + s)).max(0))
            .sum()
    }
}

/// The zone named, from the tz database.
fn zone(name: &str) -> Result<TimeZone> {
    let unknown = || Error::BadRequest(said::UNKNOWN_ZONE.with("zone", shown(name)));
    let plausible = !name.is_empty()
        && name.len() <= MAX_ZONE_NAME
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_-+".contains(c));
    if !plausible {
        return Err(unknown());
    }
    jiff::tz::db().get(name).map_err(|_| {
        if jiff::tz::db().is_definitively_empty() {
            Error::BadRequest(said::NO_ZONE_DATABASE.with("zone", name))
        } else {
            unknown()
        }
    })
}

/// An interval as `[start, end)` milliseconds from its day's midnight.
fn span(interval: &Interval) -> Result<(i64, i64)> {
    let start = time_of_day(&interval.start)?;
    let end = time_of_day(&interval.end)?;
    if start == DAY {
        return Err(Error::BadRequest(said::STARTS_AT_24.phrase()));
    }
    Ok((start, if end <= start { end + DAY } else { end }))
}

/// Milliseconds after midnight of `HH:MM`, 00:00 to 24:00.
fn time_of_day(text: &str) -> Result<i64> {
    let bad = || Error::BadRequest(said::BAD_TIME.with("time", shown(text)));
    let b = text.as_bytes();
    let digit = |i: usize| b[i].is_ascii_digit().then(|| i64::from(b[i] - b'0'));
    if b.len() != 5 || b[2] != b':' {
        return Err(bad());
    }
    let (Some(h1), Some(h2), Some(m1), Some(m2)) = (digit(0), digit(1), digit(3), digit(4)) else {
        return Err(bad());
    };
    let (hours, minutes) = (h1 * 10 + h2, m1 * 10 + m2);
    if minutes > 59 || hours > 24 || (hours == 24 && minutes > 0) {
        return Err(bad());
    }
    Ok((hours * 60 + minutes) * MINUTE)
}

/// Refuses two intervals of the week that share a minute. The week is a circle: Sunday's
/// overnight shift runs into Monday.
fn no_overlap(week: &[Vec<(i64, i64)>; 7]) -> Result<()> {
    let week_len = 7 * DAY;
    // (start, end) in milliseconds from Monday 00:00, with the weekday and the interval.
    let mut spans: Vec<(i64, i64, usize, (i64, i64))> = Vec::new();
    for (day, intervals) in week.iter().enumerate() {
        let midnight = day as i64 * DAY;
        for &(s, e) in intervals {
            spans.push((midnight + s, midnight + e, day, (s, e)));
            if midnight + e > week_len {
                spans.push((
                    midnight + s - week_len,
                    midnight + e - week_len,
                    day,
                    (s, e),
                ));
            }
        }
    }
    spans.sort_unstable();
    let mut reach: Option<(i64, usize, (i64, i64))> = None;
    for &(start, end, day, interval) in &spans {
        if let Some((until, other_day, other)) = reach
            && start < until
        {
            return Err(Error::BadRequest(
                said::OVERLAP
                    .with("interval", shown_interval(interval))
                    .arg("weekday", day + 1)
                    .arg("other", shown_interval(other))
                    .arg("other_weekday", other_day + 1),
            ));
        }
        if reach.is_none_or(|(until, _, _)| end > until) {
            reach = Some((end, day, interval));
        }
    }
    Ok(())
}

/// `HH:MM–HH:MM` of an interval, as it was written.
fn shown_interval((start, end): (i64, i64)) -> String {
    let hm = |ms: i64| {
        let minutes = ms / MINUTE;
        format!("{:02}:{:02}", minutes / 60, minutes % 60)
    };
    let end = if end > DAY { end - DAY } else { end };
    format!("{}–{}", hm(start), hm(end))
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
fn day_number(text: &str) -> Result<i64> {
    let bad = || Error::BadRequest(said::BAD_HOLIDAY.with("date", shown(text)));
    let b = text.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(bad());
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<i16>().map_err(|_| bad());
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let date = jiff::civil::Date::new(year, month as i8, day as i8).map_err(|_| bad())?;
    let epoch = jiff::civil::Date::constant(1970, 1, 1);
    Ok(date.duration_since(epoch).as_secs().div_euclid(86_400))
}

/// Monday-first index of the weekday of a day since 1970-01-01 (a Thursday).
fn weekday(day: i64) -> usize {
    (day + 3).rem_euclid(7) as usize
}

/// Words from a request, cut short for a message.
fn shown(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        text.chars().take(MAX).chain(['…']).collect()
    }
}

/// Milliseconds clamped to the instants the tz database can answer for (years ±9999).
fn in_range(at: Timestamp) -> i64 {
    at.as_millis().clamp(
        jiff::Timestamp::MIN.as_millisecond(),
        jiff::Timestamp::MAX.as_millisecond(),
    )
}

fn instant(ms: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_millisecond(ms).unwrap_or(if ms < 0 {
        jiff::Timestamp::MIN
    } else {
        jiff::Timestamp::MAX
    })
}

impl Engine {
    /// The team's business hours, if it keeps any.
    pub async fn business_hours(
        &self,
        _who: &Caller,
        _req: Empty,
    ) -> Result<Option<BusinessHours>> {
        self.stored_hours().await
    }

    /// Sets the business hours (checked first: a schedule is stored only if it measures), or
    /// clears them; every client reloads, and reports recompute the past with them. A change
    /// is a `settings` entry of the audit log (the schedules before and after).
    pub async fn set_business_hours(
        self: &Arc<Self>,
        who: &Caller,
        req: SetBusinessHours,
    ) -> Result<Option<BusinessHours>> {
        let hours = match req.schedule {
            Some(mut hours) => {
                let schedule = Schedule::new(&hours)?;
                hours.time_zone = schedule.time_zone().to_owned();
                Some(hours)
            }
            None => None,
        };
        let before = self.stored_hours().await?;
        let json = serde_json::to_string(&hours).map_err(Error::internal)?;
        self.db
            .write(move |c| Db::set_setting(c, SETTING, &json))
            .await?;
        self.host.events.emit(&Event::Team);
        let change = crate::audit::settings_change(
            SETTING,
            &SetBusinessHours { schedule: before },
            &SetBusinessHours {
                schedule: hours.clone(),
            },
        );
        if let Some(detail) = change {
            self.audit(Some(who), None, "settings", detail).await;
        }
        Ok(hours)
    }

    /// The team's schedule, checked, for measuring spans; none: calendar time only.
    pub(crate) async fn schedule(&self) -> Result<Option<Schedule>> {
        self.stored_hours()
            .await?
            .map(|hours| Schedule::new(&hours))
            .transpose()
    }

    async fn stored_hours(&self) -> Result<Option<BusinessHours>> {
        let json = self.db.read(|c| Db::get_setting(c, SETTING)).await?;
        match json {
            None => Ok(None),
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| Error::internal(format!("business hours: {e}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 60 * MINUTE;
    const OFFICE: &[(&str, &str)] = &[("09:00", "18:00")];
    const NIGHT: &[(&str, &str)] = &[("22:00", "06:00")];
    const ALL_DAY: &[(&str, &str)] = &[("00:00", "24:00")];

    fn hours(zone: &str, days: &[(u8, &[(&str, &str)])], holidays: &[&str]) -> BusinessHours {
        BusinessHours {
            time_zone: zone.to_owned(),
            days: days
                .iter()
                .map(|(weekday, intervals)| DayHours {
                    weekday: *weekday,
                    intervals: intervals
                        .iter()
                        .map(|(start, end)| Interval {
                            start: (*start).to_owned(),
                            end: (*end).to_owned(),
                        })
                        .collect(),
                })
                .collect(),
            holidays: holidays.iter().map(|h| (*h).to_owned()).collect(),
        }
    }

    fn schedule(zone: &str, days: &[(u8, &[(&str, &str)])], holidays: &[&str]) -> Schedule {
        Schedule::new(&hours(zone, days, holidays)).expect("a good schedule")
    }

    /// The same intervals on each of `weekdays`.
    fn each(
        weekdays: std::ops::RangeInclusive<u8>,
        intervals: &'static [(&'static str, &'static str)],
    ) -> Vec<(u8, &'static [(&'static str, &'static str)])> {
        weekdays.map(|d| (d, intervals)).collect()
    }

    /// The instant a local wall time names in `zone` (the earlier one when clocks go back).
    fn at(zone: &str, local: &str) -> Timestamp {
        let tz = TimeZone::get(zone).expect("a zone");
        let dt: jiff::civil::DateTime = local.parse().expect("a local time");
        Timestamp::from_millis(tz.to_timestamp(dt).expect("in range").as_millisecond())
    }

    /// Working time between two local wall times of the schedule's zone.
    fn between(s: &Schedule, from: &str, to: &str) -> i64 {
        s.business_millis(at(s.time_zone(), from), at(s.time_zone(), to))
    }

    // 2024-03-11 is a Monday.

    #[test]
    fn a_working_day_counts_only_its_hours() {
        let s = schedule("Europe/Moscow", &each(1..=5, OFFICE), &[]);
        assert_eq!(
            between(&s, "2024-03-11T08:00", "2024-03-11T19:00"),
            9 * HOUR
        );
        assert_eq!(
            between(&s, "2024-03-11T10:00", "2024-03-11T11:30"),
            90 * MINUTE,
            "a span inside one interval is all working time"
        );
        assert_eq!(
            between(&s, "2024-03-11T07:00", "2024-03-11T09:00"),
            0,
            "before opening, up to the minute it opens"
        );
        assert_eq!(
            between(&s, "2024-03-11T17:00", "2024-03-12T10:00"),
            2 * HOUR,
            "the evening off between two working days is not counted"
        );
        assert_eq!(between(&s, "2024-03-11T18:00", "2024-03-12T09:00"), 0);
        assert_eq!(between(&s, "2024-03-11T12:00", "2024-03-11T12:00"), 0);
        assert_eq!(
            between(&s, "2024-03-11T12:00", "2024-03-11T10:00"),
            0,
            "a span that ends before it starts has no working time"
        );
    }

    #[test]
    fn weekends_are_off_and_long_spans_count_whole_weeks() {
        let s = schedule("Europe/Moscow", &each(1..=5, OFFICE), &[]);
        assert_eq!(
            between(&s, "2024-03-15T17:00", "2024-03-18T10:00"),
            2 * HOUR
        );
        assert_eq!(between(&s, "2024-03-16T00:00", "2024-03-18T00:00"), 0);
        assert_eq!(
            between(&s, "2024-03-11T00:00", "2024-03-18T00:00"),
            45 * HOUR
        );
        assert_eq!(
            between(&s, "2024-03-11T00:00", "2024-04-08T00:00"),
            180 * HOUR
        );
        // Wed 12:00–18:00, Thu, Fri, three whole weeks, Mon–Thu, Fri 09:00–15:00.
        assert_eq!(
            between(&s, "2024-03-13T12:00", "2024-04-12T15:00"),
            (6 + 18 + 3 * 45 + 36 + 6) * HOUR
        );
    }

    #[test]
    fn an_overnight_shift_runs_past_midnight() {
        let s = schedule("Europe/Moscow", &each(1..=5, NIGHT), &[]);
        assert_eq!(
            between(&s, "2024-03-11T23:00", "2024-03-12T05:00"),
            6 * HOUR
        );
        assert_eq!(
            between(&s, "2024-03-12T00:00", "2024-03-12T12:00"),
            6 * HOUR,
            "Tuesday morning is Monday's shift"
        );
        assert_eq!(
            between(&s, "2024-03-11T00:00", "2024-03-11T12:00"),
            0,
            "Monday morning would be Sunday's shift, and Sunday has none"
        );
        assert_eq!(
            between(&s, "2024-03-16T00:00", "2024-03-17T23:59"),
            6 * HOUR,
            "Friday's shift runs into Saturday"
        );
        assert_eq!(
            between(&s, "2024-03-11T00:00", "2024-03-18T00:00"),
            40 * HOUR
        );
    }

    #[test]
    fn a_sunday_night_shift_runs_into_the_next_week() {
        let s = schedule(
            "Europe/Moscow",
            &[(7, NIGHT), (1, &[("09:00", "12:00")])],
            &[],
        );
        assert_eq!(
            between(&s, "2024-03-17T21:00", "2024-03-18T10:00"),
            9 * HOUR
        );
        assert_eq!(
            between(&s, "2024-03-18T03:00", "2024-03-18T12:00"),
            6 * HOUR
        );
        // Five weeks either way round: five Sunday shifts and five Monday mornings.
        assert_eq!(
            between(&s, "2024-03-17T00:00", "2024-04-21T00:00"),
            55 * HOUR
        );
        assert_eq!(
            between(&s, "2024-03-18T03:00", "2024-04-22T03:00"),
            55 * HOUR
        );
    }

    #[test]
    fn a_holiday_stops_the_intervals_that_start_on_it() {
        let s = schedule("Europe/Moscow", &each(1..=5, OFFICE), &["2024-03-13"]);
        assert_eq!(
            between(&s, "2024-03-11T00:00", "2024-03-18T00:00"),
            36 * HOUR
        );
        assert_eq!(between(&s, "2024-03-13T00:00", "2024-03-14T00:00"), 0);
        let on_saturday = schedule("Europe/Moscow", &each(1..=5, OFFICE), &["2024-03-16"]);
        assert_eq!(
            between(&on_saturday, "2024-03-11T00:00", "2024-03-18T00:00"),
            45 * HOUR,
            "a holiday on a day off changes nothing"
        );
        // March and April 2024 have 43 weekdays; two are holidays.
        let spring = schedule(
            "Europe/Moscow",
            &each(1..=5, OFFICE),
            &["2024-03-08", "2024-03-13", "2024-03-08"],
        );
        assert_eq!(
            between(&spring, "2024-03-01T00:00", "2024-05-01T00:00"),
            41 * 9 * HOUR
        );
    }

    #[test]
    fn a_night_shift_begun_on_the_eve_of_a_holiday_runs_to_its_end() {
        let s = schedule("Europe/Moscow", &each(1..=7, NIGHT), &["2024-03-13"]);
        assert_eq!(
            between(&s, "2024-03-12T12:00", "2024-03-13T12:00"),
            8 * HOUR,
            "Tuesday's shift runs into the holiday"
        );
        assert_eq!(
            between(&s, "2024-03-13T12:00", "2024-03-14T12:00"),
            0,
            "the holiday's own shift does not run, its morning after included"
        );
        assert_eq!(
            between(&s, "2024-03-14T12:00", "2024-03-15T12:00"),
            8 * HOUR
        );
        // The morning of Feb 29's shift, 29 shifts of March, and 22:00–24:00 of March 31.
        assert_eq!(
            between(&s, "2024-03-01T00:00", "2024-04-01T00:00"),
            (6 + 29 * 8 + 2) * HOUR
        );
        let eve = schedule(
            "Europe/Moscow",
            &each(1..=7, NIGHT),
            &["2024-02-29", "2024-03-01"],
        );
        assert_eq!(
            between(&eve, "2024-03-01T00:00", "2024-04-01T00:00"),
            (29 * 8 + 2) * HOUR,
            "holidays just before and at the start of a long span"
        );
    }

    #[test]
    fn a_day_is_its_wall_clock_when_clocks_change_in_berlin() {
        let always = schedule("Europe/Berlin", &each(1..=7, ALL_DAY), &[]);
        assert_eq!(
            between(&always, "2024-03-31T00:00", "2024-04-01T00:00"),
            23 * HOUR,
            "the hour the clocks skip is worked by nobody"
        );
        assert_eq!(
            between(&always, "2024-10-27T00:00", "2024-10-28T00:00"),
            25 * HOUR,
            "the hour the clocks repeat is worked twice"
        );
        let (from, to) = (
            at("Europe/Berlin", "2023-01-01T00:00"),
            at("Europe/Berlin", "2026-01-01T00:00"),
        );
        assert_eq!(
            always.business_millis(from, to),
            to.millis_since(from),
            "round the clock, business time is calendar time, changes and all"
        );

        let office = schedule("Europe/Berlin", &each(1..=7, OFFICE), &[]);
        assert_eq!(
            between(&office, "2024-03-31T00:00", "2024-04-01T00:00"),
            9 * HOUR
        );
        assert_eq!(
            between(&office, "2024-10-27T00:00", "2024-10-28T00:00"),
            9 * HOUR
        );

        let night = schedule("Europe/Berlin", &each(1..=7, NIGHT), &[]);
        assert_eq!(
            between(&night, "2024-03-30T12:00", "2024-03-31T12:00"),
            7 * HOUR
        );
        assert_eq!(
            between(&night, "2024-10-26T12:00", "2024-10-27T12:00"),
            9 * HOUR
        );
    }

    #[test]
    fn a_shift_ending_in_the_hour_new_york_skips_ends_when_the_clock_jumps() {
        let s = schedule("America/New_York", &each(1..=7, &[("00:00", "02:30")]), &[]);
        assert_eq!(
            between(&s, "2024-03-10T00:00", "2024-03-10T12:00"),
            2 * HOUR
        );
        assert_eq!(
            between(&s, "2024-11-03T00:00", "2024-11-03T12:00"),
            7 * HOUR / 2,
            "01:00–02:00 shows twice on the night clocks go back"
        );
    }

    #[test]
    fn moscow_keeps_one_offset() {
        let always = schedule("Europe/Moscow", &each(1..=7, ALL_DAY), &[]);
        assert_eq!(
            between(&always, "2024-03-31T00:00", "2024-04-01T00:00"),
            24 * HOUR
        );
        assert_eq!(
            between(&always, "2024-10-27T00:00", "2024-10-28T00:00"),
            24 * HOUR
        );
        let day = |utc: &str| always.day(Timestamp::parse_rfc3339(utc).expect("a time"));
        assert_eq!(day("2024-03-10T21:30:00Z"), "2024-03-11", "UTC+3");
        assert_eq!(day("2024-03-10T20:59:59Z"), "2024-03-10");
        assert_eq!(always.time_zone(), "Europe/Moscow");
    }

    #[test]
    fn the_zone_is_named_as_the_database_spells_it() {
        let s = schedule("europe/moscow", OFFICE_WEEK, &[]);
        assert_eq!(s.time_zone(), "Europe/Moscow");
    }

    const OFFICE_WEEK: &[(u8, &[(&str, &str)])] = &[(1, OFFICE), (2, OFFICE)];

    #[test]
    fn any_instants_are_measured_without_panicking() {
        for zone in ["Europe/Moscow", "Europe/Berlin"] {
            let always = schedule(zone, &each(1..=7, ALL_DAY), &[]);
            let (min, max) = (
                Timestamp::from_millis(i64::MIN),
                Timestamp::from_millis(i64::MAX),
            );
            let all = always.business_millis(min, max);
            assert_eq!(
                all,
                jiff::Timestamp::MAX.as_millisecond() - jiff::Timestamp::MIN.as_millisecond(),
                "{zone}: instants beyond the database's years count as its first and last"
            );
            assert!(!always.day(max).is_empty() && !always.day(min).is_empty());
        }
    }

    #[test]
    fn adjacent_intervals_and_a_whole_day_shift_are_accepted() {
        let s = schedule(
            "UTC",
            &[
                (
                    1,
                    &[("09:00", "13:00"), ("13:00", "18:00"), ("22:00", "24:00")],
                ),
                (2, &[("00:00", "06:00")]),
                (3, &[("09:00", "09:00")]),
            ],
            &[],
        );
        assert_eq!(
            between(&s, "2024-03-11T00:00", "2024-03-18T00:00"),
            (9 + 2 + 6 + 24) * HOUR
        );
    }

    /// Checks that `hours` is refused with the phrase `key`.
    #[track_caller]
    fn refused(hours: BusinessHours, key: &str) {
        match Schedule::new(&hours) {
            Err(Error::BadRequest(phrase)) => assert_eq!(phrase.key, key, "{}", phrase.text),
            Err(other) => panic!("{hours:?} refused as {other:?}, not a bad request ({key})"),
            Ok(_) => panic!("{hours:?} should be refused with {key}"),
        }
    }

    #[test]
    fn a_schedule_that_cannot_be_measured_is_refused() {
        let week = each(1..=5, OFFICE);
        for zone in [
            "Mars/Olympus",
            "",
            "../../etc/passwd",
            "Europe/Moscow ",
            &"A".repeat(200),
        ] {
            refused(hours(zone, &week, &[]), "schedule.unknown_zone");
        }
        for weekday in [0, 8] {
            refused(
                hours("UTC", &[(weekday, OFFICE)], &[]),
                "schedule.bad_weekday",
            );
        }
        refused(
            hours("UTC", &[(1, OFFICE), (1, NIGHT)], &[]),
            "schedule.weekday_twice",
        );
        for time in [
            "9:00", "24:01", "12:60", "ab:cd", "12-00", "", "12:00:00", "+1:00",
        ] {
            refused(
                hours("UTC", &[(1, &[(time, "18:00")])], &[]),
                "schedule.bad_time",
            );
            refused(
                hours("UTC", &[(1, &[("08:00", time)])], &[]),
                "schedule.bad_time",
            );
        }
        refused(
            hours("UTC", &[(1, &[("24:00", "06:00")])], &[]),
            "schedule.starts_at_24",
        );
        let many: Vec<(&str, &str)> = vec![("09:00", "10:00"); MAX_INTERVALS_PER_DAY + 1];
        refused(
            hours("UTC", &[(1, &many)], &[]),
            "schedule.too_many_intervals",
        );
        refused(
            hours(
                "UTC",
                &[(1, &[("09:00", "13:00"), ("12:00", "18:00")])],
                &[],
            ),
            "schedule.overlap",
        );
        refused(
            hours(
                "UTC",
                &[(1, &[("09:00", "18:00"), ("09:00", "18:00")])],
                &[],
            ),
            "schedule.overlap",
        );
        refused(
            hours("UTC", &[(1, NIGHT), (2, &[("05:00", "09:00")])], &[]),
            "schedule.overlap",
        );
        refused(
            hours("UTC", &[(7, NIGHT), (1, &[("05:00", "09:00")])], &[]),
            "schedule.overlap",
        );
        refused(hours("UTC", &[], &[]), "schedule.no_hours");
        refused(hours("UTC", &[(1, &[])], &[]), "schedule.no_hours");
        for date in [
            "2024-02-30",
            "2023-02-29",
            "2024-3-01",
            "2024-13-01",
            "yesterday",
            "",
            "2024-03-01T00:00",
            "+024-03-01",
        ] {
            refused(hours("UTC", &week, &[date]), "schedule.bad_holiday");
        }
        let many = vec!["2024-03-08"; MAX_HOLIDAYS + 1];
        refused(hours("UTC", &week, &many), "schedule.too_many_holidays");
    }

    #[test]
    fn an_overlap_says_which_intervals_of_which_days() {
        let Err(Error::BadRequest(phrase)) = Schedule::new(&hours(
            "UTC",
            &[(1, NIGHT), (2, &[("05:00", "09:00")])],
            &[],
        )) else {
            panic!("refused");
        };
        assert_eq!(
            phrase.text,
            "The interval 05:00–09:00 of day 2 overlaps 22:00–06:00 of day 1 (days: 1 Monday … 7 Sunday)"
        );
    }

    #[test]
    fn day_numbers_and_weekdays_agree_with_the_calendar() {
        for text in [
            "1970-01-01",
            "2024-02-29",
            "2024-03-11",
            "1969-12-31",
            "0001-01-01",
            "9999-12-31",
        ] {
            let date: jiff::civil::Date = text.parse().expect("a date");
            let day = day_number(text).expect("a date");
            assert_eq!(
                weekday(day),
                usize::from(date.weekday().to_monday_one_offset() as u8 - 1),
                "{text}"
            );
        }
        assert_eq!(day_number("1970-01-02").ok(), Some(1));
        assert_eq!(day_number("1969-12-31").ok(), Some(-1));
    }

    /// A small deterministic generator (no randomness crate for one test).
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: i64) -> i64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) % n as u64) as i64
        }
    }

    #[test]
    fn counting_whole_weeks_agrees_with_walking_every_day() {
        let s = schedule(
            "UTC",
            &[
                (1, &[("09:00", "13:00"), ("14:00", "18:00")]),
                (5, &[("09:00", "13:00"), ("22:00", "06:00")]),
                (7, &[("23:00", "02:00")]),
            ],
            &[
                "2024-03-29",
                "2024-04-01",
                "2024-04-07",
                "2025-01-01",
                "2024-03-03",
            ],
        );
        let mut rng = Lcg(7);
        let base = day_number("2024-02-20").expect("a date") * DAY;
        for _ in 0..2000 {
            let a = base + rng.below(60 * DAY / MINUTE) * MINUTE;
            let b = a + rng.below(420 * DAY / MINUTE) * MINUTE;
            assert_eq!(s.wall_working(a, b), s.walk(a, b), "[{a}, {b})");
        }
    }

    /// Minute by minute, from the wall clock jiff shows at each minute: working when an
    /// interval of today's date holds it, or an overnight interval of yesterday's.
    fn minute_by_minute(hours: &BusinessHours, from: Timestamp, to: Timestamp) -> i64 {
        let tz = TimeZone::get(&hours.time_zone).expect("a zone");
        let minutes = |t: &str| {
            let (h, m) = t.split_once(':').expect("HH:MM");
            h.parse::<i64>().expect("hours") * 60 + m.parse::<i64>().expect("minutes")
        };
        let intervals = |date: jiff::civil::Date| {
            let holiday = hours.holidays.contains(&date.to_string());
            let weekday = date.weekday().to_monday_one_offset() as u8;
            hours
                .days
                .iter()
                .filter(move |d| !holiday && d.weekday == weekday)
                .flat_map(|d| {
                    d.intervals
                        .iter()
                        .map(|i| (minutes(&i.start), minutes(&i.end)))
                })
        };
        let mut working = 0;
        let mut t = from.as_millis();
        while t < to.as_millis() {
            let wall = tz.to_datetime(jiff::Timestamp::from_millisecond(t).expect("in range"));
            let now = i64::from(wall.hour()) * 60 + i64::from(wall.minute());
            let today = intervals(wall.date()).any(|(s, e)| s <= now && (now < e || e <= s));
            let yesterday = intervals(wall.date().yesterday().expect("in range"))
                .any(|(s, e)| e <= s && now < e);
            if today || yesterday {
                working += MINUTE;
            }
            t += MINUTE;
        }
        working
    }

    #[test]
    fn spans_across_clock_changes_agree_with_looking_at_the_clock_every_minute() {
        let hours = hours(
            "Europe/Berlin",
            &[
                (1, &[("09:00", "13:00"), ("14:00", "18:00")]),
                (3, &[("00:00", "24:00")]),
                (5, &[("09:00", "13:00"), ("22:00", "06:00")]),
                (6, &[("23:00", "04:00")]),
                (7, &[("23:00", "02:00")]),
            ],
            &["2024-03-29", "2024-04-01", "2024-10-25", "2024-10-27"],
        );
        let s = Schedule::new(&hours).expect("a good schedule");
        let mut rng = Lcg(13);
        for start in ["2024-03-20T00:00", "2024-10-16T00:00"] {
            let base = at("Europe/Berlin", start).as_millis();
            for _ in 0..12 {
                let from = Timestamp::from_millis(base + rng.below(14 * 24 * 60) * MINUTE);
                let to = from.plus_millis(rng.below(24 * 24 * 60) * MINUTE);
                assert_eq!(
                    s.business_millis(from, to),
                    minute_by_minute(&hours, from, to),
                    "[{}, {})",
                    from.rfc3339(),
                    to.rfc3339()
                );
            }
        }
    }
}
