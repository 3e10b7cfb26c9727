-- Media files kept in the data directory's media/ folder, each under its unguessable token:
-- files uploaded to be fetched by a gateway ('out', served at /media/{token}/{name} until
-- expires_at) and the cache of incoming messages' media ('in', downloaded apart from ingest,
-- never served publicly).
CREATE TABLE media (
    id              INTEGER PRIMARY KEY,
    -- 256 random bits in hex: the file's name on disk and its public URL's secret part.
    token           TEXT NOT NULL UNIQUE,
    direction       TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- The incoming message whose media this caches (NULL for uploads).
    message_id      INTEGER UNIQUE REFERENCES messages (id) ON DELETE CASCADE,
    -- Where an incoming file is downloaded from (an http(s) link or a gateway's reference).
    source_url      TEXT,
    -- A safe file name (letters, digits, . - _), for the URL and for saving.
    name            TEXT NOT NULL,
    -- Sniffed from the bytes once they are here.
    mime            TEXT,
    size            INTEGER,
    sha256          TEXT,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'ready', 'failed')),
    -- Why a download failed or is being retried, for people.
    note            TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    created_at      INTEGER NOT NULL,
    -- Uploads: the public URL answers 404 from then on and the file is removed.
    expires_at      INTEGER
);
CREATE INDEX media_pending ON media (next_attempt_at) WHERE state = 'pending';
CREATE INDEX media_expiring ON media (expires_at) WHERE expires_at IS NOT NULL;
