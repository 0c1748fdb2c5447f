CREATE TABLE venues (
    venue_id   uuid        PRIMARY KEY,
    name       text        NOT NULL,
    address    text        NOT NULL DEFAULT '',
    time_zone  text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE events (
    event_id         text        PRIMARY KEY,
    venue_id         uuid        NOT NULL REFERENCES venues (venue_id),
    name             text        NOT NULL,
    description      text        NOT NULL DEFAULT '',
    starts_at        timestamptz NOT NULL,
    sale_starts_at   timestamptz NOT NULL,
    sale_ends_at     timestamptz NOT NULL,
    status           text        NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED')),
    admit_per_second integer     NOT NULL,
    max_admitted     integer     NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    CHECK (sale_starts_at < sale_ends_at AND sale_ends_at <= starts_at)
);
CREATE INDEX events_published_by_start ON events (starts_at, event_id) WHERE status = 'PUBLISHED';

-- A section is a price tier. Its seats follow from the layout (rows × seats_per_row, ids "<section>-<row>-<seat>")
-- or its general-admission capacity; Inventory receives exactly these ids when the event is published.
CREATE TABLE sections (
    event_id      text    NOT NULL REFERENCES events (event_id),
    section_id    text    NOT NULL,
    position      integer NOT NULL,
    name          text    NOT NULL,
    price_vnd     bigint  NOT NULL CHECK (price_vnd >= 0),
    rows          text[]  NOT NULL DEFAULT '{}',
    seats_per_row integer NOT NULL DEFAULT 0,
    ga_capacity   integer NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, section_id)
);
