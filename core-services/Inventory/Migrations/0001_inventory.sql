CREATE TABLE inventory_events (
    event_id   text        PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sections (
    event_id   text   NOT NULL REFERENCES inventory_events (event_id),
    section_id text   NOT NULL,
    name       text   NOT NULL,
    price_vnd  bigint NOT NULL CHECK (price_vnd >= 0),
    PRIMARY KEY (event_id, section_id)
);

-- One row per sellable place. held_until is copied from the hold so "available" is decidable from the seat row alone:
-- AVAILABLE, or HELD by a hold whose time is up (such a seat may be taken before the sweeper gets to it).
CREATE TABLE seats (
    event_id    text        NOT NULL,
    seat_id     text        NOT NULL,
    section_id  text        NOT NULL,
    row_label   text        NOT NULL DEFAULT '',
    seat_number integer     NOT NULL DEFAULT 0,
    status      text        NOT NULL DEFAULT 'AVAILABLE' CHECK (status IN ('AVAILABLE', 'HELD', 'SOLD')),
    hold_id     uuid,
    held_until  timestamptz,
    PRIMARY KEY (event_id, seat_id),
    FOREIGN KEY (event_id, section_id) REFERENCES sections (event_id, section_id),
    CHECK ((status = 'AVAILABLE') = (hold_id IS NULL))
);
CREATE INDEX seats_by_section_status ON seats (event_id, section_id, status, seat_id);
CREATE INDEX seats_by_hold ON seats (hold_id) WHERE hold_id IS NOT NULL;

CREATE TABLE holds (
    hold_id        uuid        PRIMARY KEY,
    event_id       text        NOT NULL REFERENCES inventory_events (event_id),
    -- One hold per order: the idempotency key of HoldSeats.
    order_id       text        NOT NULL UNIQUE,
    status         text        NOT NULL CHECK (status IN ('HELD', 'CONFIRMED', 'RELEASED', 'EXPIRED')),
    seat_count     integer     NOT NULL CHECK (seat_count > 0),
    total_vnd      bigint      NOT NULL,
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    ended_at       timestamptz
);
CREATE INDEX holds_due ON holds (expires_at) WHERE status = 'HELD';

-- Seats a hold took, kept after release so a hold always shows what it was for.
CREATE TABLE hold_seats (
    hold_id  uuid NOT NULL REFERENCES holds (hold_id),
    event_id text NOT NULL,
    seat_id  text NOT NULL,
    PRIMARY KEY (hold_id, seat_id)
);
