-- A webhook token can be replaced (`rotate_webhook_token`: it may have been seen, e.g. sent over
-- plain HTTP); the one it replaced keeps working until `previous_until`, so that gateways
-- already configured with it, and callbacks of messages sent before, still arrive meanwhile.
ALTER TABLE accounts ADD COLUMN previous_token TEXT;
ALTER TABLE accounts ADD COLUMN previous_until INTEGER;
CREATE UNIQUE INDEX accounts_by_previous_token ON accounts (previous_token)
    WHERE previous_token IS NOT NULL;
