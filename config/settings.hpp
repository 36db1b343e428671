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
  std::string database_url;        ///< DATABASE_URL (required to serve)
  std::string jwt_secret;          ///< JWT_SECRET
  std::string bind = "127.0.0.1";  ///< CENTRALITA_BIND
  uint16_t api_port = 8080;        ///< CENTRALITA_API_PORT
  uint16_t gateway_port = 8081;    ///< CENTRALITA_GATEWAY_PORT
  std::string cors_origin;         ///< CORS_ORIGIN (empty: same origin only)
  std::string log_level = "info";  ///< LOG_LEVEL
  /// CENTRALITA_WEB_DIR: the dashboard's files; by default the source tree's web/ (compiled in).
  std::string web_dir;
  /// CENTRALITA_DATA_DIR: files the server keeps (call recordings under call_audio/), relative
  /// to the working directory unless absolute; created when missing.
  std::string data_dir = "var";
  /// CENTRALITA_CALL_BODY_MAX_BYTES: largest ElevenLabs post-call body (a base64 recording).
  int call_body_max_bytes = 32 * 1024 * 1024;

  std::string builderbot_api_url;                                   ///< BUILDERBOT_API_URL
  std::string builderbot_api_key;                                   ///< BUILDERBOT_API_KEY
  std::string builderbot_bot_id;                                    ///< BUILDERBOT_BOT_ID
  std::string elevenlabs_api_key;                                   ///< ELEVENLABS_API_KEY
  std::string elevenlabs_agent_id;                                  ///< ELEVENLABS_AGENT_ID
  std::string elevenlabs_webhook_secret = "dev_elevenlabs_secret";  ///< ELEVENLABS_WEBHOOK_SECRET
  std::string openai_api_key;                                       ///< OPENAI_API_KEY
  std::string openai_base_url = "https://api.openai.com/v1";        ///< OPENAI_BASE_URL
  std::string openai_chat_model = "gpt-4o-mini";                    ///< OPENAI_CHAT_MODEL
  std::string openai_embedding_model = "text-embedding-3-small";    ///< OPENAI_EMBEDDING_MODEL
  int openai_timeout_ms = 8000;  ///< OPENAI_TIMEOUT_MS: one LLM request, retries included
  /// CENTRALITA_EMBEDDER: local (default) or openai (needs OPENAI_API_KEY); switching re-embeds.
  std::string embedder = "local";
  std::string tracking_provider = "demo";  ///< TRACKING_PROVIDER: demo | aftership | 17track
  std::string aftership_api_key;           ///< AFTERSHIP_API_KEY
  std::string seventeentrack_api_key;      ///< SEVENTEENTRACK_API_KEY

  int io_threads = 2;              ///< CENTRALITA_IO_THREADS: Beast I/O threads
  int actor_threads = 2;           ///< CENTRALITA_ACTOR_THREADS: CAF scheduler workers
  int ingest_writers = 4;          ///< CENTRALITA_INGEST_WRITERS: group-commit writers
  int ingest_batch_max = 1000;     ///< CENTRALITA_INGEST_BATCH_MAX: webhooks per transaction
  int process_writers = 2;         ///< CENTRALITA_PROCESS_WRITERS: message writers
  int ai_workers = 2;              ///< CENTRALITA_AI_WORKERS: autopilot shards
  std::string triage_model;        ///< CENTRALITA_TRIAGE_MODEL: model file (else built in)
  int idempotency_window_s = 600;  ///< CENTRALITA_IDEMPOTENCY_WINDOW_S: body-hash dedup window
  double account_rate = 20000;     ///< CENTRALITA_ACCOUNT_RATE: webhooks/s per account
  double account_burst = 40000;    ///< CENTRALITA_ACCOUNT_BURST: token bucket size
  int request_timeout_ms = 10000;  ///< CENTRALITA_REQUEST_TIMEOUT_MS: ack deadline
  int read_timeout_ms = 15000;     ///< CENTRALITA_READ_TIMEOUT_MS: one request's read
  int idle_timeout_ms = 60000;     ///< CENTRALITA_IDLE_TIMEOUT_MS: keep-alive idle
  int conversation_idle_s = 300;   ///< CENTRALITA_CONVERSATION_IDLE_S: passivation
  int restart_intensity = 10;      ///< CENTRALITA_RESTART_INTENSITY: restarts per window
  int restart_window_s = 60;       ///< CENTRALITA_RESTART_WINDOW_S

  // Outbound sends (the outbox sender).
  int builderbot_connect_timeout_ms = 3000;  ///< BUILDERBOT_CONNECT_TIMEOUT_MS
  int builderbot_timeout_ms = 10000;         ///< BUILDERBOT_TIMEOUT_MS: one send's request
  int outbox_senders = 2;              ///< CENTRALITA_OUTBOX_SENDERS: concurrent sending actors
  int outbox_max_attempts = 10;        ///< CENTRALITA_OUTBOX_MAX_ATTEMPTS: then dead letter
  int outbox_backoff_ms = 1000;        ///< CENTRALITA_OUTBOX_BACKOFF_MS: first retry delay
  int outbox_backoff_max_ms = 300000;  ///< CENTRALITA_OUTBOX_BACKOFF_MAX_MS: longest delay
  int outbox_lease_s = 60;             ///< CENTRALITA_OUTBOX_LEASE_S: a claimed send's lease
  int outbox_sweep_ms = 1000;          ///< CENTRALITA_OUTBOX_SWEEP_MS: looking for due retries
};

/// Reads and validates; the error names the bad key and says what is wrong.
result<settings> load(const lookup& get);

/// A look-up over the process environment and the CENTRALITA_CONFIG file, if any.
lookup environment();

}  // namespace centralita::config
