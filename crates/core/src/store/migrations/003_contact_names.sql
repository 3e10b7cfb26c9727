-- A name the manager gave a contact wins over the WhatsApp profile names messages carry.
ALTER TABLE contacts ADD COLUMN named_by_user INTEGER NOT NULL DEFAULT 0;
