-- Billing and quotes, and outbound calls.

-- A quote an agent prepares in a conversation: drafted by the AI from a QUOTE message (or by an
-- agent), completed, then sent once as a WhatsApp message (sent_message_id) and marked sent.
ALTER TABLE quotes
  ADD COLUMN conversation_id bigint,
  ADD COLUMN source_message_id bigint,
  ADD COLUMN sent_message_id bigint,
  ADD COLUMN sent_at timestamptz,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id),
  ADD FOREIGN KEY (tenant_id, source_message_id) REFERENCES messages (tenant_id, id),
  ADD FOREIGN KEY (tenant_id, sent_message_id) REFERENCES messages (tenant_id, id);
CREATE INDEX quotes_conversation ON quotes (tenant_id, conversation_id, id)
  WHERE conversation_id IS NOT NULL;
-- One AI draft per message, whatever a crash replays.
CREATE UNIQUE INDEX quotes_one_per_message ON quotes (tenant_id, source_message_id)
  WHERE source_message_id IS NOT NULL;

-- The Twilio call id ElevenLabs answers an outbound call with (its conversation id is the
-- session's provider_conversation_id, which the post-call webhook matches).
ALTER TABLE call_sessions ADD COLUMN provider_call_sid text;
