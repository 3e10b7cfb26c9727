//! A conversation's transcript as a table: its messages, notes and activity lines merged in
//! time order, with times, authors and statuses; notes and activity lines marked internal (the
//! customer never saw them). The UI saves it as CSV or prints it; the English words of an
//! activity line ([`activity_english`]) are the CLI's and scripts'.

use std::sync::Arc;

use crate::access::{Caller, Reader};
use crate::conversation::{Activity, Change, Conversation};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::message::{Content, Direction, Message};
use crate::phrase::core as core_said;
use crate::store::Db;
use crate::time::Timestamp;

use super::{ExportCell, ExportTable, ExportTranscript, file_date};

/// The transcript's columns. Labels: `item`: message, note or activity; `direction`: in or
/// out; `author_kind`: customer, operator, system (automation, the clock) or outside (sent from
/// the phone or another app); `status`: a message's delivery status (queued, sent, delivered,
/// seen, failed, rejected, or a gateway's own word) or the conversation's status an activity
/// line set (open, pending, snoozed, resolved); `visibility`: customer (the customer saw it)
/// or internal.
pub const TRANSCRIPT_COLUMNS: &[&str] = &[
    "time",
    "item",
    "direction",
    "author_kind",
    "author",
    "text",
    "status",
    "visibility",
];

/// A thread is read in pages of this many messages.
const PAGE: u32 = 500;

impl Engine {
    /// A conversation's transcript, to save as CSV or to print (audited, with what it is
    /// for). Not found when the caller may not see it.
    pub async fn export_transcript(
        self: &Arc<Self>,
        who: &Caller,
        req: ExportTranscript,
    ) -> Result<ExportTable> {
        let id = req.conversation_id;
        self.visible_conversation(who, id).await?;
        let (conversation, messages, activity) = self
            .db
            .read(move |c| {
                let Some(conversation) = Db::conversation_for(c, id, Reader::NOBODY)? else {
                    return Ok(None);
                };
                // Pages come newest first, each oldest first inside.
                let mut pages = Vec::new();
                let mut before = None;
                loop {
                    let (page, next) = Db::thread_page(c, id, before, PAGE)?;
                    pages.push(page);
                    match next {
                        Some(cursor) => before = Some(cursor),
                        None => break,
                    }
                }
                let messages: Vec<Message> = pages.into_iter().rev().flatten().collect();
                let activity = Db::activity(c, id, u32::MAX)?;
                Ok(Some((conversation, messages, activity)))
            })
            .await?
            .ok_or_else(|| Error::NotFound(core_said::CONVERSATION_NOT_FOUND.phrase()))?;
        let name = format!("{id}-{}", file_date(self.now()));
        let table = transcript_table(name, &conversation, &messages, &activity);
        self.audit_export(
            who,
            serde_json::json!({
                "what": "transcript",
                "conversation_id": id,
                "format": req.format,
                "name": table.name,
                "rows": table.rows.len(),
            }),
        )
        .await?;
        Ok(table)
    }
}

/// One line of the transcript before it becomes a row.
struct Line {
    at: Timestamp,
    cells: Vec<ExportCell>,
}

/// The transcript's table: messages and activity merged by time (a message first when a fact
/// has the same instant, as a reopen follows the message that caused it). `name`: the file
/// name's stem.
pub fn transcript_table(
    name: String,
    conversation: &Conversation,
    messages: &[Message],
    activity: &[Activity],
) -> ExportTable {
    let customer = conversation
        .contact
        .name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| conversation.contact.phone.to_string());
    let mut lines: Vec<Line> = messages
        .iter()
        .map(|m| message_line(m, &customer))
        .chain(activity.iter().map(activity_line))
        .collect();
    // Stable: messages keep their thread order among equal times, and stay before facts.
    lines.sort_by_key(|l| l.at);
    ExportTable {
        name,
        columns: TRANSCRIPT_COLUMNS.iter().map(|c| (*c).to_owned()).collect(),
        rows: lines.into_iter().map(|l| l.cells).collect(),
    }
}

fn message_line(m: &Message, customer: &str) -> Line {
    let (author_kind, author, status) = match (m.direction, &m.operator) {
        (Direction::In, _) => ("customer", ExportCell::text(customer), ExportCell::Empty),
        (Direction::Out, operator) => {
            let status = ExportCell::Label {
                key: m.status.as_str().to_owned(),
                reason: m.error.as_ref().map(|e| e.phrase.clone()),
            };
            match operator {
                Some(o) => ("operator", ExportCell::operator(Some(o)), status),
                None => ("outside", ExportCell::Empty, status),
            }
        }
    };
    Line {
        at: m.timestamp,
        cells: vec![
            ExportCell::time(Some(m.timestamp)),
            ExportCell::label("message"),
            ExportCell::label(m.direction.as_str()),
            ExportCell::label(author_kind),
            author,
            ExportCell::text(describe(&m.content)),
            status,
            ExportCell::label("customer"),
        ],
    }
}

/// A message's words, or what a person needs to know of its media or template.
fn describe(content: &Content) -> String {
    match content {
        Content::Text { text } => text.clone(),
        Content::Media {
            url,
            mime,
            name,
            caption,
        } => {
            let what = [
                mime.as_deref(),
                Some(name.as_deref().unwrap_or(url.as_str())),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
            match caption.as_deref().filter(|c| !c.is_empty()) {
                Some(caption) => format!("[media {what}] {caption}"),
                None => format!("[media {what}]"),
            }
        }
        Content::Template {
            id,
            params,
            language,
            ..
        } => {
            let lang = language
                .as_deref()
                .map(|l| format!(" ({l})"))
                .unwrap_or_default();
            if params.is_empty() {
                format!("[template {id}{lang}]")
            } else {
                format!("[template {id}{lang}] {}", params.join(", "))
            }
        }
    }
}

fn activity_line(a: &Activity) -> Line {
    let (item, text, status) = match &a.change {
        Change::Note { text, .. } => ("note", ExportCell::text(text.clone()), None),
        change => (
            "activity",
            ExportCell::Activity {
                activity: a.clone(),
            },
            change_status(change),
        ),
    };
    let (author_kind, author) = match &a.actor {
        Some(o) => ("operator", ExportCell::operator(Some(o))),
        None => ("system", ExportCell::Empty),
    };
    Line {
        at: a.at,
        cells: vec![
            ExportCell::time(Some(a.at)),
            ExportCell::label(item),
            ExportCell::Empty,
            ExportCell::label(author_kind),
            author,
            text,
            status.map_or(ExportCell::Empty, ExportCell::label),
            ExportCell::label("internal"),
        ],
    }
}

/// The conversation's status a change set, for the status column.
fn change_status(change: &Change) -> Option<&'static str> {
    match change {
        Change::Status { status, .. } => Some(status.as_str()),
        Change::Reopened { .. } | Change::Woke => Some("open"),
        _ => None,
    }
}

/// An activity line in English words, as the English CSV has it (the UI words the same
/// [`Activity`] in the reader's language, as its thread does).
pub fn activity_english(a: &Activity) -> String {
    describe_change(a, &a.change)
}

fn describe_change(a: &Activity, change: &Change) -> String {
    match change {
        Change::Assigned { to, from, rule } => {
            let by_self = a.actor.as_ref().is_some_and(|o| o.id == to.id);
            match (by_self, from, rule) {
                (true, Some(from), _) => format!("{} took over from {}", to.name, from.name),
                (true, None, _) => format!("{} took it", to.name),
                (false, _, Some(rule)) if a.actor.is_none() => {
                    format!("assigned to {} automatically ({})", to.name, rule.as_str())
                }
                (false, Some(from), _) => {
                    format!("transferred from {} to {}", from.name, to.name)
                }
                (false, None, _) => format!("assigned to {}", to.name),
            }
        }
        Change::Unassigned { from, reason } => {
            let from = from
                .as_ref()
                .map(|f| format!(" from {}", f.name))
                .unwrap_or_default();
            match reason {
                Some(_) => format!("unassigned{from}: no reply in time"),
                None => format!("unassigned{from}"),
            }
        }
        Change::Overdue { assignee, minutes } => match assignee {
            Some(o) => format!("no reply for {minutes} min (assigned to {})", o.name),
            None => format!("no reply for {minutes} min"),
        },
        Change::Status { status, until } => match until {
            Some(until) => format!("status {} until {}", status.as_str(), until.rfc3339()),
            None => format!("status {}", status.as_str()),
        },
        Change::Reopened { was } => format!("reopened by the customer (was {})", was.as_str()),
        Change::Woke => "snooze ended".to_owned(),
        // Written as a note line of its own (see `activity_line`).
        Change::Note { text, .. } => text.clone(),
        Change::Tagged { tag } => format!("tagged {}", tag.name),
        Change::Untagged { tag } => format!("untagged {}", tag.name),
        Change::ContactField { label, value } => match value {
            Some(v) => format!("{label} set to {v}"),
            None => format!("{label} cleared"),
        },
    }
}
