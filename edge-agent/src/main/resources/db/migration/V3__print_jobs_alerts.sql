-- Print jobs live here from the transaction that creates them (with the ticket that causes them)
-- until the printer confirms them. SENDING is committed before the first byte goes out, so a job
-- found SENDING after a crash may have printed: it is printed again with a REPRINT mark.
CREATE TABLE print_jobs (
    job_id          BIGINT          NOT NULL PRIMARY KEY,
    printer_id      VARCHAR(32)     NOT NULL,
    origin_printer  VARCHAR(32),
    kind            VARCHAR(16)     NOT NULL,
    ticket_id       VARCHAR(100),
    order_id        VARCHAR(64),
    doc             VARCHAR(300000) NOT NULL,
    state           VARCHAR(16)     NOT NULL,
    reprint         BOOLEAN         NOT NULL,
    attempts        INT             NOT NULL,
    detail          VARCHAR(300),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    done_at         TIMESTAMP WITH TIME ZONE
);
CREATE INDEX print_jobs_open ON print_jobs (state, printer_id, job_id);
CREATE INDEX print_jobs_done ON print_jobs (done_at);

-- Alerts (CONTRACT §8): one open row per kind and subject, so an alert is raised once and cleared once,
-- across restarts too.
CREATE TABLE alerts (
    alert_id        VARCHAR(160)    NOT NULL PRIMARY KEY,
    kind            VARCHAR(40)     NOT NULL,
    subject         VARCHAR(100)    NOT NULL,
    body            VARCHAR(4000)   NOT NULL,
    raised_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    cleared_at      TIMESTAMP WITH TIME ZONE
);
CREATE INDEX alerts_open ON alerts (kind, subject, cleared_at);
