-- The store-and-forward outbox to the cloud back office, written in the same transaction as the
-- change behind each event; what the cloud refused; what the disk budget shed; remote commands.
CREATE TABLE cloud_outbox (
    seq          BIGINT          NOT NULL PRIMARY KEY,
    stream       VARCHAR(16)     NOT NULL,
    low_priority BOOLEAN         NOT NULL,
    type         VARCHAR(48)     NOT NULL,
    payload      VARCHAR(300000) NOT NULL,
    bytes        INT             NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX cloud_outbox_shed ON cloud_outbox (low_priority, seq);

CREATE TABLE cloud_dead_letters (
    seq          BIGINT          NOT NULL PRIMARY KEY,
    event_key    VARCHAR(100)    NOT NULL,
    stream       VARCHAR(16)     NOT NULL,
    type         VARCHAR(48)     NOT NULL,
    payload      VARCHAR(300000) NOT NULL,
    code         VARCHAR(64)     NOT NULL,
    message      VARCHAR(1000)   NOT NULL,
    rejected_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One row per shedding pass: the visible, counted record of what the budget dropped.
CREATE TABLE cloud_shed (
    id           BIGINT          NOT NULL PRIMARY KEY,
    stream       VARCHAR(16)     NOT NULL,
    events       BIGINT          NOT NULL,
    bytes        BIGINT          NOT NULL,
    first_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    shed_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    reason       VARCHAR(200)    NOT NULL
);

CREATE TABLE cloud_commands (
    command_id   VARCHAR(64)     NOT NULL PRIMARY KEY,
    type         VARCHAR(48)     NOT NULL,
    body         VARCHAR(8000)   NOT NULL,
    result       VARCHAR(8000),
    reported     BOOLEAN         NOT NULL,
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at  TIMESTAMP WITH TIME ZONE
);
