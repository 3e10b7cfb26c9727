-- Where a conversation stands in the team's work: open, pending (waiting on the customer),
-- snoozed until a time, resolved. A new column: the first schema's CHECK on `status` cannot
-- take 'snoozed' without rebuilding a table that others reference (and whose deletion would
-- fire their ON DELETE actions). `status` is no longer read.
ALTER TABLE conversations ADD COLUMN state TEXT NOT NULL DEFAULT 'open'
    CHECK (state IN ('open', 'pending', 'snoozed', 'resolved'));
-- When the state last changed (our clock): a customer message older than that does not reopen.
ALTER TABLE conversations ADD COLUMN state_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN snoozed_until INTEGER;
UPDATE conversations SET state = status;
CREATE INDEX conversations_snoozed ON conversations (snoozed_until) WHERE state = 'snoozed';

-- Every change to how a conversation is handled, with who made it and when: activity lines,
-- reports and the audit log are computed from these facts.
CREATE TABLE conversation_facts (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    at              INTEGER NOT NULL,
    -- The operator who acted; NULL: the customer (a reopen) or the clock (a snooze ending).
    actor_id        INTEGER REFERENCES operators (id),
    kind            TEXT NOT NULL,
    -- What changed, as the kind needs it (an assignee's id, a state and its time).
    detail          TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX conversation_facts_by_conversation ON conversation_facts (conversation_id, at, id);
CREATE INDEX conversation_facts_by_time ON conversation_facts (at);
