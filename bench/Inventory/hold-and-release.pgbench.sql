-- What HoldSeats (best available in a section) and ReleaseHold do to the database, statement for statement, for
-- pgbench: the same row locks (FOR UPDATE SKIP LOCKED on seats, FOR UPDATE on the hold) and two commits. Run by
-- bench/Inventory against the same database and seat map right after the service's churn phase.
\set section random(0, 3)
\set quantity random(1, 8)
BEGIN;
INSERT INTO holds (hold_id, event_id, order_id, status, seat_count, total_vnd, created_at, expires_at)
  VALUES (gen_random_uuid(), :event, 'pgbench-' || gen_random_uuid(), 'HELD', 1, 0, now(), now() + interval '5 minutes')
  RETURNING hold_id \gset
WITH picked AS (
  SELECT seat_id FROM seats
  WHERE event_id = :event AND section_id = 'S' || :section AND status = 'AVAILABLE'
  ORDER BY length(row_label), row_label, seat_number
  LIMIT :quantity
  FOR UPDATE SKIP LOCKED)
UPDATE seats SET status = 'HELD', hold_id = :hold_id, held_until = now() + interval '5 minutes'
  WHERE event_id = :event AND seat_id IN (SELECT seat_id FROM picked);
INSERT INTO hold_seats (hold_id, event_id, seat_id) SELECT hold_id, event_id, seat_id FROM seats WHERE hold_id = :hold_id;
UPDATE holds SET seat_count = :quantity WHERE hold_id = :hold_id;
COMMIT;
BEGIN;
SELECT status FROM holds WHERE hold_id = :hold_id FOR UPDATE;
UPDATE holds SET status = 'RELEASED', ended_at = now() WHERE hold_id = :hold_id;
UPDATE seats SET status = 'AVAILABLE', hold_id = NULL, held_until = NULL WHERE hold_id = :hold_id AND status = 'HELD';
COMMIT;
