-- What the outbox sender needs beyond 002: a lease on claimed rows. A sender claims a due row
-- by setting status 'sending', a fresh lease_id and next_attempt_at = the lease's end; only the
-- holder of that lease_id may record the outcome, and a row still 'sending' after its lease (the
-- process died mid-send) is due again.
ALTER TABLE outbox ADD COLUMN lease_id uuid;

-- Due rows of both kinds, by time: pending rows waiting for their attempt and expired leases.
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status IN ('pending', 'sending');

-- Replies of one conversation go out in order: a row is not claimed while an earlier outgoing
-- message of its conversation is still queued (its row pending or sending). This small index
-- holds only those messages.
CREATE INDEX messages_out_queued ON messages (tenant_id, conversation_id, id)
  WHERE direction = 'out' AND status = 'queued';

-- Agents' replies stored before the outbox existed stayed 'queued' with no outbox row: they get
-- one as a failed send, visible in the API and retryable by a person (sending them now, perhaps
-- days later, unasked, could surprise a customer).
INSERT INTO outbox (tenant_id, message_id, provider, payload, status, last_error)
SELECT m.tenant_id, m.id, 'builderbot',
       jsonb_build_object('number', u.phone, 'content', m.body), 'failed',
       'stored before the outbox existed; retry to send'
FROM messages m
JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id
JOIN customers u ON u.tenant_id = c.tenant_id AND u.id = c.customer_id
WHERE m.direction = 'out' AND m.status = 'queued'
  AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.tenant_id = m.tenant_id AND o.message_id = m.id);
UPDATE messages m SET status = 'failed'
WHERE m.direction = 'out' AND m.status = 'queued'
  AND EXISTS (SELECT 1 FROM outbox o WHERE o.tenant_id = m.tenant_id AND o.message_id = m.id
              AND o.status = 'failed');
