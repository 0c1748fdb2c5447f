-- Best-available seats come next to each other: rows in natural order ("2" before "10", "A2" before "A10"),
-- seats by number within a row. Replaces the seat-id walk, which handed out "1-1" and "1-10" together.
DROP INDEX seats_available_in_order;
CREATE INDEX seats_available_by_position ON seats (event_id, section_id, length(row_label), row_label, seat_number)
    WHERE status = 'AVAILABLE';
