#pragma once
// Every setting of the server, with its default, read from the environment (and optionally a
// KEY=VALUE file named by CENTRALITA_CONFIG, which the environment overrides).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "common/result.hpp"

namespace centralita::config {

/// Where the values come from: a look-up by key, e.g. the process environment.
using lookup = std::function<std::optional<std::string>(const std::string& key)>;

/// The server's settings after validation.
struct settings {
  std::string database_url;  ///< DATABASE_URL (required to serve)
  std::string jwt_secret;    ///< JWT_SECRET
  /// CENTRALITA_SECRET_KEY: the key channel secrets are sealed with (64 hex digits or base64
  /// of 32 bytes); empty: the key file `var/secret_key`, created at first need.
  std::string secret_key;
  /// CENTRALITA_SECRET_KEY_PREVIOUS: older keys, comma-separated, still opened during a rotation.
  std::string secret_key_previous;
  std::string bind = "127.0.0.1";  ///< CENTRALITA_BIND
  uint16_t api_port = 8080;        ///< CENTRALITA_API_PORT
  uint16_t gateway_port = 8081;    ///< CENTRALITA_GATEWAY_PORT
  std::string cors_origin;         ///< CORS_ORIGIN (empty: same origin only)
  std::string log_level = "info";  ///< LOG_LEVEL
  /// CENTRALITA_METRICS_TOKEN: the bearer token `GET /metrics` asks for (empty: none asked).
  std::string metrics_token;
  /// CENTRALITA_WEB_DIR: the dashboard's files; by default the source tree's web/ (compiled in).
  std::string web_dir;
  /// CENTRALITA_DATA_DIR: files the server keeps (call recordings under call_audio/), relative
  /// to the working directory unless absolute; created when missing.
  std::string data_dir = "var";
  /// CENTRALITA_CALL_BODY_MAX_BYTES: largest ElevenLabs post-call body (a base64 recording).
  int call_body_max_bytes = 32 * 1024 * 1024;
  /// CENTRALITA_MEDIA_MAX_BYTES: largest media file fetched from a provider or uploaded by an
  /// agent (WhatsApp's own cap is 16 MiB for most types).
  int media_max_bytes = 16 * 1024 * 1024;
  /// CENTRALITA_MEDIA_FETCHERS: actors downloading inbound media after the acknowledgment.
  int media_fetchers = 2;
  int media_fetch_timeout_ms = 30000;  ///< CENTRALITA_MEDIA_FETCH_TIMEOUT_MS: one download
  int media_fetch_attempts = 5;        ///< CENTRALITA_MEDIA_FETCH_ATTEMPTS: then failed
  int media_backoff_ms = 2000;         ///< CENTRALITA_MEDIA_BACKOFF_MS: first retry delay
  /// CENTRALITA_MEDIA_ALLOW_PRIVATE=1: media URLs may point at loopback and private networks
  /// (a provider on the same network, the tests' fake servers). Off by default, so a hostile
  /// attachment URL cannot reach this machine or its network.
  bool media_allow_private = false;
  /// CENTRALITA_PUBLIC_URL: the gateway's address as providers reach it, for the signed media
  /// links Builderbot downloads (empty: http://<bind>:<gateway port>).
  std::string public_url;
  int media_link_ttl_s = 3600;  ///< CENTRALITA_MEDIA_LINK_TTL_S: how long a signed link works

  std::string builderbot_api_url;                                   ///< BUILDERBOT_API_URL
  std::string builderbot_api_key;                                   ///< BUILDERBOT_API_KEY
  std::string builderbot_bot_id;                                    ///< BUILDERBOT_BOT_ID
  std::string elevenlabs_api_key;                                   ///< ELEVENLABS_API_KEY
  std::string elevenlabs_agent_id;                                  ///< ELEVENLABS_AGENT_ID
  std::string elevenlabs_webhook_secret = "dev_elevenlabs_secret";  ///< ELEVENLABS_WEBHOOK_SECRET
  /// WhatsApp Cloud API sends: demo mode until the token and phone number id are both set.
  std::string whatsapp_cloud_api_url = "https://graph.facebook.com";  ///< WHATSAPP_CLOUD_API_URL
  std::string whatsapp_cloud_api_version = "v21.0";  ///< WHATSAPP_CLOUD_API_VERSION
  std::string whatsapp_cloud_access_token;           ///< WHATSAPP_CLOUD_ACCESS_TOKEN
  std::string whatsapp_cloud_phone_number_id;        ///< WHATSAPP_CLOUD_PHONE_NUMBER_ID
  /// WHATSAPP_CLOUD_APP_SECRET, WHATSAPP_CLOUD_VERIFY_TOKEN: the seeded demo account's.
  std::string whatsapp_cloud_app_secret = "dev_whatsapp_app_secret";
  std::string whatsapp_cloud_verify_token = "dev_whatsapp_verify_token";
  std::string openai_api_key;                                     ///< OPENAI_API_KEY
  std::string openai_base_url = "https://api.openai.com/v1";      ///< OPENAI_BASE_URL
  std::string openai_chat_model = "gpt-4o-mini";                  ///< OPENAI_CHAT_MODEL
  std::string openai_embedding_model = "text-embedding-3-small";  ///< OPENAI_EMBEDDING_MODEL
  int openai_timeout_ms = 8000;  ///< OPENAI_TIMEOUT_MS: one LLM request, retries included
  /// CENTRALITA_EMBEDDER: local (default) or openai (needs OPENAI_API_KEY); switching re-embeds.
  std::string embedder = "local";
  std::string tracking_provider = "demo";  ///< TRACKING_PROVIDER: demo | aftership | 17track
  std::string aftership_api_key;           ///< AFTERSHIP_API_KEY
  std::string seventeentrack_api_key;      ///< SEVENTEENTRACK_API_KEY
  std::string aftership_api_url = "https://api.aftership.com";  ///< AFTERSHIP_API_URL
  /// SEVENTEENTRACK_API_URL
  std::string seventeentrack_api_url = "https://api.17track.net/track/v2.2";
  /// CENTRALITA_TRACKING_REFRESH_S: how long a shipment on its way waits between refreshes.
  int tracking_refresh_s = 900;

  int io_threads = 2;           ///< CENTRALITA_IO_THREADS: Beast I/O threads of the API
  int gateway_io_threads = 2;   ///< CENTRALITA_GATEWAY_IO_THREADS: of the webhooks
  int actor_threads = 2;        ///< CENTRALITA_ACTOR_THREADS: CAF scheduler workers
  int ingest_writers = 4;       ///< CENTRALITA_INGEST_WRITERS: group-commit writers
  int ingest_batch_max = 1000;  ///< CENTRALITA_INGEST_BATCH_MAX: webhooks per transaction
  int process_writers = 2;      ///< CENTRALITA_PROCESS_WRITERS: message writers
  int ai_workers = 2;           ///< CENTRALITA_AI_WORKERS: autopilot shards
  /// CENTRALITA_LIVE_INTERVAL_MS: least time between two publishes of live events.
  int live_interval_ms = 20;
  /// CENTRALITA_CLUSTER_PACING: 1 stretches the batch lingers with the nodes alive
  /// (actors/batch_linger.hpp), 0 keeps one node's lingers whatever the cluster.
  int cluster_pacing = 1;
  std::string triage_model;  ///< CENTRALITA_TRIAGE_MODEL: model file (else built in)
  /// CENTRALITA_IDEMPOTENCY_WINDOW_S: how long the same body from the same sender is a provider's
  /// retry (long enough for a quick redelivery, short enough for a person repeating "ok").
  int idempotency_window_s = 30;
  /// CENTRALITA_PRESENCE_AWAY_S: how long after their last dashboard socket closed an agent
  /// stops being assigned conversations (docs/architecture.md §Presence).
  int presence_away_s = 60;
  /// CENTRALITA_TEMPLATE_SYNC_S: how often WhatsApp Cloud templates are synced from Graph.
  int template_sync_s = 3600;
  double account_rate = 20000;     ///< CENTRALITA_ACCOUNT_RATE: webhooks/s per account
  double account_burst = 40000;    ///< CENTRALITA_ACCOUNT_BURST: token bucket size
  int request_timeout_ms = 10000;  ///< CENTRALITA_REQUEST_TIMEOUT_MS: ack deadline
  int read_timeout_ms = 15000;     ///< CENTRALITA_READ_TIMEOUT_MS: one request's read
  int idle_timeout_ms = 60000;     ///< CENTRALITA_IDLE_TIMEOUT_MS: keep-alive idle
  int conversation_idle_s = 300;   ///< CENTRALITA_CONVERSATION_IDLE_S: passivation
  int restart_intensity = 10;      ///< CENTRALITA_RESTART_INTENSITY: restarts per window
  int restart_window_s = 60;       ///< CENTRALITA_RESTART_WINDOW_S

  // Outbound sends (the outbox sender).
  int builderbot_connect_timeout_ms = 3000;      ///< BUILDERBOT_CONNECT_TIMEOUT_MS
  int builderbot_timeout_ms = 10000;             ///< BUILDERBOT_TIMEOUT_MS: one send's request
  int whatsapp_cloud_connect_timeout_ms = 3000;  ///< WHATSAPP_CLOUD_CONNECT_TIMEOUT_MS
  int whatsapp_cloud_timeout_ms = 10000;         ///< WHATSAPP_CLOUD_TIMEOUT_MS
  int outbox_senders = 2;              ///< CENTRALITA_OUTBOX_SENDERS: concurrent sending actors
  int outbox_max_attempts = 10;        ///< CENTRALITA_OUTBOX_MAX_ATTEMPTS: then dead letter
  int outbox_backoff_ms = 1000;        ///< CENTRALITA_OUTBOX_BACKOFF_MS: first retry delay
  int outbox_backoff_max_ms = 300000;  ///< CENTRALITA_OUTBOX_BACKOFF_MAX_MS: longest delay
  int outbox_lease_s = 60;             ///< CENTRALITA_OUTBOX_LEASE_S: a claimed send's lease
  int outbox_sweep_ms = 1000;          ///< CENTRALITA_OUTBOX_SWEEP_MS: looking for due retries

  // Scheduled jobs.
  int retention_days = 30;  ///< CENTRALITA_RETENTION_DAYS: raw webhook payloads kept (0: forever)

  // Outbound calls (ElevenLabs' outbound-call API; demo mode without ELEVENLABS_API_KEY).
  std::string elevenlabs_api_url = "https://api.elevenlabs.io";  ///< ELEVENLABS_API_URL
  std::string elevenlabs_phone_number_id;    ///< ELEVENLABS_PHONE_NUMBER_ID: the calling number
  int elevenlabs_connect_timeout_ms = 3000;  ///< ELEVENLABS_CONNECT_TIMEOUT_MS
  int elevenlabs_timeout_ms = 10000;         ///< ELEVENLABS_TIMEOUT_MS: starting one call
};

/// The longest one send may take with any provider (connect plus request timeouts; WhatsApp
/// Cloud's only when its token is set).
int64_t longest_send_ms(const settings& s);

/// Reads and validates; the error names the bad key and says what is wrong.
result<settings> load(const lookup& get);

/// A look-up over the process environment and the CENTRALITA_CONFIG file, if any.
lookup environment();

}  // namespace centralita::config
