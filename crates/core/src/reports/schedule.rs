//! Business hours: a time zone, working intervals per weekday (an interval whose end is not
//! after its start runs past midnight: an overnight shift), and holidays. Applied at query
//! time: how much of a span of calendar time fell within working hours.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::Caller;
use crate::api::Empty;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::time::Timestamp;

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
    _private: (),
}

impl Schedule {
    /// Checks a schedule: a known zone, weekdays 1–7, times `HH:MM`, real dates.
    pub fn new(_hours: &BusinessHours) -> crate::error::Result<Self> {
        Err(crate::error::Error::internal("schedules are being built"))
    }

    /// Milliseconds of working time between two instants (0 when `to` is not after `from`).
    pub fn business_millis(&self, _from: Timestamp, _to: Timestamp) -> i64 {
        0
    }

    /// The local day an instant falls on, `YYYY-MM-DD`.
    pub fn day(&self, _at: Timestamp) -> String {
        String::new()
    }

    /// The zone's name.
    pub fn time_zone(&self) -> &str {
        ""
    }
}

impl Engine {
    /// The team's business hours, if it keeps any.
    pub async fn business_hours(
        &self,
        _who: &Caller,
        _req: Empty,
    ) -> Result<Option<BusinessHours>> {
        Err(Error::internal("business_hours is being built"))
    }

    pub async fn set_business_hours(
        self: &Arc<Self>,
        _who: &Caller,
        _req: SetBusinessHours,
    ) -> Result<Option<BusinessHours>> {
        Err(Error::internal("set_business_hours is being built"))
    }
}
