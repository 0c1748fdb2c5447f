-- Best-available picks walk this in seat order and stop after LIMIT rows, instead of sorting a whole section.
CREATE INDEX seats_available_in_order ON seats (event_id, section_id, seat_id) WHERE status = 'AVAILABLE';
