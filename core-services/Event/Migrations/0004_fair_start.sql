-- Fair start: customers who join before the opening are placed by a verifiable draw at the opening instead of by
-- arrival. Chosen when the event is created, like its seat map.
ALTER TABLE events ADD COLUMN draw_at_opening boolean NOT NULL DEFAULT false;
