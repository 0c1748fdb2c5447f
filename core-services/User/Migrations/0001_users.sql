CREATE TABLE users (
    user_id          uuid        PRIMARY KEY,
    email            text        NOT NULL,
    -- Lower-cased, trimmed: "Anh@Example.com" and "anh@example.com " are one account.
    email_normalized text        NOT NULL UNIQUE,
    full_name        text        NOT NULL,
    password_hash    text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);

-- Failed logins per e-mail, shared by every User pod, for the lock-out window.
CREATE TABLE login_failures (
    email_normalized text        NOT NULL,
    client_ip        text        NOT NULL DEFAULT '',
    failed_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email_time ON login_failures (email_normalized, failed_at);
