-- Indexes the reports read facts and messages by.

-- A conversation's timeline as the reports fold it, read from the index alone: who wrote
-- (direction, the operator), when (gateway time) and whether it was a template. Every column
-- is fixed once a message is stored, so sends and status updates never rewrite an entry.
CREATE INDEX messages_for_reports ON messages (conversation_id, sort_ts, direction, operator_id, kind);
