//! Live events: what changed, sent to the UI after it is committed.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::conversation::Conversation;
use crate::message::Message;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
// Events are short-lived and mostly messages; boxing the big variant would only add an
// allocation to the common case and a `Box` to every host's match.
#[allow(clippy::large_enum_variant)]
pub enum Event {
    /// A message was stored or its status, send state or error changed.
    Message { message: Message },
    /// A conversation's list entry changed (new message, unread count, read).
    Conversation { conversation: Conversation },
    /// Accounts were added, removed or changed.
    Accounts,
    /// A polled account's sync state changed: an error, or backfill progress.
    Sync { sync: crate::sync::SyncStatus },
    /// The public address, the tunnel's state or the last webhook time changed: ask
    /// `public_address` again.
    PublicAddress,
}
