//! Who an operator is: passwords, sign-in and its throttle, sessions and API keys, and the
//! supervisors' commands that add operators, change their roles and disable them.
//!
//! A request proves its operator with a token (a session's, from signing in, or an API key's),
//! which [`Engine::authenticate`](crate::Engine::authenticate) turns into the
//! [`Caller`](crate::access::Caller) the API's commands run for. In-process callers (the solo
//! desktop, the CLI on the data directory) are the local operator and need no token.

mod keys;
mod operators;
pub mod password;
mod session;
mod throttle;
pub mod token;
mod types;

pub use password::{Password, PasswordCost};
pub use session::{SESSION_IDLE_DAYS, TOUCH_EVERY_MS};
pub use types::*;

/// What the engine keeps for signing in: the password hasher and the throttle.
#[derive(Default)]
pub(crate) struct Auth {
    pub(crate) passwords: password::Passwords,
    pub(crate) throttle: throttle::Throttle,
}

impl crate::Engine {
    /// How costly new password hashes are: [`PasswordCost::OWASP`] unless changed. Tests make
    /// it [`PasswordCost::CHEAP`]; nothing else should.
    pub fn set_password_cost(&self, cost: PasswordCost) {
        self.auth.passwords.set_cost(cost);
    }
}

/// What signing in and managing operators say.
pub mod said {
    crate::phrases! {
        WRONG_LOGIN_OR_PASSWORD = "auth.wrong_login_or_password": "Wrong login or password";
        TOO_MANY_ATTEMPTS = "auth.too_many_attempts": "Too many failed sign-ins: try again in {seconds} s";
        CREDENTIAL_UNKNOWN = "auth.credential_unknown": "This session has ended or this API key was revoked: sign in again";
        SESSION_EXPIRED = "auth.session_expired": "The session ended after {days} days without use: sign in again";
        OPERATOR_DISABLED = "auth.operator_disabled": "{name} is disabled: a supervisor can enable them again";
        PASSWORD_TOO_SHORT = "auth.password_too_short": "The password needs at least {min} characters";
        PASSWORD_TOO_LONG = "auth.password_too_long": "The password may have at most {max} characters";
        CURRENT_PASSWORD_WRONG = "auth.current_password_wrong": "The current password is wrong";
        NO_LOGIN = "auth.no_login": "{name} has no login and no password: they use Switchboard on this computer only";
        LOGIN_INVALID = "auth.login_invalid": "'{login}' is not a login: use 1 to {max} Latin letters, digits and . _ - @";
        LOGIN_TAKEN = "auth.login_taken": "The login '{login}' is taken (logins are the same whatever their case)";
        NAME_EMPTY = "auth.name_empty": "The name is empty";
        NAME_TOO_LONG = "auth.name_too_long": "The name may have at most {max} characters";
        NAME_TAKEN = "auth.name_taken": "There is already an operator named {name}";
        NOT_YOURSELF = "auth.not_yourself": "You cannot disable yourself or give up your own supervisor role: ask another supervisor";
        LAST_SUPERVISOR = "auth.last_supervisor": "{name} is the last active supervisor who can sign in: make someone else a supervisor first";
        LOCAL_OPERATOR_FIXED = "auth.local_operator_fixed": "{name} is this computer's own operator and stays an active supervisor";
        SESSION_NOT_FOUND = "auth.session_not_found": "There is no such session: it has ended already";
        API_KEY_NOT_FOUND = "auth.api_key_not_found": "There is no such API key";
        KEY_NAME_EMPTY = "auth.key_name_empty": "Name the API key after what will use it";
        LOGIN_NOT_FOUND = "auth.login_not_found": "No operator signs in as '{login}'";
    }
}
