-- Private notes on tickets: a note belongs to a conversation, to a ticket, or to both (a note
-- written on a ticket that has a conversation shows in that conversation's timeline too), and a
-- mention in it notifies with the ticket.
ALTER TABLE conversation_notes
  ALTER COLUMN conversation_id DROP NOT NULL,
  ADD COLUMN ticket_id bigint,
  ADD FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id),
  ADD CHECK (conversation_id IS NOT NULL OR ticket_id IS NOT NULL);
CREATE INDEX conversation_notes_ticket ON conversation_notes (tenant_id, ticket_id, id)
  WHERE ticket_id IS NOT NULL;

ALTER TABLE user_notifications
  ALTER COLUMN conversation_id DROP NOT NULL,
  ADD COLUMN ticket_id bigint,
  ADD FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id);
