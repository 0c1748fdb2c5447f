-- The accounts that may scan an event's tickets at its gates (besides its organizer and admins), named by its organizer.
CREATE TABLE event_gate_staff (
    event_id text NOT NULL REFERENCES events (event_id),
    user_id  text NOT NULL,
    PRIMARY KEY (event_id, user_id)
);
