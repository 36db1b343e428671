-- Contacts: what agents keep about a customer (notes, custom attributes), and merging two
-- customers into one. The merged customer's row stays as a tombstone pointing at the one it was
-- merged into, so that its phone number keeps identifying the person: a new message from it
-- joins the surviving customer's conversation (storage/message_repo.cpp follows the pointer).
-- Its other rows (conversations, tickets, calls, shipments, invoices, quotes) move to the
-- surviving customer in the merge's transaction (storage/customer_merge.cpp).
ALTER TABLE customers
  ADD COLUMN notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
  ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}'::jsonb
    CHECK (jsonb_typeof(attributes) = 'object'),
  ADD COLUMN merged_into_id bigint,
  ADD FOREIGN KEY (tenant_id, merged_into_id) REFERENCES customers (tenant_id, id),
  ADD CHECK (merged_into_id IS NULL OR merged_into_id <> id);

CREATE INDEX customers_email_trgm ON customers USING gin (email gin_trgm_ops);
CREATE INDEX customers_recent ON customers (tenant_id, id DESC) WHERE merged_into_id IS NULL;
CREATE INDEX call_sessions_customer ON call_sessions (tenant_id, customer_id) WHERE customer_id IS NOT NULL;
