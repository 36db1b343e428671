-- A conversation's pending drafts are what a newer message of it supersedes (storage/ai_repo.cpp),
-- and the pending drafts of a tenant are what the dashboard counts and lists. One partial index by
-- conversation serves both, in place of the one by creation time that no query ordered by: a
-- supersede then reads the conversation's pending drafts only, not every draft it ever had.
DROP INDEX suggestions_pending;
CREATE INDEX suggestions_pending ON suggestions (tenant_id, conversation_id, id)
  WHERE status = 'pending';
