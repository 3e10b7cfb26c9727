//! Instants as milliseconds since the Unix epoch, shown to people and other programs as RFC 3339.
//!
//! Gateways report times in their own shapes (Devino: ms since the epoch; WAMM: local wall time
//! with no zone); adapters convert at the edge so the rest of the app compares plain integers.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ts_rs::TS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, TS)]
#[ts(type = "string")]
pub struct Timestamp(i64);

impl Timestamp {
    pub const fn from_millis(ms: i64) -> Self {
        Self(ms)
    }

    pub const fn as_millis(self) -> i64 {
        self.0
    }

    /// The wall clock, for hosts that have nothing better to offer.
    pub fn now() -> Self {
        Self(jiff::Timestamp::now().as_millisecond())
    }

    pub fn rfc3339(self) -> String {
        match jiff::Timestamp::from_millisecond(self.0) {
            Ok(ts) => ts.to_string(),
            // Out of jiff's range (years beyond ±9999): still say something truthful.
            Err(_) => format!("@{}ms", self.0),
        }
    }

    pub fn parse_rfc3339(s: &str) -> Option<Self> {
        s.parse::<jiff::Timestamp>()
            .ok()
            .map(|t| Self(t.as_millisecond()))
    }

    pub fn plus_millis(self, ms: i64) -> Self {
        Self(self.0.saturating_add(ms))
    }

    /// Milliseconds from `earlier` to this instant (negative when `earlier` is later).
    /// Saturating: a time from outside (a gateway's) may be anything, even `i64::MIN`.
    pub fn millis_since(self, earlier: Self) -> i64 {
        self.0.saturating_sub(earlier.0)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse_rfc3339(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("not an RFC 3339 time: {s}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_rfc3339() {
        let t = Timestamp::from_millis(1_700_000_000_123);
        assert_eq!(t.rfc3339(), "2023-11-14T22:13:20.123Z");
        assert_eq!(Timestamp::parse_rfc3339(&t.rfc3339()), Some(t));
    }

    #[test]
    fn arithmetic_on_times_from_outside_never_overflows() {
        let now = Timestamp::from_millis(1_700_000_000_000);
        assert_eq!(now.millis_since(Timestamp::from_millis(i64::MIN)), i64::MAX);
        assert_eq!(Timestamp::from_millis(i64::MIN).millis_since(now), i64::MIN);
        assert_eq!(now.plus_millis(i64::MAX), Timestamp::from_millis(i64::MAX));
        assert_eq!(
            Timestamp::from_millis(i64::MIN).rfc3339(),
            format!("@{}ms", i64::MIN)
        );
    }
}
