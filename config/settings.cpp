#include "config/settings.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <utility>

#include "common/secret_box.hpp"

#ifndef CENTRALITA_DEFAULT_WEB_DIR
#define CENTRALITA_DEFAULT_WEB_DIR "web"
#endif

namespace centralita::config {

namespace {

error bad(const std::string& key, const std::string& what) {
  return make_error(errc::invalid_input, "configuration " + key + ": " + what, "bad_config");
}

// Readers set a field from a key when present; they return an error naming the key.
struct reader {
  const lookup& get;
  std::optional<error> failure;

  void text(const std::string& key, std::string& out) {
    if (auto v = get(key)) out = *v;
  }

  void integer(const std::string& key, int& out, long lo, long hi) {
    auto v = get(key);
    if (!v || failure) return;
    char* end = nullptr;
    long n = std::strtol(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0' || n < lo || n > hi) {
      failure = bad(key, "must be an integer from " + std::to_string(lo) + " to " +
                             std::to_string(hi) + ", got '" + *v + "'");
      return;
    }
    out = static_cast<int>(n);
  }

  void port(const std::string& key, uint16_t& out) {
    int n = out;
    integer(key, n, 0, 65535);
    out = static_cast<uint16_t>(n);
  }

  void number(const std::string& key, double& out, double lo) {
    auto v = get(key);
    if (!v || failure) return;
    char* end = nullptr;
    double n = std::strtod(v->c_str(), &end);
    if (v->empty() || *end != '\0' || !(n >= lo)) {
      failure =
          bad(key, "must be a number of at least " + std::to_string(lo) + ", got '" + *v + "'");
      return;
    }
    out = n;
  }
};

// The keys must parse now: a typo found at the first send would be found too late.
std::optional<error> check_secret_keys(const settings& s) {
  if (!s.secret_key.empty()) {
    if (auto k = parse_secret_key(s.secret_key); !k) {
      return bad("CENTRALITA_SECRET_KEY", k.error().message);
    }
  }
  std::string_view rest = s.secret_key_previous;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    auto one = rest.substr(0, comma);
    if (!one.empty() && !parse_secret_key(one)) {
      return bad("CENTRALITA_SECRET_KEY_PREVIOUS",
                 "each comma-separated key must be 32 bytes as 64 hex digits or base64");
    }
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  }
  return std::nullopt;
}

// Builderbot sends need a key and a bot id together; the URL defaults to Builderbot Cloud. A
// lease shorter than one send's worst case would let a second sender claim a row mid-send.
std::optional<error> check_outbound(settings& s) {
  if (s.builderbot_api_key.empty()) {
    if (!s.builderbot_api_url.empty()) {
      return bad("BUILDERBOT_API_KEY", "is required when BUILDERBOT_API_URL is set");
    }
  } else {
    if (s.builderbot_bot_id.empty()) {
      return bad("BUILDERBOT_BOT_ID", "is required when BUILDERBOT_API_KEY is set");
    }
    if (s.builderbot_bot_id.find_first_of("/?#% ") != std::string::npos) {
      return bad("BUILDERBOT_BOT_ID", "must not contain '/', '?', '#', '%' or spaces");
    }
    if (s.builderbot_api_url.empty()) s.builderbot_api_url = "https://app.builderbot.cloud";
  }
  const auto& url = s.builderbot_api_url;
  if (!url.empty() && url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    return bad("BUILDERBOT_API_URL", "must be an http:// or https:// URL");
  }
  if (int64_t{s.outbox_lease_s} * 1000 <= longest_send_ms(s)) {
    return bad("CENTRALITA_OUTBOX_LEASE_S",
               "must be longer than a send's connect and request timeouts (BUILDERBOT_* and "
               "WHATSAPP_CLOUD_*_TIMEOUT_MS)");
  }
  if (s.outbox_backoff_max_ms < s.outbox_backoff_ms) {
    return bad("CENTRALITA_OUTBOX_BACKOFF_MAX_MS", "must be at least CENTRALITA_OUTBOX_BACKOFF_MS");
  }
  return std::nullopt;
}

// The configured tracking provider needs its key; both URLs must be http(s) whichever is used.
std::optional<error> check_tracking(const settings& s) {
  if (s.tracking_provider != "demo" && s.tracking_provider != "aftership" &&
      s.tracking_provider != "17track") {
    return bad("TRACKING_PROVIDER", "must be demo, aftership or 17track");
  }
  for (const auto& [key, url] : {std::pair{"AFTERSHIP_API_URL", &s.aftership_api_url},
                                 std::pair{"SEVENTEENTRACK_API_URL", &s.seventeentrack_api_url}}) {
    if (url->rfind("http://", 0) != 0 && url->rfind("https://", 0) != 0) {
      return bad(key, "must be an http:// or https:// URL");
    }
  }
  if (s.tracking_provider == "aftership" && s.aftership_api_key.empty()) {
    return bad("AFTERSHIP_API_KEY", "is required when TRACKING_PROVIDER is aftership");
  }
  if (s.tracking_provider == "17track" && s.seventeentrack_api_key.empty()) {
    return bad("SEVENTEENTRACK_API_KEY", "is required when TRACKING_PROVIDER is 17track");
  }
  return std::nullopt;
}

bool all_digits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// The Graph API needs the token and the phone number id together; the version is a path
// segment such as v21.0.
std::optional<error> check_whatsapp_cloud(const settings& s) {
  if (!s.whatsapp_cloud_access_token.empty() && s.whatsapp_cloud_phone_number_id.empty()) {
    return bad("WHATSAPP_CLOUD_PHONE_NUMBER_ID",
               "is required when WHATSAPP_CLOUD_ACCESS_TOKEN is set");
  }
  if (s.whatsapp_cloud_access_token.empty() && !s.whatsapp_cloud_phone_number_id.empty()) {
    return bad("WHATSAPP_CLOUD_ACCESS_TOKEN",
               "is required when WHATSAPP_CLOUD_PHONE_NUMBER_ID is set");
  }
  if (!s.whatsapp_cloud_phone_number_id.empty() && (!all_digits(s.whatsapp_cloud_phone_number_id) ||
                                                    s.whatsapp_cloud_phone_number_id.size() > 32)) {
    return bad("WHATSAPP_CLOUD_PHONE_NUMBER_ID", "must be the numeric id Meta shows (digits only)");
  }
  const auto& v = s.whatsapp_cloud_api_version;
  auto dot = v.find('.');
  if (v.size() > 16 || v.rfind('v', 0) != 0 || dot == std::string::npos ||
      !all_digits(v.substr(1, dot - 1)) || !all_digits(v.substr(dot + 1))) {
    return bad("WHATSAPP_CLOUD_API_VERSION", "must look like v21.0, got '" + v + "'");
  }
  const auto& url = s.whatsapp_cloud_api_url;
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    return bad("WHATSAPP_CLOUD_API_URL", "must be an http:// or https:// URL");
  }
  if (s.whatsapp_cloud_app_secret.empty()) {
    return bad("WHATSAPP_CLOUD_APP_SECRET", "must not be empty");
  }
  if (s.whatsapp_cloud_verify_token.empty()) {
    return bad("WHATSAPP_CLOUD_VERIFY_TOKEN", "must not be empty");
  }
  return std::nullopt;
}

// Outbound calls need the agent and its phone number id with the key; no key is the demo mode.
std::optional<error> check_calls(const settings& s) {
  if (!s.elevenlabs_api_key.empty()) {
    if (s.elevenlabs_agent_id.empty()) {
      return bad("ELEVENLABS_AGENT_ID", "is required when ELEVENLABS_API_KEY is set");
    }
    if (s.elevenlabs_phone_number_id.empty()) {
      return bad("ELEVENLABS_PHONE_NUMBER_ID", "is required when ELEVENLABS_API_KEY is set");
    }
  }
  const auto& url = s.elevenlabs_api_url;
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    return bad("ELEVENLABS_API_URL", "must be an http:// or https:// URL");
  }
  return std::nullopt;
}

// The LLM is optional; when a key is set its URL and models must be usable, and the OpenAI
// embedder needs the key.
std::optional<error> check_openai(const settings& s) {
  const auto& url = s.openai_base_url;
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    return bad("OPENAI_BASE_URL", "must be an http:// or https:// URL");
  }
  if (url.find_first_of("?# ") != std::string::npos) {
    return bad("OPENAI_BASE_URL", "must not contain a query, a fragment or spaces");
  }
  auto model_ok = [](const std::string& m) {
    return !m.empty() && m.size() <= 200 && m.find_first_of("\"\r\n\t ") == std::string::npos;
  };
  if (!model_ok(s.openai_chat_model)) {
    return bad("OPENAI_CHAT_MODEL", "must be a model name (no spaces or quotes)");
  }
  if (!model_ok(s.openai_embedding_model)) {
    return bad("OPENAI_EMBEDDING_MODEL", "must be a model name (no spaces or quotes)");
  }
  if (s.embedder != "local" && s.embedder != "openai") {
    return bad("CENTRALITA_EMBEDDER", "must be local or openai");
  }
  if (s.embedder == "openai" && s.openai_api_key.empty()) {
    return bad("CENTRALITA_EMBEDDER", "openai needs OPENAI_API_KEY");
  }
  return std::nullopt;
}

}  // namespace

int64_t longest_send_ms(const settings& s) {
  int64_t longest = int64_t{s.builderbot_connect_timeout_ms} + s.builderbot_timeout_ms;
  // Without a token WhatsApp Cloud replies go through the demo sender, which never waits.
  if (s.whatsapp_cloud_access_token.empty()) return longest;
  return std::max(longest,
                  int64_t{s.whatsapp_cloud_connect_timeout_ms} + s.whatsapp_cloud_timeout_ms);
}

result<settings> load(const lookup& get) {
  settings s;
  s.web_dir = CENTRALITA_DEFAULT_WEB_DIR;
  reader r{get, std::nullopt};
  r.text("DATABASE_URL", s.database_url);
  r.text("JWT_SECRET", s.jwt_secret);
  r.text("CENTRALITA_SECRET_KEY", s.secret_key);
  r.text("CENTRALITA_SECRET_KEY_PREVIOUS", s.secret_key_previous);
  r.text("CENTRALITA_BIND", s.bind);
  r.port("CENTRALITA_API_PORT", s.api_port);
  r.port("CENTRALITA_GATEWAY_PORT", s.gateway_port);
  r.text("CORS_ORIGIN", s.cors_origin);
  r.text("LOG_LEVEL", s.log_level);
  r.text("CENTRALITA_METRICS_TOKEN", s.metrics_token);
  const bool web_dir_given = get("CENTRALITA_WEB_DIR").has_value();
  r.text("CENTRALITA_WEB_DIR", s.web_dir);
  r.text("CENTRALITA_DATA_DIR", s.data_dir);
  r.text("BUILDERBOT_API_URL", s.builderbot_api_url);
  r.text("BUILDERBOT_API_KEY", s.builderbot_api_key);
  r.text("BUILDERBOT_BOT_ID", s.builderbot_bot_id);
  r.text("ELEVENLABS_API_KEY", s.elevenlabs_api_key);
  r.text("ELEVENLABS_AGENT_ID", s.elevenlabs_agent_id);
  r.text("ELEVENLABS_WEBHOOK_SECRET", s.elevenlabs_webhook_secret);
  r.text("WHATSAPP_CLOUD_API_URL", s.whatsapp_cloud_api_url);
  r.text("WHATSAPP_CLOUD_API_VERSION", s.whatsapp_cloud_api_version);
  r.text("WHATSAPP_CLOUD_ACCESS_TOKEN", s.whatsapp_cloud_access_token);
  r.text("WHATSAPP_CLOUD_PHONE_NUMBER_ID", s.whatsapp_cloud_phone_number_id);
  r.text("WHATSAPP_CLOUD_APP_SECRET", s.whatsapp_cloud_app_secret);
  r.text("WHATSAPP_CLOUD_VERIFY_TOKEN", s.whatsapp_cloud_verify_token);
  r.text("ELEVENLABS_API_URL", s.elevenlabs_api_url);
  r.text("ELEVENLABS_PHONE_NUMBER_ID", s.elevenlabs_phone_number_id);
  r.integer("ELEVENLABS_CONNECT_TIMEOUT_MS", s.elevenlabs_connect_timeout_ms, 100, 60000);
  r.integer("ELEVENLABS_TIMEOUT_MS", s.elevenlabs_timeout_ms, 100, 120000);
  r.text("OPENAI_API_KEY", s.openai_api_key);
  r.text("OPENAI_BASE_URL", s.openai_base_url);
  r.text("OPENAI_CHAT_MODEL", s.openai_chat_model);
  r.text("OPENAI_EMBEDDING_MODEL", s.openai_embedding_model);
  r.integer("OPENAI_TIMEOUT_MS", s.openai_timeout_ms, 100, 120000);
  r.text("CENTRALITA_EMBEDDER", s.embedder);
  r.text("TRACKING_PROVIDER", s.tracking_provider);
  r.text("AFTERSHIP_API_KEY", s.aftership_api_key);
  r.text("SEVENTEENTRACK_API_KEY", s.seventeentrack_api_key);
  r.text("AFTERSHIP_API_URL", s.aftership_api_url);
  r.text("SEVENTEENTRACK_API_URL", s.seventeentrack_api_url);
  r.integer("CENTRALITA_TRACKING_REFRESH_S", s.tracking_refresh_s, 1, 7 * 86400);
  r.integer("CENTRALITA_CALL_BODY_MAX_BYTES", s.call_body_max_bytes, 1024 * 1024,
            256 * 1024 * 1024);
  r.integer("CENTRALITA_MEDIA_MAX_BYTES", s.media_max_bytes, 1024, 100 * 1024 * 1024);
  r.integer("CENTRALITA_MEDIA_FETCHERS", s.media_fetchers, 1, 16);
  r.integer("CENTRALITA_MEDIA_FETCH_TIMEOUT_MS", s.media_fetch_timeout_ms, 100, 600000);
  r.integer("CENTRALITA_MEDIA_FETCH_ATTEMPTS", s.media_fetch_attempts, 1, 50);
  r.integer("CENTRALITA_MEDIA_BACKOFF_MS", s.media_backoff_ms, 1, 3600000);
  int allow_private = s.media_allow_private ? 1 : 0;
  r.integer("CENTRALITA_MEDIA_ALLOW_PRIVATE", allow_private, 0, 1);
  s.media_allow_private = allow_private == 1;
  r.text("CENTRALITA_PUBLIC_URL", s.public_url);
  r.integer("CENTRALITA_MEDIA_LINK_TTL_S", s.media_link_ttl_s, 60, 7 * 86400);
  r.integer("CENTRALITA_IO_THREADS", s.io_threads, 1, 64);
  r.integer("CENTRALITA_GATEWAY_IO_THREADS", s.gateway_io_threads, 1, 64);
  r.integer("CENTRALITA_ACTOR_THREADS", s.actor_threads, 1, 64);
  r.integer("CENTRALITA_INGEST_WRITERS", s.ingest_writers, 1, 32);
  r.integer("CENTRALITA_INGEST_BATCH_MAX", s.ingest_batch_max, 1, 10000);
  r.integer("CENTRALITA_PROCESS_WRITERS", s.process_writers, 1, 32);
  r.integer("CENTRALITA_AI_WORKERS", s.ai_workers, 1, 32);
  r.integer("CENTRALITA_LIVE_INTERVAL_MS", s.live_interval_ms, 0, 1000);
  r.integer("CENTRALITA_CLUSTER_PACING", s.cluster_pacing, 0, 1);
  r.text("CENTRALITA_TRIAGE_MODEL", s.triage_model);
  r.integer("CENTRALITA_IDEMPOTENCY_WINDOW_S", s.idempotency_window_s, 1, 30 * 86400);
  r.integer("CENTRALITA_PRESENCE_AWAY_S", s.presence_away_s, 1, 86400);
  r.integer("CENTRALITA_TEMPLATE_SYNC_S", s.template_sync_s, 60, 7 * 86400);
  r.number("CENTRALITA_ACCOUNT_RATE", s.account_rate, 0.001);
  r.number("CENTRALITA_ACCOUNT_BURST", s.account_burst, 1);
  r.integer("CENTRALITA_REQUEST_TIMEOUT_MS", s.request_timeout_ms, 100, 600000);
  r.integer("CENTRALITA_READ_TIMEOUT_MS", s.read_timeout_ms, 100, 600000);
  r.integer("CENTRALITA_IDLE_TIMEOUT_MS", s.idle_timeout_ms, 100, 3600000);
  r.integer("CENTRALITA_CONVERSATION_IDLE_S", s.conversation_idle_s, 1, 86400);
  r.integer("CENTRALITA_RESTART_INTENSITY", s.restart_intensity, 1, 1000);
  r.integer("CENTRALITA_RESTART_WINDOW_S", s.restart_window_s, 1, 3600);
  r.integer("BUILDERBOT_CONNECT_TIMEOUT_MS", s.builderbot_connect_timeout_ms, 100, 60000);
  r.integer("BUILDERBOT_TIMEOUT_MS", s.builderbot_timeout_ms, 100, 120000);
  r.integer("WHATSAPP_CLOUD_CONNECT_TIMEOUT_MS", s.whatsapp_cloud_connect_timeout_ms, 100, 60000);
  r.integer("WHATSAPP_CLOUD_TIMEOUT_MS", s.whatsapp_cloud_timeout_ms, 100, 120000);
  r.integer("CENTRALITA_OUTBOX_SENDERS", s.outbox_senders, 1, 32);
  r.integer("CENTRALITA_OUTBOX_MAX_ATTEMPTS", s.outbox_max_attempts, 1, 100);
  r.integer("CENTRALITA_OUTBOX_BACKOFF_MS", s.outbox_backoff_ms, 1, 3600000);
  r.integer("CENTRALITA_OUTBOX_BACKOFF_MAX_MS", s.outbox_backoff_max_ms, 1, 86400000);
  r.integer("CENTRALITA_OUTBOX_LEASE_S", s.outbox_lease_s, 1, 3600);
  r.integer("CENTRALITA_OUTBOX_SWEEP_MS", s.outbox_sweep_ms, 10, 60000);
  r.integer("CENTRALITA_RETENTION_DAYS", s.retention_days, 0, 36500);
  if (r.failure) return *r.failure;

  static const char* levels[] = {"trace", "debug", "info", "warn", "error", "critical", "off"};
  bool level_ok = false;
  for (const char* l : levels) level_ok = level_ok || s.log_level == l;
  if (!level_ok) return bad("LOG_LEVEL", "must be one of trace, debug, info, warn, error, off");
  if (auto e = check_tracking(s)) return *e;
  if (!s.database_url.empty() && s.database_url.rfind("postgres", 0) != 0 &&
      s.database_url.find('=') == std::string::npos) {
    return bad("DATABASE_URL", "must be a postgresql:// URL or a libpq key=value string");
  }
  if (!s.jwt_secret.empty() && s.jwt_secret.size() < 16) {
    return bad("JWT_SECRET", "must be at least 16 characters");
  }
  if (auto e = check_secret_keys(s)) return *e;
  if (auto e = check_outbound(s)) return *e;
  if (auto e = check_whatsapp_cloud(s)) return *e;
  if (auto e = check_calls(s)) return *e;
  if (!s.public_url.empty() && s.public_url.rfind("http://", 0) != 0 &&
      s.public_url.rfind("https://", 0) != 0) {
    return bad("CENTRALITA_PUBLIC_URL", "must be an http:// or https:// URL");
  }
  if (auto e = check_openai(s)) return *e;
  if (s.data_dir.empty()) return bad("CENTRALITA_DATA_DIR", "must not be empty");
  // The compiled-in default may be gone (an installed binary); the server then only warns.
  if (web_dir_given) {
    std::error_code ec;
    if (s.web_dir.empty() || !std::filesystem::is_directory(s.web_dir, ec)) {
      return bad("CENTRALITA_WEB_DIR", "must name an existing directory, got '" + s.web_dir + "'");
    }
  }
  if (s.api_port != 0 && s.api_port == s.gateway_port) {
    return bad("CENTRALITA_GATEWAY_PORT", "must differ from CENTRALITA_API_PORT");
  }
  return s;
}

lookup environment() {
  auto file = std::make_shared<std::map<std::string, std::string>>();
  if (const char* path = std::getenv("CENTRALITA_CONFIG")) {
    std::ifstream in{path};
    std::string line;
    while (std::getline(in, line)) {
      auto eq = line.find('=');
      if (line.empty() || line[0] == '#' || eq == std::string::npos) continue;
      (*file)[line.substr(0, eq)] = line.substr(eq + 1);
    }
  }
  return [file](const std::string& key) -> std::optional<std::string> {
    if (const char* v = std::getenv(key.c_str())) return std::string{v};
    auto it = file->find(key);
    if (it != file->end()) return it->second;
    return std::nullopt;
  };
}

}  // namespace centralita::config
