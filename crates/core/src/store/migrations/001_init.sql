-- Switchboard's first schema. Times are milliseconds since the Unix epoch (UTC).

CREATE TABLE operators (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('manager', 'supervisor', 'reviewer')),
    created_at INTEGER NOT NULL
);

-- The person at this desktop until team mode brings sign-in.
INSERT INTO operators (id, name, role, created_at) VALUES (1, 'Me', 'supervisor', 0);

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    gateway       TEXT NOT NULL,
    sender        TEXT NOT NULL,
    base_url      TEXT NOT NULL,
    options       TEXT NOT NULL DEFAULT '{}',
    sandbox       INTEGER NOT NULL DEFAULT 0,
    -- Unguessable path segment of this account's webhook URLs.
    webhook_token TEXT NOT NULL UNIQUE,
    -- The key of the account's secret in the host's secret store (never the secret itself).
    secret_ref    TEXT NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL
);

CREATE TABLE contacts (
    id      INTEGER PRIMARY KEY,
    phone   TEXT NOT NULL UNIQUE,
    name    TEXT,
    -- Gateway time of the message that gave `name`: an older message never overwrites a newer name.
    name_at INTEGER
);

CREATE TABLE conversations (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    contact_id       INTEGER NOT NULL REFERENCES contacts (id),
    last_activity    INTEGER NOT NULL,
    unread           INTEGER NOT NULL DEFAULT 0,
    -- Incoming messages up to this gateway time count as read.
    read_upto        INTEGER NOT NULL DEFAULT 0,
    last_customer_at INTEGER,
    assignee_id      INTEGER REFERENCES operators (id) ON DELETE SET NULL,
    status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'resolved')),
    UNIQUE (account_id, contact_id)
);
CREATE INDEX conversations_by_activity ON conversations (last_activity DESC, id DESC);
CREATE INDEX conversations_by_account ON conversations (account_id, last_activity DESC, id DESC);

CREATE TABLE messages (
    id                 INTEGER PRIMARY KEY,
    -- Our id: a UUIDv7, stable across restarts and gateways.
    uid                TEXT NOT NULL UNIQUE,
    conversation_id    INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    account_id         INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    direction          TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    kind               TEXT NOT NULL CHECK (kind IN ('text', 'media', 'template')),
    -- What people read and search: text, caption or a stand-in for media and templates.
    body               TEXT NOT NULL,
    content            TEXT NOT NULL,
    gateway_message_id TEXT,
    -- The gateway's time; for messages we send, when the operator sent it.
    sort_ts            INTEGER NOT NULL,
    received_at        INTEGER NOT NULL,
    status             TEXT NOT NULL,
    error_code         TEXT,
    error_reason       TEXT,
    operator_id        INTEGER REFERENCES operators (id) ON DELETE SET NULL,
    -- The same gateway message is stored once per account, whatever path brought it.
    UNIQUE (account_id, gateway_message_id)
);
CREATE INDEX messages_by_thread ON messages (conversation_id, sort_ts DESC, id DESC);

CREATE TABLE status_changes (
    message_id  INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    status      TEXT NOT NULL,
    at          INTEGER NOT NULL,
    code        TEXT,
    reason      TEXT,
    received_at INTEGER NOT NULL,
    UNIQUE (message_id, status, at)
);

-- Statuses for gateway ids we do not know yet (a callback that beat the send's answer).
-- Adopted when the id becomes known.
CREATE TABLE orphan_statuses (
    account_id         INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    gateway_message_id TEXT NOT NULL,
    status             TEXT NOT NULL,
    at                 INTEGER NOT NULL,
    code               TEXT,
    reason             TEXT,
    received_at        INTEGER NOT NULL,
    UNIQUE (account_id, gateway_message_id, status, at)
);

CREATE TABLE outbox (
    message_id      INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    state           TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'unconfirmed', 'done', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    -- Which process is sending it and until when its claim holds; past that the outcome is unknown.
    claimed_by      TEXT,
    lease_until     INTEGER,
    last_error      TEXT,
    enqueued_at     INTEGER NOT NULL
);
CREATE INDEX outbox_pending ON outbox (account_id, enqueued_at, message_id)
    WHERE state IN ('queued', 'sending');

CREATE VIRTUAL TABLE messages_fts USING fts5 (
    body, content = 'messages', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
END;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
