-- JSON bodies as UTF-8 bytes instead of VARCHAR (issue 13): H2 serializes a VARCHAR a character at a
-- time whenever it writes or reads a page, which was about half of the storage writer's time in a flood
-- of orders; VARBINARY is copied whole (2x the rows/s in a body-heavy insert test on C1 and 64 MiB).
-- Existing rows are converted in place; the column moves to the end of its table (every statement
-- names its columns). 1 MiB holds any 300,000-character body (at most 3 bytes a character in UTF-8).

ALTER TABLE orders ADD COLUMN body_utf8 VARBINARY(1048576);
UPDATE orders SET body_utf8 = STRINGTOUTF8(body);
ALTER TABLE orders ALTER COLUMN body_utf8 SET NOT NULL;
ALTER TABLE orders DROP COLUMN body;
ALTER TABLE orders ALTER COLUMN body_utf8 RENAME TO body;

ALTER TABLE tickets ADD COLUMN body_utf8 VARBINARY(1048576);
UPDATE tickets SET body_utf8 = STRINGTOUTF8(body);
ALTER TABLE tickets ALTER COLUMN body_utf8 SET NOT NULL;
ALTER TABLE tickets DROP COLUMN body;
ALTER TABLE tickets ALTER COLUMN body_utf8 RENAME TO body;

ALTER TABLE outbox ADD COLUMN payload_utf8 VARBINARY(1048576);
UPDATE outbox SET payload_utf8 = STRINGTOUTF8(payload);
ALTER TABLE outbox ALTER COLUMN payload_utf8 SET NOT NULL;
ALTER TABLE outbox DROP COLUMN payload;
ALTER TABLE outbox ALTER COLUMN payload_utf8 RENAME TO payload;

ALTER TABLE cloud_outbox ADD COLUMN payload_utf8 VARBINARY(1048576);
UPDATE cloud_outbox SET payload_utf8 = STRINGTOUTF8(payload);
ALTER TABLE cloud_outbox ALTER COLUMN payload_utf8 SET NOT NULL;
ALTER TABLE cloud_outbox DROP COLUMN payload;
ALTER TABLE cloud_outbox ALTER COLUMN payload_utf8 RENAME TO payload;
