//! The contact card: a contact's name (kept in step with the gateway's address book where it
//! has one), phone, the custom fields the team defines with this contact's values, and every
//! conversation with this contact the caller may see.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::{Caller, Reader};
use crate::api::{ConversationRef, Empty};
use crate::conversation::{Contact, Conversation};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::event::Event;
use crate::phrase::core as core_said;
use crate::store::{Applied, Db, NewFact};

/// What the contact card says to people.
pub mod said {
    crate::phrases! {
        FIELD_NOT_FOUND = "contacts.field_not_found": "This contact field does not exist";
        KEY_BAD = "contacts.key_bad": "A field's key is 1 to {max} Latin letters, digits or '_': '{key}'";
        KEY_RESERVED = "contacts.key_reserved": "The key '{key}' is a canned reply variable already: choose another";
        KEY_TAKEN = "contacts.key_taken": "There is a field with the key '{key}' already";
        LABEL_EMPTY = "contacts.label_empty": "Name the field";
        LABEL_TOO_LONG = "contacts.label_too_long": "A field's name holds at most {max} characters";
        VALUE_TOO_LONG = "contacts.value_too_long": "A field's value holds at most {max} characters";
    }
}

/// The longest field key, in characters.
pub const MAX_KEY: usize = 32;
/// The longest field label, in characters.
pub const MAX_LABEL: usize = 60;
/// The longest value of a field, in characters.
pub const MAX_VALUE: usize = 500;
/// Keys canned replies fill from the contact itself (`{{contact.name}}`, `{{contact.phone}}`).
const RESERVED_KEYS: [&str; 2] = ["name", "phone"];

/// A custom field the team defines for every contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ContactField {
    pub id: i64,
    /// What canned replies name it by: `{{contact.<key>}}` (letters, digits, `_`).
    pub key: String,
    /// What the card shows.
    pub label: String,
    pub position: i64,
}

/// A new field (no `id`) or a change to one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SaveContactField {
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    pub key: String,
    pub label: String,
    #[serde(default)]
    #[ts(optional)]
    pub position: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldRef {
    pub field_id: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldValue {
    pub field: ContactField,
    pub value: Option<String>,
}

/// Sets (or, with none or blank, clears) one field of the conversation's contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SetContactField {
    pub conversation_id: i64,
    pub field_id: i64,
    pub value: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ContactCard {
    pub contact: Contact,
    /// Every field the team defines, in order, with this contact's value.
    pub fields: Vec<FieldValue>,
    /// Every conversation with this contact (on any account) the caller may see, newest
    /// first; each names its account and tags.
    pub conversations: Vec<Conversation>,
}

/// A field key as kept: lowercased, `[a-z0-9_]`, 1 to [`MAX_KEY`] long, not reserved.
fn key_of(raw: &str) -> Result<String> {
    let key = raw.trim().to_lowercase();
    let n = key.chars().count();
    if n == 0
        || n > MAX_KEY
        || !key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(Error::BadRequest(
            said::KEY_BAD
                .with("max", MAX_KEY)
                .arg("key", crate::text::one_line(raw, MAX_KEY * 2)),
        ));
    }
    if RESERVED_KEYS.contains(&key.as_str()) {
        return Err(Error::BadRequest(said::KEY_RESERVED.with("key", key)));
    }
    Ok(key)
}

fn label_of(raw: &str) -> Result<String> {
    let label = crate::text::one_line(raw, MAX_LABEL + 1);
    match label.chars().count() {
        0 => Err(Error::BadRequest(said::LABEL_EMPTY.phrase())),
        n if n > MAX_LABEL => Err(Error::BadRequest(
            said::LABEL_TOO_LONG.with("max", MAX_LABEL),
        )),
        _ => Ok(label),
    }
}

/// A value as kept: one line, trimmed, at most [`MAX_VALUE`]; none when blank.
fn value_of(raw: Option<&str>) -> Result<Option<String>> {
    let value = crate::text::one_line(raw.unwrap_or_default(), MAX_VALUE + 1);
    if value.chars().count() > MAX_VALUE {
        return Err(Error::BadRequest(
            said::VALUE_TOO_LONG.with("max", MAX_VALUE),
        ));
    }
    Ok(Some(value).filter(|v| !v.is_empty()))
}

fn field_not_found() -> Error {
    Error::NotFound(said::FIELD_NOT_FOUND.phrase())
}

fn conversation_not_found() -> Error {
    Error::NotFound(core_said::CONVERSATION_NOT_FOUND.phrase())
}

impl Engine {
    /// The card of a conversation's contact, for `who` (who must see that conversation): the
    /// other conversations with the contact are those `who` may see.
    async fn card(&self, who: &Caller, conversation_id: i64) -> Result<ContactCard> {
        let (scope, reader) = (self.scope(who), Reader::of(&who.operator));
        self.db
            .read(move |c| {
                let Some(this) = Db::conversation_for(c, conversation_id, reader)? else {
                    return Ok(None);
                };
                let contact = this.contact.clone();
                let fields = Db::contact_field_values(c, contact.id)?;
                let mut conversations = Vec::new();
                for id in Db::conversations_of_contact(c, contact.id)? {
                    if let Some(cv) = Db::conversation_for(c, id, reader)?
                        && scope.sees(cv.assignee.as_ref().map(|a| a.id))
                    {
                        conversations.push(cv);
                    }
                }
                // Newest first.
                conversations.sort_by_key(|c| std::cmp::Reverse((c.last_activity, c.id)));
                Ok(Some(ContactCard {
                    contact,
                    fields,
                    conversations,
                }))
            })
            .await?
            .ok_or_else(conversation_not_found)
    }

    pub async fn contact_card(&self, who: &Caller, req: ConversationRef) -> Result<ContactCard> {
        self.visible_conversation(who, req.conversation_id).await?;
        self.card(who, req.conversation_id).await
    }

    /// Sets (or, blank, clears) a custom field of a conversation's contact, as a fact in that
    /// conversation; every conversation with the contact is announced anew.
    pub async fn set_contact_field(
        self: &Arc<Self>,
        who: &Caller,
        req: SetContactField,
    ) -> Result<ContactCard> {
        let id = req.conversation_id;
        self.visible_conversation(who, id).await?;
        let value = value_of(req.value.as_deref())?;
        let (field_id, actor, now) = (req.field_id, who.id(), self.now());
        let found = self
            .commit(move |tx| {
                let mut applied = Applied::default();
                let Some(field) = Db::contact_field(tx, field_id)? else {
                    return Ok((false, applied));
                };
                let Some(cv) = Db::conversation(tx, id)? else {
                    return Ok((true, applied));
                };
                let contact = cv.contact.id;
                if Db::set_contact_value(tx, contact, field_id, value.as_deref())? {
                    applied.conversations = Db::conversations_of_contact(tx, contact)?;
                    applied.facts.push(Db::record_fact(
                        tx,
                        &NewFact {
                            conversation_id: id,
                            at: now,
                            actor: Some(actor),
                            kind: "contact_field",
                            detail: serde_json::json!({
                                "field_id": field.id,
                                "label": field.label,
                                "value": value,
                            }),
                        },
                    )?);
                }
                Ok((true, applied))
            })
            .await?
            .0;
        if !found {
            return Err(field_not_found());
        }
        self.card(who, id).await
    }

    pub async fn list_contact_fields(
        &self,
        _who: &Caller,
        _req: Empty,
    ) -> Result<Vec<ContactField>> {
        Ok(self.db.read(Db::contact_fields).await?)
    }

    /// Defines a custom field (`id` none) or changes one.
    pub async fn save_contact_field(
        self: &Arc<Self>,
        _who: &Caller,
        req: SaveContactField,
    ) -> Result<ContactField> {
        let key = key_of(&req.key)?;
        let label = label_of(&req.label)?;
        let (id, position) = (req.id, req.position);
        let field = self
            .db
            .transact(move |tx| {
                if let Some(id) = id
                    && Db::contact_field(tx, id)?.is_none()
                {
                    return Ok(Err(field_not_found()));
                }
                if Db::contact_field_key_taken(tx, &key, id)? {
                    return Ok(Err(Error::Conflict(said::KEY_TAKEN.with("key", &key))));
                }
                let id = Db::save_contact_field(tx, id, &key, &label, position)?;
                Ok(Db::contact_field(tx, id)?.ok_or_else(field_not_found))
            })
            .await??;
        self.host.events.emit(&Event::ContactFields);
        Ok(field)
    }

    /// Deletes a custom field with every contact's value of it.
    pub async fn delete_contact_field(
        self: &Arc<Self>,
        _who: &Caller,
        req: FieldRef,
    ) -> Result<()> {
        let id = req.field_id;
        if !self
            .db
            .transact(move |tx| Db::delete_contact_field(tx, id))
            .await?
        {
            return Err(field_not_found());
        }
        self.host.events.emit(&Event::ContactFields);
        Ok(())
    }
}
