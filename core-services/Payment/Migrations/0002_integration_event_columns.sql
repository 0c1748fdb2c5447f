-- One name per idea: "event" is a concert or show; a Kafka message is an integration event.
ALTER TABLE outbox RENAME COLUMN event_id TO integration_event_id;
ALTER TABLE outbox RENAME COLUMN event_type TO integration_event_type;
