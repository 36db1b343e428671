-- The agent's toolkit: canned replies, private notes (with the mentions they notify) and
-- conversation labels. Every row carries its tenant, and references stay inside it.

-- Canned replies: a shortcut the composer lists after `/`, and the text with its variables
-- ({{first_name}}, {{order_number}}, {{agent_name}}), checked when saved and filled in before
-- sending.
CREATE TABLE canned_responses (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id   bigint NOT NULL REFERENCES tenants(id),
  shortcut    text NOT NULL CHECK (shortcut ~ '^[a-z0-9_-]{1,40}$'),
  text        text NOT NULL CHECK (length(text) BETWEEN 1 AND 4096),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, shortcut)
);

-- Private notes: what agents write for each other in a conversation. A table apart from
-- messages, so that nothing that reads messages (the outbox, the AI's context, SLA and stats)
-- can ever take a note for something said to the customer.
CREATE TABLE conversation_notes (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id        bigint NOT NULL,
  conversation_id  bigint NOT NULL,
  author_id        bigint NOT NULL,
  body             text NOT NULL CHECK (length(body) BETWEEN 1 AND 4096),
  created_at       timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id),
  FOREIGN KEY (tenant_id, author_id) REFERENCES users (tenant_id, id),
  UNIQUE (tenant_id, id)
);
CREATE INDEX conversation_notes_conversation ON conversation_notes (tenant_id, conversation_id, id);

-- What a user was told about (a mention in a note); read_at set when they open it.
CREATE TABLE user_notifications (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id        bigint NOT NULL,
  user_id          bigint NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('mention')),
  conversation_id  bigint NOT NULL,
  note_id          bigint,
  author_id        bigint,
  preview          text NOT NULL DEFAULT '',
  read_at          timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id),
  FOREIGN KEY (tenant_id, note_id) REFERENCES conversation_notes (tenant_id, id)
);
CREATE INDEX user_notifications_recent ON user_notifications (tenant_id, user_id, id DESC);

-- Labels with a colour; names unique per tenant whatever their case.
CREATE TABLE labels (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id   bigint NOT NULL REFERENCES tenants(id),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  color       text NOT NULL CHECK (color ~ '^#[0-9a-f]{6}$'),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX labels_name ON labels (tenant_id, lower(name));

CREATE TABLE conversation_labels (
  tenant_id        bigint NOT NULL,
  conversation_id  bigint NOT NULL,
  label_id         bigint NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, conversation_id, label_id),
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id),
  FOREIGN KEY (tenant_id, label_id) REFERENCES labels (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX conversation_labels_label ON conversation_labels (tenant_id, label_id);

-- The tenant lets the AI put the label named after a conversation's category (for example a
-- label "BILLING") on the conversation when it triages a message.
ALTER TABLE tenants ADD COLUMN ai_labels boolean NOT NULL DEFAULT false;
