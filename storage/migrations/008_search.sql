-- The inbox search `q` as index lookups instead of a scan of every conversation of the tenant:
-- trigram indexes answer the substring matches on the customer's name (ILIKE) and phone (LIKE),
-- and conversations by customer lead from the customers found to their conversations.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX customers_name_trgm ON customers USING gin (name gin_trgm_ops);
CREATE INDEX customers_phone_trgm ON customers USING gin (phone gin_trgm_ops);
CREATE INDEX conversations_customer ON conversations (tenant_id, customer_id);
