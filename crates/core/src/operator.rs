//! The people who use Switchboard, and what their role lets them do.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::time::Timestamp;

/// The person at a solo desktop (created by the first migration): a supervisor with no login,
/// who also owns the data directory's API key.
pub const LOCAL_OPERATOR: i64 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Talks to customers: the conversations assigned to them and unassigned ones.
    Manager,
    /// Sees everyone's conversations and how the team performs; runs the team and its accounts.
    Supervisor,
    /// Quality control: reads every conversation, changes nothing.
    Reviewer,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Manager, Role::Supervisor, Role::Reviewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Manager => "manager",
            Self::Supervisor => "supervisor",
            Self::Reviewer => "reviewer",
        }
    }

    /// The role's name in words, for sentences shown to people.
    pub fn phrase(self) -> crate::phrase::Phrase {
        use crate::phrase::core as said;
        match self {
            Self::Manager => said::ROLE_MANAGER.phrase(),
            Self::Supervisor => said::ROLE_SUPERVISOR.phrase(),
            Self::Reviewer => said::ROLE_REVIEWER.phrase(),
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// An operator as everyone who may see them sees them (never a password or token).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Operator {
    pub id: i64,
    /// What they sign in with, unique whatever the case; none for the solo desktop's operator.
    pub login: Option<String>,
    /// Display name, shown on their messages and assignments.
    pub name: String,
    pub role: Role,
    /// A disabled operator cannot sign in and their sessions and keys are refused.
    pub active: bool,
    /// When they last used Switchboard (any request), to the minute.
    pub last_seen_at: Option<Timestamp>,
    pub created_at: Timestamp,
    /// Takes new chats: auto-assignment gives conversations only to those accepting. Each
    /// operator sets their own (a server-side state, not whether a tab has focus).
    pub accepting: bool,
}
