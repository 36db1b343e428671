-- One row naming this database for files kept outside it (knowledge index snapshots): a
-- database recreated from scratch gets a new id, so a data directory written for the old one is
-- recognised as foreign even where PostgreSQL reuses the system identifier and the OID.
CREATE TABLE installation (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  installation_id uuid NOT NULL DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO installation DEFAULT VALUES;
