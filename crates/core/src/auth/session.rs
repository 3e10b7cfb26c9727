//! Signing in and out, and turning a request's token into its operator.
//!
//! A session lasts while it is used: 30 days without a request end it. Its last use is written
//! at most once a minute (from the time stored with it, so several processes agree), not on
//! every request.

use std::net::IpAddr;

use super::password::MAX_CHARS;
use super::throttle::Attempt;
use super::token::{self, TokenKind};
use super::{CredentialRef, SessionInfo, SignIn, SignedIn, said};
use crate::access::{Caller, Client, Credential};
use crate::api::Empty;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::event::Event;
use crate::operator::LOCAL_OPERATOR;
use crate::store::{CredentialKind, CredentialRow, Db, NewCredential};
use crate::time::Timestamp;

/// A session unused this long has ended.
pub const SESSION_IDLE_DAYS: i64 = 30;
const SESSION_IDLE_MS: i64 = SESSION_IDLE_DAYS * 24 * 60 * 60 * 1_000;
/// A credential's last use (and its operator's) is written when older than this.
pub const TOUCH_EVERY_MS: i64 = 60_000;
/// The longest a session's label (a User-Agent) is kept.
const LABEL_CHARS: usize = 200;
/// Longer than any login an operator can have: such a "login" is refused without a look-up.
pub(super) const LOGIN_MAX: usize = 64;

fn unknown_credential() -> Error {
    Error::Unauthorized(said::CREDENTIAL_UNKNOWN.phrase())
}

fn idle_since(now: Timestamp) -> Timestamp {
    now.plus_millis(-SESSION_IDLE_MS)
}

impl Engine {
    /// The operator a request's token (a session's or an API key's) stands for, from one
    /// look-up. Refused (`unauthorized`) when no credential has this token, when it is a
    /// session unused for 30 days (it is deleted then), or when its operator is disabled. The
    /// credential's last use and the operator's last sight are written at most once a minute.
    pub async fn authenticate(&self, token: &str, address: Option<IpAddr>) -> Result<Caller> {
        let token = token.trim();
        if token.is_empty() || token.len() > token::MAX_LEN {
            return Err(unknown_credential());
        }
        let hash = token::hash(token);
        let (credential, mut operator) = self
            .db
            .read(move |c| Db::credential_by_hash(c, &hash))
            .await?
            .ok_or_else(unknown_credential)?;
        let now = self.now();
        let idle = now.millis_since(credential.last_used_at);
        if credential.kind == CredentialKind::Session && idle > SESSION_IDLE_MS {
            let (id, operator_id) = (credential.id, credential.operator_id);
            self.db
                .write(move |c| Db::delete_credential(c, id, operator_id, CredentialKind::Session))
                .await?;
            return Err(Error::Unauthorized(
                said::SESSION_EXPIRED.with("days", SESSION_IDLE_DAYS),
            ));
        }
        if !operator.active {
            return Err(Error::Unauthorized(
                said::OPERATOR_DISABLED.with("name", &operator.name),
            ));
        }
        if idle >= TOUCH_EVERY_MS {
            let (id, operator_id) = (credential.id, operator.id);
            let address = address.map(|a| a.to_string());
            let touched = self
                .db
                .transact(move |tx| {
                    Db::touch_credential(tx, id, operator_id, now, address.as_deref())
                })
                .await;
            match touched {
                Ok(()) => operator.last_seen_at = Some(now),
                // Bookkeeping only: the request goes on, and the next one a minute on tries
                // again.
                Err(e) => tracing::warn!(credential = id, "could not record its use: {e}"),
            }
        }
        let credential = match credential.kind {
            CredentialKind::Session => Credential::Session(credential.id),
            CredentialKind::ApiKey => Credential::ApiKey(credential.id),
        };
        Ok(Caller::new(operator, credential))
    }

    /// Makes `token` (the data directory's own API token) an API key of the local operator,
    /// named `name`; nothing changes when it is one already.
    pub async fn adopt_api_key(&self, token: &str, name: &str) -> Result<()> {
        let token = token.trim();
        if token.is_empty() || token.len() > token::MAX_LEN {
            return Err(Error::bad_request(
                "the API token to adopt is empty or too long",
            ));
        }
        let new = NewCredential {
            operator_id: LOCAL_OPERATOR,
            kind: CredentialKind::ApiKey,
            token_hash: token::hash(token),
            label: name.trim().to_owned(),
            address: None,
        };
        let now = self.now();
        self.db
            .write(move |c| Db::adopt_credential(c, &new, now))
            .await?;
        Ok(())
    }

    /// Signs an operator in with their login and password: a new session for the client,
    /// labelled with what it says it is. A wrong login and a wrong password are answered alike
    /// and take as long; past a few failures, attempts wait (see `throttle`).
    pub async fn sign_in(&self, client: &Client, req: SignIn) -> Result<SignedIn> {
        let attempt = Attempt::new(&req.login, client.address);
        if let Err(wait_ms) = self.auth.throttle.begin(&attempt, self.now()) {
            let seconds = (wait_ms + 999) / 1_000;
            return Err(Error::TooManyAttempts(
                said::TOO_MANY_ATTEMPTS.with("seconds", seconds),
            ));
        }
        let wrong = || Error::Unauthorized(said::WRONG_LOGIN_OR_PASSWORD.phrase());
        let login = req.login.trim().to_owned();
        // The audit log's failures: the login as tried (cut to a login's length at most).
        let address = client.address.map(|a| a.to_string());
        let tried: String = login.chars().take(LOGIN_MAX).collect();
        let failed = |actor: Option<Caller>, reason: &'static str| {
            let detail = serde_json::json!({"login": tried, "reason": reason});
            let address = address.clone();
            async move {
                self.audit(actor.as_ref(), address.as_deref(), "sign_in_failed", detail)
                    .await;
            }
        };
        // Lengths the caller knows already: refusing them at once tells nothing.
        if login.is_empty()
            || login.chars().count() > LOGIN_MAX
            || req.password.expose().chars().count() > MAX_CHARS
        {
            failed(None, "wrong_login_or_password").await;
            return Err(wrong());
        }
        let found = self
            .db
            .read(move |c| Db::operator_by_login(c, &login))
            .await?;
        let (operator, stored) = match found {
            Some((operator, hash)) => (Some(operator), hash),
            None => (None, None),
        };
        let matched = self.auth.passwords.verify(&req.password, stored).await?;
        let Some(operator) = operator.filter(|_| matched) else {
            failed(None, "wrong_login_or_password").await;
            return Err(wrong());
        };
        self.auth.throttle.succeeded(&attempt);
        if !operator.active {
            let actor = Caller::new(operator.clone(), Credential::Local);
            failed(Some(actor), "disabled").await;
            return Err(Error::Unauthorized(
                said::OPERATOR_DISABLED.with("name", &operator.name),
            ));
        }
        let (token, token_hash) = token::issue(TokenKind::Session)?;
        let new = NewCredential {
            operator_id: operator.id,
            kind: CredentialKind::Session,
            token_hash,
            label: client
                .agent
                .as_deref()
                .unwrap_or_default()
                .trim()
                .chars()
                .take(LABEL_CHARS)
                .collect(),
            address: client.address.map(|a| a.to_string()),
        };
        let (id, now) = (operator.id, self.now());
        let operator = self
            .db
            .transact(move |tx| {
                // Sessions that ended unused go when their operator next signs in.
                Db::delete_idle_sessions(tx, id, idle_since(now))?;
                Db::insert_credential(tx, &new, now)?;
                Db::operator_seen(tx, id, now)?;
                Db::operator_by_id(tx, id)
            })
            .await?
            .ok_or_else(wrong)?;
        let actor = Caller::new(operator.clone(), Credential::Local);
        let detail = serde_json::json!({"login": operator.login});
        self.audit(Some(&actor), address.as_deref(), "sign_in", detail)
            .await;
        Ok(SignedIn { operator, token })
    }

    /// Ends the session the request came with; with an API key or in-process there is none to
    /// end, and that is no failure.
    pub async fn sign_out(&self, who: &Caller, _: Empty) -> Result<()> {
        if let Credential::Session(id) = who.credential {
            // Recorded while the session still says where it was used from.
            self.audit(Some(who), None, "sign_out", serde_json::json!({}))
                .await;
            let operator_id = who.id();
            self.db
                .write(move |c| Db::delete_credential(c, id, operator_id, CredentialKind::Session))
                .await?;
            self.host.events.emit(&Event::Credentials { operator_id });
        }
        Ok(())
    }

    /// The caller's own sessions that have not ended, most recently used first.
    pub async fn list_sessions(&self, who: &Caller, _: Empty) -> Result<Vec<SessionInfo>> {
        let operator_id = who.id();
        let rows = self
            .db
            .read(move |c| Db::credentials_of(c, operator_id, CredentialKind::Session))
            .await?;
        let since = idle_since(self.now());
        Ok(rows
            .into_iter()
            .filter(|s| s.last_used_at >= since)
            .map(|s| session_info(s, who.credential))
            .collect())
    }

    /// Ends one of the caller's own sessions (another operator's is not found).
    pub async fn revoke_session(&self, who: &Caller, req: CredentialRef) -> Result<()> {
        let operator_id = who.id();
        let ended = self
            .db
            .write(move |c| Db::delete_credential(c, req.id, operator_id, CredentialKind::Session))
            .await?;
        if !ended {
            return Err(Error::NotFound(said::SESSION_NOT_FOUND.phrase()));
        }
        let detail = serde_json::json!({"operator": operator_id, "session_id": req.id});
        self.audit(Some(who), None, "session_revoked", detail).await;
        // An event stream open with that session ends now, not at its next check.
        self.host.events.emit(&Event::Credentials { operator_id });
        Ok(())
    }
}

fn session_info(row: CredentialRow, current: Credential) -> SessionInfo {
    SessionInfo {
        id: row.id,
        current: current == Credential::Session(row.id),
        label: row.label,
        created_at: row.created_at,
        last_used_at: row.last_used_at,
        last_address: row.last_address,
    }
}
