//! `switchboard operator …`: the operators who sign in to a team server, managed on the data
//! directory as this computer's own operator (the same engine commands a supervisor's Team
//! screen calls).

use std::io::IsTerminal;
use std::sync::Arc;

use clap::Subcommand;
use switchboard_core::access::Caller;
use switchboard_core::api::{AddOperator, Empty, SetOperatorPassword, UpdateOperator};
use switchboard_core::auth::{Password, said as auth_said};
use switchboard_core::operator::Role;
use switchboard_core::{Engine, Error, Phrase};

use super::print_json;

#[derive(Subcommand)]
pub(super) enum OperatorCommand {
    /// Adds an operator; their password (10 to 256 characters) is read from standard input:
    /// asked twice, unseen, at a terminal; else the first line.
    Add {
        /// What they sign in with: Latin letters, digits and . _ - @ (case does not matter).
        login: String,
        /// Their name as the team sees it.
        #[arg(long)]
        name: String,
        /// manager, supervisor or reviewer.
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Gives an operator another role: manager, supervisor or reviewer.
    SetRole {
        login: String,
        #[arg(value_parser = parse_role)]
        role: Role,
    },
    /// Stops an operator from signing in: their sessions end at once and their API keys are
    /// refused until they are enabled again.
    Disable {
        login: String,
    },
    Enable {
        login: String,
    },
    /// Gives an operator a new password, read from standard input as for `add`; their
    /// sessions end.
    Password {
        login: String,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| {
        let names: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        format!("unknown role '{s}'; one of: {}", names.join(", "))
    })
}

pub(super) async fn operator(engine: &Arc<Engine>, command: OperatorCommand) -> Result<(), Error> {
    let me = Caller::local();
    match command {
        OperatorCommand::Add { login, name, role } => {
            let password = read_password(&format!("Password for '{login}'"))?;
            let added = engine
                .add_operator(
                    &me,
                    AddOperator {
                        login,
                        name,
                        role,
                        password,
                    },
                )
                .await?;
            println!(
                "added operator '{}' ({}, {})",
                added.login.as_deref().unwrap_or_default(),
                added.name,
                added.role.as_str()
            );
        }
        OperatorCommand::List { json } => {
            let operators = engine.list_operators(&me, Empty {}).await?;
            if json {
                print_json(&operators)?;
            } else {
                for o in &operators {
                    let seen = o
                        .last_seen_at
                        .map_or_else(|| "never".to_owned(), |t| t.rfc3339());
                    println!(
                        "{:<24} {:<24} {:<10} {:<8} last seen {seen}",
                        o.login.as_deref().unwrap_or("(this computer)"),
                        o.name,
                        o.role.as_str(),
                        if o.active { "active" } else { "disabled" },
                    );
                }
            }
        }
        OperatorCommand::SetRole { login, role } => {
            let id = operator_id(engine, &login).await?;
            let changed = engine
                .update_operator(
                    &me,
                    UpdateOperator {
                        id,
                        role: Some(role),
                        ..UpdateOperator::default()
                    },
                )
                .await?;
            println!("'{login}' is now a {}", changed.role.as_str());
        }
        OperatorCommand::Disable { ref login } | OperatorCommand::Enable { ref login } => {
            let active = matches!(command, OperatorCommand::Enable { .. });
            let id = operator_id(engine, login).await?;
            engine
                .update_operator(
                    &me,
                    UpdateOperator {
                        id,
                        active: Some(active),
                        ..UpdateOperator::default()
                    },
                )
                .await?;
            if active {
                println!("'{login}' can sign in again");
            } else {
                println!("'{login}' is disabled: their sessions have ended");
            }
        }
        OperatorCommand::Password { login } => {
            let id = operator_id(engine, &login).await?;
            let password = read_password(&format!("New password for '{login}'"))?;
            engine
                .set_operator_password(&me, SetOperatorPassword { id, password })
                .await?;
            println!("'{login}' has a new password: their sessions have ended");
        }
    }
    Ok(())
}

/// The id of the operator who signs in as `login`, whatever its case.
async fn operator_id(engine: &Arc<Engine>, login: &str) -> Result<i64, Error> {
    let wanted = login.trim();
    engine
        .list_operators(&Caller::local(), Empty {})
        .await?
        .into_iter()
        .find(|o| {
            o.login
                .as_deref()
                .is_some_and(|l| l.eq_ignore_ascii_case(wanted))
        })
        .map(|o| o.id)
        .ok_or_else(|| Error::NotFound(auth_said::LOGIN_NOT_FOUND.with("login", wanted)))
}

/// A new password from standard input. At a terminal it is asked twice without echo (a typo
/// nobody saw would lock the operator out); piped, it is the first line. Unlike `read_hidden`
/// nothing but the line ending is cut: spaces may be part of a password.
fn read_password(prompt: &str) -> Result<Password, Error> {
    let cannot = |e: std::io::Error| {
        Error::BadRequest(Phrase::verbatim(format!("cannot read the password: {e}")))
    };
    if std::io::stdin().is_terminal() {
        let first =
            rpassword::prompt_password(format!("{prompt} (not shown): ")).map_err(cannot)?;
        let again = rpassword::prompt_password("Again, to be sure: ").map_err(cannot)?;
        if first != again {
            return Err(Error::BadRequest(Phrase::verbatim(
                "the two passwords differ; nothing was changed",
            )));
        }
        return Ok(Password::new(first));
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).map_err(cannot)?;
    let line = line.strip_suffix('\n').unwrap_or(&line);
    Ok(Password::new(line.strip_suffix('\r').unwrap_or(line)))
}
