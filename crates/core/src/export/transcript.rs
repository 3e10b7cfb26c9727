//! A conversation's transcript as CSV: its messages, notes and activity lines merged in time
//! order, with times, authors and statuses; notes and activity lines marked internal (the
//! customer never saw them).

use std::sync::Arc;

use crate::access::{Caller, Reader};
use crate::conversation::{Activity, Change, Conversation};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::message::{Content, Direction, Message};
use crate::phrase::core as core_said;
use crate::reports::ExportFile;
use crate::store::Db;
use crate::time::Timestamp;

use super::{Cell, Csv, ExportTranscript, TranscriptFormat, csv_file, file_date};

/// The transcript's columns. `item`: message, note or activity; `author_kind`: customer,
/// operator, system (automation, the clock) or outside (sent from the phone or another app);
/// `visibility`: customer (the customer saw it) or internal.
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
    /// A conversation's transcript (audited). Not found when the caller may not see it.
    pub async fn export_transcript(
        self: &Arc<Self>,
        who: &Caller,
        req: ExportTranscript,
    ) -> Result<ExportFile> {
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
        let text = match req.format {
            TranscriptFormat::Csv => transcript_csv(&conversation, &messages, &activity),
        };
        let name = format!("conversation-{id}-{}.csv", file_date(self.now()));
        self.audit_export(
            who,
            serde_json::json!({
                "what": "transcript",
                "conversation_id": id,
                "format": req.format,
                "file": name,
                "rows": messages.len() + activity.len(),
            }),
        )
        .await?;
        Ok(csv_file(name, text))
    }
}

/// One line of the transcript before it becomes a row.
struct Line {
    at: Timestamp,
    cells: [Cell; 8],
}

/// The transcript's CSV: messages and activity merged by time (a message first when a fact
/// has the same instant, as a reopen follows the message that caused it).
pub fn transcript_csv(
    conversation: &Conversation,
    messages: &[Message],
    activity: &[Activity],
) -> String {
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
    let mut csv = Csv::new(TRANSCRIPT_COLUMNS);
    for line in lines {
        csv.row(line.cells);
    }
    csv.finish()
}

fn message_line(m: &Message, customer: &str) -> Line {
    let (author_kind, author, status) = match (m.direction, &m.operator) {
        (Direction::In, _) => ("customer", customer.to_owned(), String::new()),
        (Direction::Out, operator) => {
            let status = match &m.error {
                Some(e) => format!("{}: {}", m.status.as_str(), e.message),
                None => m.status.as_str().to_owned(),
            };
            match operator {
                Some(o) => ("operator", o.name.clone(), status),
                None => ("outside", String::new(), status),
            }
        }
    };
    Line {
        at: m.timestamp,
        cells: [
            Cell::text(m.timestamp.rfc3339()),
            Cell::text("message"),
            Cell::text(m.direction.as_str()),
            Cell::text(author_kind),
            Cell::text(author),
            Cell::text(describe(&m.content)),
            Cell::text(status),
            Cell::text("customer"),
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
        Change::Note { text, .. } => ("note", text.clone(), String::new()),
        change => (
            "activity",
            describe_change(a, change),
            change_status(change),
        ),
    };
    let (author_kind, author) = match &a.actor {
        Some(o) => ("operator", o.name.clone()),
        None => ("system", String::new()),
    };
    Line {
        at: a.at,
        cells: [
            Cell::text(a.at.rfc3339()),
            Cell::text(item),
            Cell::Empty,
            Cell::text(author_kind),
            Cell::text(author),
            Cell::text(text),
            Cell::text(status),
            Cell::text("internal"),
        ],
    }
}

/// The conversation's status a change set, for the status column.
fn change_status(change: &Change) -> String {
    match change {
        Change::Status { status, .. } => status.as_str().to_owned(),
        Change::Reopened { .. } | Change::Woke => "open".to_owned(),
        _ => String::new(),
    }
}

/// An activity line in words (English, like the CLI's: the UI's own lines are translated).
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
