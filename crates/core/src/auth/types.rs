//! The requests and answers of signing in, sessions, API keys and the operators' list.
//!
//! Passwords come in as [`Password`], which `Debug` never prints; tokens go out once, in
//! [`SignedIn`] and [`NewApiKey`], whose `Debug` hides them too. No type here carries a
//! password's hash.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::password::Password;
use crate::operator::{Operator, Role};
use crate::time::Timestamp;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignIn {
    /// Whatever its case.
    pub login: String,
    pub password: Password,
}

/// A new session: `token` goes in `Authorization: Bearer …` (or the session cookie) from now
/// on. It is shown this once; only its hash is kept.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignedIn {
    pub operator: Operator,
    pub token: String,
}

impl std::fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedIn")
            .field("operator", &self.operator)
            .field("token", &"<redacted>")
            .finish()
    }
}

/// One of the caller's sessions (a browser or app signed in).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SessionInfo {
    pub id: i64,
    /// What signed in: a browser's User-Agent, "Switchboard desktop".
    pub label: String,
    pub created_at: Timestamp,
    /// To the minute. A session unused for 30 days ends.
    pub last_used_at: Timestamp,
    /// The network address it was last used from, when known.
    pub last_address: Option<String>,
    /// The session this request came with.
    pub current: bool,
}

/// A session or API key of the caller's, by id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CredentialRef {
    pub id: i64,
}

/// One of the caller's API keys (never its token).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ApiKeyInfo {
    pub id: i64,
    /// What uses it, as its owner named it.
    pub name: String,
    pub created_at: Timestamp,
    /// To the minute; its creation until first used. Keys do not expire.
    pub last_used_at: Timestamp,
    pub last_address: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CreateApiKey {
    pub name: String,
}

/// A new API key: `token` is shown this once; only its hash is kept.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NewApiKey {
    pub key: ApiKeyInfo,
    pub token: String,
}

impl std::fmt::Debug for NewApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewApiKey")
            .field("key", &self.key)
            .field("token", &"<redacted>")
            .finish()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChangePassword {
    pub current: Password,
    pub new: Password,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AddOperator {
    /// 1 to 64 Latin letters, digits and `. _ - @`; unique whatever the case.
    pub login: String,
    /// Shown on their messages and assignments; unique.
    pub name: String,
    pub role: Role,
    pub password: Password,
}

/// Changes what is given; leaves the rest.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
pub struct UpdateOperator {
    pub id: i64,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub role: Option<Role>,
    /// False disables them: their sessions end at once and their API keys are refused.
    #[serde(default)]
    pub active: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SetOperatorPassword {
    pub id: i64,
    pub password: Password,
}
