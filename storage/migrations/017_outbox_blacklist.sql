-- Hand-off reaches Builderbot (docs/protocols.md §1c): when a conversation is handed to people,
-- the customer's number is added to the Builderbot bot's blacklist, and removed when an agent
-- hands it back. Those calls are outbox rows too (kind 'blacklist'), so they get the same
-- retries, dead letter and "Envíos fallidos" page as replies; they carry no message, only the
-- conversation, and their payload is {"number", "intent": "add" | "remove"}.
ALTER TABLE outbox
  ADD COLUMN kind text NOT NULL DEFAULT 'message' CHECK (kind IN ('message', 'blacklist')),
  ADD COLUMN conversation_id bigint,
  ALTER COLUMN message_id DROP NOT NULL;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_shape
  CHECK (CASE kind WHEN 'message' THEN message_id IS NOT NULL
                   ELSE message_id IS NULL AND conversation_id IS NOT NULL END);
ALTER TABLE outbox ADD CONSTRAINT outbox_conversation_fkey
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id);

-- One conversation's blacklist calls go out in order (an "add" still retrying holds back the
-- "remove" after it); this small index holds only the queued ones.
CREATE INDEX outbox_blacklist_queued ON outbox (tenant_id, conversation_id, id)
  WHERE kind = 'blacklist' AND status IN ('pending', 'sending');
