-- The domain around conversations: tickets and their history, the knowledge base with its
-- embedded chunks, shipments, calls, AI suggestions and decisions, the outbox, the audit log,
-- invoices, quotes and the dashboard's replay window. Every row carries tenant_id, and every
-- reference to a parent goes through (tenant_id, parent_id), so no row can point across tenants.

-- Timestamps leave the database as RFC 3339 UTC text with microseconds, so a keyset cursor made
-- from one round-trips exactly.
CREATE FUNCTION rfc3339(ts timestamptz) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');

CREATE TABLE tickets (
  id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id              bigint NOT NULL REFERENCES tenants(id),
  subject                text NOT NULL CHECK (length(subject) BETWEEN 1 AND 500),
  description            text NOT NULL DEFAULT '',
  status                 text NOT NULL DEFAULT 'NEW'
                         CHECK (status IN ('NEW', 'IN_PROGRESS', 'RESOLVED', 'CLOSED')),
  priority               text NOT NULL DEFAULT 'normal'
                         CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  category               text CHECK (category IN ('INFO', 'TRACKING', 'BILLING', 'QUOTE',
                                                  'COMPLAINT', 'HUMAN', 'OTHER')),
  customer_id            bigint,
  conversation_id        bigint,
  assignee_id            bigint,
  first_response_due_at  timestamptz,
  resolution_due_at      timestamptz,
  first_responded_at     timestamptz,
  resolved_at            timestamptz,
  closed_at              timestamptz,
  created_by_type        text NOT NULL DEFAULT 'system'
                         CHECK (created_by_type IN ('user', 'ai', 'system')),
  created_by             bigint,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id),
  FOREIGN KEY (tenant_id, assignee_id) REFERENCES users (tenant_id, id),
  FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id),
  UNIQUE (tenant_id, id)
);
CREATE INDEX tickets_tenant_status ON tickets (tenant_id, status, id DESC);
CREATE INDEX tickets_conversation ON tickets (tenant_id, conversation_id);
CREATE INDEX tickets_customer ON tickets (tenant_id, customer_id);
CREATE INDEX tickets_assignee ON tickets (tenant_id, assignee_id) WHERE assignee_id IS NOT NULL;
-- The SLA sweep looks only at tickets still open.
CREATE INDEX tickets_sla_open ON tickets (resolution_due_at)
  WHERE status IN ('NEW', 'IN_PROGRESS');

-- The history of a ticket: one row per change (created, status, assignee, priority, comment...).
CREATE TABLE ticket_events (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id      bigint NOT NULL REFERENCES tenants(id),
  ticket_id      bigint NOT NULL,
  kind           text NOT NULL CHECK (kind ~ '^[a-z][a-z_.]{0,62}$'),
  actor_type     text NOT NULL CHECK (actor_type IN ('user', 'ai', 'system')),
  actor_user_id  bigint,
  before         jsonb,
  after          jsonb,
  note           text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id),
  FOREIGN KEY (tenant_id, actor_user_id) REFERENCES users (tenant_id, id),
  CHECK (actor_type <> 'user' OR actor_user_id IS NOT NULL)
);
CREATE INDEX ticket_events_ticket ON ticket_events (tenant_id, ticket_id, id);

CREATE TABLE knowledge_articles (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id   bigint NOT NULL REFERENCES tenants(id),
  title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  body        text NOT NULL,
  language    text NOT NULL DEFAULT 'es' CHECK (language ~ '^[a-z]{2}(-[A-Z]{2})?$'),
  tags        text[] NOT NULL DEFAULT '{}',
  status      text NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'archived')),
  version     integer NOT NULL DEFAULT 1 CHECK (version > 0),
  created_by  bigint,
  updated_by  bigint,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id),
  FOREIGN KEY (tenant_id, updated_by) REFERENCES users (tenant_id, id),
  UNIQUE (tenant_id, id)
);
CREATE INDEX knowledge_articles_tenant ON knowledge_articles (tenant_id, status, updated_at DESC);

-- Chunks keep their vectors, so the FAISS index can be rebuilt from the database alone. They
-- are derived data: deleting an article deletes its chunks.
CREATE TABLE knowledge_chunks (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id        bigint NOT NULL REFERENCES tenants(id),
  article_id       bigint NOT NULL,
  article_version  integer NOT NULL DEFAULT 1,
  ordinal          integer NOT NULL CHECK (ordinal >= 0),
  text             text NOT NULL,
  embedding        real[],
  embedder         text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, article_id) REFERENCES knowledge_articles (tenant_id, id) ON DELETE CASCADE,
  UNIQUE (tenant_id, article_id, ordinal),
  CHECK (embedding IS NULL OR embedder IS NOT NULL)
);

-- status uses AfterShip's tags, which docs/protocols.md §4c maps 17TRACK's statuses onto.
CREATE TABLE shipments (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id        bigint NOT NULL REFERENCES tenants(id),
  tracking_number  text NOT NULL CHECK (tracking_number ~ '^[A-Za-z0-9-]{3,64}$'),
  carrier          text NOT NULL DEFAULT '',
  status           text NOT NULL DEFAULT 'Pending'
                   CHECK (status IN ('Pending', 'InfoReceived', 'InTransit', 'OutForDelivery',
                                     'AttemptFail', 'Delivered', 'AvailableForPickup',
                                     'Exception', 'Expired')),
  customer_id      bigint,
  conversation_id  bigint,
  ticket_id        bigint,
  order_number     text,
  eta              timestamptz,
  last_checked_at  timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id),
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id),
  UNIQUE (tenant_id, tracking_number),
  UNIQUE (tenant_id, id)
);
CREATE INDEX shipments_customer ON shipments (tenant_id, customer_id);
CREATE INDEX shipments_order ON shipments (tenant_id, order_number) WHERE order_number IS NOT NULL;
-- The refresh sweep picks the shipments not yet delivered that were checked longest ago.
CREATE INDEX shipments_refresh ON shipments (last_checked_at NULLS FIRST)
  WHERE status NOT IN ('Delivered', 'Expired');

-- Checkpoints; a refresh that sees the same checkpoint again inserts nothing (ON CONFLICT).
CREATE TABLE shipment_events (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id    bigint NOT NULL REFERENCES tenants(id),
  shipment_id  bigint NOT NULL,
  occurred_at  timestamptz NOT NULL,
  status       text NOT NULL,
  location     text NOT NULL DEFAULT '',
  description  text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, shipment_id) REFERENCES shipments (tenant_id, id) ON DELETE CASCADE,
  UNIQUE (tenant_id, shipment_id, occurred_at, status, description)
);

-- One voice call; status follows ElevenLabs' conversation statuses.
CREATE TABLE call_sessions (
  id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id                 bigint NOT NULL REFERENCES tenants(id),
  channel_account_id        bigint,
  provider_conversation_id  text NOT NULL,
  agent_id                  text,
  customer_id               bigint,
  conversation_id           bigint,
  ticket_id                 bigint,
  direction                 text NOT NULL DEFAULT 'inbound' CHECK (direction IN ('inbound', 'outbound')),
  status                    text NOT NULL DEFAULT 'initiated'
                            CHECK (status IN ('initiated', 'in-progress', 'processing', 'done', 'failed')),
  phone                     text,
  started_at                timestamptz,
  duration_s                integer CHECK (duration_s IS NULL OR duration_s >= 0),
  summary                   text,
  transcript                jsonb NOT NULL DEFAULT '[]'::jsonb,
  collected_data            jsonb NOT NULL DEFAULT '{}'::jsonb,
  audio_path                text,
  failure_reason            text,
  created_at                timestamptz NOT NULL DEFAULT now(),
  updated_at                timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, channel_account_id) REFERENCES channel_accounts (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id),
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id),
  UNIQUE (tenant_id, provider_conversation_id),
  UNIQUE (tenant_id, id)
);
CREATE INDEX call_sessions_recent ON call_sessions (tenant_id, created_at DESC, id DESC);
CREATE INDEX call_sessions_conversation ON call_sessions (tenant_id, conversation_id);

-- A reply the AI proposes in assisted mode, waiting for a human.
CREATE TABLE suggestions (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id        bigint NOT NULL REFERENCES tenants(id),
  conversation_id  bigint NOT NULL,
  message_id       bigint,
  text             text NOT NULL,
  final_text       text,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  category         text CHECK (category IN ('INFO', 'TRACKING', 'BILLING', 'QUOTE', 'COMPLAINT',
                                            'HUMAN', 'OTHER')),
  confidence       real CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 1),
  reason           text,
  decided_by       bigint,
  decided_at       timestamptz,
  reject_reason    text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id),
  FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id),
  FOREIGN KEY (tenant_id, decided_by) REFERENCES users (tenant_id, id),
  CHECK ((status = 'pending') = (decided_at IS NULL)),
  UNIQUE (tenant_id, id)
);
CREATE INDEX suggestions_pending ON suggestions (tenant_id, created_at, id) WHERE status = 'pending';
CREATE INDEX suggestions_conversation ON suggestions (tenant_id, conversation_id, id);

-- What the decision policy decided for one inbound message, with its inputs and reason.
CREATE TABLE ai_decisions (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id        bigint NOT NULL REFERENCES tenants(id),
  message_id       bigint,
  conversation_id  bigint NOT NULL,
  category         text NOT NULL CHECK (category IN ('INFO', 'TRACKING', 'BILLING', 'QUOTE',
                                                       'COMPLAINT', 'HUMAN', 'OTHER')),
  confidence       real NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  risk             text NOT NULL CHECK (risk IN ('low', 'medium', 'high')),
  entities         jsonb NOT NULL DEFAULT '{}'::jsonb,
  rule             text NOT NULL DEFAULT '',
  reason           text NOT NULL DEFAULT '',
  action           text NOT NULL CHECK (action ~ '^[a-z][a-z_]{0,31}$'),
  inputs           jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id),
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id),
  UNIQUE (tenant_id, id)
);
CREATE INDEX ai_decisions_conversation ON ai_decisions (tenant_id, conversation_id, id);
CREATE INDEX ai_decisions_message ON ai_decisions (tenant_id, message_id);

-- Written in the same transaction as its outgoing message; one row per message.
CREATE TABLE outbox (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id            bigint NOT NULL REFERENCES tenants(id),
  message_id           bigint NOT NULL,
  provider             text NOT NULL,
  channel_account_id   bigint,
  payload              jsonb NOT NULL,
  status               text NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'dead')),
  attempts             integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at      timestamptz NOT NULL DEFAULT now(),
  last_error           text,
  provider_message_id  text,
  sent_at              timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id),
  FOREIGN KEY (tenant_id, channel_account_id) REFERENCES channel_accounts (tenant_id, id),
  UNIQUE (tenant_id, message_id),
  UNIQUE (tenant_id, id)
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_tenant_status ON outbox (tenant_id, status, id DESC);

-- Who changed what: a user, the AI or the system. Append-only. entity_id is text because
-- entities are keyed by bigint ids, event uuids or (for settings) the tenant itself.
CREATE TABLE audit_log (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id      bigint NOT NULL REFERENCES tenants(id),
  actor_type     text NOT NULL CHECK (actor_type IN ('user', 'ai', 'system')),
  actor_user_id  bigint,
  entity_type    text NOT NULL CHECK (entity_type ~ '^[a-z][a-z_]{0,62}$'),
  entity_id      text NOT NULL,
  action         text NOT NULL CHECK (action ~ '^[a-z][a-z_.]{0,62}$'),
  before         jsonb,
  after          jsonb,
  created_at     timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, actor_user_id) REFERENCES users (tenant_id, id),
  CHECK (actor_type <> 'user' OR actor_user_id IS NOT NULL)
);
CREATE INDEX audit_log_recent ON audit_log (tenant_id, created_at DESC);
CREATE INDEX audit_log_entity ON audit_log (tenant_id, entity_type, entity_id);

CREATE TABLE invoices (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id     bigint NOT NULL REFERENCES tenants(id),
  number        text NOT NULL CHECK (length(number) BETWEEN 1 AND 64),
  customer_id   bigint,
  status        text NOT NULL DEFAULT 'open'
                CHECK (status IN ('draft', 'open', 'paid', 'overdue', 'void')),
  currency      text NOT NULL DEFAULT 'MXN' CHECK (currency ~ '^[A-Z]{3}$'),
  amount_cents  bigint NOT NULL CHECK (amount_cents >= 0),
  issued_at     timestamptz NOT NULL DEFAULT now(),
  due_date      date,
  paid_at       timestamptz,
  pdf_url       text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
  UNIQUE (tenant_id, number),
  UNIQUE (tenant_id, id)
);
CREATE INDEX invoices_customer ON invoices (tenant_id, customer_id);

CREATE TABLE quotes (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id    bigint NOT NULL REFERENCES tenants(id),
  number       text NOT NULL CHECK (length(number) BETWEEN 1 AND 64),
  customer_id  bigint,
  status       text NOT NULL DEFAULT 'draft'
               CHECK (status IN ('draft', 'sent', 'accepted', 'rejected', 'expired')),
  lines        jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(lines) = 'array'),
  total_cents  bigint NOT NULL CHECK (total_cents >= 0),
  currency     text NOT NULL DEFAULT 'MXN' CHECK (currency ~ '^[A-Z]{3}$'),
  valid_until  date,
  created_at   timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
  UNIQUE (tenant_id, number),
  UNIQUE (tenant_id, id)
);
CREATE INDEX quotes_customer ON quotes (tenant_id, customer_id);

-- The WebSocket replay window: the last events of each tenant, by their per-tenant sequence.
-- Old rows are pruned by created_at.
CREATE TABLE live_events (
  tenant_id   bigint NOT NULL REFERENCES tenants(id),
  seq         bigint NOT NULL CHECK (seq > 0),
  type        text NOT NULL,
  data        jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX live_events_created ON live_events (created_at);
