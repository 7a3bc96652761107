-- Food safety: readings (raw, then rolled up), excursions, calibration history, alert acknowledgement.
CREATE TABLE sensor_readings (
    reading_id      BIGINT          NOT NULL PRIMARY KEY,
    sensor_id       VARCHAR(32)     NOT NULL,
    at              TIMESTAMP WITH TIME ZONE NOT NULL,
    celsius         DOUBLE PRECISION NOT NULL,
    raw_value       DOUBLE PRECISION NOT NULL,
    raw_unit        CHAR(1)         NOT NULL
);
CREATE INDEX sensor_readings_at ON sensor_readings (sensor_id, at);
CREATE INDEX sensor_readings_time ON sensor_readings (at);

CREATE TABLE sensor_rollups (
    sensor_id       VARCHAR(32)     NOT NULL,
    bucket_start    TIMESTAMP WITH TIME ZONE NOT NULL,
    bucket_minutes  INT             NOT NULL,
    min_c           DOUBLE PRECISION NOT NULL,
    avg_c           DOUBLE PRECISION NOT NULL,
    max_c           DOUBLE PRECISION NOT NULL,
    readings        INT             NOT NULL,
    PRIMARY KEY (sensor_id, bucket_start)
);

CREATE TABLE excursions (
    excursion_id    BIGINT          NOT NULL PRIMARY KEY,
    sensor_id       VARCHAR(32)     NOT NULL,
    kind            VARCHAR(40)     NOT NULL,
    limit_c         DOUBLE PRECISION NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at        TIMESTAMP WITH TIME ZONE,
    peak_c          DOUBLE PRECISION NOT NULL,
    alert_id        VARCHAR(160)
);
CREATE INDEX excursions_time ON excursions (started_at);

CREATE TABLE calibration_changes (
    change_id       BIGINT          NOT NULL PRIMARY KEY,
    sensor_id       VARCHAR(32)     NOT NULL,
    old_offset      DOUBLE PRECISION,
    new_offset      DOUBLE PRECISION NOT NULL,
    changed_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    source          VARCHAR(40)     NOT NULL
);

ALTER TABLE alerts ADD COLUMN severity VARCHAR(10);
ALTER TABLE alerts ADD COLUMN escalated_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE alerts ADD COLUMN acknowledged_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE alerts ADD COLUMN acknowledged_by VARCHAR(100);
ALTER TABLE alerts ADD COLUMN corrective_action VARCHAR(1000);
CREATE INDEX alerts_raised ON alerts (raised_at);
