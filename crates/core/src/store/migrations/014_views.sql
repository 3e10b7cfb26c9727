-- The inbox's views and their sidebar counts, fast at 100k conversations.

-- A status across the team, newest activity first (a supervisor's "Resolved", "Pending").
CREATE INDEX conversations_by_state_activity ON conversations (state, last_activity DESC, id DESC);
-- The sidebar's counts in one index-only grouped read (per status, assignee and account).
-- No activity column in it, so the ingest of a message (which moves last_activity) never
-- writes it: only assigning, a status change or a new conversation does.
CREATE INDEX conversations_counted ON conversations (state, assignee_id, account_id);
-- A contact's conversations (the search box's name and phone matches).
CREATE INDEX conversations_by_contact ON conversations (contact_id);

-- Contacts found by any part of their name (whatever its case, Cyrillic too) or of their
-- phone: trigrams, so "етр" finds "Пётр Петров" and "4567" finds +79034567890.
CREATE VIRTUAL TABLE contacts_fts USING fts5 (
    name, phone, content = 'contacts', content_rowid = 'id',
    tokenize = 'trigram remove_diacritics 1'
);
INSERT INTO contacts_fts (contacts_fts) VALUES ('rebuild');
CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts (rowid, name, phone) VALUES (new.id, new.name, new.phone);
END;
CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, name, phone)
        VALUES ('delete', old.id, old.name, old.phone);
END;
-- Ingest upserts the contact of every message: only a name or phone that really changed
-- touches the index.
CREATE TRIGGER contacts_fts_update AFTER UPDATE OF name, phone ON contacts
WHEN old.name IS NOT new.name OR old.phone IS NOT new.phone BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, name, phone)
        VALUES ('delete', old.id, old.name, old.phone);
    INSERT INTO contacts_fts (rowid, name, phone) VALUES (new.id, new.name, new.phone);
END;
