-- Where the agent is in the cloud's order feed (delivery orders): stored in the same unit of work as
-- the results of the page it has taken, so a page is taken again after a crash, never skipped.
CREATE TABLE cloud_feed (
    name         VARCHAR(32)     NOT NULL PRIMARY KEY,
    cursor       VARCHAR(200)    NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
