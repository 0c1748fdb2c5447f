-- What an account may do beyond buying: organise events, scan tickets at the gate, administer accounts. Everyone is a
-- customer, so that role is not stored. Admins grant the others; the first admins come from configuration (Roles:AdminEmails).
ALTER TABLE users ADD COLUMN roles text[] NOT NULL DEFAULT '{}'
    CHECK (roles <@ ARRAY['organizer', 'staff', 'admin']::text[]);
