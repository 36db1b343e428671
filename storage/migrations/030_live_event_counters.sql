-- Cluster mode (docs/architecture.md, "Cluster"): several nodes store live events of the same
-- tenant, so a tenant's `seq` is handed out by PostgreSQL, not by a node's memory. The statement
-- that stores a batch takes the tenant's counter row, adds the batch's size and inserts the
-- events under the numbers it took, all in one transaction: the numbers are unique, gap-free
-- (a batch that fails takes none) and committed in seq order per tenant (the row lock is held
-- until the commit), so a reader that sees seq N also sees every seq below it.
CREATE TABLE live_event_counters (
  tenant_id bigint PRIMARY KEY REFERENCES tenants(id),
  last_seq  bigint NOT NULL CHECK (last_seq >= 0)
);

-- Tenants with stored events count on from their highest.
INSERT INTO live_event_counters (tenant_id, last_seq)
SELECT tenant_id, max(seq) FROM live_events GROUP BY tenant_id;
