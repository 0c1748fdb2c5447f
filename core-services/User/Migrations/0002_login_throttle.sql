-- Login attempts are throttled per (e-mail, client address) with a growing delay, instead of locking an account for
-- everyone after failures from anywhere. One row per pair, updated atomically by each attempt.
CREATE TABLE login_throttle (
    email_normalized text        NOT NULL,
    client_ip        text        NOT NULL,
    attempts         integer     NOT NULL,
    blocked_until    timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (email_normalized, client_ip)
);
CREATE INDEX login_throttle_updated ON login_throttle (updated_at);
DROP TABLE login_failures;
