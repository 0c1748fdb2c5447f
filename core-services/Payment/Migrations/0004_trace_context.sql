-- The purchase's trace (W3C traceparent) travels with the payment: the intent keeps the trace of the order that
-- created it, each outbox row the trace its publish continues, so one purchase is one trace across the webhook.
ALTER TABLE payment_intents ADD COLUMN trace_parent text;
ALTER TABLE outbox ADD COLUMN trace_parent text;
