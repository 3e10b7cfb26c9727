-- Polled gateways: where each account's sync stopped and how it went.
CREATE TABLE sync_state (
    account_id   INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    -- The adapter's own bookmark, stored in the same transaction as the events it led to.
    cursor       TEXT,
    last_poll_at INTEGER,
    last_ok_at   INTEGER,
    last_error   TEXT,
    -- JSON SyncProgress while a history backfill runs.
    progress     TEXT
);

-- Outgoing messages whose status may still change, for gateways whose statuses are polled.
CREATE INDEX messages_awaiting_status ON messages (account_id, sort_ts DESC)
    WHERE direction = 'out' AND gateway_message_id IS NOT NULL
      AND status NOT IN ('seen', 'failed', 'rejected');
