-- What the outbox sender needs beyond 002: a lease on claimed rows. A sender claims a due row
-- by setting status 'sending', a fresh lease_id and next_attempt_at = the lease's end; only the
-- holder of that lease_id may record the outcome, and a row still 'sending' after its lease (the
-- process died mid-send) is due again.
ALTER TABLE outbox ADD COLUMN lease_id uuid;

-- Due rows of both kinds, by time: pending rows waiting for their attempt and expired leases.
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status IN ('pending', 'sending');
