-- The per-customer ticket limit of an event; Order enforces it across concurrent orders. Existing events get the default.
ALTER TABLE events ADD COLUMN max_tickets_per_customer integer NOT NULL DEFAULT 6 CHECK (max_tickets_per_customer > 0);
