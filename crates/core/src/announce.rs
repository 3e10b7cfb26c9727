//! Live events in commit order.
//!
//! A change is read back inside its own write transaction and announced right after the
//! commit, while the writer is still held: no later commit can announce first, and what is
//! announced is exactly the state that commit left (a conversation's counters never go
//! backwards from one event to the next). Emitting only hands the event to the host's sink,
//! which never blocks. Desktop notifications follow, outside the writer.

use rusqlite::Connection;

use crate::conversation::Conversation;
use crate::engine::Engine;
use crate::error::Result;
use crate::event::Event;
use crate::host::Notification;
use crate::message::Message;
use crate::store::{Applied, Db};

/// Incoming messages older than this are stored and shown but raise no notification.
const NOTIFY_WITHIN_MS: i64 = 15 * 60 * 1000;

/// What a transaction answers that carries the changes it made.
pub(crate) trait Changed {
    fn applied(&self) -> Option<&Applied>;
}

impl Changed for Applied {
    fn applied(&self) -> Option<&Applied> {
        Some(self)
    }
}

impl<T> Changed for (T, Applied) {
    fn applied(&self) -> Option<&Applied> {
        Some(&self.1)
    }
}

impl<T: Changed> Changed for Option<T> {
    fn applied(&self) -> Option<&Applied> {
        self.as_ref().and_then(Changed::applied)
    }
}

/// The changed rows as live events show them.
#[derive(Default)]
struct Changes {
    /// Each message, and whether it is a customer's new one.
    messages: Vec<(bool, Message)>,
    conversations: Vec<Conversation>,
    /// Who had a reassigned conversation before.
    reassigned: Vec<(i64, Option<i64>)>,
    facts: Vec<crate::conversation::Activity>,
}

fn load(conn: &Connection, applied: &Applied) -> Result<Changes> {
    let mut changes = Changes {
        reassigned: applied.reassigned.clone(),
        ..Changes::default()
    };
    for row in &applied.messages {
        if let Some(m) = Db::message_by_row(conn, *row)? {
            changes.messages.push((applied.incoming.contains(row), m));
        }
    }
    for id in &applied.conversations {
        if let Some(cv) = Db::conversation(conn, *id)? {
            changes.conversations.push(cv);
        }
    }
    for id in &applied.facts {
        changes.facts.extend(Db::fact(conn, *id)?);
    }
    Ok(changes)
}

impl Engine {
    /// Runs `f` in an IMMEDIATE write transaction, commits, and announces what it changed in
    /// commit order (see the module's comment).
    pub(crate) async fn commit<T, F>(&self, f: F) -> Result<T>
    where
        T: Changed + Send + 'static,
        F: FnOnce(&rusqlite::Transaction<'_>) -> crate::store::Result<T> + Send + 'static,
    {
        let sink = self.host.events.clone();
        let (out, changes) = self
            .db
            .write(move |c| {
                let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                let out = f(&tx)?;
                let changes = match out.applied().filter(|a| !a.is_empty()) {
                    None => Changes::default(),
                    // Reading back never undoes the change: a row that cannot be shown is
                    // said in the log and the others still go out.
                    Some(applied) => load(&tx, applied).unwrap_or_else(|e| {
                        tracing::warn!("could not load changes for live events: {e}");
                        Changes::default()
                    }),
                };
                tx.commit()?;
                for (_, message) in &changes.messages {
                    sink.emit(&Event::Message {
                        message: message.clone(),
                    });
                }
                for conversation in &changes.conversations {
                    let previous_assignee = changes
                        .reassigned
                        .iter()
                        .find(|(id, _)| *id == conversation.id)
                        .map(|(_, before)| *before);
                    sink.emit(&Event::Conversation {
                        conversation: conversation.clone(),
                        previous_assignee,
                    });
                }
                for activity in &changes.facts {
                    sink.emit(&Event::Activity {
                        activity: activity.clone(),
                    });
                }
                Ok((out, changes))
            })
            .await?;
        self.notify_news(&changes);
        Ok(out)
    }

    /// A desktop notification for each new customer message (not a backfill's or a late
    /// webhook's old ones).
    fn notify_news(&self, changes: &Changes) {
        let now = self.now();
        for (incoming, message) in &changes.messages {
            let fresh = now.millis_since(message.timestamp) < NOTIFY_WITHIN_MS;
            if !(*incoming && fresh) {
                continue;
            }
            let Some(cv) = changes
                .conversations
                .iter()
                .find(|c| c.id == message.conversation_id)
            else {
                continue;
            };
            self.host.notifier.notify(&Notification {
                title: cv
                    .contact
                    .name
                    .clone()
                    .unwrap_or_else(|| cv.contact.phone.to_string()),
                body: message.text.chars().take(140).collect(),
                conversation_id: cv.id,
            });
        }
    }
}
