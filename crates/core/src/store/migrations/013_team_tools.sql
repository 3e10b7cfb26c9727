-- A sales team's everyday tools: who takes new chats, tags, canned replies, the contact card's
-- custom fields.

-- A manager says whether they take new chats (server-side, not a browser tab's focus).
ALTER TABLE operators ADD COLUMN accepting INTEGER NOT NULL DEFAULT 1;

-- When the current assignee got the conversation (our clock): the no-reply timeout counts
-- from the later of this and the customer's unanswered message.
ALTER TABLE conversations ADD COLUMN assigned_at INTEGER;
-- Open conversations per assignee (capacity, least loaded, the queue), without a scan.
CREATE INDEX conversations_by_state ON conversations (state, assignee_id, last_activity);

-- The team's tags, curated by supervisors (or managers, where the team allows).
CREATE TABLE tags (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL COLLATE NOCASE UNIQUE,
    -- One of the UI's named colours (never a CSS value from a client).
    color      TEXT NOT NULL DEFAULT 'gray',
    created_by INTEGER REFERENCES operators (id),
    created_at INTEGER NOT NULL
);
CREATE TABLE conversation_tags (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    tag_id          INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (conversation_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX conversation_tags_by_tag ON conversation_tags (tag_id, conversation_id);

-- Canned replies: an operator's own (owner_id) or the team's (owner_id NULL, supervisors
-- edit them). A shortcut is unique within its scope.
CREATE TABLE canned_replies (
    id         INTEGER PRIMARY KEY,
    owner_id   INTEGER REFERENCES operators (id) ON DELETE CASCADE,
    shortcut   TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES operators (id)
);
CREATE UNIQUE INDEX canned_replies_by_shortcut
    ON canned_replies (COALESCE(owner_id, 0), shortcut COLLATE NOCASE);

-- The contact card's custom fields, defined by the team, and each contact's values.
CREATE TABLE contact_fields (
    id       INTEGER PRIMARY KEY,
    -- What a canned reply names it by: {{contact.<key>}}.
    key      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    label    TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE contact_values (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    field_id   INTEGER NOT NULL REFERENCES contact_fields (id) ON DELETE CASCADE,
    value      TEXT NOT NULL,
    PRIMARY KEY (contact_id, field_id)
) WITHOUT ROWID;
