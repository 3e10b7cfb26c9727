-- Indexes the reports read facts and messages by.

-- A conversation's timeline as the reports fold it, read from the index alone: who wrote
-- (direction, the operator), when (gateway time) and whether it was a template. Every column
-- is fixed once a message is stored, so sends and status updates never rewrite an entry.
CREATE INDEX messages_for_reports ON messages (conversation_id, sort_ts, direction, operator_id, kind);

-- A manager's report reads only the conversations something can be credited to them in:
-- those they wrote in (their messages by time; automation's and customers' are not in it)...
CREATE INDEX messages_by_operator ON messages (operator_id, sort_ts) WHERE operator_id IS NOT NULL;
-- ...and those ever assigned to them (a missed burst is the assignee's then).
CREATE INDEX conversation_facts_assigned_to
    ON conversation_facts (json_extract(detail, '$.operator_id'), at) WHERE kind = 'assigned';
