//! Tags: a team-curated list (supervisors manage it; a team setting lets managers add to it),
//! several per conversation, shown in the list and filterable. Tagging is a stored fact.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::{Caller, Reader};
use crate::api::Empty;
use crate::conversation::Conversation;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::event::Event;
use crate::operator::Role;
use crate::phrase::core as core_said;
use crate::store::{Applied, Db, NewFact};

/// What tags say to people.
pub mod said {
    crate::phrases! {
        NAME_EMPTY = "tags.name_empty": "Name the tag";
        NAME_TOO_LONG = "tags.name_too_long": "A tag's name holds at most {max} characters";
        EXISTS = "tags.exists": "There is a tag named '{name}' already";
        NOT_FOUND = "tags.not_found": "This tag does not exist";
        MANAGERS_CANNOT_CREATE = "tags.managers_cannot_create": "In this team only supervisors add tags";
    }
}

/// The longest tag name, in characters.
pub const MAX_TAG_NAME: usize = 40;

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

impl TagColor {
    pub const ALL: [Self; 9] = [
        Self::Gray,
        Self::Red,
        Self::Orange,
        Self::Yellow,
        Self::Green,
        Self::Teal,
        Self::Blue,
        Self::Purple,
        Self::Pink,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Gray => "gray",
            Self::Red => "red",
            Self::Orange => "orange",
            Self::Yellow => "yellow",
            Self::Green => "green",
            Self::Teal => "teal",
            Self::Blue => "blue",
            Self::Purple => "purple",
            Self::Pink => "pink",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
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

/// A tag's name as kept: one line, trimmed, 1 to [`MAX_TAG_NAME`] characters.
fn tag_name(name: &str) -> Result<String> {
    let name = crate::text::one_line(name, MAX_TAG_NAME + 1);
    match name.chars().count() {
        0 => Err(Error::BadRequest(said::NAME_EMPTY.phrase())),
        n if n > MAX_TAG_NAME => Err(Error::BadRequest(
            said::NAME_TOO_LONG.with("max", MAX_TAG_NAME),
        )),
        _ => Ok(name),
    }
}

fn tag_not_found() -> Error {
    Error::NotFound(said::NOT_FOUND.phrase())
}

impl Engine {
    pub async fn list_tags(&self, _who: &Caller, _req: Empty) -> Result<Vec<Tag>> {
        Ok(self.db.read(Db::tags).await?)
    }

    pub async fn create_tag(self: &Arc<Self>, who: &Caller, req: NewTag) -> Result<Tag> {
        if who.role() != Role::Supervisor && !self.team().managers_create_tags {
            return Err(Error::Forbidden(said::MANAGERS_CANNOT_CREATE.phrase()));
        }
        let name = tag_name(&req.name)?;
        let color = req.color.unwrap_or_default();
        let (by, now) = (who.id(), self.now());
        let tag = self
            .db
            .transact(move |tx| {
                if Db::tag_named(tx, &name, None)?.is_some() {
                    return Ok(Err(Error::Conflict(said::EXISTS.with("name", &name))));
                }
                let id = Db::insert_tag(tx, &name, color, by, now)?;
                Ok(Ok(Tag { id, name, color }))
            })
            .await??;
        self.host.events.emit(&Event::Tags);
        Ok(tag)
    }

    pub async fn update_tag(self: &Arc<Self>, _who: &Caller, req: UpdateTag) -> Result<Tag> {
        let name = req.name.as_deref().map(tag_name).transpose()?;
        let id = req.tag_id;
        let tag = self
            .db
            .transact(move |tx| {
                let Some(tag) = Db::tag(tx, id)? else {
                    return Ok(Err(tag_not_found()));
                };
                let name = name.unwrap_or(tag.name);
                if Db::tag_named(tx, &name, Some(id))?.is_some() {
                    return Ok(Err(Error::Conflict(said::EXISTS.with("name", &name))));
                }
                let color = req.color.unwrap_or(tag.color);
                Db::update_tag(tx, id, &name, color)?;
                Ok(Ok(Tag { id, name, color }))
            })
            .await??;
        // Conversations show tags by id: clients take the new name and colour from the list.
        self.host.events.emit(&Event::Tags);
        Ok(tag)
    }

    pub async fn delete_tag(self: &Arc<Self>, _who: &Caller, req: TagRef) -> Result<()> {
        let id = req.tag_id;
        if !self.db.transact(move |tx| Db::delete_tag(tx, id)).await? {
            return Err(tag_not_found());
        }
        self.host.events.emit(&Event::Tags);
        Ok(())
    }

    /// Puts a tag on a conversation or takes it off (doing it twice changes nothing more), as
    /// a stored fact with who did it.
    pub async fn tag_conversation(
        self: &Arc<Self>,
        who: &Caller,
        req: TagConversation,
    ) -> Result<Conversation> {
        let (id, tag_id, on) = (req.conversation_id, req.tag_id, req.tagged);
        self.visible_conversation(who, id).await?;
        let (actor, now, reader) = (who.id(), self.now(), Reader::of(&who.operator));
        let found = self
            .commit(move |tx| {
                let mut applied = Applied::default();
                let Some(tag) = Db::tag(tx, tag_id)? else {
                    return Ok((false, applied));
                };
                if Db::set_conversation_tag(tx, id, tag_id, on)? {
                    applied.conversations.push(id);
                    applied.facts.push(Db::record_fact(
                        tx,
                        &NewFact {
                            conversation_id: id,
                            at: now,
                            actor: Some(actor),
                            kind: if on { "tagged" } else { "untagged" },
                            detail: serde_json::json!({"tag_id": tag.id, "name": tag.name}),
                        },
                    )?);
                }
                Ok((true, applied))
            })
            .await?
            .0;
        if !found {
            return Err(tag_not_found());
        }
        self.db
            .read(move |c| Db::conversation_for(c, id, reader))
            .await?
            .ok_or_else(|| Error::NotFound(core_said::CONVERSATION_NOT_FOUND.phrase()))
    }
}
