-- The AI pipeline and the agents' search.

-- One decision per message: after a crash the pipeline may see a message again, and the
-- database keeps the first decision only (ON CONFLICT DO NOTHING), so nothing is answered twice.
DROP INDEX ai_decisions_message;
CREATE UNIQUE INDEX ai_decisions_one_per_message ON ai_decisions (tenant_id, message_id);

-- Full-text search in message text for the inbox. The 'simple' configuration (no stemming)
-- treats Spanish and English alike; queries use prefix matching, so "pedi" finds "pedido".
CREATE INDEX messages_body_search ON messages USING gin (to_tsvector('simple', body));

-- The message an approved suggestion became.
ALTER TABLE suggestions ADD COLUMN sent_message_id bigint,
  ADD FOREIGN KEY (tenant_id, sent_message_id) REFERENCES messages (tenant_id, id);

-- Round-robin auto-assignment: the online user assigned least recently goes first, up to their
-- limit of open conversations.
ALTER TABLE users ADD COLUMN last_assigned_at timestamptz;
CREATE INDEX conversations_assignee_open ON conversations (tenant_id, assignee_id)
  WHERE status IN ('open', 'pending') AND assignee_id IS NOT NULL;
