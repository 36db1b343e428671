-- UNIQUE (tenant_id, id) exists to be the target of other tables' (tenant_id, x_id) keys.
-- Nothing references these four, and their primary key on id already makes the pair unique,
-- yet each cost an index entry per row; a customer message writes a decision, a suggestion and
-- often a quote.
ALTER TABLE ai_decisions DROP CONSTRAINT ai_decisions_tenant_id_id_key;
ALTER TABLE suggestions DROP CONSTRAINT suggestions_tenant_id_id_key;
ALTER TABLE quotes DROP CONSTRAINT quotes_tenant_id_id_key;
ALTER TABLE outbox DROP CONSTRAINT outbox_tenant_id_id_key;
