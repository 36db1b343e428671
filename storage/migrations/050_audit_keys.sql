-- The audit trail is read one tenant at a time, newest first by id, optionally for one entity
-- (storage/audit_query.cpp). The primary key (tenant_id, id) serves that page and identifies the
-- row, in place of a key on id alone and an index by time that no query reads; the entity index
-- carries the id so that its pages come in order too. Every audited change (two per customer
-- message under the AI) writes one index entry less.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey;
ALTER TABLE audit_log ADD PRIMARY KEY (tenant_id, id);
DROP INDEX audit_log_recent;
DROP INDEX audit_log_entity;
CREATE INDEX audit_log_entity ON audit_log (tenant_id, entity_type, entity_id, id);
