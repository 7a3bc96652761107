-- Kitchen records (issue 15, CONTRACT §12-§14).

-- Who is signed in at each station now (at most one cook per station, one station per cook).
CREATE TABLE station_staff (
    station      VARCHAR(32)     NOT NULL PRIMARY KEY,
    staff_id     VARCHAR(32)     NOT NULL UNIQUE,
    since        TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Waste entries (§12). request: the canonical JSON of what was asked, to tell a retry (200) from
-- another entry under the same id (409). grams: weighed or typed; qty: counted.
CREATE TABLE waste (
    waste_id     VARCHAR(64)     NOT NULL PRIMARY KEY,
    at           TIMESTAMP WITH TIME ZONE NOT NULL,
    sku          VARCHAR(64),
    name         VARCHAR(128)    NOT NULL,
    reason       VARCHAR(16)     NOT NULL,
    grams        DOUBLE PRECISION,
    qty          INT,
    scale        VARCHAR(32),
    staff_id     VARCHAR(32),
    station      VARCHAR(32),
    cost         DOUBLE PRECISION,
    request      VARCHAR(2000)   NOT NULL
);
CREATE INDEX waste_by_time ON waste (at);

-- Ticket times for the analytics (§13), kept apart from tickets (which go with their order after
-- storage.retention) under records.historyKeep. seconds: created -> READY (the last READY after a recall);
-- local_hour: the hour of creation in the agent's time zone (tickets per hour, dayparts).
CREATE TABLE ticket_history (
    ticket_id    VARCHAR(100)    NOT NULL PRIMARY KEY,
    station      VARCHAR(32)     NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE,
    ready_at     TIMESTAMP WITH TIME ZONE,
    served_at    TIMESTAMP WITH TIME ZONE,
    seconds      INT,
    late         BOOLEAN         NOT NULL DEFAULT FALSE,
    local_hour   TINYINT         NOT NULL,
    started_by   VARCHAR(32),
    ready_by     VARCHAR(32)
);
CREATE INDEX ticket_history_by_created ON ticket_history (created_at);

-- Line times: created -> the line's READY; expo copies are not recorded (they would count twice).
CREATE TABLE line_history (
    ticket_id    VARCHAR(100)    NOT NULL,
    line_id      VARCHAR(32)     NOT NULL,
    station      VARCHAR(32)     NOT NULL,
    sku          VARCHAR(64),
    name         VARCHAR(128)    NOT NULL,
    qty          INT             NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    seconds      INT             NOT NULL,
    PRIMARY KEY (ticket_id, line_id)
);
CREATE INDEX line_history_by_created ON line_history (created_at);

-- The daily summaries sent to the cloud (one per local day, exactly once).
CREATE TABLE daily_summaries (
    local_day    DATE            NOT NULL PRIMARY KEY,
    sent_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Each finished local day of the history rolled up for the analytics (docs/analytics.md): per station and
-- hour, per station and item, per station and cook, the count, late count, quantity, and a histogram of
-- whole seconds (exact percentiles). A day's rows are deleted when one of its tickets changes later, and
-- built again. grp: the hour, the item key (sku, or ~name) or the staff id; dim 'day' marks a built day.
CREATE TABLE history_rollups (
    local_day    DATE            NOT NULL,
    dim          VARCHAR(8)      NOT NULL,
    station      VARCHAR(32)     NOT NULL,
    grp          VARCHAR(140)    NOT NULL,
    name         VARCHAR(128),
    all_count    INT             NOT NULL,
    late         INT             NOT NULL,
    qty          INT             NOT NULL,
    hist         VARBINARY(200000) NOT NULL,
    PRIMARY KEY (local_day, dim, station, grp)
);
