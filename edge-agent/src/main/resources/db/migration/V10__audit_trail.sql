-- The audit trail (CONTRACT §14): every change a person or a remote party makes, hash-chained.
-- at is kept as the exact ISO-8601 text that was hashed; details as the exact canonical JSON.
CREATE TABLE audit_log (
    seq          BIGINT          NOT NULL PRIMARY KEY,
    at           VARCHAR(40)     NOT NULL,
    actor        VARCHAR(100)    NOT NULL,
    action       VARCHAR(64)     NOT NULL,
    subject      VARCHAR(200)    NOT NULL,
    details      VARCHAR(8000)   NOT NULL,
    prev_hash    CHAR(64)        NOT NULL,
    hash         CHAR(64)        NOT NULL
);
