-- A decision is read by its message (one per message) or by its conversation, never by its id
-- alone: the unique key (tenant_id, message_id) becomes the primary key in place of an index
-- on id that no query used, one index entry less for every customer message.
ALTER TABLE ai_decisions ALTER COLUMN message_id SET NOT NULL;
ALTER TABLE ai_decisions DROP CONSTRAINT ai_decisions_pkey;
ALTER TABLE ai_decisions ADD CONSTRAINT ai_decisions_pkey
  PRIMARY KEY USING INDEX ai_decisions_one_per_message;
