-- Media of messages (docs/architecture.md §Media): photos, voice notes, videos, documents and
-- stickers customers send and agents attach, and the locations customers share. A message is
-- stored first; its media rows start 'fetching' in the same transaction and the media fetcher
-- downloads them after the webhook was acknowledged. The file lives content-addressed under the
-- data directory (media/<sha256[0:2]>/<sha256>); this row is the only way to it, so a file is
-- served to a tenant only through a row of that tenant.
CREATE TABLE media (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id          bigint NOT NULL REFERENCES tenants(id),
  message_id         bigint,
  channel_account_id bigint,
  direction          text NOT NULL CHECK (direction IN ('in', 'out')),
  kind               text NOT NULL
                     CHECK (kind IN ('image', 'audio', 'video', 'document', 'sticker', 'location')),
  ord                int NOT NULL DEFAULT 0,
  source_url         text,   -- Builderbot: the temporary URL of the attachment
  source_media_id    text,   -- WhatsApp Cloud: the media id resolved through Graph
  mime               text,
  size_bytes         bigint,
  sha256             text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  filename           text,
  latitude           double precision,
  longitude          double precision,
  place_name         text,
  status             text NOT NULL CHECK (status IN ('fetching', 'ready', 'failed')),
  error              text,
  attempts           int NOT NULL DEFAULT 0,
  next_attempt_at    timestamptz NOT NULL DEFAULT now(),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id),
  CHECK (status <> 'ready' OR kind = 'location' OR sha256 IS NOT NULL)
);
-- One row per attachment of a message: a message reprocessed after a crash adds none twice.
CREATE UNIQUE INDEX media_message_ord ON media (tenant_id, message_id, ord);
-- The fetcher's queue: only rows waiting for a download.
CREATE INDEX media_due ON media (next_attempt_at) WHERE status = 'fetching';

-- What the API, the live events and the dashboard show of a media row: one definition.
CREATE FUNCTION media_descriptor(m media) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_strip_nulls(jsonb_build_object(
    'id', m.id, 'message_id', m.message_id, 'kind', m.kind, 'status', m.status,
    'mime', m.mime, 'size', m.size_bytes, 'filename', m.filename, 'error', m.error,
    'url', CASE WHEN m.kind <> 'location' THEN '/api/v1/media/' || m.id END,
    'latitude', m.latitude, 'longitude', m.longitude, 'name', m.place_name))
$$;

-- The media of one message as a JSON array, in their order.
CREATE FUNCTION message_media(p_tenant bigint, p_message bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT coalesce(jsonb_agg(media_descriptor(m) ORDER BY m.ord), '[]'::jsonb)
  FROM media m WHERE m.tenant_id = p_tenant AND m.message_id = p_message
$$;
