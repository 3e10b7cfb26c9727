//! The audit log, append-only: sign-ins (and failures), sign-outs, operator and role changes,
//! assignments and take-overs, status changes, notes deleted, exports, account and setting
//! changes, and every time a supervisor or reviewer opens a conversation not assigned to them.
//! Read from the same stored facts as the activity lines and reports, plus what only the audit
//! keeps; nothing in the API edits or deletes an entry, and SQLite triggers refuse to change
//! or delete a row of `audit_events` or `operator_changes` whoever asks.
//!
//! # Entries: their `kind` and `action`
//! An operator in an action is `{"id", "name"}` (their name now); a time is RFC 3339.
//!
//! From conversations' facts (`conversation_id` set; no actor: the system or the customer):
//! - `assigned`: `{"to": op, "from": op|null, "rule": "round_robin"|"least_loaded"|
//!   "returning_to_owner"|null, "took": bool}`. `took`: the actor took it themselves; with a `from`,
//!   that is a take-over. No actor and a `rule`: automatic assignment.
//! - `unassigned`: `{"from": op|null, "reason": "no_reply"|null}`.
//! - `status`: `{"status": "open"|"pending"|"snoozed"|"resolved", "until": time|null}`.
//! - `reopened`: `{"was": status}`: the customer wrote (no actor).
//! - `woke`: `{}`: a snooze ended (no actor).
//! - `note_deleted`: nothing deletes a note yet; the kind is listed for when something does.
//!
//! From changes to operators (`operator`: whom it was done to):
//! - `operator_added`: `{"operator", "login", "name", "role"}`.
//! - `operator_renamed`: `{"operator", "from": name, "to": name}`.
//! - `operator_role`: `{"operator", "from": role, "to": role}`.
//! - `operator_disabled`, `operator_enabled`: `{"operator"}` (disabling ends their sessions).
//! - `password_set` (by a supervisor; `api_keys_revoked` when keys went with it),
//!   `password_changed` (by themselves): `{"operator", …}`; never the password.
//! - `api_key_created`, `api_key_revoked`: `{"operator", "key_id", "name"}`; never its token.
//! - `accepting`: `{"operator", "accepting": bool}`.
//!
//! What only the audit log keeps:
//! - `sign_in`: `{"login"}`, with the client's `address`.
//! - `sign_in_failed`: `{"login", "reason": "wrong_login_or_password"|"disabled"}`; the actor
//!   is known only when the password was right (`disabled`). Attempts the throttle turns away
//!   before a password is checked are not entries: anyone could write them at wire speed, and
//!   the failures that started the throttle are there.
//! - `sign_out`: `{}` (a session ended by its own request); `session_revoked`: `{"operator"}`
//!   (an operator ended another of their own sessions).
//! - `opened`: `{"assignee": op|null}`: a supervisor or reviewer read a conversation that is
//!   not theirs; once per visit (see [`OPENED_AGAIN_AFTER_MS`]).
//! - `export`: `{"what": "audit"|…, "filters": {…}, "name": its file name's stem, "rows": n}`
//!   (other exports say theirs: a transcript its `format`, `csv` or `pdf`).
//! - `account_added`, `account_removed`: `{"account_id", "name", "gateway"}`;
//!   `webhook_token_rotated`: `{"account_id", "name"}`.
//! - `reviewed`: `{"score", "manager": op|null}` (the review itself is in `reviews`).
//! - `settings`, one kind for every setting, `setting` saying which:
//!   `{"setting": "team", "from": {…}, "to": {…}}` (the team settings that changed, before and
//!   after); `{"setting": "public_address", "address": {"mode", …}, "tunnel_secret":
//!   "kept"|"set"|"removed"}`; `{"setting": "business_hours", …}` as its module records it.
//!
//! Entries outlive what they name: removing an account removes its conversations with their
//! facts, so the facts that are entries are first copied into the log's own table under the
//! same kind (the same entry, once: its id changes from `f…` to `e…`), and the removal is an
//! entry of its own.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use ts_rs::TS;

use crate::access::{Caller, Credential};
use crate::conversation::Conversation;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::export::{ExportCell, ExportTable};
use crate::message::OperatorRef;
use crate::operator::Role;
use crate::store::{AuditRow, AuditSelect, AuditSource, Db, NewAuditEvent};
use crate::time::Timestamp;

/// What the audit log says to people.
pub mod said {
    crate::phrases! {
        UNKNOWN_KIND = "audit.unknown_kind": "There is no kind of audit entry '{kind}'";
        BAD_CURSOR = "audit.bad_cursor": "This page of the audit log cannot be found: load the log again";
    }
}

/// Which entries to list, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct AuditQuery {
    /// Who acted.
    pub actor_id: Option<i64>,
    /// What kind of action (an `AuditAction`'s `kind`).
    pub kind: Option<String>,
    /// From this time on (inclusive).
    pub from: Option<Timestamp>,
    /// Before this time (exclusive).
    pub to: Option<Timestamp>,
    /// The `next` of the previous page.
    pub before: Option<String>,
    /// At most 500; 100 when absent.
    pub limit: Option<u32>,
}

/// One entry: who did what, when, from where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditEntry {
    /// Unique across the log's sources.
    pub id: String,
    pub at: Timestamp,
    /// None: the system (automatic assignment, a snooze ending) or an unknown login.
    pub actor: Option<OperatorRef>,
    /// The client's address, where the action came over the network.
    pub address: Option<String>,
    pub conversation_id: Option<i64>,
    /// What was done, with its particulars (as the kind has them).
    #[ts(type = "Record<string, unknown>")]
    pub action: serde_json::Value,
    /// The kind of action (`sign_in`, `sign_in_failed`, `assigned`, `status`, `export` …).
    pub kind: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub next: Option<String>,
}

/// How long one `opened` entry stands for an operator's look at a conversation: opening it
/// again within this time adds no entry.
///
/// The issue asks for "every time"; what is recorded is every *visit*. The UI asks for a thread
/// again for each page it loads, on every reconnect and after live changes, so one person's
/// look is many requests: an entry per request would bury the log in the UI's refetches, and
/// a supervisor reading it could no longer tell one long look from twenty. Thirty minutes
/// covers one sitting; a look the next morning, or an hour later, is an entry of its own. Older
/// pages of a thread (`before`) are the same visit and never recorded.
pub const OPENED_AGAIN_AFTER_MS: i64 = 30 * 60 * 1000;

/// The most entries a page lists.
pub const MAX_PAGE: u32 = 500;
/// The most entries an export writes.
pub const MAX_EXPORT: u32 = 100_000;

/// Every kind of entry: its name in the log, where it is kept and its stored kind there.
const KINDS: &[(&str, AuditSource, &str)] = &[
    ("assigned", AuditSource::Facts, "assigned"),
    ("unassigned", AuditSource::Facts, "unassigned"),
    ("status", AuditSource::Facts, "status"),
    ("reopened", AuditSource::Facts, "reopened"),
    ("woke", AuditSource::Facts, "woke"),
    ("operator_added", AuditSource::Operators, "added"),
    ("operator_renamed", AuditSource::Operators, "renamed"),
    ("operator_role", AuditSource::Operators, "role"),
    ("operator_disabled", AuditSource::Operators, "disabled"),
    ("operator_enabled", AuditSource::Operators, "enabled"),
    ("password_set", AuditSource::Operators, "password_set"),
    (
        "password_changed",
        AuditSource::Operators,
        "password_changed",
    ),
    ("api_key_created", AuditSource::Operators, "api_key_created"),
    ("api_key_revoked", AuditSource::Operators, "api_key_revoked"),
    ("accepting", AuditSource::Operators, "accepting"),
    ("sign_in", AuditSource::Events, "sign_in"),
    ("sign_in_failed", AuditSource::Events, "sign_in_failed"),
    ("sign_out", AuditSource::Events, "sign_out"),
    ("opened", AuditSource::Events, "opened"),
    ("export", AuditSource::Events, "export"),
    ("account_added", AuditSource::Events, "account_added"),
    ("account_removed", AuditSource::Events, "account_removed"),
    (
        "webhook_token_rotated",
        AuditSource::Events,
        "webhook_token_rotated",
    ),
    ("settings", AuditSource::Events, "settings"),
    ("session_revoked", AuditSource::Events, "session_revoked"),
    ("reviewed", AuditSource::Events, "reviewed"),
    // Nothing deletes a note yet: the kind is there for when something does.
    ("note_deleted", AuditSource::Facts, "note_deleted"),
];

/// The facts of a conversation that are audit entries (notes, tags and contact fields are
/// the conversation's content, shown in its activity, not the log's business). When their
/// conversation goes (its account removed), they are archived into `audit_events` under the
/// same kind (`Db::archive_account_facts`): an `audit_events` row of one of these kinds is
/// such a fact, read as one.
pub(crate) const FACT_KINDS: &[&str] = &[
    "assigned",
    "unassigned",
    "status",
    "reopened",
    "woke",
    "note_deleted",
];

/// Keys of an action that name an operator by id: shown as `{id, name}`.
const OPERATOR_KEYS: &[&str] = &["to", "from", "operator", "assignee", "manager"];

impl AuditQuery {
    /// What to read from the store for this query; `limit` rows.
    fn select(&self, limit: u32) -> Result<AuditSelect> {
        let sources = match &self.kind {
            None => vec![
                (AuditSource::Events, None),
                (AuditSource::Facts, Some(FACT_KINDS.to_vec())),
                (AuditSource::Operators, None),
            ],
            Some(kind) => {
                let &(_, source, stored) = KINDS
                    .iter()
                    .find(|(name, ..)| name == kind)
                    .ok_or_else(|| Error::BadRequest(said::UNKNOWN_KIND.with("kind", kind)))?;
                let mut sources = vec![(source, Some(vec![stored]))];
                if source == AuditSource::Facts {
                    // Those of removed accounts' conversations, archived under the same kind.
                    sources.push((AuditSource::Events, Some(vec![stored])));
                }
                sources
            }
        };
        let after = self.before.as_deref().map(parse_cursor).transpose()?;
        Ok(AuditSelect {
            sources,
            actor_id: self.actor_id,
            from: self.from,
            to: self.to,
            after,
            limit,
        })
    }
}

/// A page's `next`: `at:source:id` of its last entry.
fn cursor(row: &AuditRow) -> String {
    format!("{}:{}:{}", row.at.as_millis(), row.source.letter(), row.id)
}

fn parse_cursor(s: &str) -> Result<(Timestamp, AuditSource, i64)> {
    let bad = || Error::BadRequest(said::BAD_CURSOR.phrase());
    let mut parts = s.splitn(3, ':');
    let at = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let source = parts
        .next()
        .and_then(|p| p.chars().next().filter(|_| p.len() == 1))
        .and_then(AuditSource::from_letter)
        .ok_or_else(bad)?;
    let id = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    Ok((Timestamp::from_millis(at), source, id))
}

/// The log's entry for a stored row, with operators named as they are called now.
fn entry(row: AuditRow, names: &HashMap<i64, String>) -> AuditEntry {
    let op = |id: i64| OperatorRef {
        id,
        name: names.get(&id).cloned().unwrap_or_default(),
    };
    let mut action = match serde_json::from_str::<Value>(&row.detail) {
        Ok(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    let kind = match row.source {
        AuditSource::Facts => {
            shape_fact(&row.kind, &mut action);
            row.kind.clone()
        }
        AuditSource::Operators => {
            if let Some(subject) = row.subject_id {
                action.insert("operator".into(), json!(subject));
            }
            KINDS
                .iter()
                .find(|(_, source, stored)| *source == row.source && *stored == row.kind)
                .map_or_else(|| row.kind.clone(), |(name, ..)| (*name).to_owned())
        }
        AuditSource::Events => {
            // A fact archived when its account was removed reads as it did.
            if FACT_KINDS.contains(&row.kind.as_str()) {
                shape_fact(&row.kind, &mut action);
            }
            row.kind.clone()
        }
    };
    for key in OPERATOR_KEYS {
        if let Some(id) = action.get(*key).and_then(Value::as_i64) {
            action.insert((*key).into(), json!(op(id)));
        }
    }
    AuditEntry {
        id: format!("{}{}", row.source.letter(), row.id),
        at: row.at,
        actor: row.actor_id.map(op),
        address: row.address,
        conversation_id: row.conversation_id,
        action: Value::Object(action),
        kind,
    }
}

/// A conversation fact's detail as its entry's action (see the module's list).
fn shape_fact(kind: &str, action: &mut serde_json::Map<String, Value>) {
    match kind {
        "assigned" => {
            let to = action.remove("operator_id").unwrap_or(Value::Null);
            action.insert("to".into(), to);
            let took = action.get("took").and_then(Value::as_bool).unwrap_or(false);
            action.insert("took".into(), json!(took));
            for key in ["from", "rule"] {
                action.entry(key).or_insert(Value::Null);
            }
        }
        "unassigned" => {
            action.remove("operator_id");
            for key in ["from", "reason"] {
                action.entry(key).or_insert(Value::Null);
            }
        }
        "status" => {
            let until = action
                .get("until")
                .and_then(Value::as_i64)
                .map(|ms| Timestamp::from_millis(ms).rfc3339());
            action.insert("until".into(), json!(until));
        }
        _ => {}
    }
}

impl Engine {
    /// Appends an entry to the audit log for an action that has been done: `who` acted (none:
    /// nobody known), from `address` (none: the address their session or API key was last
    /// used from, if any). A `conversation_id` in `detail` becomes the entry's conversation.
    /// Never fails the action it records: a failure to write is logged as an error.
    pub(crate) async fn audit(
        &self,
        who: Option<&Caller>,
        address: Option<&str>,
        kind: &'static str,
        detail: Value,
    ) {
        if let Err(e) = self.try_audit(who, address, kind, detail).await {
            tracing::error!(kind, "could not write an audit entry: {e}");
        }
    }

    /// [`Engine::audit`] for actions that must not happen unrecorded (an export is refused
    /// when its entry cannot be written).
    pub(crate) async fn try_audit(
        &self,
        who: Option<&Caller>,
        address: Option<&str>,
        kind: &'static str,
        detail: Value,
    ) -> Result<()> {
        let event = self.audit_event(who, address, kind, detail);
        let credential = who.and_then(credential_id);
        self.db
            .write(move |c| {
                let mut event = event;
                if event.address.is_none()
                    && let Some(id) = credential
                {
                    event.address = Db::credential_address(c, id)?;
                }
                Db::record_audit_event(c, &event)
            })
            .await?;
        Ok(())
    }

    fn audit_event(
        &self,
        who: Option<&Caller>,
        address: Option<&str>,
        kind: &'static str,
        mut detail: Value,
    ) -> NewAuditEvent {
        let conversation_id = detail
            .as_object_mut()
            .and_then(|d| d.remove("conversation_id"))
            .and_then(|id| id.as_i64());
        NewAuditEvent {
            at: self.now(),
            actor_id: who.map(Caller::id),
            address: address.map(str::to_owned),
            conversation_id,
            kind: kind.to_owned(),
            detail,
        }
    }

    /// A supervisor or reviewer opened (the first page of) a conversation assigned to someone
    /// else or to nobody: recorded once per visit (see [`OPENED_AGAIN_AFTER_MS`]). Managers'
    /// reading is their work, and in-process callers (the solo desktop, the CLI) hold the
    /// database file itself: neither is recorded.
    pub(crate) async fn audit_opened(&self, who: &Caller, conversation: &Conversation) {
        let looks = matches!(who.role(), Role::Supervisor | Role::Reviewer);
        let theirs = conversation
            .assignee
            .as_ref()
            .is_some_and(|a| a.id == who.id());
        if !looks || theirs || who.credential == Credential::Local {
            return;
        }
        let detail = json!({
            "conversation_id": conversation.id,
            "assignee": conversation.assignee.as_ref().map(|a| a.id),
        });
        let event = self.audit_event(Some(who), None, "opened", detail);
        let since = event.at.plus_millis(-OPENED_AGAIN_AFTER_MS);
        let credential = credential_id(who);
        let recorded = self
            .db
            .write(move |c| {
                let mut event = event;
                if let Some(id) = credential {
                    event.address = Db::credential_address(c, id)?;
                }
                Db::record_opened(c, &event, since)
            })
            .await;
        if let Err(e) = recorded {
            tracing::error!("could not write an audit entry of an opened conversation: {e}");
        }
    }

    pub async fn audit_log(&self, _who: &Caller, req: AuditQuery) -> Result<AuditPage> {
        let limit = req.limit.unwrap_or(100).clamp(1, MAX_PAGE);
        let entries = self.audit_entries(&req, limit).await?;
        let next = (entries.len() == limit as usize)
            .then(|| entries.last().map(|(row, _)| cursor(row)))
            .flatten();
        Ok(AuditPage {
            entries: entries.into_iter().map(|(_, e)| e).collect(),
            next,
        })
    }

    /// The entries a query finds, each with its stored row (for the cursor).
    async fn audit_entries(
        &self,
        req: &AuditQuery,
        limit: u32,
    ) -> Result<Vec<(AuditRow, AuditEntry)>> {
        let select = req.select(limit)?;
        let (rows, names) = self
            .db
            .read(move |c| {
                let rows = Db::audit_rows(c, &select)?;
                let names: HashMap<i64, String> = Db::operators(c)?
                    .into_iter()
                    .map(|o| (o.id, o.name))
                    .collect();
                Ok((rows, names))
            })
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let entry = entry(row.clone(), &names);
                (row, entry)
            })
            .collect())
    }

    /// The entries a query finds as a table to save, newest first, at most [`MAX_EXPORT`] of
    /// them (from the query's `before` on); `limit` is not used. Columns: `id`, `at` (a time),
    /// `actor_id`, `actor` (an operator), `address`, `kind` (a label: the entry's kind),
    /// `conversation_id`, `action` (its particulars: the entry, which the UI words as the Audit
    /// screen does and the English CSV writes as the particulars' JSON). The export is itself an
    /// entry, written before the table is answered: no entry, no table.
    pub async fn export_audit(
        self: &std::sync::Arc<Self>,
        who: &Caller,
        req: AuditQuery,
    ) -> Result<ExportTable> {
        let entries = self.audit_entries(&req, MAX_EXPORT).await?;
        let columns = [
            "id",
            "at",
            "actor_id",
            "actor",
            "address",
            "kind",
            "conversation_id",
            "action",
        ];
        let rows = entries
            .iter()
            .map(|(_, e)| {
                vec![
                    ExportCell::text(&e.id),
                    ExportCell::time(Some(e.at)),
                    ExportCell::int(e.actor.as_ref().map(|a| a.id)),
                    ExportCell::operator(e.actor.as_ref()),
                    e.address
                        .clone()
                        .map_or(ExportCell::Empty, ExportCell::text),
                    ExportCell::label(&e.kind),
                    ExportCell::int(e.conversation_id),
                    ExportCell::Audit { entry: e.clone() },
                ]
            })
            .collect();
        let table = ExportTable {
            name: file_date(self.now()),
            columns: columns.map(String::from).to_vec(),
            rows,
        };
        let detail = json!({
            "what": "audit",
            "filters": {
                "actor_id": req.actor_id,
                "kind": req.kind,
                "from": req.from,
                "to": req.to,
                "before": req.before,
            },
            "name": table.name,
            "rows": entries.len(),
        });
        self.try_audit(Some(who), None, "export", detail).await?;
        Ok(table)
    }
}

/// A setting's change as a `settings` entry's action: the top-level fields that changed, before
/// and after; none when nothing did (saving the same settings is no entry).
pub(crate) fn settings_change<T: Serialize>(setting: &str, before: &T, after: &T) -> Option<Value> {
    let (Ok(Value::Object(before)), Ok(Value::Object(after))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return None;
    };
    let (mut from, mut to) = (serde_json::Map::new(), serde_json::Map::new());
    for (key, now) in &after {
        let was = before.get(key).unwrap_or(&Value::Null);
        if was != now {
            from.insert(key.clone(), was.clone());
            to.insert(key.clone(), now.clone());
        }
    }
    (!to.is_empty()).then(|| json!({"setting": setting, "from": from, "to": to}))
}

/// The session or API key a caller came with.
fn credential_id(who: &Caller) -> Option<i64> {
    match who.credential {
        Credential::Session(id) | Credential::ApiKey(id) => Some(id),
        Credential::Local => None,
    }
}

/// `2024-05-01T12-30-00Z`: a time in a file name's stem (no colons: Windows refuses them).
fn file_date(at: Timestamp) -> String {
    let text = at.rfc3339();
    let whole = text
        .split('.')
        .next()
        .unwrap_or(&text)
        .trim_end_matches('Z');
    format!("{}Z", whole.replace(':', "-"))
}
