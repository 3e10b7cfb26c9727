-- The audit log's own entries and quality-control reviews.

-- A reviewer's or supervisor's score of a conversation. Scoring again adds a row: the history
-- of scores is kept. `manager_id` is whose work was scored: the conversation's assignee then.
CREATE TABLE reviews (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    reviewer_id     INTEGER NOT NULL REFERENCES operators (id),
    manager_id      INTEGER REFERENCES operators (id),
    score           INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment         TEXT NOT NULL DEFAULT '',
    at              INTEGER NOT NULL
);
CREATE INDEX reviews_by_conversation ON reviews (conversation_id, at);
-- The reports read scores per period and per manager.
CREATE INDEX reviews_by_time ON reviews (at);
CREATE INDEX reviews_by_manager ON reviews (manager_id, at);

-- What only the audit log keeps (the rest of it is read from conversation_facts and
-- operator_changes): sign-ins and their failures, sign-outs, exports, account and setting
-- changes, a supervisor or reviewer opening a conversation not assigned to them. No foreign
-- keys, so an entry outlives whatever it names. Append-only: the triggers below refuse any
-- change, whoever asks.
CREATE TABLE audit_events (
    id              INTEGER PRIMARY KEY,
    at              INTEGER NOT NULL,
    -- Who acted; NULL: nobody known (a failed sign-in with an unknown login).
    actor_id        INTEGER,
    -- The client's network address, where the action came over the network.
    address         TEXT,
    conversation_id INTEGER,
    kind            TEXT NOT NULL,
    -- The particulars as JSON (never a password, token or secret).
    detail          TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_by_time ON audit_events (at);
CREATE INDEX audit_events_by_actor ON audit_events (actor_id, at);
-- "Opened a conversation" is recorded once per operator and conversation in a while.
CREATE INDEX audit_events_opened ON audit_events (actor_id, conversation_id, at)
    WHERE kind = 'opened';

CREATE TRIGGER audit_events_append_only_update BEFORE UPDATE ON audit_events BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_events_append_only_delete BEFORE DELETE ON audit_events BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
-- Changes to operators are audit entries too: kept as they happened.
CREATE TRIGGER operator_changes_append_only_update BEFORE UPDATE ON operator_changes BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER operator_changes_append_only_delete BEFORE DELETE ON operator_changes BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- The audit log filtered by who acted, over conversations' facts.
CREATE INDEX conversation_facts_by_actor ON conversation_facts (actor_id, at);

-- The live board: open conversations whose customer waits for an answer, per assignee. Only
-- waiting conversations are in it (a small share of all); a customer's message or a reply
-- rewrites a conversation's entry (one small b-tree more per message).
CREATE INDEX conversations_awaiting ON conversations (state, assignee_id)
    WHERE last_customer_at > COALESCE(last_reply_at, 0);
