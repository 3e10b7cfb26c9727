-- Ingest now believes a gateway's time only when it is plausible: not before 2009 (WhatsApp's
-- beginning) and at most five minutes ahead of when the report arrived; otherwise the time it
-- arrived counts. Data stored before that rule is brought in line once: such messages take the
-- time they arrived, and the counters and names that one forged far-future time had pinned
-- (the conversation on top, every later message counted as read, the contact's name) are
-- computed again.
UPDATE messages SET sort_ts = received_at
WHERE sort_ts < 1230768000000 OR sort_ts > received_at + 300000;

UPDATE conversations SET
    last_activity = (SELECT MAX(m.sort_ts) FROM messages m WHERE m.conversation_id = conversations.id)
WHERE (last_activity < 1230768000000 OR last_activity > unixepoch() * 1000 + 300000)
  AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = conversations.id);

UPDATE conversations SET
    last_customer_at = (SELECT MAX(m.sort_ts) FROM messages m
                        WHERE m.conversation_id = conversations.id AND m.direction = 'in')
WHERE last_customer_at > unixepoch() * 1000 + 300000;

UPDATE conversations SET read_upto = COALESCE(last_customer_at, 0)
WHERE read_upto > unixepoch() * 1000 + 300000;

UPDATE contacts SET name_at = unixepoch() * 1000
WHERE name_at > unixepoch() * 1000 + 300000;
