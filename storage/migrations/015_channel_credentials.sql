-- Each channel account holds its own credentials (docs/architecture.md): the secret ones sealed
-- with the server's key (XChaCha20-Poly1305, common/secret_box.hpp) in `secrets`, a JSON object
-- sealed as a whole and bound to the account key; the others (API URL, bot id, phone number id)
-- in `config`. SQL cannot seal, so the plaintext columns webhook_secret and verify_token stay as
-- an intake only: `centralita migrate`, `seed` and `serve` seal whatever they find there into
-- `secrets` and clear it, in one transaction (storage/channel_credentials.hpp).
ALTER TABLE channel_accounts
  ADD COLUMN enabled boolean NOT NULL DEFAULT true,
  ADD COLUMN secrets text CHECK (secrets IS NULL OR secrets LIKE 'v1.%'),
  -- The last 4 characters of each secret that is set ("" when it is too short to show any).
  ADD COLUMN secret_hints jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- The last credentials test or provider refusal: {"ok":bool,"message":text,"at":time}.
  ADD COLUMN last_check jsonb;

-- An OpenAI-compatible LLM account of a tenant holds its own API key too.
ALTER TABLE channel_accounts DROP CONSTRAINT channel_accounts_provider_check;
ALTER TABLE channel_accounts ADD CONSTRAINT channel_accounts_provider_check
  CHECK (provider IN ('builderbot', 'elevenlabs', 'whatsapp_cloud', 'aftership', '17track', 'openai'));
