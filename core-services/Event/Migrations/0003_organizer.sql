-- The organizer account that owns an event (its console lists and manages only its own); '' for events an operator
-- created before organizers had accounts.
ALTER TABLE events ADD COLUMN organizer_id text NOT NULL DEFAULT '';
CREATE INDEX events_by_organizer ON events (organizer_id, starts_at, event_id);
