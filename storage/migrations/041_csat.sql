-- Customer satisfaction: when a conversation is resolved its customer is asked once to rate it
-- from 1 to 5 (the row is written with the question, rating still NULL); the customer's next
-- reply, when it reads as a rating, fills it in (storage/csat_repo.cpp). agent_id is the
-- conversation's assignee when it was resolved: the person the rating is about.
CREATE TABLE csat_ratings (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id         bigint NOT NULL REFERENCES tenants(id),
  conversation_id   bigint NOT NULL,
  customer_id       bigint NOT NULL,
  agent_id          bigint,
  language          text NOT NULL CHECK (language IN ('es', 'en')),
  asked_message_id  bigint,
  asked_at          timestamptz NOT NULL DEFAULT now(),
  rating            smallint CHECK (rating BETWEEN 1 AND 5),
  rated_message_id  bigint,
  rated_at          timestamptz,
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
  FOREIGN KEY (tenant_id, agent_id) REFERENCES users (tenant_id, id),
  FOREIGN KEY (tenant_id, asked_message_id) REFERENCES messages (tenant_id, id),
  FOREIGN KEY (tenant_id, rated_message_id) REFERENCES messages (tenant_id, id),
  CHECK ((rating IS NULL) = (rated_at IS NULL)),
  UNIQUE (tenant_id, conversation_id)
);
-- The question waiting for an answer, found by the customer a reply comes from.
CREATE INDEX csat_ratings_waiting ON csat_ratings (tenant_id, customer_id, asked_at DESC)
  WHERE rating IS NULL;
CREATE INDEX csat_ratings_rated ON csat_ratings (tenant_id, rated_at) WHERE rating IS NOT NULL;
