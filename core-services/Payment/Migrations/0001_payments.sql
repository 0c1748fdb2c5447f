-- PayOS identifies a payment link by a positive integer orderCode; ours come from this sequence.
CREATE SEQUENCE payos_order_code_seq START WITH 100000;

CREATE TABLE payment_intents (
    payment_id              uuid        PRIMARY KEY,
    order_id                text        NOT NULL,
    provider                text        NOT NULL CHECK (provider IN ('zalopay', 'payos')),
    provider_order_ref      text        NOT NULL,
    amount_vnd              bigint      NOT NULL CHECK (amount_vnd > 0),
    description             text        NOT NULL DEFAULT '',
    status                  text        NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED', 'EXPIRED')),
    provider_transaction_id text,
    failure_reason          text,
    created_at              timestamptz NOT NULL,
    expires_at              timestamptz NOT NULL,
    completed_at            timestamptz,
    -- One intent per order and provider: a retried CreatePaymentIntent returns the same one.
    UNIQUE (order_id, provider),
    UNIQUE (provider, provider_order_ref)
);
CREATE INDEX payment_intents_pending_by_expiry ON payment_intents (expires_at) WHERE status = 'PENDING';

-- Every provider callback we processed, keyed by the provider's transaction id: the idempotency record.
-- A replay finds its row here and gets the first result back.
CREATE TABLE provider_callbacks (
    provider                text        NOT NULL,
    provider_transaction_id text        NOT NULL,
    payment_id              uuid        NOT NULL REFERENCES payment_intents (payment_id),
    amount_vnd              bigint      NOT NULL,
    outcome                 text        NOT NULL CHECK (outcome IN ('SUCCEEDED', 'FAILED')),
    -- applied | amount_mismatch | duplicate_payment | late_payment | ignored
    result                  text        NOT NULL,
    detail                  text        NOT NULL DEFAULT '',
    raw_payload             text        NOT NULL,
    received_at             timestamptz NOT NULL,
    PRIMARY KEY (provider, provider_transaction_id)
);
CREATE INDEX provider_callbacks_by_payment ON provider_callbacks (payment_id);

-- Transactional outbox: written in the same transaction as the state change, drained to Kafka.
CREATE TABLE outbox (
    outbox_id    bigserial   PRIMARY KEY,
    event_id     uuid        NOT NULL UNIQUE,
    topic        text        NOT NULL,
    message_key  text        NOT NULL,
    event_type   text        NOT NULL,
    payload      text        NOT NULL,
    created_at   timestamptz NOT NULL,
    published_at timestamptz,
    attempts     integer     NOT NULL DEFAULT 0,
    last_error   text
);
CREATE INDEX outbox_unpublished ON outbox (outbox_id) WHERE published_at IS NULL;
