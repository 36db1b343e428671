-- The WhatsApp Cloud message templates of each channel account, as Graph lists them
-- (GET /{business account id}/message_templates), replaced by every sync. Outside the 24-hour
-- customer-service window only an APPROVED one may be sent (docs/protocols.md §3).
CREATE TABLE message_templates (
  tenant_id           bigint NOT NULL REFERENCES tenants(id),
  channel_account_id  bigint NOT NULL,
  name                text NOT NULL,
  language            text NOT NULL,
  status              text NOT NULL,
  category            text NOT NULL DEFAULT '',
  body                text NOT NULL DEFAULT '',
  variables           integer NOT NULL DEFAULT 0 CHECK (variables >= 0),
  components          jsonb NOT NULL DEFAULT '[]'::jsonb,
  synced_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, channel_account_id, name, language),
  FOREIGN KEY (tenant_id, channel_account_id) REFERENCES channel_accounts (tenant_id, id)
);
