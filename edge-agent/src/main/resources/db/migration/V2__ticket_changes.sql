-- Kitchen screens resync from a sequence number: every ticket row remembers the global sequence
-- number and time of its last change (the same number as the outbox entry that published it).
ALTER TABLE tickets ADD COLUMN changed_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN changed_at TIMESTAMP WITH TIME ZONE;
UPDATE tickets SET changed_seq = seq, changed_at = CURRENT_TIMESTAMP;
CREATE INDEX tickets_by_station_change ON tickets (station, changed_seq);
CREATE INDEX tickets_by_change ON tickets (changed_seq);

-- Identifies this database: a screen that resyncs against another one (restored, started fresh)
-- starts over instead of trusting sequence numbers from elsewhere.
CREATE TABLE agent_meta (
    name         VARCHAR(64)     NOT NULL PRIMARY KEY,
    val          VARCHAR(256)    NOT NULL
);
INSERT INTO agent_meta (name, val) VALUES ('instance', RANDOM_UUID());
