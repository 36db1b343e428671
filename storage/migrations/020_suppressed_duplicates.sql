-- A body-hash duplicate (the same body from the same sender within
-- CENTRALITA_IDEMPOTENCY_WINDOW_S, no provider id, no Idempotency-Key) is still answered
-- `duplicate`, but it is logged too, as status 'duplicate' naming the event it repeats, so an
-- admin sees from the conversation what was suppressed and why. A provider id or an
-- Idempotency-Key seen again is a true redelivery and is not logged again.
ALTER TABLE event_log DROP CONSTRAINT event_log_status_check;
ALTER TABLE event_log ADD CONSTRAINT event_log_status_check
  CHECK (status IN ('accepted', 'processed', 'ignored', 'failed', 'duplicate')) NOT VALID;
ALTER TABLE event_log VALIDATE CONSTRAINT event_log_status_check;
ALTER TABLE event_log ADD COLUMN duplicate_of uuid;
-- Only suppressed duplicates carry it: the index stays as small as they are few.
CREATE INDEX event_log_duplicate_of ON event_log (tenant_id, duplicate_of)
  WHERE duplicate_of IS NOT NULL;
