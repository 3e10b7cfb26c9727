-- A report reads a conversation's messages from its last resolution before the period on
-- (what came before counts for nothing in it): this finds that resolution in one seek,
-- however many facts the conversation has. Only resolutions are in it.
CREATE INDEX conversation_facts_resolved ON conversation_facts (conversation_id, at)
    WHERE kind = 'status' AND detail ->> 'status' = 'resolved';
