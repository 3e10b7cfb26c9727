//! The supervisors' commands over the team's operators, and each operator's own password.
//!
//! Every change is kept as a fact (who, when, what: `operator_changes`) in the same
//! transaction as the change, and tells every client to reload the team.

use serde_json::json;

use super::session::LOGIN_MAX;
use super::throttle::Attempt;
use super::{AddOperator, ChangePassword, SetOperatorPassword, UpdateOperator, said};
use crate::access::{Caller, Credential};
use crate::api::Empty;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::event::Event;
use crate::operator::{LOCAL_OPERATOR, Operator, Role};
use crate::phrase::core as core_said;
use crate::store::{Db, NewOperator, OperatorChange};
use crate::time::Timestamp;

/// The longest display name.
const NAME_CHARS: usize = 100;

/// A login as it is stored: trimmed, 1 to 64 Latin letters, digits and `. _ - @`. Latin only,
/// because SQLite compares case-insensitively in ASCII alone: "Иван" and "иван" would be two
/// logins.
fn login(raw: &str) -> Result<String> {
    let login = raw.trim();
    let fits = (1..=LOGIN_MAX).contains(&login.len())
        && login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if !fits {
        return Err(Error::BadRequest(
            said::LOGIN_INVALID
                .with("login", login)
                .arg("max", LOGIN_MAX),
        ));
    }
    Ok(login.to_owned())
}

/// A display name as it is stored: trimmed, not empty, at most 100 characters.
fn name(raw: &str) -> Result<String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(Error::BadRequest(said::NAME_EMPTY.phrase()));
    }
    if name.chars().count() > NAME_CHARS {
        return Err(Error::BadRequest(
            said::NAME_TOO_LONG.with("max", NAME_CHARS),
        ));
    }
    Ok(name.to_owned())
}

fn not_found(id: i64) -> Error {
    Error::NotFound(core_said::OPERATOR_NOT_FOUND.with("id", id))
}

/// A change made by `actor` to `operator_id` at `at`.
fn change(
    at: Timestamp,
    actor: i64,
    operator_id: i64,
    kind: &'static str,
    detail: serde_json::Value,
) -> OperatorChange {
    OperatorChange {
        at,
        actor_id: actor,
        operator_id,
        kind,
        detail,
    }
}

impl Engine {
    /// Everyone: this computer's own operator first, then by name.
    pub async fn list_operators(&self, _: &Caller, _: Empty) -> Result<Vec<Operator>> {
        Ok(self.db.read(Db::operators).await?)
    }

    /// Adds an operator who signs in with `login` and `password`.
    pub async fn add_operator(&self, who: &Caller, req: AddOperator) -> Result<Operator> {
        let (login, name) = (login(&req.login)?, name(&req.name)?);
        let password_hash = self.auth.passwords.hash(&req.password).await?;
        let new = NewOperator {
            login,
            name,
            role: req.role,
            password_hash,
        };
        let (actor, now) = (who.id(), self.now());
        let added = self
            .db
            .transact(move |tx| {
                if Db::login_taken(tx, &new.login)? {
                    return Ok(Err(Error::Conflict(
                        said::LOGIN_TAKEN.with("login", &new.login),
                    )));
                }
                if Db::name_taken(tx, &new.name, None)? {
                    return Ok(Err(Error::Conflict(
                        said::NAME_TAKEN.with("name", &new.name),
                    )));
                }
                let operator = Db::insert_operator(tx, &new, now)?;
                let detail = json!({
                    "login": operator.login,
                    "name": operator.name,
                    "role": operator.role,
                });
                Db::record_operator_change(tx, &change(now, actor, operator.id, "added", detail))?;
                Ok(Ok(operator))
            })
            .await??;
        self.host.events.emit(&Event::Team);
        Ok(added)
    }

    /// Renames, gives a role to, disables or enables an operator. Disabling ends their
    /// sessions at once (their API keys are refused while they are disabled). Nobody disables
    /// or demotes themselves, this computer's own operator, or the last active supervisor who
    /// can sign in: the team would be left without anyone to run it.
    pub async fn update_operator(&self, who: &Caller, req: UpdateOperator) -> Result<Operator> {
        let new_name = req.name.as_deref().map(name).transpose()?;
        let (actor, now) = (who.id(), self.now());
        let (updated, changed) = self
            .db
            .transact(move |tx| {
                let Some(target) = Db::operator_by_id(tx, req.id)? else {
                    return Ok(Err(not_found(req.id)));
                };
                let demoted = target.role == Role::Supervisor
                    && req.role.is_some_and(|r| r != Role::Supervisor);
                let disabled = target.active && req.active == Some(false);
                if demoted || disabled {
                    let refusal = if target.id == LOCAL_OPERATOR {
                        Some(said::LOCAL_OPERATOR_FIXED.with("name", &target.name))
                    } else if target.id == actor {
                        Some(said::NOT_YOURSELF.phrase())
                    } else if target.role == Role::Supervisor
                        && target.active
                        && target.login.is_some()
                        && Db::signing_in_supervisors_besides(tx, target.id)? == 0
                    {
                        Some(said::LAST_SUPERVISOR.with("name", &target.name))
                    } else {
                        None
                    };
                    if let Some(refusal) = refusal {
                        return Ok(Err(Error::Conflict(refusal)));
                    }
                }
                let mut changes = Vec::new();
                if let Some(name) = new_name.filter(|n| *n != target.name) {
                    if Db::name_taken(tx, &name, Some(target.id))? {
                        return Ok(Err(Error::Conflict(said::NAME_TAKEN.with("name", &name))));
                    }
                    Db::set_operator_name(tx, target.id, &name)?;
                    changes.push(("renamed", json!({"from": target.name, "to": name})));
                }
                if let Some(role) = req.role.filter(|r| *r != target.role) {
                    Db::set_operator_role(tx, target.id, role)?;
                    changes.push(("role", json!({"from": target.role, "to": role})));
                }
                if let Some(active) = req.active.filter(|a| *a != target.active) {
                    Db::set_operator_active(tx, target.id, active)?;
                    if !active {
                        Db::delete_sessions(tx, target.id, None)?;
                    }
                    changes.push((if active { "enabled" } else { "disabled" }, json!({})));
                }
                for (kind, detail) in &changes {
                    Db::record_operator_change(
                        tx,
                        &change(now, actor, target.id, kind, detail.clone()),
                    )?;
                }
                let updated = Db::operator_by_id(tx, target.id)?
                    .ok_or_else(|| crate::store::StoreError::Corrupt("operator vanished".into()))?;
                Ok(Ok((updated, !changes.is_empty())))
            })
            .await??;
        if changed {
            self.host.events.emit(&Event::Team);
            // An operator enabled (or made a manager) may take from the queue.
            self.assignment_wake.notify_one();
        }
        Ok(updated)
    }

    /// Gives an operator a new password (they forgot theirs, or it leaked): their sessions end
    /// at once, everywhere, and their API keys are revoked (whoever had the password could
    /// have made one).
    pub async fn set_operator_password(
        &self,
        who: &Caller,
        req: SetOperatorPassword,
    ) -> Result<()> {
        let target = self.operator_by_id(req.id).await?;
        if target.login.is_none() {
            return Err(Error::Conflict(said::NO_LOGIN.with("name", &target.name)));
        }
        let hash = self.auth.passwords.hash(&req.password).await?;
        let (actor, now, id) = (who.id(), self.now(), target.id);
        self.db
            .transact(move |tx| {
                Db::set_password_hash(tx, id, &hash)?;
                Db::delete_sessions(tx, id, None)?;
                let keys = Db::delete_api_keys(tx, id)?;
                Db::record_operator_change(
                    tx,
                    &change(
                        now,
                        actor,
                        id,
                        "password_set",
                        json!({"api_keys_revoked": keys}),
                    ),
                )
            })
            .await?;
        self.host.events.emit(&Event::Team);
        Ok(())
    }

    /// The caller's own new password, given their current one: their other sessions end (the
    /// one asking stays signed in); their API keys keep working. Wrong current passwords count
    /// towards the sign-in throttle, or a stolen session could guess with them.
    pub async fn change_password(&self, who: &Caller, req: ChangePassword) -> Result<()> {
        let Some(login) = who.operator.login.as_deref() else {
            return Err(Error::Conflict(
                said::NO_LOGIN.with("name", &who.operator.name),
            ));
        };
        req.new.check()?;
        let attempt = Attempt::new(login, None);
        if let Err(wait_ms) = self.auth.throttle.begin(&attempt, self.now()) {
            return Err(Error::TooManyAttempts(
                said::TOO_MANY_ATTEMPTS.with("seconds", (wait_ms + 999) / 1_000),
            ));
        }
        let id = who.id();
        let stored = self.db.read(move |c| Db::password_hash(c, id)).await?;
        if !self.auth.passwords.verify(&req.current, stored).await? {
            return Err(Error::Forbidden(said::CURRENT_PASSWORD_WRONG.phrase()));
        }
        self.auth.throttle.succeeded(&attempt);
        let hash = self.auth.passwords.hash(&req.new).await?;
        let keep = match who.credential {
            Credential::Session(session) => Some(session),
            Credential::ApiKey(_) | Credential::Local => None,
        };
        let now = self.now();
        self.db
            .transact(move |tx| {
                Db::set_password_hash(tx, id, &hash)?;
                Db::delete_sessions(tx, id, keep)?;
                Db::record_operator_change(tx, &change(now, id, id, "password_changed", json!({})))
            })
            .await?;
        self.host.events.emit(&Event::Team);
        Ok(())
    }
}
