//! The schedule measured against hand-counted hours, the calendar and the clock.

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
        let yesterday =
            intervals(wall.date().yesterday().expect("in range")).any(|(s, e)| e <= s && now < e);
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
