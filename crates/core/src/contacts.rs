//! The contact card: a contact's name (kept in step with the gateway's address book where it
//! has one), phone, the custom fields the team defines with this contact's values, and every
//! conversation with this contact the caller may see.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::Caller;
use crate::api::{ConversationRef, Empty};
use crate::conversation::{Contact, Conversation};
use crate::engine::Engine;
use crate::error::{Error, Result};

/// What the contact card says to people.
pub mod said {
    crate::phrases! {}
}

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

impl Engine {
    pub async fn contact_card(&self, _who: &Caller, _req: ConversationRef) -> Result<ContactCard> {
        Err(Error::internal("contact_card is being built"))
    }

    pub async fn set_contact_field(
        self: &Arc<Self>,
        _who: &Caller,
        _req: SetContactField,
    ) -> Result<ContactCard> {
        Err(Error::internal("set_contact_field is being built"))
    }

    pub async fn list_contact_fields(
        &self,
        _who: &Caller,
        _req: Empty,
    ) -> Result<Vec<ContactField>> {
        Ok(self.db.read(crate::store::Db::contact_fields).await?)
    }

    pub async fn save_contact_field(
        self: &Arc<Self>,
        _who: &Caller,
        _req: SaveContactField,
    ) -> Result<ContactField> {
        Err(Error::internal("save_contact_field is being built"))
    }

    pub async fn delete_contact_field(
        self: &Arc<Self>,
        _who: &Caller,
        _req: FieldRef,
    ) -> Result<()> {
        Err(Error::internal("delete_contact_field is being built"))
    }
}
