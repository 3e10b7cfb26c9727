-- The outbox's states are the Rust enum `SendState`: 'discarded' joins them (the user took an
-- unconfirmed, failed or waiting message out of the outbox; it stays in the history). SQLite
-- cannot change a CHECK constraint, so the table is rebuilt.
CREATE TABLE outbox_new (
    message_id      INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    state           TEXT NOT NULL
        CHECK (state IN ('queued', 'sending', 'unconfirmed', 'done', 'failed', 'discarded')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    -- Which process is sending it and until when its claim holds; past that the outcome is unknown.
    claimed_by      TEXT,
    lease_until     INTEGER,
    -- Why the last attempt failed (a phrase as JSON).
    last_error      TEXT,
    enqueued_at     INTEGER NOT NULL
);
INSERT INTO outbox_new (message_id, account_id, state, attempts, next_attempt_at, claimed_by,
                        lease_until, last_error, enqueued_at)
    SELECT message_id, account_id, state, attempts, next_attempt_at, claimed_by, lease_until,
           last_error, enqueued_at
    FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;

-- Order is kept per customer, so the worker walks an account's queued messages in order and
-- stops at the first one it may send. Not a partial index: the states are bound as parameters,
-- and SQLite only uses a partial index whose condition it can see in the query's text.
CREATE INDEX outbox_queue ON outbox (account_id, state, enqueued_at, message_id);

-- 'unconfirmed' was also written into messages.error_code; the outbox state alone says it now.
UPDATE messages SET error_code = NULL, error_reason = NULL WHERE error_code = 'unconfirmed';

-- An account whose gateway is in trouble (rate limited, down, refusing the credentials): none
-- of its messages is sent before `paused_until`. Kept here so that a restart honours it.
CREATE TABLE outbox_pauses (
    account_id   INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    paused_until INTEGER NOT NULL,
    -- What the gateway said (a phrase as JSON).
    reason       TEXT NOT NULL,
    since        INTEGER NOT NULL
);
