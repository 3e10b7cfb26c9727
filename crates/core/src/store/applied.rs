//! What a write changed, for live events, notifications and waking workers.

/// What an ingest (or an outbox step) changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Applied {
    /// Messages created or changed (row ids), without repeats.
    pub messages: Vec<i64>,
    /// Newly stored incoming messages (row ids).
    pub incoming: Vec<i64>,
    /// Conversations whose list entry changed.
    pub conversations: Vec<i64>,
    /// Accounts whose outbox has work again.
    pub requeued_accounts: Vec<i64>,
    /// Incoming media were queued for the download worker.
    pub downloads: bool,
    /// Conversations given to someone else, with who had them before.
    pub reassigned: Vec<(i64, Option<i64>)>,
    /// Facts recorded about conversations (row ids), for their activity lines.
    pub facts: Vec<i64>,
}

impl Applied {
    pub(super) fn message(&mut self, row: i64, conversation: i64) {
        if !self.messages.contains(&row) {
            self.messages.push(row);
        }
        if !self.conversations.contains(&conversation) {
            self.conversations.push(conversation);
        }
    }

    pub(super) fn requeued(&mut self, account_id: i64) {
        if !self.requeued_accounts.contains(&account_id) {
            self.requeued_accounts.push(account_id);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.messages.is_empty() && self.conversations.is_empty() && self.facts.is_empty()
    }
}
