-- Cluster mode (docs/architecture.md, "Cluster"): a scheduled job whose work is the cluster's
-- (SLA checks, retention, stuck events) runs once per period whatever the number of nodes. The
-- periods are counted on PostgreSQL's clock; the node whose UPDATE moves a job's row to the
-- current period runs it, the others skip it until the next one.
CREATE TABLE job_claims (
  job        text PRIMARY KEY CHECK (length(job) BETWEEN 1 AND 64),
  period_no  bigint NOT NULL,
  claimed_by text NOT NULL CHECK (length(claimed_by) <= 200),
  claimed_at timestamptz NOT NULL DEFAULT now()
);
