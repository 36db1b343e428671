-- Numbers a tenant's people see (Q-1, Q-2, … for quotes) count per tenant, so that no tenant
-- can read another's activity from them. A counter row is taken and locked by the transaction
-- that hands out its numbers; a number taken by a draft that was then not created (a
-- redelivered message) is skipped, never reused.
CREATE TABLE tenant_counters (
  tenant_id  bigint NOT NULL REFERENCES tenants(id),
  counter    text NOT NULL CHECK (counter IN ('quote')),
  last_value bigint NOT NULL CHECK (last_value >= 0),
  PRIMARY KEY (tenant_id, counter)
);

-- Quotes numbered before keep their numbers; each tenant counts on from its highest.
INSERT INTO tenant_counters (tenant_id, counter, last_value)
SELECT tenant_id, 'quote', max(substring(number FROM '^Q-([0-9]{1,18})$')::bigint)
FROM quotes WHERE number ~ '^Q-[0-9]{1,18}$'
GROUP BY tenant_id;
