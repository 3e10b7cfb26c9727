//! Everything WAMM.chat tells us is polled: new messages from `msg_get_last`, each contact's
//! earlier history once from `msg_get`, and our messages' statuses from the lists or
//! `msg_state`.
//!
//! A poll is all or nothing: if any request fails, nothing of it is returned and the cursor
//! stays, so the next poll asks again (ingest is idempotent, so asking twice is harmless).

use std::collections::{HashMap, HashSet};
use std::sync::atomic::Ordering;

use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use switchboard_core::gateway::{PendingMessage, PollRequest, PollResult, SendError, SyncProgress};
use switchboard_core::ingest::{IngestEvent, StatusReport};
use switchboard_core::time::Timestamp;

use super::client::{CallError, Client};
use super::history::{self, Row};
use super::{WammGateway, phrases as said, reasons};

/// The most messages one list call may ask for ("col 1-100").
pub const PAGE: usize = 100;
/// Contacts whose history one poll loads: with the poller's 1 s minimum between polls this
/// keeps a backfill under about 6 requests a second, and 100 contacts load in 20 polls.
pub const BACKFILL_PER_POLL: usize = 5;
/// `msg_state` look-ups one poll makes for our messages the lists did not show.
pub const STATUS_LOOKUPS_PER_POLL: usize = 5;

const CURSOR_PREFIX: &str = "wamm1:";

/// Where the sync stands, kept by the core with the events it produced.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// The highest `msg_id` seen in the account-wide list: WAMM numbers messages in order.
    pub top: u64,
    /// Numbers (digits) whose history is still to load, in the order they were found.
    pub queue: Vec<String>,
    /// Numbers whose history was loaded once.
    pub loaded: Vec<String>,
    /// How far the backfill under way has come (reset when the queue empties).
    pub done: u32,
    pub total: u32,
}

impl Cursor {
    pub fn parse(raw: Option<&str>) -> Option<Self> {
        let raw = raw?;
        match raw
            .strip_prefix(CURSOR_PREFIX)
            .and_then(|json| serde_json::from_str(json).ok())
        {
            Some(cursor) => Some(cursor),
            None => {
                // Ingest is idempotent: starting over costs requests, never duplicates.
                tracing::warn!(
                    "WAMM.chat: the sync bookmark is unreadable; syncing from the start"
                );
                None
            }
        }
    }

    pub fn encode(&self) -> String {
        format!(
            "{CURSOR_PREFIX}{}",
            serde_json::to_string(self).unwrap_or_default()
        )
    }

    /// Queues a number's history unless it is queued or loaded already; `again` queues a
    /// loaded one once more (messages may have been missed).
    fn discover(&mut self, digits: &str, again: bool) {
        if self.queue.iter().any(|d| d == digits) {
            return;
        }
        let loaded = self.loaded.iter().any(|d| d == digits);
        if !loaded || again {
            self.queue.push(digits.to_owned());
            self.total = self.total.saturating_add(1);
        }
    }

    fn progress(&self) -> Option<SyncProgress> {
        (!self.queue.is_empty()).then(|| SyncProgress {
            phase: said::LOADING_HISTORY.phrase(),
            done: self.done,
            total: Some(self.total),
        })
    }
}

impl WammGateway {
    pub(super) async fn poll_once(&self, request: PollRequest) -> Result<PollResult, SendError> {
        let client = self.client()?;
        let zone = self.zone()?;
        let now = Timestamp::now();
        let previous = Cursor::parse(request.cursor.as_deref());
        let first = previous.is_none();
        let mut cursor = previous.unwrap_or_default();
        let mut events = Vec::new();

        let page = PAGE.to_string();
        let latest = list(client, zone, now, "msg_get_last", &[("col", &page)]).await?;
        // More than a page arrived since the last poll: some may lie beyond it, so those
        // chats are loaded again.
        let gap = cursor.top > 0
            && latest.len() >= PAGE
            && latest.iter().all(|r| r.id_number() > cursor.top);
        let mut rows = latest;
        if first {
            // WAMM lists no chats; the newest incoming and outgoing messages name the most
            // contacts we can find.
            for from_me in ["0", "1"] {
                let params = [("col", page.as_str()), ("from_me", from_me)];
                rows.extend(list(client, zone, now, "msg_get_last", &params).await?);
            }
        }
        let mut seen = HashSet::new();
        rows.retain(|r| seen.insert(r.msg_id.clone()));

        let mut newest = cursor.top;
        for row in &rows {
            if row.id_number() > cursor.top {
                events.push(IngestEvent::Message(row.event()));
                newest = newest.max(row.id_number());
            }
            cursor.discover(row.phone.digits(), gap);
        }

        let by_id: HashMap<&str, &Row> = rows.iter().map(|r| (r.msg_id.as_str(), r)).collect();
        let mut unseen: Vec<&PendingMessage> = Vec::new();
        for pending in &request.pending {
            match by_id.get(pending.gateway_message_id.as_str()) {
                // A new row already carries its status in its message event.
                Some(row) if row.id_number() > cursor.top => {}
                Some(row) => events.extend(row.status().map(|change| {
                    IngestEvent::Status(StatusReport {
                        gateway_message_id: row.msg_id.clone(),
                        our_id: Some(pending.our_id.clone()),
                        change,
                        retry: false,
                        observed: false,
                    })
                })),
                None => unseen.push(pending),
            }
        }
        events.extend(self.look_up_states(client, &unseen, now).await?);

        let batch: Vec<String> = cursor
            .queue
            .iter()
            .take(BACKFILL_PER_POLL)
            .cloned()
            .collect();
        for digits in &batch {
            let params = [("phone", digits.as_str()), ("col", page.as_str())];
            match list(client, zone, now, "msg_get", &params).await {
                Ok(history) => {
                    events.extend(history.iter().map(|row| IngestEvent::Message(row.event())))
                }
                // A number WAMM will not look up has no history to load.
                Err(SendError::Rejected {
                    code: Some(code), ..
                }) if code == "phone fail" => {
                    tracing::warn!("WAMM.chat: refused to list the history of a number; skipped");
                }
                Err(e) => return Err(e),
            }
            cursor.queue.retain(|d| d != digits);
            if !cursor.loaded.contains(digits) {
                cursor.loaded.push(digits.clone());
            }
            cursor.done = cursor.done.saturating_add(1);
        }

        cursor.top = newest;
        let progress = cursor.progress();
        if cursor.queue.is_empty() {
            cursor.done = 0;
            cursor.total = 0;
        }
        Ok(PollResult {
            events,
            more: !cursor.queue.is_empty(),
            progress,
            cursor: Some(cursor.encode()),
        })
    }

    /// `msg_state` for a few of our messages the lists did not show, taking turns so that
    /// every awaited message is asked about in time.
    async fn look_up_states(
        &self,
        client: &Client,
        unseen: &[&PendingMessage],
        now: Timestamp,
    ) -> Result<Vec<IngestEvent>, SendError> {
        if unseen.is_empty() {
            return Ok(Vec::new());
        }
        let turn = self
            .status_turn
            .fetch_add(STATUS_LOOKUPS_PER_POLL, Ordering::Relaxed);
        let mut events = Vec::new();
        for i in 0..STATUS_LOOKUPS_PER_POLL.min(unseen.len()) {
            // The turn counter wraps after usize::MAX look-ups; so does this sum.
            let pending = unseen[turn.wrapping_add(i) % unseen.len()];
            let id = pending.gateway_message_id.as_str();
            let answer = match client.call("msg_state", &[("msg_id", id)]).await {
                Ok(answer) => answer,
                Err(CallError::Gateway(err))
                    if err.eq_ignore_ascii_case(reasons::MSG_NOT_FOUND)
                        || err.eq_ignore_ascii_case(reasons::MSG_ID_FAIL) =>
                {
                    tracing::warn!(id, "WAMM.chat no longer knows a message we sent");
                    continue;
                }
                Err(CallError::Gateway(err)) => {
                    return Err(reasons::error(&err, pending.to.e164()));
                }
                Err(CallError::Transport(e)) => return Err(e),
            };
            let state = answer
                .get("msg_data")
                .and_then(|d| d.get("state"))
                .and_then(serde_json::Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty());
            if let Some(state) = state {
                events.push(IngestEvent::Status(StatusReport {
                    gateway_message_id: id.to_owned(),
                    our_id: Some(pending.our_id.clone()),
                    change: history::change(state, now),
                    retry: false,
                    // msg_state gives no time: a status the message has is not new.
                    observed: true,
                }));
            }
        }
        Ok(events)
    }
}

/// One list call; "msgs not be" (nothing there) is an empty list, not an error.
async fn list(
    client: &Client,
    zone: &TimeZone,
    now: Timestamp,
    method: &str,
    params: &[(&str, &str)],
) -> Result<Vec<Row>, SendError> {
    match client.call(method, params).await {
        Ok(answer) => Ok(history::rows(&answer, zone, now)),
        Err(CallError::Gateway(err)) if err.eq_ignore_ascii_case(reasons::NO_MESSAGES) => {
            Ok(Vec::new())
        }
        Err(CallError::Gateway(err)) => {
            let phone = params
                .iter()
                .find(|(k, _)| *k == "phone")
                .map_or_else(String::new, |(_, v)| format!("+{v}"));
            Err(reasons::error(&err, &phone))
        }
        Err(CallError::Transport(e)) => Err(e),
    }
}
