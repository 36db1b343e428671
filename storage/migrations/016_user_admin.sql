-- Running it for real companies: tenant admins manage their people, a platform operator manages
-- tenants. Nothing is deleted: users are deactivated, tenants suspended.
--
-- Roles: agent < supervisor < admin (of one tenant) < platform (the operator, who is also the
-- admin of its own tenant). A user's tokens carry token_version; raising it (sign out everywhere,
-- deactivation, a new password by link) makes every older token fail on its next request, as
-- does active = false or the tenant's suspension (docs/architecture.md, invariant 12).
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('agent', 'supervisor', 'admin', 'platform'));
ALTER TABLE users
  ADD COLUMN active boolean NOT NULL DEFAULT true,
  ADD COLUMN token_version integer NOT NULL DEFAULT 0 CHECK (token_version >= 0);

ALTER TABLE tenants ADD COLUMN suspended_at timestamptz;

-- The seeded operator (fresh databases get the role from the seed).
UPDATE users SET role = 'platform' WHERE email = 'admin@admin.com';

-- One-time set-password links (an invitation, or a new tenant's first admin). Only the SHA-256
-- of the random token is stored; a link is used once and expires.
CREATE TABLE password_tokens (
  token_hash  text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  tenant_id   bigint NOT NULL,
  user_id     bigint NOT NULL,
  created_by  bigint,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX password_tokens_user ON password_tokens (user_id) WHERE used_at IS NULL;
