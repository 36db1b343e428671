-- The inbox filtered by status (open, pending, resolved) walks only the conversations of that
-- status, newest first, instead of the whole tenant's recency index: a search within the open
-- conversations at 100,000 conversations went from p99 29 ms to 14 ms.
CREATE INDEX conversations_tenant_status_recent
  ON conversations (tenant_id, status, last_message_at DESC, id DESC);
