//! The API's commands, as methods of the engine.

use std::sync::Arc;

use super::types::*;
use crate::access::{Caller, Reader};
use crate::account::{Account, BaseUrl, WebhookUrl};
use crate::conversation::Conversation;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::event::Event;
use crate::gateway::{ContactChange, GatewayConfig, OutgoingMessage, Secret};
use crate::message::Message;
use crate::phone::Phone;
use crate::phrase::core as said;
use crate::store::{AccountRow, Db, NewAccount, SearchHit};

/// WAMM.chat's limit, the strictest address book we keep in step with.
const MAX_CONTACT_NAME: usize = 250;

impl Engine {
    fn account_view(&self, row: AccountRow) -> Result<Account> {
        let capabilities = self
            .connector
            .capabilities(row.gateway)
            .ok_or_else(|| Error::no_adapter(row.gateway))?;
        Ok(Account {
            id: row.id,
            name: row.name,
            gateway: row.gateway,
            sender: row.sender,
            base_url: row.base_url,
            options: row.options,
            sandbox: row.sandbox,
            capabilities,
            created_at: row.created_at,
        })
    }

    pub(crate) async fn account_row(&self, id: i64) -> Result<AccountRow> {
        self.db
            .read(move |c| Db::account_by_id(c, id))
            .await?
            .ok_or_else(|| Error::NotFound(said::ACCOUNT_NOT_FOUND.with("id", id)))
    }

    pub async fn app_info(&self, who: &Caller, _: Empty) -> Result<AppInfo> {
        let id = who.id();
        let gateways = crate::account::GatewayKind::ALL
            .into_iter()
            .filter_map(|kind| {
                self.connector
                    .capabilities(kind)
                    .map(|capabilities| GatewayInfo {
                        kind,
                        name: kind.display_name().to_owned(),
                        default_base_url: kind.default_base_url().map(str::to_owned),
                        fields: kind.fields(),
                        capabilities,
                    })
            })
            .collect();
        let team = self.team();
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            operator: self.operator_by_id(id).await?,
            managers_see_all: team.managers_see_all,
            managers_take_over: team.managers_take_over,
            managers_create_tags: team.managers_create_tags,
            gateways,
            callback_base: self.callback_base(),
        })
    }

    pub async fn list_conversations(
        &self,
        who: &Caller,
        req: ListConversations,
    ) -> Result<ConversationPage> {
        let limit = req.limit.unwrap_or(50).clamp(1, 200);
        let (scope, reader) = (self.scope(who), Reader::of(&who.operator));
        let view = crate::views::ViewFilter {
            assignees: crate::views::assignee_ranges(req.assignee, scope, who.id()),
            account_id: req.account_id,
            status: req.status,
            tag_id: req.tag_id,
            search: req
                .query
                .as_deref()
                .and_then(crate::views::SearchTerms::parse),
        };
        let (conversations, next) = self
            .db
            .read(move |c| Db::conversation_page(c, &view, reader, req.before, limit))
            .await?;
        Ok(ConversationPage {
            conversations,
            next,
        })
    }

    pub async fn get_thread(&self, who: &Caller, req: GetThread) -> Result<Thread> {
        use crate::store::ThreadPosition;
        let limit = req.limit.unwrap_or(50).clamp(1, 500);
        let phone = req.phone.as_deref().map(Phone::parse).transpose()?;
        let (conversation_id, account_id) = (req.conversation_id, req.account_id);
        let (before, after, around) = (req.before, req.after, req.around.clone());
        if usize::from(before.is_some())
            + usize::from(after.is_some())
            + usize::from(around.is_some())
            > 1
        {
            return Err(Error::bad_request(
                "at most one of before, after and around",
            ));
        }
        // Older or newer pages of a thread already open are no new look at it.
        let first_page = before.is_none() && after.is_none();
        let (scope, reader) = (self.scope(who), Reader::of(&who.operator));
        let thread = self
            .db
            .read(move |c| {
                // The message to open at, and the conversation it is in.
                let target = match &around {
                    Some(uid) => match Db::message_by_uid(c, uid)? {
                        Some(m) => Some((Db::message_row(c, uid)?, m.conversation_id)),
                        None => return Ok(Err(Error::NotFound(said::MESSAGE_NOT_FOUND.phrase()))),
                    },
                    None => None,
                };
                let id = match (conversation_id, phone, account_id, target) {
                    (Some(id), _, _, _) => Some(id),
                    (None, Some(phone), Some(account), _) => {
                        Db::conversation_with(c, account, &phone)?.map(|cv| cv.id)
                    }
                    (None, Some(phone), None, _) => {
                        // The newest conversation with this phone that the caller may see.
                        let mut visible = None;
                        for id in Db::conversations_with_phone(c, &phone)? {
                            if Db::conversation_assignee(c, id)?.is_some_and(|a| scope.sees(a)) {
                                visible = Some(id);
                                break;
                            }
                        }
                        visible
                    }
                    (None, None, _, Some((_, in_conversation))) => Some(in_conversation),
                    (None, None, _, None) => return Ok(Ok(None)),
                };
                let Some(conversation) = id
                    .map(|id| Db::conversation_for(c, id, reader))
                    .transpose()?
                    .flatten()
                    .filter(|cv| scope.sees(cv.assignee.as_ref().map(|a| a.id)))
                else {
                    return Ok(Ok(None));
                };
                let position = match (before, after, target) {
                    (Some(cursor), _, _) => ThreadPosition::Before(cursor),
                    (_, Some(cursor), _) => ThreadPosition::After(cursor),
                    (_, _, Some((Some(row), in_conversation)))
                        if in_conversation == conversation.id =>
                    {
                        ThreadPosition::Around(row)
                    }
                    // A message of another conversation is none of this one's.
                    (_, _, Some(_)) => {
                        return Ok(Err(Error::NotFound(said::MESSAGE_NOT_FOUND.phrase())));
                    }
                    _ => ThreadPosition::Newest,
                };
                let page = Db::thread_page_at(c, conversation.id, position, limit)?;
                Ok(Ok(Some(Thread {
                    conversation,
                    messages: page.messages,
                    next: page.older,
                    newer: page.newer,
                })))
            })
            .await??
            .ok_or_else(|| match (conversation_id, &req.phone, &req.around) {
                (None, None, None) => Error::BadRequest(said::THREAD_UNSPECIFIED.phrase()),
                _ => Error::NotFound(said::CONVERSATION_NOT_FOUND.phrase()),
            })?;
        // The audit log's "opened": a look at the thread, not its older or newer pages.
        if first_page {
            self.audit_opened(who, &thread.conversation).await;
        }
        Ok(thread)
    }

    pub async fn send_message(self: &Arc<Self>, who: &Caller, req: SendMessage) -> Result<Message> {
        let operator_id = who.id();
        let account = self.account_row(req.account_id).await?;
        let to = Phone::parse(&req.to)?;
        crate::canned::refuse_unfilled(&req.content)?;
        // A manager may start a conversation, or write in one they may see: never in a
        // colleague's (it is as if it did not exist).
        let (scope, phone) = (self.scope(who), to.clone());
        let assignee = self
            .db
            .read(move |c| {
                Ok(match Db::conversation_with(c, account.id, &phone)? {
                    Some(cv) => Some(cv.assignee.map(|a| a.id)),
                    None => None,
                })
            })
            .await?;
        if assignee.is_some_and(|a| !scope.sees(a)) {
            return Err(Error::NotFound(said::CONVERSATION_NOT_FOUND.phrase()));
        }
        // A template is checked against the account's catalog and filled in from it.
        let content = self.checked_template(&account, &to, req.content).await?;
        let gateway = self.gateway(&account).await?;
        gateway.validate(&OutgoingMessage {
            our_id: String::new(),
            to: to.clone(),
            content: content.clone(),
            callback_url: None,
        })?;
        let now = self.now();
        let (row, _) = self
            .commit(move |tx| {
                let (row, conversation) =
                    Db::enqueue(tx, account.id, &to, &content, Some(operator_id), now)?;
                let mut applied = crate::store::Applied::default();
                applied.messages.push(row);
                applied.conversations.push(conversation);
                Ok((row, applied))
            })
            .await?;
        self.wake(req.account_id);
        self.db
            .read(move |c| Db::message_by_row(c, row))
            .await?
            .ok_or_else(|| Error::NotFound(said::MESSAGE_NOT_FOUND.phrase()))
    }

    pub async fn retry_message(self: &Arc<Self>, who: &Caller, req: MessageRef) -> Result<Message> {
        // A message that does not exist is not found, not in the wrong state.
        self.visible_message(who, &req.id).await?;
        let now = self.now();
        let uid = req.id.clone();
        let done = self
            .commit(move |tx| Db::retry_message(tx, &uid, now))
            .await?;
        let Some((account_id, _)) = done else {
            return Err(Error::Conflict(said::RETRY_NOT_ALLOWED.phrase()));
        };
        // The account's adapter is rebuilt so that a corrected secret is used.
        self.forget_gateway(account_id);
        self.wake(account_id);
        self.message(&req.id).await
    }

    /// Cancelling a waiting message is discarding it: either way it stays in the thread and is
    /// never sent. A send under way cannot be taken back.
    pub async fn discard_message(&self, who: &Caller, req: MessageRef) -> Result<Message> {
        // A message that does not exist is not found, not in the wrong state.
        self.visible_message(who, &req.id).await?;
        let uid = req.id.clone();
        self.commit(move |tx| Db::discard_message(tx, &uid))
            .await?
            .ok_or_else(|| Error::Conflict(said::DISCARD_NOT_ALLOWED.phrase()))?;
        self.message(&req.id).await
    }

    /// Not to be confused with [`Engine::send_and_wait`], the CLI's send from this process.
    pub async fn send_now(self: &Arc<Self>, who: &Caller, req: MessageRef) -> Result<Message> {
        self.visible_message(who, &req.id).await?;
        let (uid, now) = (req.id.clone(), self.now());
        let (account_id, _) = self
            .commit(move |tx| Db::send_message_now(tx, &uid, now))
            .await?
            .ok_or_else(|| Error::Conflict(said::SEND_NOW_NOT_ALLOWED.phrase()))?;
        self.wake(account_id);
        self.message(&req.id).await
    }

    /// Marks a conversation read for the caller alone: a supervisor's or reviewer's look
    /// changes nobody else's unread count. The gateway's read receipt (where it has them) goes
    /// only when the one who answers the customer reads it: the assignee, or while unassigned
    /// any manager; never a supervisor's or reviewer's look.
    pub async fn mark_read(
        self: &Arc<Self>,
        who: &Caller,
        req: ConversationRef,
    ) -> Result<Conversation> {
        let id = req.conversation_id;
        let assignee = self.visible_conversation(who, id).await?;
        let (operator_id, now, reader) = (who.id(), self.now(), Reader::of(&who.operator));
        let sink = self.host.events.clone();
        let conversation = self
            .db
            .write(move |c| {
                Db::mark_read(c, id, operator_id, now)?;
                let read = Db::conversation_for(c, id, reader)?;
                // Announced while the writer is held, like every change: a customer message
                // committed after this read is announced after it, never before.
                if let Some(cv) = &read {
                    sink.emit(&Event::Read {
                        operator_id,
                        conversation_id: id,
                        unread: cv.unread,
                    });
                }
                Ok(read)
            })
            .await?
            .ok_or_else(|| Error::NotFound(said::CONVERSATION_NOT_FOUND.phrase()))?;
        // The one who answers the customer: a manager, the assignee (any manager while
        // unassigned). A supervisor's or reviewer's look tells the customer nothing.
        let answers = who.role() == crate::operator::Role::Manager
            && assignee.is_none_or(|a| a == operator_id);
        if answers {
            self.send_read_receipt(conversation.account_id, id);
        }
        Ok(conversation)
    }

    pub async fn rename_contact(&self, who: &Caller, req: RenameContact) -> Result<Conversation> {
        let name = req
            .name
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty());
        if name
            .as_ref()
            .is_some_and(|n| n.chars().count() > MAX_CONTACT_NAME)
        {
            return Err(Error::BadRequest(
                said::CONTACT_NAME_TOO_LONG.with("max", MAX_CONTACT_NAME),
            ));
        }
        let id = req.conversation_id;
        self.visible_conversation(who, id).await?;
        let (conversation, account) = self
            .db
            .read(move |c| {
                let Some(cv) = Db::conversation(c, id)? else {
                    return Ok(None);
                };
                let account = Db::account_by_id(c, cv.account_id)?;
                Ok(account.map(|a| (cv, a)))
            })
            .await?
            .ok_or_else(|| Error::NotFound(said::CONVERSATION_NOT_FOUND.phrase()))?;
        let gateway = self.gateway(&account).await?;
        if gateway.capabilities().contact_sync {
            // The gateway first: when it refuses, both address books still agree.
            let phone = conversation.contact.phone.clone();
            let change = match &name {
                Some(name) => ContactChange::Upsert {
                    phone,
                    name: name.clone(),
                },
                None => ContactChange::Delete { phone },
            };
            gateway.update_contact(&change).await.map_err(|e| {
                Error::Gateway(
                    said::CONTACT_SYNC_REFUSED
                        .with("gateway", account.gateway.display_name())
                        .nest("reason", e.reason().clone()),
                )
            })?;
        }
        let contact_id = conversation.contact.id;
        // Announced in commit order like every change (an older snapshot announced late
        // would tell a conversation's former assignee about it).
        self.commit(move |tx| {
            Db::rename_contact(tx, contact_id, name.as_deref())?;
            Ok(crate::store::Applied {
                conversations: Db::conversations_of_contact(tx, contact_id)?,
                ..Default::default()
            })
        })
        .await?;
        let reader = Reader::of(&who.operator);
        self.db
            .read(move |c| Db::conversation_for(c, id, reader))
            .await?
            .ok_or_else(|| Error::NotFound(said::CONVERSATION_NOT_FOUND.phrase()))
    }

    pub async fn search(&self, who: &Caller, req: Search) -> Result<Vec<SearchHit>> {
        let limit = req.limit.unwrap_or(50).clamp(1, 500);
        let scope = self.scope(who);
        Ok(self
            .db
            .read(move |c| Db::search(c, scope, &req.query, limit))
            .await?)
    }

    pub async fn list_accounts(&self, _: &Caller, _: Empty) -> Result<Vec<Account>> {
        let rows = self.db.read(Db::accounts).await?;
        rows.into_iter().map(|r| self.account_view(r)).collect()
    }

    pub async fn add_account(self: &Arc<Self>, who: &Caller, req: AddAccount) -> Result<Account> {
        let account = self.create_account(req, false).await?;
        let detail = serde_json::json!({
            "account_id": account.id, "name": account.name, "gateway": account.gateway,
        });
        self.audit(Some(who), None, "account_added", detail).await;
        Ok(account)
    }

    /// Adds an account; `sandbox` accounts talk to the in-process simulator and keep no secret.
    pub async fn create_account(
        self: &Arc<Self>,
        req: AddAccount,
        sandbox: bool,
    ) -> Result<Account> {
        let name = req.name.trim().to_owned();
        if name.is_empty() {
            return Err(Error::BadRequest(said::ACCOUNT_NAME_MISSING.phrase()));
        }
        if self.connector.capabilities(req.gateway).is_none() {
            return Err(Error::no_adapter(req.gateway));
        }
        let (sender, base_url, options) = account_settings(&req)?;
        if !sandbox && req.secret.trim().is_empty() {
            return Err(Error::BadRequest(said::ACCOUNT_SECRET_MISSING.phrase()));
        }
        if !sandbox && let Some(problem) = self.connector.secret_problem(req.gateway, &req.secret) {
            return Err(Error::BadRequest(problem));
        }
        let new = NewAccount {
            name: name.clone(),
            gateway: req.gateway,
            sender,
            base_url,
            options,
            sandbox,
        };
        let now = self.now();
        let row = self
            .db
            .write(move |c| {
                if Db::account_by_name(c, &new.name)?.is_some() {
                    return Ok(None);
                }
                Db::insert_account(c, &new, now).map(Some)
            })
            .await?
            .ok_or_else(|| Error::Conflict(said::ACCOUNT_NAME_TAKEN.with("name", &name)))?;
        if !sandbox {
            let (secrets, key, secret) = (
                self.host.secrets.clone(),
                row.secret_ref.clone(),
                Secret::new(req.secret),
            );
            let stored = tokio::task::spawn_blocking(move || secrets.set(&key, &secret))
                .await
                .map_err(Error::internal)?;
            if let Err(e) = stored {
                // No secret, no account: a half-made account would fail every send.
                let id = row.id;
                self.db.write(move |c| Db::delete_account(c, id)).await?;
                return Err(e.into());
            }
        }
        self.host.events.emit(&Event::Accounts);
        if self.started.load(std::sync::atomic::Ordering::SeqCst) {
            self.spawn_account(&row);
        }
        self.account_view(row)
    }

    pub async fn check_account(&self, _: &Caller, req: AddAccount) -> Result<ConnectionCheck> {
        let (sender, base_url, options) = account_settings(&req)?;
        let config = GatewayConfig {
            kind: req.gateway,
            base_url,
            sender,
            secret: Some(Secret::new(req.secret)).filter(|s| !s.expose().trim().is_empty()),
            options,
        };
        let gateway = self
            .connector
            .connect(config)
            .ok_or_else(|| Error::no_adapter(req.gateway))?;
        Ok(match gateway.check().await {
            Ok(message) => ConnectionCheck { ok: true, message },
            Err(e) => ConnectionCheck {
                ok: false,
                message: e.reason().clone(),
            },
        })
    }

    pub async fn sync_status(
        &self,
        _: &Caller,
        req: AccountRef,
    ) -> Result<crate::sync::SyncStatus> {
        self.sync_status_of(req.account_id).await
    }

    pub async fn remove_account(&self, who: &Caller, req: AccountRef) -> Result<()> {
        let row = self.account_row(req.account_id).await?;
        if !row.sandbox {
            let (secrets, key) = (self.host.secrets.clone(), row.secret_ref.clone());
            tokio::task::spawn_blocking(move || secrets.delete(&key))
                .await
                .map_err(Error::internal)??;
        }
        let id = row.id;
        self.db.write(move |c| Db::delete_account(c, id)).await?;
        self.forget_gateway(id);
        self.host.events.emit(&Event::Accounts);
        let detail =
            serde_json::json!({"account_id": id, "name": row.name, "gateway": row.gateway});
        self.audit(Some(who), None, "account_removed", detail).await;
        Ok(())
    }

    pub async fn account_webhooks(&self, _: &Caller, req: AccountRef) -> Result<Vec<WebhookUrl>> {
        let (row, caps) = self.account_reachable(req.account_id).await?;
        Ok(self.webhook_urls(&row, &caps))
    }

    /// An account and its gateway's capabilities, for handing out its callback URLs: refused
    /// while no public address is known, since there would be no URL to give.
    pub(crate) async fn account_reachable(
        &self,
        account_id: i64,
    ) -> Result<(AccountRow, crate::gateway::Capabilities)> {
        let row = self.account_row(account_id).await?;
        let caps = self
            .connector
            .capabilities(row.gateway)
            .ok_or_else(|| Error::no_adapter(row.gateway))?;
        if self.callback_base().is_none() {
            return Err(Error::BadRequest(said::NO_PUBLIC_ADDRESS.phrase()));
        }
        Ok((row, caps))
    }

    /// An account's callback URLs with what each is for; empty while no address is known.
    pub(crate) fn webhook_urls(
        &self,
        row: &AccountRow,
        caps: &crate::gateway::Capabilities,
    ) -> Vec<WebhookUrl> {
        caps.webhooks
            .iter()
            .filter_map(|kind| {
                self.webhook_url(row, kind).map(|url| WebhookUrl {
                    kind: kind.clone(),
                    description: match kind.as_str() {
                        "status" => said::WEBHOOK_STATUS.phrase(),
                        "incoming" => said::WEBHOOK_INCOMING.phrase(),
                        other => said::WEBHOOK_OTHER.with("endpoint", other),
                    },
                    url,
                })
            })
            .collect()
    }

    /// Points an account at a new address (the sandbox simulator's port changes every run).
    pub async fn set_account_base_url(&self, account_id: i64, base_url: String) -> Result<()> {
        self.db
            .write(move |c| Db::set_account_base_url(c, account_id, &base_url))
            .await?;
        self.forget_gateway(account_id);
        Ok(())
    }

    pub async fn account_by_name(&self, name: &str) -> Result<Account> {
        let key = name.to_owned();
        let row = self
            .db
            .read(move |c| Db::account_by_name(c, &key))
            .await?
            .ok_or_else(|| Error::NotFound(said::ACCOUNT_NAME_NOT_FOUND.with("name", name)))?;
        self.account_view(row)
    }
}

/// The sender, base URL and options of an account being added, checked against what its
/// gateway needs ([`GatewayKind::fields`]).
fn account_settings(
    req: &AddAccount,
) -> Result<(String, String, serde_json::Map<String, serde_json::Value>)> {
    let gateway = req.gateway.display_name();
    let fields = req.gateway.fields();
    let sender = req.sender.trim().to_owned();
    if sender.is_empty() {
        return Err(Error::BadRequest(
            said::ACCOUNT_FIELD_MISSING
                .with("gateway", gateway)
                .nest("field", fields.sender_label.clone())
                .nest("hint", fields.sender_hint.clone()),
        ));
    }
    let given = req
        .base_url
        .as_deref()
        .map(|u| u.trim().trim_end_matches('/'))
        .filter(|u| !u.is_empty());
    let base_url = match (fields.base_url, given) {
        (BaseUrl::NotUsed, _) => String::new(),
        (_, Some(u)) => u.to_owned(),
        (BaseUrl::Default, None) => req
            .gateway
            .default_base_url()
            .unwrap_or_default()
            .to_owned(),
        (BaseUrl::Required, None) => {
            return Err(Error::BadRequest(
                said::ACCOUNT_BASE_URL_MISSING.with("gateway", gateway),
            ));
        }
    };
    let fetchable = base_url.starts_with("http://") || base_url.starts_with("https://");
    if !(base_url.is_empty() || fetchable) {
        return Err(Error::BadRequest(
            said::ACCOUNT_BASE_URL_SCHEME.with("url", base_url),
        ));
    }
    let mut options = req.options.clone().unwrap_or_default();
    // Empty form fields are not settings.
    options.retain(|_, v| !matches!(v, serde_json::Value::Null) && v.as_str() != Some(""));
    for field in fields.options.iter().filter(|f| f.required) {
        if !options.contains_key(&field.key) {
            return Err(Error::BadRequest(
                said::ACCOUNT_FIELD_MISSING
                    .with("gateway", gateway)
                    .nest("field", field.label.clone())
                    .nest("hint", field.hint.clone()),
            ));
        }
    }
    Ok((sender, base_url, options))
}
