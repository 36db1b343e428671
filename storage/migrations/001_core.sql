-- Core of the schema: tenants and their channels, customers, conversations, messages, and the
-- durable event log with its idempotency keys. Every row carries tenant_id (tenants.id is it).

CREATE TABLE tenants (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  name        text NOT NULL,
  settings    jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id               bigint NOT NULL REFERENCES tenants(id),
  email                   text NOT NULL UNIQUE,
  name                    text NOT NULL,
  role                    text NOT NULL CHECK (role IN ('agent', 'admin')),
  password_hash           text NOT NULL,
  max_open_conversations  integer NOT NULL DEFAULT 20 CHECK (max_open_conversations > 0),
  online                  boolean NOT NULL DEFAULT false,
  last_seen_at            timestamptz,
  created_at              timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id)
);

CREATE TABLE channel_accounts (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id       bigint NOT NULL REFERENCES tenants(id),
  provider        text NOT NULL CHECK (provider IN ('builderbot', 'elevenlabs', 'whatsapp_cloud', 'aftership', '17track')),
  name            text NOT NULL,
  account_key     text NOT NULL UNIQUE,
  webhook_secret  text,
  config          jsonb NOT NULL DEFAULT '{}'::jsonb,
  rate_per_s      double precision CHECK (rate_per_s IS NULL OR rate_per_s > 0),
  status          text NOT NULL DEFAULT 'active',
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id)
);

CREATE TABLE customers (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id   bigint NOT NULL REFERENCES tenants(id),
  phone       text NOT NULL CHECK (phone ~ '^[0-9]{5,20}$'),
  name        text NOT NULL DEFAULT '',
  email       text,
  language    text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, phone),
  UNIQUE (tenant_id, id)
);

-- A conversation is open while status is 'open' or 'pending'; one such per customer and tenant.
CREATE TABLE conversations (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id           bigint NOT NULL REFERENCES tenants(id),
  customer_id         bigint NOT NULL,
  channel_account_id  bigint,
  status              text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'resolved')),
  assignee_id         bigint,
  bot_active          boolean NOT NULL DEFAULT true,
  last_message_at     timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
  FOREIGN KEY (tenant_id, channel_account_id) REFERENCES channel_accounts (tenant_id, id),
  FOREIGN KEY (tenant_id, assignee_id) REFERENCES users (tenant_id, id),
  UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX conversations_one_open_per_customer
  ON conversations (tenant_id, customer_id) WHERE status IN ('open', 'pending');
CREATE INDEX conversations_tenant_recent ON conversations (tenant_id, last_message_at DESC, id DESC);

-- The durable log of every webhook accepted. `seq` is the order of acceptance.
-- The hot-path tables (event_log, idempotency_keys, messages) carry tenant_id without a foreign
-- key: such a key makes every insert share-lock the same parent row (the tenant, the account)
-- and costs a trigger per row, and under load the writers queued on it (seconds per batch).
-- Tenants, accounts and conversations are never deleted, only disabled or resolved, and the
-- message writer finds each message's conversation by a join in the same statement.
CREATE TABLE event_log (
  event_id            uuid PRIMARY KEY,
  seq                 bigint GENERATED ALWAYS AS IDENTITY,
  tenant_id           bigint NOT NULL,
  channel_account_id  bigint,
  provider            text NOT NULL,
  event_name          text NOT NULL,
  idempotency_key     text NOT NULL,
  payload             text NOT NULL,
  status              text NOT NULL DEFAULT 'accepted'
                      CHECK (status IN ('accepted', 'processed', 'ignored', 'failed')),
  attempts            integer NOT NULL DEFAULT 0,
  last_error          text,
  received_at         timestamptz NOT NULL DEFAULT now(),
  processed_at        timestamptz
);
CREATE INDEX event_log_unprocessed ON event_log (seq) WHERE status = 'accepted';
CREATE INDEX event_log_tenant_seq ON event_log (tenant_id, seq);

-- Idempotency lives here, as a primary key. A key with expires_at (a body hash) can be taken
-- over once it has expired; a key without (a header or a provider id) never expires.
CREATE TABLE idempotency_keys (
  tenant_id   bigint NOT NULL,
  key         text NOT NULL,
  event_id    uuid NOT NULL,
  expires_at  timestamptz,
  PRIMARY KEY (tenant_id, key)
);

CREATE TABLE messages (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id        bigint NOT NULL,
  conversation_id  bigint NOT NULL,
  event_id         uuid UNIQUE,
  direction        text NOT NULL CHECK (direction IN ('in', 'out')),
  sender_type      text NOT NULL CHECK (sender_type IN ('customer', 'bot', 'agent', 'system')),
  sender_user_id   bigint,
  body             text NOT NULL,
  attachments      jsonb NOT NULL DEFAULT '[]'::jsonb,
  status           text NOT NULL DEFAULT 'received'
                   CHECK (status IN ('received', 'queued', 'sent', 'delivered', 'read', 'failed', 'dead')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id)
);
CREATE INDEX messages_conversation ON messages (tenant_id, conversation_id, id);
