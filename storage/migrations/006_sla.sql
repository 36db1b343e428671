-- Service levels: due times on conversations (tickets have had theirs since 002), and one row
-- per breach. The unique key makes a breach count once per item and kind, whichever process
-- finds it first.

ALTER TABLE conversations
  ADD COLUMN first_response_due_at timestamptz,
  ADD COLUMN resolution_due_at timestamptz,
  ADD COLUMN first_responded_at timestamptz;

CREATE TABLE sla_breaches (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id    bigint NOT NULL REFERENCES tenants(id),
  entity_type  text NOT NULL CHECK (entity_type IN ('ticket', 'conversation')),
  entity_id    bigint NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('first_response', 'resolution')),
  due_at       timestamptz NOT NULL,
  breached_at  timestamptz NOT NULL,
  UNIQUE (entity_type, entity_id, kind)
);
CREATE INDEX sla_breaches_tenant_time ON sla_breaches (tenant_id, breached_at);
