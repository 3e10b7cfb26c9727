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

const MANAGERS_SEE_ALL: &str = "team.managers_see_all";

/// Settings a supervisor makes for the whole team.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamSettings {
    /// Managers see every conversation, not only their own and unassigned ones (off unless a
    /// supervisor turns it on).
    pub managers_see_all: bool,
}

impl TeamSettings {
    pub(crate) fn load(db: &Db) -> Result<Self> {
        let value = db.read_blocking(|c| Db::get_setting(c, MANAGERS_SEE_ALL))?;
        Ok(Self {
            managers_see_all: value.as_deref() == Some("1"),
        })
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

    pub async fn set_team_settings(&self, _: &Caller, req: TeamSettings) -> Result<TeamSettings> {
        let value = if req.managers_see_all { "1" } else { "0" };
        self.db
            .write(move |c| Db::set_setting(c, MANAGERS_SEE_ALL, value))
            .await?;
        *crate::engine::write(&self.team) = req.clone();
        // Every client's view of who sees what changed: they reload.
        self.host.events.emit(&Event::Team);
        Ok(req)
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
                Db::assign_conversation(tx, id, assignee)?;
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
                        detail: serde_json::json!({ "operator_id": assignee }),
                    },
                )?);
                Ok(applied)
            })
            .await?;
        if changed.conversations.is_empty() {
            return Err(Error::NotFound(said::CONVERSATION_NOT_FOUND.phrase()));
        }
        self.db
            .read(move |c| Db::conversation_for(c, id, reader))
            .await?
            .ok_or_else(|| Error::NotFound(said::CONVERSATION_NOT_FOUND.phrase()))
    }
}
