-- Reasons an agent reads in their own language, and one live draft per conversation
-- (docs/architecture.md §AI).

-- A decision's reason as a code and its parameters, which the dashboard translates. Rows
-- written before keep their English text in `reason` and have no code.
ALTER TABLE ai_decisions ADD COLUMN reason_code text CHECK (reason_code ~ '^[a-z][a-z_.]{0,63}$'),
  ADD COLUMN reason_params jsonb CHECK (reason_params IS NULL OR jsonb_typeof(reason_params) = 'object');
ALTER TABLE suggestions ADD COLUMN reason_code text CHECK (reason_code ~ '^[a-z][a-z_.]{0,63}$'),
  ADD COLUMN reason_params jsonb CHECK (reason_params IS NULL OR jsonb_typeof(reason_params) = 'object');

-- A newer customer message supersedes the conversation's pending drafts: kept, marked
-- superseded (decided_at is when), and still approvable after the agent confirms.
ALTER TABLE suggestions DROP CONSTRAINT suggestions_status_check;
ALTER TABLE suggestions ADD CONSTRAINT suggestions_status_check
  CHECK (status IN ('pending', 'approved', 'rejected', 'superseded'));
