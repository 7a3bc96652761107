-- The 86 board (CONTRACT §9): what is sold out now. A row per unavailable sku (or modifier key
-- mod:<name>); marking it available again deletes the row. until: when it comes back by itself.
CREATE TABLE menu_availability (
    sku          VARCHAR(140)    NOT NULL PRIMARY KEY,
    name         VARCHAR(128)    NOT NULL,
    since        TIMESTAMP WITH TIME ZONE NOT NULL,
    by_whom      VARCHAR(64)     NOT NULL,
    reason       VARCHAR(200),
    until        TIMESTAMP WITH TIME ZONE
);
