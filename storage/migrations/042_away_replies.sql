-- The automatic reply a new conversation gets outside business hours, once per customer and
-- closed period: the period is named by the moment it ends (the next opening).
CREATE TABLE away_replies (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id        bigint NOT NULL REFERENCES tenants(id),
  customer_id      bigint NOT NULL,
  conversation_id  bigint NOT NULL,
  next_open_at     timestamptz NOT NULL,
  message_id       bigint,
  created_at       timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id),
  FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id),
  UNIQUE (tenant_id, customer_id, next_open_at)
);
