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
mod tests;
