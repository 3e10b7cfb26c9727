-- Statuses for gateway ids nobody knows wait a limited time, and a limited number per account
-- (a status for a message that was never ours never finds it): pruned by age and count.
CREATE INDEX orphan_statuses_by_age ON orphan_statuses (account_id, received_at);
