-- Live events are stored one row per batch (docs/architecture.md, "Live events"): the events a
-- node publishes together for a tenant take the numbers first_seq..last_seq, and their types and
-- data (JSON objects, written by the server itself) are arrays in seq order. Under load a batch
-- holds tens to hundreds of events, so a customer message no longer writes four rows and four
-- index entries here, and the replay window is pruned a batch at a time. Readers ask for the
-- batches whose last_seq is after theirs and unnest them (the primary key's order).
CREATE TABLE live_event_batches (
  tenant_id  bigint NOT NULL REFERENCES tenants(id),
  first_seq  bigint NOT NULL CHECK (first_seq > 0),
  last_seq   bigint NOT NULL,
  types      text[] NOT NULL,
  data       text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, last_seq),
  CHECK (last_seq >= first_seq),
  CHECK (cardinality(types) = last_seq - first_seq + 1 AND cardinality(data) = cardinality(types))
);

INSERT INTO live_event_batches (tenant_id, first_seq, last_seq, types, data, created_at)
SELECT tenant_id, seq, seq, ARRAY[type], ARRAY[data::text], created_at FROM live_events;

DROP TABLE live_events;

-- One row per event, for reading by hand and for the tests.
CREATE VIEW live_events AS
SELECT b.tenant_id, b.first_seq + u.n - 1 AS seq, u.type, u.data::jsonb AS data, b.created_at
FROM live_event_batches b
CROSS JOIN LATERAL unnest(b.types, b.data) WITH ORDINALITY AS u(type, data, n);
