//! The people who use Switchboard.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Talks to customers.
    Manager,
    /// Sees everyone's conversations and how the team performs.
    Supervisor,
    /// Reads everything, changes nothing.
    Reviewer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Manager => "manager",
            Self::Supervisor => "supervisor",
            Self::Reviewer => "reviewer",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Manager, Self::Supervisor, Self::Reviewer]
            .into_iter()
            .find(|r| r.as_str() == s)
    }

    pub fn can_send(self) -> bool {
        !matches!(self, Self::Reviewer)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Operator {
    pub id: i64,
    pub name: String,
    pub role: Role,
}
