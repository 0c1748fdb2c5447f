-- The organizer's live view counts an event's holds by status every few seconds during an on-sale.
CREATE INDEX holds_by_event_status ON holds (event_id, status);
