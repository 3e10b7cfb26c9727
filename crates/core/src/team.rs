//! The team's shared rules (who sees what) and the checks every conversation command makes:
//! a manager reaches only conversations assigned to them or to nobody, unless the team lets
//! managers see all; anything else reads as not found, so its existence does not leak.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::{Caller, Scope};
use crate::api::{AssignConversation, Empty};
use crate::conversation::Conversation;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::event::Event;
use crate::message::Message;
use crate::operator::Operator;
use crate::phrase::core as said;
use crate::store::Db;

/// The old key of `managers_see_all`, from before the settings were one JSON document.
const MANAGERS_SEE_ALL: &str = "team.managers_see_all";
/// Where the team's settings are kept, as JSON (fields added later take their defaults).
const TEAM_SETTINGS: &str = "team.settings";

/// How new conversations find an assignee.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AssignmentMode {
    /// Nobody is chosen: conversations wait unassigned until someone takes them (the
    /// no-reply timeout still applies to assigned ones).
    #[default]
    Off,
    /// Accepting managers with room, in turn (by id; whose turn it is survives restarts).
    RoundRobin,
    /// The accepting manager with room who has the fewest open conversations (a tie: the
    /// manager added first).
    LeastLoaded,
}

/// What happens when an assignee does not answer in time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NoReplyAction {
    /// The conversation goes back to the queue, and on to another manager with room when
    /// assignment is on — never straight back to the one who did not answer (who may still
    /// take it).
    #[default]
    Requeue,
    /// It stays; supervisors are told, once per wait (a live `overdue` event and an activity
    /// line).
    NotifySupervisors,
}

/// Settings a supervisor makes for the whole team.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct TeamSettings {
    /// Managers see every conversation, not only their own and unassigned ones (off unless a
    /// supervisor turns it on).
    pub managers_see_all: bool,
    /// Who conversations that need an assignee go to: a new customer's, an unassigned one
    /// that opens again, one back in the queue, a customer returning to a resolved one. Only
    /// active managers who are accepting are chosen (never supervisors or reviewers).
    pub assignment: AssignmentMode,
    /// On top of a mode: a returning customer (one who writes again to a resolved
    /// conversation, or starts one on another account) goes back to the manager who had them
    /// when that manager is accepting and has room; otherwise the mode chooses. Without it, a
    /// customer returning to a resolved conversation is given as a new one would be.
    pub returning_to_owner: bool,
    /// The most OPEN conversations automatic assignment lets a manager have, counted across
    /// all accounts together (pending, snoozed and resolved ones do not count); none: no
    /// limit. Taking one, or a supervisor's assignment, may go beyond it.
    pub capacity: Option<u32>,
    /// A manager may take over a conversation assigned to a colleague they can see (always
    /// logged). Supervisors always may.
    pub managers_take_over: bool,
    /// Minutes an assignee has to answer a waiting customer, counted from the later of when
    /// they got the conversation and the customer's first unanswered message; none: no limit.
    pub no_reply_minutes: Option<u32>,
    pub no_reply_action: NoReplyAction,
    /// Managers may create tags (supervisors always may).
    pub managers_create_tags: bool,
}

/// A change to some of the team's settings: what is absent stays as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
#[ts(optional_fields)]
pub struct SetTeamSettings {
    pub managers_see_all: Option<bool>,
    pub assignment: Option<AssignmentMode>,
    pub returning_to_owner: Option<bool>,
    /// 0 takes the limit away.
    pub capacity: Option<u32>,
    pub managers_take_over: Option<bool>,
    /// 0 takes the limit away.
    pub no_reply_minutes: Option<u32>,
    pub no_reply_action: Option<NoReplyAction>,
    pub managers_create_tags: Option<bool>,
}

impl TeamSettings {
    pub(crate) fn load(db: &Db) -> Result<Self> {
        let (json, old) = db.read_blocking(|c| {
            Ok((
                Db::get_setting(c, TEAM_SETTINGS)?,
                Db::get_setting(c, MANAGERS_SEE_ALL)?,
            ))
        })?;
        match json {
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| Error::internal(format!("team settings: {e}"))),
            None => Ok(Self {
                managers_see_all: old.as_deref() == Some("1"),
                ..Self::default()
            }),
        }
    }

    /// These settings with `change` made.
    fn changed(&self, change: SetTeamSettings) -> Self {
        let limit = |v: Option<u32>, was: Option<u32>| match v {
            Some(0) => None,
            Some(n) => Some(n),
            None => was,
        };
        Self {
            managers_see_all: change.managers_see_all.unwrap_or(self.managers_see_all),
            assignment: change.assignment.unwrap_or(self.assignment),
            returning_to_owner: change.returning_to_owner.unwrap_or(self.returning_to_owner),
            capacity: limit(change.capacity, self.capacity),
            managers_take_over: change.managers_take_over.unwrap_or(self.managers_take_over),
            no_reply_minutes: limit(change.no_reply_minutes, self.no_reply_minutes),
            no_reply_action: change.no_reply_action.unwrap_or(self.no_reply_action),
            managers_create_tags: change
                .managers_create_tags
                .unwrap_or(self.managers_create_tags),
        }
    }
}

impl Engine {
    /// The team settings in force.
    pub fn team(&self) -> TeamSettings {
        crate::engine::read(&self.team).clone()
    }

    /// The conversations `who` sees under the team's settings.
    pub fn scope(&self, who: &Caller) -> Scope {
        who.scope(self.team().managers_see_all)
    }

    /// The assignee of a conversation `who` may see; not found when there is none or they
    /// may not see it.
    pub(crate) async fn visible_conversation(&self, who: &Caller, id: i64) -> Result<Option<i64>> {
        let scope = self.scope(who);
        self.db
            .read(move |c| Db::conversation_assignee(c, id))
            .await?
            .filter(|assignee| scope.sees(*assignee))
            .ok_or_else(|| Error::NotFound(said::CONVERSATION_NOT_FOUND.phrase()))
    }

    /// A message in a conversation `who` may see; not found otherwise.
    pub(crate) async fn visible_message(&self, who: &Caller, uid: &str) -> Result<Message> {
        let message = self.message(uid).await?;
        self.visible_conversation(who, message.conversation_id)
            .await
            .map_err(|_| Error::NotFound(said::MESSAGE_NOT_FOUND.phrase()))?;
        Ok(message)
    }

    pub(crate) async fn operator_by_id(&self, id: i64) -> Result<Operator> {
        self.db
            .read(move |c| Db::operator_by_id(c, id))
            .await?
            .ok_or_else(|| Error::NotFound(said::OPERATOR_NOT_FOUND.with("id", id)))
    }

    /// Tells the gateway (where it has read receipts) that the customer's messages were read,
    /// in the background: a gateway that is slow or refuses costs the reader nothing.
    pub(crate) fn send_read_receipt(self: &Arc<Self>, account_id: i64, conversation_id: i64) {
        let engine = self.clone();
        tokio::spawn(async move {
            let sent = async {
                let account = engine.account_row(account_id).await?;
                let gateway = engine.gateway(&account).await?;
                if !gateway.capabilities().read_receipts {
                    return Ok(());
                }
                let newest = engine
                    .db
                    .read(move |c| Db::newest_incoming_gateway_id(c, conversation_id))
                    .await?;
                if let Some(id) = newest {
                    gateway
                        .mark_read(&id)
                        .await
                        .map_err(|e| Error::Gateway(e.reason().clone()))?;
                }
                Ok::<_, Error>(())
            };
            if let Err(e) = sent.await {
                tracing::warn!(conversation = conversation_id, "no read receipt: {e}");
            }
        });
    }

    pub async fn team_settings(&self, _: &Caller, _: Empty) -> Result<TeamSettings> {
        Ok(self.team())
    }

    pub async fn set_team_settings(
        self: &Arc<Self>,
        who: &Caller,
        req: SetTeamSettings,
    ) -> Result<TeamSettings> {
        let before = self.team();
        let settings = before.changed(req);
        let json = serde_json::to_string(&settings).map_err(Error::internal)?;
        self.db
            .write(move |c| Db::set_setting(c, TEAM_SETTINGS, &json))
            .await?;
        *crate::engine::write(&self.team) = settings.clone();
        // Every client's view of who sees what changed: they reload.
        self.host.events.emit(&Event::Team);
        // A new mode or capacity may let waiting conversations find someone.
        self.assignment_wake.notify_one();
        if let Some(detail) = crate::audit::settings_change("team", &before, &settings) {
            self.audit(Some(who), None, "settings", detail).await;
        }
        Ok(settings)
    }

    /// Gives a conversation to an operator (or to nobody). The workflow's assignment rules
    /// build on this; here it is the supervisor's plain act.
    pub async fn assign_conversation(
        self: &Arc<Self>,
        who: &Caller,
        req: AssignConversation,
    ) -> Result<Conversation> {
        if let Some(id) = req.operator_id {
            let operator = self.operator_by_id(id).await?;
            // A reviewer answers no customer: a conversation given to them would wait forever.
            if operator.role == crate::operator::Role::Reviewer {
                return Err(Error::Conflict(
                    said::ASSIGNEE_REVIEWER.with("name", &operator.name),
                ));
            }
            if !operator.active {
                return Err(Error::Conflict(
                    said::ASSIGNEE_INACTIVE.with("name", &operator.name),
                ));
            }
        }
        let (id, assignee, reader, actor, now) = (
            req.conversation_id,
            req.operator_id,
            crate::access::Reader::of(&who.operator),
            who.id(),
            self.now(),
        );
        let changed = self
            .commit(move |tx| {
                let mut applied = crate::store::Applied::default();
                let Some(before) = Db::conversation_assignee(tx, id)? else {
                    return Ok(applied);
                };
                applied.conversations.push(id);
                if before == assignee {
                    return Ok(applied);
                }
                Db::assign(tx, id, assignee, now)?;
                applied.reassigned.push((id, before));
                applied.facts.push(Db::record_fact(
                    tx,
                    &crate::store::NewFact {
                        conversation_id: id,
                        at: now,
                        actor: Some(actor),
                        kind: if assignee.is_some() {
                            "assigned"
                        } else {
                            "unassigned"
                        },
                        detail: serde_json::json!({ "operator_id": assignee, "from": before }),
                    },
                )?);
                Ok(applied)
            })
            .await?;
        if changed.conversations.is_empty() {
            return Err(Error::NotFound(said::CONVERSATION_NOT_FOUND.phrase()));
        }
        // Who had it has room again; one given to nobody joins the queue.
        self.assignment_wake.notify_one();
        self.db
            .read(move |c| Db::conversation_for(c, id, reader))
            .await?
            .ok_or_else(|| Error::NotFound(said::CONVERSATION_NOT_FOUND.phrase()))
    }
}
