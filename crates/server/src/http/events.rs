//! Live events for a team: every committed change gets an id in commit order and goes into a
//! bounded log; each connected client receives only what its operator may see.
//!
//! The engine emits events right after each commit into the process's broadcast; one task
//! reads them in order and stamps them: it decides who may see each (a message's visibility
//! is its conversation's assignee, looked up once here, not per client), gives it the next id
//! and appends it to the log. Clients wait for the log to grow and read
//! the entries after the last id they sent, so a client that reconnects with `Last-Event-ID`
//! gets exactly what it missed — or, when the log no longer holds it (it fell too far behind,
//! or the server restarted), a `resync` telling it to reload.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use switchboard_core::access::Scope;
use switchboard_core::event::{Audience, Event};
use switchboard_core::operator::Role;
use switchboard_core::store::Db;
use tokio::sync::{broadcast, watch};

/// Events kept for clients that reconnect: at the pace of a busy team (a few events a second)
/// about an hour; a client away longer reloads instead.
pub const LOG_CAPACITY: usize = 20_000;

/// Conversations whose assignee the log remembers; beyond this it forgets them all and looks
/// them up again (a cache, never the truth).
const ASSIGNEES_CACHED: usize = 200_000;

/// Who may receive a stamped event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    Everyone,
    Supervisors,
    Operator(i64),
    /// A conversation's event: visible to whoever could see it before the change or after
    /// (a manager whose conversation was assigned away learns that it left their list).
    Conversation {
        before: Option<i64>,
        after: Option<i64>,
    },
}

impl Visibility {
    /// Whether an operator with `role` sees it, under the team's "managers see all" setting.
    pub fn shown_to(self, operator: i64, role: Role, managers_see_all: bool) -> bool {
        match self {
            Visibility::Everyone => true,
            Visibility::Supervisors => role == Role::Supervisor,
            Visibility::Operator(id) => id == operator,
            Visibility::Conversation { before, after } => {
                let scope = match role {
                    Role::Manager if !managers_see_all => Scope::Own(operator),
                    _ => Scope::All,
                };
                scope.sees(before) || scope.sees(after)
            }
        }
    }
}

/// An event as the log keeps it: its id, who may see it, and its JSON (serialised once for
/// every client).
#[derive(Clone, Debug)]
pub struct Stamped {
    pub seq: u64,
    pub visibility: Visibility,
    pub json: Arc<str>,
    /// Operators, roles or settings changed, or an operator's credential ended: streams that
    /// see it check their credential again before anything after it.
    pub team: bool,
    /// Not an event: events were lost before the log (every client reloads).
    pub resync: bool,
}

struct Log {
    entries: VecDeque<Stamped>,
    assignees: HashMap<i64, Option<i64>>,
}

/// The log and the queue into it. Cheap to clone.
#[derive(Clone)]
pub struct EventLog {
    /// Distinguishes this run's ids from an earlier run's: an id from another run cannot be
    /// resumed (the log started empty), so its client resyncs.
    epoch: Arc<str>,
    log: Arc<Mutex<Log>>,
    /// The newest stamped sequence number; clients wait on it.
    newest: watch::Receiver<u64>,
    /// Set when the server stops: live streams end at once instead of holding the graceful
    /// stop for its whole grace period (clients reconnect to the next run).
    closing: watch::Sender<bool>,
}

/// Where a client resumes.
#[derive(Debug, PartialEq, Eq)]
pub enum Resume {
    /// After this sequence number of this run.
    After(u64),
    /// The client's id is unknown to this log (another run, or older than what is kept).
    Resync,
}

fn lock(log: &Mutex<Log>) -> std::sync::MutexGuard<'_, Log> {
    log.lock().unwrap_or_else(|p| p.into_inner())
}

impl EventLog {
    /// A log of the events `events` carries, stamping them as they come and looking
    /// conversations' assignees up in `db`. Must be called inside a tokio runtime.
    pub fn start(db: Db, mut events: broadcast::Receiver<Event>) -> Self {
        let (newest_tx, newest) = watch::channel(0u64);
        let epoch: Arc<str> = format!(
            "{:x}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or_default()
        )
        .into();
        let log = Arc::new(Mutex::new(Log {
            entries: VecDeque::with_capacity(1024),
            assignees: HashMap::new(),
        }));
        let stamper = log.clone();
        tokio::spawn(async move {
            let mut seq = 0u64;
            loop {
                let entry = match events.recv().await {
                    Ok(event) => {
                        let visibility = visibility_of(&stamper, &db, &event).await;
                        let json: Arc<str> = match serde_json::to_string(&event) {
                            Ok(json) => json.into(),
                            Err(e) => {
                                tracing::warn!("an event could not be written as JSON: {e}");
                                continue;
                            }
                        };
                        let recheck = matches!(event, Event::Team | Event::Credentials { .. });
                        (visibility, json, recheck, false)
                    }
                    // The stamper fell behind the engine: every client may have missed
                    // something, so every client reloads.
                    Err(broadcast::error::RecvError::Lagged(missed)) => {
                        tracing::warn!("the event log missed {missed} events; clients resync");
                        lock(&stamper).assignees.clear();
                        (Visibility::Everyone, Arc::from(""), true, true)
                    }
                    Err(broadcast::error::RecvError::Closed) => return,
                };
                let (visibility, json, team, resync) = entry;
                seq += 1;
                {
                    let mut log = lock(&stamper);
                    if log.entries.len() == LOG_CAPACITY {
                        log.entries.pop_front();
                    }
                    log.entries.push_back(Stamped {
                        seq,
                        visibility,
                        json,
                        team,
                        resync,
                    });
                }
                // Nobody listening is fine: the log keeps it for whoever comes.
                let _ = newest_tx.send(seq);
            }
        });
        Self {
            epoch,
            log,
            newest,
            closing: watch::channel(false).0,
        }
    }

    /// The SSE id of an entry.
    pub fn id_of(&self, seq: u64) -> String {
        format!("{}-{seq}", self.epoch)
    }

    /// Where a client that sent `last_event_id` (none: a new client, which loads what it shows
    /// itself and needs only what comes next) resumes.
    pub fn resume(&self, last_event_id: Option<&str>) -> Resume {
        let newest = *self.newest.borrow();
        let Some(id) = last_event_id else {
            return Resume::After(newest);
        };
        let seq = id
            .split_once('-')
            .filter(|(epoch, _)| *epoch == &*self.epoch)
            .and_then(|(_, seq)| seq.parse::<u64>().ok());
        let Some(seq) = seq.filter(|s| *s <= newest) else {
            return Resume::Resync;
        };
        let log = lock(&self.log);
        let oldest = log.entries.front().map_or(newest + 1, |e| e.seq);
        // Entries after `seq` must all still be here.
        if seq + 1 < oldest {
            Resume::Resync
        } else {
            Resume::After(seq)
        }
    }

    /// Entries after `seq`, oldest first (at most `max`); `None` when some were dropped
    /// from the log before they could be read (the client fell too far behind).
    pub fn after(&self, seq: u64, max: usize) -> Option<Vec<Stamped>> {
        let log = lock(&self.log);
        let Some(oldest) = log.entries.front().map(|e| e.seq) else {
            return Some(Vec::new());
        };
        if seq + 1 < oldest {
            return None;
        }
        let skip = (seq + 1 - oldest) as usize;
        Some(log.entries.iter().skip(skip).take(max).cloned().collect())
    }

    /// Waits until the log holds an entry after `seq`; false when the server is stopping
    /// (or the stamper is gone) instead.
    pub async fn wait_after(&self, seq: u64) -> bool {
        let mut newest = self.newest.clone();
        let mut closing = self.closing.subscribe();
        if *closing.borrow() {
            return false;
        }
        tokio::select! {
            grown = newest.wait_for(|n| *n > seq) => grown.is_ok(),
            _ = closing.wait_for(|c| *c) => false,
        }
    }

    /// Ends every live stream (the server is stopping).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// The newest sequence number stamped.
    pub fn newest(&self) -> u64 {
        *self.newest.borrow()
    }
}

async fn visibility_of(log: &Mutex<Log>, db: &Db, event: &Event) -> Visibility {
    match event.audience() {
        Audience::Everyone => Visibility::Everyone,
        Audience::Supervisors => Visibility::Supervisors,
        Audience::Operator(id) => Visibility::Operator(id),
        Audience::Conversation(id) => {
            let (after, told) = match event {
                // The event says who it is assigned to now (and, when it was reassigned, who
                // had it before: the cache may not know, and the database already says after).
                Event::Conversation {
                    conversation,
                    previous_assignee,
                } => (
                    Some(conversation.assignee.as_ref().map(|a| a.id)),
                    *previous_assignee,
                ),
                _ => (None, None),
            };
            let known = told.or_else(|| lock(log).assignees.get(&id).copied());
            let before = match known {
                Some(known) => known,
                None => match db.read(move |c| Db::conversation_assignee(c, id)).await {
                    Ok(Some(assignee)) => assignee,
                    // Gone (its account was removed): nobody it was hidden from learns of it.
                    Ok(None) => Some(-1),
                    Err(e) => {
                        // Unknown visibility: supervisors and reviewers only, never leaking
                        // a conversation to a manager who may not see it.
                        tracing::warn!("an event's conversation could not be looked up: {e}");
                        return Visibility::Conversation {
                            before: Some(-1),
                            after: Some(-1),
                        };
                    }
                },
            };
            let after = after.unwrap_or(before);
            let mut log = lock(log);
            if log.assignees.len() >= ASSIGNEES_CACHED {
                log.assignees.clear();
            }
            log.assignees.insert(id, after);
            Visibility::Conversation { before, after }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manager_sees_a_conversation_they_had_or_now_have_and_unassigned_ones() {
        let mia = 7;
        let theirs = Visibility::Conversation {
            before: Some(8),
            after: Some(8),
        };
        let taken_from_mia = Visibility::Conversation {
            before: Some(mia),
            after: Some(8),
        };
        let unassigned = Visibility::Conversation {
            before: None,
            after: None,
        };
        assert!(!theirs.shown_to(mia, Role::Manager, false));
        assert!(
            theirs.shown_to(mia, Role::Manager, true),
            "managers see all"
        );
        assert!(theirs.shown_to(1, Role::Reviewer, false));
        assert!(taken_from_mia.shown_to(mia, Role::Manager, false));
        assert!(unassigned.shown_to(mia, Role::Manager, false));
        assert!(!Visibility::Supervisors.shown_to(mia, Role::Manager, true));
        assert!(!Visibility::Operator(8).shown_to(mia, Role::Supervisor, false));
    }
}
