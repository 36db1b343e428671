-- Per-conversation order across the nodes of a cluster (docs/architecture.md, "Cluster"). Each
-- queued event carries its route, a hash of its tenant and of the key that orders its processing
-- (the customer's phone, a call, a shipment: route_of() below), and the node that accepted it. A
-- node processes a route's events under an advisory lock on the route, oldest first, catching up
-- the earlier ones another node accepted; nodes say they are alive in cluster_nodes, and the
-- events of a node that stopped saying so are taken over by the others.
CREATE FUNCTION route_of(tenant_id bigint, key text) RETURNS bigint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN hashtextextended(tenant_id::text || ':' || key, 47);

ALTER TABLE event_queue
  ADD COLUMN route bigint NOT NULL DEFAULT 0,
  ADD COLUMN node text NOT NULL DEFAULT '';
CREATE INDEX event_queue_route ON event_queue (route, seq);

CREATE TABLE cluster_nodes (
  node         text PRIMARY KEY CHECK (length(node) BETWEEN 1 AND 64),
  alive_until  timestamptz NOT NULL
);
