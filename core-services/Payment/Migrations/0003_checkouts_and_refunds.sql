-- What the provider gave us for the intent's checkout: where the customer pays.
ALTER TABLE payment_intents ADD COLUMN checkout_url text;
ALTER TABLE payment_intents ADD COLUMN qr_code text;
-- PayOS paymentLinkId, ZaloPay zp_trans_token.
ALTER TABLE payment_intents ADD COLUMN provider_checkout_id text;
-- When the reconciliation sweep last asked the provider about this pending intent.
ALTER TABLE payment_intents ADD COLUMN last_checked_at timestamptz;
-- The intent ended but its checkout may still take money: cancel it at the provider (retried by the sweep).
ALTER TABLE payment_intents ADD COLUMN checkout_cancel_due boolean NOT NULL DEFAULT false;
CREATE INDEX payment_intents_pending_by_creation ON payment_intents (created_at) WHERE status = 'PENDING';
CREATE INDEX payment_intents_cancel_due ON payment_intents (completed_at) WHERE checkout_cancel_due;

-- When the provider took the money (from the signed callback or its query answer).
ALTER TABLE provider_callbacks ADD COLUMN paid_at timestamptz;

-- Money we did not keep: paid late, paid twice, or the wrong amount. One per incoming provider transaction.
CREATE TABLE refunds (
    refund_id               uuid        PRIMARY KEY,
    payment_id              uuid        NOT NULL REFERENCES payment_intents (payment_id),
    provider                text        NOT NULL,
    provider_transaction_id text        NOT NULL,
    amount_vnd              bigint      NOT NULL CHECK (amount_vnd > 0),
    -- order_ended: the money came but the order had ended (its seats were gone).
    reason                  text        NOT NULL CHECK (reason IN ('late_payment', 'duplicate_payment', 'amount_mismatch', 'order_ended')),
    -- PENDING (to send) → SUBMITTED (provider processing) → SUCCEEDED | FAILED; MANUAL (no refund API) → SUCCEEDED.
    status                  text        NOT NULL CHECK (status IN ('PENDING', 'SUBMITTED', 'MANUAL', 'SUCCEEDED', 'FAILED')),
    -- ZaloPay m_refund_id (fixed at creation, so a resent refund is the same refund); the operator's bank reference for manual ones.
    provider_refund_ref     text,
    attempts                integer     NOT NULL DEFAULT 0,
    last_error              text,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    completed_at            timestamptz,
    UNIQUE (provider, provider_transaction_id)
);
CREATE INDEX refunds_in_flight ON refunds (updated_at) WHERE status IN ('PENDING', 'SUBMITTED');
CREATE INDEX refunds_need_a_person ON refunds (created_at) WHERE status IN ('MANUAL', 'FAILED');
