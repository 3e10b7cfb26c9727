-- A team on one server: operators who sign in, their sessions and API keys, and what each of
-- them has read.

-- `name` stays unique (the first schema made it so, and rebuilding a parent table would fire
-- its ON DELETE actions): two operators with one display name could not be told apart anyway.
-- The built-in local operator (id 1) has no login: it is the solo desktop's person and the
-- owner of the data directory's API key, and cannot sign in with a password.
ALTER TABLE operators ADD COLUMN login TEXT COLLATE NOCASE;
-- Argon2id in the PHC string format; NULL: cannot sign in with a password.
ALTER TABLE operators ADD COLUMN password_hash TEXT;
ALTER TABLE operators ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE operators ADD COLUMN last_seen_at INTEGER;
CREATE UNIQUE INDEX operators_by_login ON operators (login) WHERE login IS NOT NULL;

-- Sessions (from signing in) and API keys (named, for scripts): opaque random tokens of which
-- only a SHA-256 is kept, so a copy of the database signs nobody in.
CREATE TABLE credentials (
    id           INTEGER PRIMARY KEY,
    operator_id  INTEGER NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('session', 'api_key')),
    token_hash   BLOB NOT NULL UNIQUE,
    -- An API key's name, or the browser/app a session signed in from.
    label        TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL,
    -- Where the session was last used from (a client address), for the owner's list.
    last_address TEXT
);
CREATE INDEX credentials_by_operator ON credentials (operator_id, kind);

-- Every customer message ever stored in a conversation (a counter that only grows), and when
-- an operator last answered: "awaiting reply" is the customer having written after that.
ALTER TABLE conversations ADD COLUMN incoming_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN last_reply_at INTEGER;
UPDATE conversations SET
    incoming_count = (SELECT COUNT(*) FROM messages m
                      WHERE m.conversation_id = conversations.id AND m.direction = 'in'),
    last_reply_at = (SELECT MAX(sort_ts) FROM messages m
                     WHERE m.conversation_id = conversations.id AND m.direction = 'out');

-- What each operator has read: `read_count` is the conversation's `incoming_count` when they
-- last opened it, so an operator's unread count is the difference (uncapped, O(1) per row).
-- `read_upto` is the gateway time of the newest customer message then: one arriving late but
-- older than that was read with its neighbours, and counts as read (its count is added).
CREATE TABLE reads (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    operator_id     INTEGER NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
    read_count      INTEGER NOT NULL,
    read_upto       INTEGER NOT NULL,
    read_at         INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, operator_id)
) WITHOUT ROWID;

-- The local operator keeps the unread counts the single shared counter gave them.
INSERT INTO reads (conversation_id, operator_id, read_count, read_upto, read_at)
SELECT id, 1, MAX(incoming_count - unread, 0), read_upto, 0 FROM conversations;

-- Managers see conversations assigned to them and unassigned ones.
CREATE INDEX conversations_by_assignee ON conversations (assignee_id, last_activity DESC, id DESC);
