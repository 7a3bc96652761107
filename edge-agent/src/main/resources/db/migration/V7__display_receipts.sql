-- Display receipts (CONTRACT §17): when a screen of its station first showed a ticket, and when the
-- agent found it not shown in time and sent it to paper. Tickets from before receipts existed count
-- as shown: nobody can prove otherwise, and they must not all alert at once after the update.
ALTER TABLE tickets ADD COLUMN created_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE tickets ADD COLUMN shown_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE tickets ADD COLUMN unseen_at TIMESTAMP WITH TIME ZONE;
UPDATE tickets SET created_at = changed_at, shown_at = COALESCE(changed_at, CURRENT_TIMESTAMP);
-- the watcher's question: new tickets not shown and not yet sent to paper
CREATE INDEX tickets_unshown ON tickets (status, shown_at, unseen_at, created_at);
