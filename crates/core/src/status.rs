//! Delivery statuses and the rule that decides which one a message shows.
//!
//! Callbacks arrive late, twice, or out of order, so the status a message shows is not "the last
//! one received" but a function of every status ever recorded for it. Applying the same set of
//! changes in any order therefore gives the same answer, and a late "sent" can never pull a
//! "seen" message back.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ts_rs::TS;

use crate::time::Timestamp;

#[derive(Clone, Debug, PartialEq, Eq, Hash, TS)]
#[ts(type = "string")]
pub enum Status {
    Queued,
    Sent,
    Delivered,
    Seen,
    Failed,
    Rejected,
    /// A word a gateway uses that we have no meaning for: shown as it came, never dropped.
    Other(String),
}

impl Status {
    pub fn as_str(&self) -> &str {
        match self {
            Self::Queued => "queued",
            Self::Sent => "sent",
            Self::Delivered => "delivered",
            Self::Seen => "seen",
            Self::Failed => "failed",
            Self::Rejected => "rejected",
            Self::Other(s) => s,
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "queued" => Self::Queued,
            "sent" => Self::Sent,
            "delivered" => Self::Delivered,
            "seen" => Self::Seen,
            "failed" => Self::Failed,
            "rejected" => Self::Rejected,
            other => Self::Other(other.to_owned()),
        }
    }

    /// Position on the happy path; `None` for failures and unknown words.
    fn progress(&self) -> Option<u8> {
        match self {
            Self::Queued => Some(0),
            Self::Sent => Some(1),
            Self::Delivered => Some(2),
            Self::Seen => Some(3),
            _ => None,
        }
    }

    pub fn is_failure(&self) -> bool {
        matches!(self, Self::Failed | Self::Rejected)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self::parse(&String::deserialize(d)?))
    }
}

/// One recorded change: what the gateway said, when (its clock), and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatusChange {
    pub status: Status,
    /// The gateway's time for the change (our time when the gateway gives none).
    pub at: Timestamp,
    /// The gateway's own code (Devino `errorCode`, DecisionTelecom status number ...).
    pub code: Option<String>,
    pub reason: Option<crate::phrase::Phrase>,
}

/// The status a message shows, given every change recorded for it.
///
/// - Progress never goes backwards: the furthest of queued < sent < delivered < seen wins.
/// - A failure (failed/rejected) is terminal, unless the gateway later (by its own clock) reports
///   the message delivered or seen: then the failure was wrong or was retried by the gateway.
/// - A word we do not know is shown when it is the newest thing the gateway said and no failure
///   stands; it is always kept in the history.
///
/// Ties on time are broken by the status text, so the result never depends on arrival order.
pub fn effective(changes: &[StatusChange]) -> Option<&StatusChange> {
    let newest = |a: &&StatusChange, b: &&StatusChange| {
        (a.at, a.status.as_str()).cmp(&(b.at, b.status.as_str()))
    };
    let failure = changes
        .iter()
        .filter(|c| c.status.is_failure())
        .max_by(newest);
    let progress = changes
        .iter()
        .filter_map(|c| c.status.progress().map(|p| (p, c)))
        .max_by(|(pa, a), (pb, b)| pa.cmp(pb).then_with(|| newest(a, b)))
        .map(|(_, c)| c);
    if let Some(f) = failure {
        let overturned = changes
            .iter()
            .any(|c| matches!(c.status, Status::Delivered | Status::Seen) && c.at > f.at);
        if !overturned {
            return Some(f);
        }
    }
    let other = changes
        .iter()
        .filter(|c| matches!(c.status, Status::Other(_)))
        .max_by(newest);
    match (progress, other) {
        (Some(p), Some(o)) if o.at > p.at => Some(o),
        (Some(p), _) => Some(p),
        (None, o) => o,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ch(status: &str, at: i64) -> StatusChange {
        StatusChange {
            status: Status::parse(status),
            at: Timestamp::from_millis(at),
            code: None,
            reason: None,
        }
    }

    fn eff(changes: &[StatusChange]) -> &str {
        effective(changes).map_or("none", |c| c.status.as_str())
    }

    #[test]
    fn progress_never_moves_backwards() {
        assert_eq!(
            eff(&[ch("seen", 3), ch("sent", 1), ch("delivered", 2)]),
            "seen"
        );
        // A late "sent" stamped after "seen" by a confused gateway still does not demote it.
        assert_eq!(eff(&[ch("seen", 3), ch("sent", 9)]), "seen");
    }

    #[test]
    fn failure_is_terminal_unless_a_later_delivery_overturns_it() {
        assert_eq!(eff(&[ch("sent", 1), ch("failed", 2)]), "failed");
        assert_eq!(eff(&[ch("failed", 2), ch("sent", 5)]), "failed");
        assert_eq!(eff(&[ch("failed", 2), ch("delivered", 5)]), "delivered");
        assert_eq!(eff(&[ch("delivered", 1), ch("failed", 2)]), "failed");
    }

    #[test]
    fn unknown_words_are_kept_and_shown_when_newest() {
        assert_eq!(eff(&[ch("sent", 1), ch("PAUSED", 2)]), "PAUSED");
        assert_eq!(eff(&[ch("PAUSED", 2), ch("delivered", 3)]), "delivered");
        assert_eq!(eff(&[ch("PAUSED", 2)]), "PAUSED");
    }

    #[test]
    fn order_of_arrival_does_not_matter() {
        let set = [
            ch("sent", 1),
            ch("failed", 2),
            ch("X", 2),
            ch("delivered", 4),
            ch("seen", 4),
        ];
        let expected = eff(&set).to_owned();
        let mut rev = set.to_vec();
        rev.reverse();
        assert_eq!(eff(&rev), expected);
        rev.rotate_left(2);
        assert_eq!(eff(&rev), expected);
    }
}
