//! Who is asking, and which commands each role may run.
//!
//! Every command of the API declares its [`Access`] next to it in the `api!` list; the
//! dispatcher checks it before the request is even parsed, so no handler can forget to. What a
//! permitted operator then *sees* (a manager: their own and unassigned conversations) is the
//! [`Scope`] every conversation query is given.

use serde::Serialize;
use ts_rs::TS;

use crate::operator::{Operator, Role};

/// Who may run a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Anyone, signed in or not: signing in itself.
    Public,
    /// Every signed-in operator, whatever their role: themselves, their sessions and keys.
    SignedIn,
    /// Every role reads conversations, each seeing its share of them.
    Read,
    /// Managers and supervisors: sending, replying, naming contacts. Never reviewers.
    Reply,
    /// Supervisors alone: operators, accounts, assignment, the team's settings.
    Supervise,
    /// Quality control: reviewers and supervisors score conversations. Never managers.
    Review,
}

impl Access {
    pub const ALL: [Access; 6] = [
        Access::Public,
        Access::SignedIn,
        Access::Read,
        Access::Reply,
        Access::Supervise,
        Access::Review,
    ];

    /// Whether `role` (none: not signed in) may run a command declared with this access.
    pub fn allows(self, role: Option<Role>) -> bool {
        match (self, role) {
            (Access::Public, _) => true,
            (_, None) => false,
            (Access::SignedIn | Access::Read, Some(_)) => true,
            (Access::Reply, Some(role)) => matches!(role, Role::Manager | Role::Supervisor),
            (Access::Supervise, Some(role)) => role == Role::Supervisor,
            (Access::Review, Some(role)) => matches!(role, Role::Reviewer | Role::Supervisor),
        }
    }
}

/// How a caller proved who they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credential {
    /// In-process: the solo desktop's window, the CLI on the data directory, tests.
    Local,
    /// A signed-in session (browser cookie or the desktop's bearer token).
    Session(i64),
    /// A named API key.
    ApiKey(i64),
}

/// The operator a command runs for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    pub operator: Operator,
    pub credential: Credential,
}

impl Caller {
    pub fn new(operator: Operator, credential: Credential) -> Self {
        Self {
            operator,
            credential,
        }
    }

    pub fn role(&self) -> Role {
        self.operator.role
    }

    pub fn id(&self) -> i64 {
        self.operator.id
    }

    /// The conversations this caller sees, given the team's "managers see all" setting.
    pub fn scope(&self, managers_see_all: bool) -> Scope {
        match self.operator.role {
            Role::Manager if !managers_see_all => Scope::Own(self.operator.id),
            _ => Scope::All,
        }
    }
}

/// Everything the API knows about a request: who is signed in (if anyone) and where it came
/// from (for throttling sign-in attempts and listing an operator's sessions).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Client {
    pub caller: Option<Caller>,
    /// The client's network address as the transport saw it (none in-process).
    pub address: Option<std::net::IpAddr>,
    /// What the client says it is (a browser's User-Agent, "Switchboard desktop").
    pub agent: Option<String>,
}

impl Client {
    /// A request by `caller` from this process.
    pub fn of(caller: Caller) -> Self {
        Self {
            caller: Some(caller),
            ..Self::default()
        }
    }

    /// The solo desktop's operator, in-process.
    pub fn local() -> Self {
        Self::of(Caller::local())
    }
}

/// Which conversations a query may answer with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every conversation (supervisors, reviewers; managers when the team allows).
    All,
    /// Conversations assigned to this operator, and unassigned ones.
    Own(i64),
}

impl Scope {
    /// Whether a conversation assigned to `assignee` (none: unassigned) is in scope.
    pub fn sees(self, assignee: Option<i64>) -> bool {
        match self {
            Scope::All => true,
            Scope::Own(me) => assignee.is_none_or(|a| a == me),
        }
    }

    /// The operator id an SQL filter compares `assignee_id` with; none: no filter.
    pub fn own(self) -> Option<i64> {
        match self {
            Scope::All => None,
            Scope::Own(me) => Some(me),
        }
    }
}

/// How long before an operator joined a customer's message still counts as unread to them.
const JOINING_SLACK_MS: i64 = 5 * 60 * 1000;

/// Whom a conversation's unread count is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reader {
    pub operator_id: i64,
    /// Conversations they never opened count customer messages from this time on (a new
    /// operator does not start with the whole history unread).
    pub since: crate::time::Timestamp,
}

impl Reader {
    /// Nobody: live events carry the shared conversation, and each client adds the growth of
    /// `incoming_count` to the unread count it was last given.
    pub const NOBODY: Reader = Reader {
        operator_id: 0,
        since: crate::time::Timestamp::from_millis(i64::MAX),
    };

    pub fn of(operator: &Operator) -> Self {
        Self {
            operator_id: operator.id,
            // Gateways' clocks drift and some give whole seconds: what a customer wrote as
            // the operator joined still counts as news to them.
            since: crate::time::Timestamp::from_millis(
                operator
                    .created_at
                    .as_millis()
                    .saturating_sub(JOINING_SLACK_MS),
            ),
        }
    }
}

impl Caller {
    /// The solo desktop's operator, in-process: the desktop window in solo mode, the CLI on a
    /// data directory, the host's own start-up steps and tests. A supervisor.
    pub fn local() -> Self {
        Self {
            operator: Operator {
                id: crate::operator::LOCAL_OPERATOR,
                login: None,
                name: "Me".to_owned(),
                role: Role::Supervisor,
                active: true,
                last_seen_at: None,
                created_at: crate::time::Timestamp::from_millis(0),
                accepting: true,
            },
            credential: Credential::Local,
        }
    }
}
