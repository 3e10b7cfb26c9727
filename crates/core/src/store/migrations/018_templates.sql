-- Message templates (issue 14): each account's catalog, synced from the gateway or registered
-- by supervisors, and how the last refresh from the gateway went.
CREATE TABLE templates (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    source      TEXT NOT NULL CHECK (source IN ('synced', 'registered')),
    name        TEXT NOT NULL,
    language    TEXT NOT NULL,
    -- What messages name it by at the gateway (Content::Template::id).
    gateway_id  TEXT NOT NULL,
    category    TEXT NOT NULL,
    status      TEXT NOT NULL,
    -- The rest of the template (header, body, footer, buttons, parameter mapping) as the JSON
    -- of crate::templates::TemplateSpec: read and written whole, never queried inside.
    spec        TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (account_id, name, language)
);
CREATE INDEX templates_by_gateway_id ON templates (account_id, gateway_id);

CREATE TABLE template_syncs (
    account_id   INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    -- The last refresh that succeeded; NULL before the first.
    synced_at    INTEGER,
    attempted_at INTEGER NOT NULL,
    -- Why the last attempt failed (a phrase as JSON); NULL when it succeeded.
    error        TEXT
);
