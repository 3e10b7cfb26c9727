//! Tags: a team-curated list (supervisors manage it; a team setting lets managers add to it),
//! several per conversation, shown in the list and filterable. Tagging is a stored fact.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::Caller;
use crate::api::Empty;
use crate::conversation::Conversation;
use crate::engine::Engine;
use crate::error::{Error, Result};

/// What tags say to people.
pub mod said {
    crate::phrases! {}
}

/// A tag's colour: one of the UI's named ones (never a CSS value from a client).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum TagColor {
    #[default]
    Gray,
    Red,
    Orange,
    Yellow,
    Green,
    Teal,
    Blue,
    Purple,
    Pink,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Tag {
    pub id: i64,
    /// Unique whatever its case.
    pub name: String,
    pub color: TagColor,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NewTag {
    pub name: String,
    #[serde(default)]
    #[ts(optional)]
    pub color: Option<TagColor>,
}

/// Renames or recolours a tag; what is absent stays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UpdateTag {
    pub tag_id: i64,
    #[serde(default)]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub color: Option<TagColor>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TagRef {
    pub tag_id: i64,
}

/// Puts a tag on a conversation (`tagged`) or takes it off.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TagConversation {
    pub conversation_id: i64,
    pub tag_id: i64,
    pub tagged: bool,
}

impl Engine {
    pub async fn list_tags(&self, _who: &Caller, _req: Empty) -> Result<Vec<Tag>> {
        Err(Error::internal("list_tags is being built"))
    }

    pub async fn create_tag(self: &Arc<Self>, _who: &Caller, _req: NewTag) -> Result<Tag> {
        Err(Error::internal("create_tag is being built"))
    }

    pub async fn update_tag(self: &Arc<Self>, _who: &Caller, _req: UpdateTag) -> Result<Tag> {
        Err(Error::internal("update_tag is being built"))
    }

    pub async fn delete_tag(self: &Arc<Self>, _who: &Caller, _req: TagRef) -> Result<()> {
        Err(Error::internal("delete_tag is being built"))
    }

    pub async fn tag_conversation(
        self: &Arc<Self>,
        _who: &Caller,
        _req: TagConversation,
    ) -> Result<Conversation> {
        Err(Error::internal("tag_conversation is being built"))
    }
}
