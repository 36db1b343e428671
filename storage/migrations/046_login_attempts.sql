-- Login attempts, counted here so that the limits on password guessing hold across every node
-- of a cluster (net/login_limiter.hpp). One row per attempt and key: "e:" and the SHA-256 of
-- the e-mail (no address of a stranger is stored), or "i:" and the client's address. Rows older
-- than the window are deleted by the next attempt.
CREATE TABLE login_attempts (
  id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key  text NOT NULL CHECK (length(key) BETWEEN 3 AND 80),
  at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_key_at ON login_attempts (key, at);
CREATE INDEX login_attempts_at ON login_attempts (at);
