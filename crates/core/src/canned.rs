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
use crate::event::Event;
use crate::operator::Role;
use crate::phrase::core as core_said;
use crate::store::Db;
use crate::time::Timestamp;

/// What canned replies say to people.
pub mod said {
    crate::phrases! {
        SHORTCUT_BAD = "canned.shortcut_bad": "A shortcut is 1 to {max} letters, digits, '_' or '-', without spaces: '{shortcut}'";
        SHORTCUT_TAKEN = "canned.shortcut_taken": "There is a canned reply /{shortcut} already";
        BODY_EMPTY = "canned.body_empty": "Write the canned reply's text";
        BODY_TOO_LONG = "canned.body_too_long": "A canned reply holds at most {max} characters";
        NOT_FOUND = "canned.not_found": "This canned reply does not exist";
        TEAM_FOR_SUPERVISORS = "canned.team_for_supervisors": "Only supervisors add, change or delete the team's canned replies";
        UNFILLED = "canned.unfilled": "Fill in {variables} before sending: the customer would see the placeholder";
    }
}

/// The longest shortcut, in characters.
pub const MAX_SHORTCUT: usize = 32;
/// The longest canned reply, in characters.
pub const MAX_BODY: usize = 4000;
/// The longest name between `{{` and `}}` taken for a variable.
const MAX_VARIABLE: usize = 64;

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

/// A `{{variable}}` in a text: where it is and its name (trimmed, lowercased).
struct Placeholder {
    range: std::ops::Range<usize>,
    name: String,
}

/// Every `{{ name }}` in `text` whose name is letters, digits, `_`, `-` and `.` (spaces
/// around it tolerated).
fn placeholders(text: &str) -> Vec<Placeholder> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| from + i) {
        let inner_start = open + 2;
        let Some(close) = text[inner_start..].find("}}").map(|i| inner_start + i) else {
            break;
        };
        let inner = text[inner_start..close].trim();
        let valid = !inner.is_empty()
            && inner.chars().count() <= MAX_VARIABLE
            && inner
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if valid {
            out.push(Placeholder {
                range: open..close + 2,
                name: inner.to_lowercase(),
            });
            from = close + 2;
        } else {
            // `{{{name}}}` or `{{ not a name {{name}}`: look again from the next brace.
            from = open + 1;
        }
    }
    out
}

/// The variables in `text` a canned reply would fill (`contact.name`, `operator.name`, …)
/// that are still there: a message holding one is refused rather than sent.
pub(crate) fn unfilled_variables(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for p in placeholders(text) {
        let filled_by_us = ["contact.", "operator."]
            .iter()
            .any(|prefix| p.name.len() > prefix.len() && p.name.starts_with(prefix));
        if filled_by_us && !names.contains(&p.name) {
            names.push(p.name);
        }
    }
    names
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
    let unfilled = unfilled_variables(text);
    if unfilled.is_empty() {
        return Ok(());
    }
    let listed = unfilled
        .iter()
        .map(|n| format!("{{{{{n}}}}}"))
        .collect::<Vec<_>>()
        .join(", ");
    Err(Error::BadRequest(said::UNFILLED.with("variables", listed)))
}

/// `body` with each variable `value` knows replaced; the rest stay as `{{name}}` and are
/// listed once each, in order.
fn fill(body: &str, value: impl Fn(&str) -> Option<String>) -> RenderedCanned {
    let mut text = String::with_capacity(body.len());
    let mut missing: Vec<String> = Vec::new();
    let mut at = 0;
    for p in placeholders(body) {
        text.push_str(&body[at..p.range.start]);
        match value(&p.name).filter(|v| !v.trim().is_empty()) {
            Some(v) => text.push_str(v.trim()),
            None => {
                text.push_str(&format!("{{{{{}}}}}", p.name));
                if !missing.contains(&p.name) {
                    missing.push(p.name);
                }
            }
        }
        at = p.range.end;
    }
    text.push_str(&body[at..]);
    RenderedCanned { text, missing }
}

/// A shortcut as kept: trimmed, without the `/` that finds it.
fn shortcut_of(raw: &str) -> Result<String> {
    let shortcut = raw.trim();
    let shortcut = shortcut.strip_prefix('/').unwrap_or(shortcut);
    let n = shortcut.chars().count();
    if n == 0
        || n > MAX_SHORTCUT
        || !shortcut
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-'))
    {
        return Err(Error::BadRequest(
            said::SHORTCUT_BAD
                .with("max", MAX_SHORTCUT)
                .arg("shortcut", crate::text::one_line(raw, MAX_SHORTCUT * 2)),
        ));
    }
    Ok(shortcut.to_owned())
}

fn body_of(raw: &str) -> Result<String> {
    let body = raw.trim();
    if body.is_empty() {
        return Err(Error::BadRequest(said::BODY_EMPTY.phrase()));
    }
    if body.chars().count() > MAX_BODY {
        return Err(Error::BadRequest(said::BODY_TOO_LONG.with("max", MAX_BODY)));
    }
    Ok(body.to_owned())
}

fn not_found() -> Error {
    Error::NotFound(said::NOT_FOUND.phrase())
}

fn team_for_supervisors() -> Error {
    Error::Forbidden(said::TEAM_FOR_SUPERVISORS.phrase())
}

impl Engine {
    /// The caller's own canned replies and the team's.
    pub async fn list_canned(&self, who: &Caller, _req: Empty) -> Result<Vec<CannedReply>> {
        let owner = who.id();
        Ok(self.db.read(move |c| Db::canned_replies(c, owner)).await?)
    }

    /// A canned reply `who` may use (their own or the team's), with its owner; another
    /// operator's own is as if it did not exist.
    async fn usable_canned(&self, who: &Caller, id: i64) -> Result<(Option<i64>, CannedReply)> {
        let me = who.id();
        self.db
            .read(move |c| Db::canned_reply(c, id))
            .await?
            .filter(|(owner, _)| owner.is_none_or(|o| o == me))
            .ok_or_else(not_found)
    }

    /// Adds a canned reply or changes one: one's own, or (supervisors) the team's. A
    /// supervisor may move a reply between their own and the team's.
    pub async fn save_canned(
        self: &Arc<Self>,
        who: &Caller,
        req: SaveCanned,
    ) -> Result<CannedReply> {
        let supervisor = who.role() == Role::Supervisor;
        let before = match req.id {
            Some(id) => Some(self.usable_canned(who, id).await?.0),
            None => None,
        };
        let touches_team = req.team || before.is_some_and(|owner| owner.is_none());
        if touches_team && !supervisor {
            return Err(team_for_supervisors());
        }
        let shortcut = shortcut_of(&req.shortcut)?;
        let body = body_of(&req.body)?;
        let owner = (!req.team).then_some(who.id());
        let (by, now, id) = (who.id(), self.now(), req.id);
        let saved = self
            .db
            .transact(move |tx| {
                if Db::canned_shortcut_taken(tx, owner, &shortcut, id)? {
                    return Ok(Err(Error::Conflict(
                        said::SHORTCUT_TAKEN.with("shortcut", &shortcut),
                    )));
                }
                let id = Db::save_canned_reply(tx, id, owner, &shortcut, &body, by, now)?;
                Ok(Db::canned_reply(tx, id)?
                    .map(|(_, c)| c)
                    .ok_or_else(not_found))
            })
            .await??;
        self.host.events.emit(&Event::Canned { owner_id: owner });
        if let Some(was) = before.filter(|was| *was != owner) {
            self.host.events.emit(&Event::Canned { owner_id: was });
        }
        Ok(saved)
    }

    /// Deletes one's own canned reply, or (supervisors) one of the team's.
    pub async fn delete_canned(self: &Arc<Self>, who: &Caller, req: CannedRef) -> Result<()> {
        let (owner, _) = self.usable_canned(who, req.canned_id).await?;
        if owner.is_none() && who.role() != Role::Supervisor {
            return Err(team_for_supervisors());
        }
        let id = req.canned_id;
        if !self
            .db
            .transact(move |tx| Db::delete_canned_reply(tx, id))
            .await?
        {
            return Err(not_found());
        }
        self.host.events.emit(&Event::Canned { owner_id: owner });
        Ok(())
    }

    /// A canned reply filled in for a conversation the caller may see: the contact's name,
    /// phone and custom fields, the caller's name. What has no value stays a `{{variable}}`
    /// (which sending refuses) and is listed in `missing`.
    pub async fn render_canned(&self, who: &Caller, req: RenderCanned) -> Result<RenderedCanned> {
        let id = req.conversation_id;
        self.visible_conversation(who, id).await?;
        let (_, canned) = self.usable_canned(who, req.canned_id).await?;
        let (contact, fields) = self
            .db
            .read(move |c| {
                let Some(cv) = Db::conversation(c, id)? else {
                    return Ok(None);
                };
                let fields = Db::contact_field_values(c, cv.contact.id)?;
                Ok(Some((cv.contact, fields)))
            })
            .await?
            .ok_or_else(|| Error::NotFound(core_said::CONVERSATION_NOT_FOUND.phrase()))?;
        let operator = who.operator.name.clone();
        Ok(fill(&canned.body, |name| match name {
            "contact.name" => contact.name.clone(),
            "contact.phone" => Some(contact.phone.e164().to_owned()),
            "operator.name" => Some(operator.clone()),
            _ => {
                let key = name.strip_prefix("contact.")?;
                fields
                    .iter()
                    .find(|f| f.field.key.eq_ignore_ascii_case(key))
                    .and_then(|f| f.value.clone())
            }
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_tolerate_spaces_and_skip_what_is_not_a_name() {
        let names: Vec<String> =
            placeholders("Hi {{ contact.Name }}, {{x y}} {{{{operator.name}}}} {{}")
                .into_iter()
                .map(|p| p.name)
                .collect();
        assert_eq!(names, ["contact.name", "operator.name"]);
    }

    #[test]
    fn only_our_variables_block_sending() {
        assert_eq!(
            unfilled_variables("Hello {{contact.name}}, {{ operator.name }} {{contact.name}}"),
            ["contact.name", "operator.name"]
        );
        assert!(unfilled_variables("{{weather}} and {{contact.}} and {contact.name}").is_empty());
    }

    #[test]
    fn missing_values_stay_as_their_variable() {
        let r = fill(
            "Hi {{contact.name}}, I am {{ operator.name }}. {{ contact.city }}",
            |n| (n == "operator.name").then(|| "Mia".to_owned()),
        );
        assert_eq!(r.text, "Hi {{contact.name}}, I am Mia. {{contact.city}}");
        assert_eq!(r.missing, ["contact.name", "contact.city"]);
    }
}
