-- The WhatsApp Cloud API channel. Its account's webhook_secret is the Meta app secret that signs
-- every POST; the verify token answers Meta's subscription handshake (GET), so it is a column of
-- the account too (checked in constant time, never shown by the API).
ALTER TABLE channel_accounts ADD COLUMN verify_token text;

-- Delivery receipts name the message by the id the provider gave it when it was sent (the
-- wamid); this finds the outbox row, and so the message, from that id.
CREATE INDEX outbox_provider_message ON outbox (tenant_id, provider, provider_message_id)
  WHERE provider_message_id IS NOT NULL;
