-- A status a look-up found (the gateway gave no time: `at` is when we looked) stands in only
-- until the same status arrives with the gateway's own time, so the history does not depend on
-- which of the two came first.
ALTER TABLE status_changes ADD COLUMN observed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orphan_statuses ADD COLUMN observed INTEGER NOT NULL DEFAULT 0;
