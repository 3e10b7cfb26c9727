-- Who changed which operator, when, and how: added, renamed, given a role, disabled, enabled,
-- given a password, an API key made or revoked. Facts for the audit log, kept as they
-- happened: no foreign keys, so they outlive whatever they name.
CREATE TABLE operator_changes (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    -- The operator who made the change (1: this computer's own, the CLI).
    actor_id    INTEGER NOT NULL,
    operator_id INTEGER NOT NULL,
    -- added, renamed, role, disabled, enabled, password_set, password_changed,
    -- api_key_created, api_key_revoked
    kind        TEXT NOT NULL,
    -- What changed, as JSON: {"from": ..., "to": ...}, a key's name; never a password or token.
    detail      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX operator_changes_by_operator ON operator_changes (operator_id, at);
CREATE INDEX operator_changes_by_time ON operator_changes (at);
