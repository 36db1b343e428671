#include "providers/credential_check.hpp"

#include "providers/http_client.hpp"
#include "providers/outbound_sender.hpp"

namespace centralita::providers {

namespace {

using fields = std::map<std::string, std::string>;

std::string get(const fields& f, const char* name) {
  auto it = f.find(name);
  return it == f.end() ? std::string{} : it->second;
}

credential_check missing(const char* name) { return {false, std::string{name} + " is not set"}; }

// The outcome of the one call: 2xx accepted, 401/403 refused, anything else reported as is.
credential_check run(const std::string& base_url, http_call call, bool any_but_refusal = false) {
  auto base = parse_url(base_url);
  if (!base) return {false, "the API URL is not an http(s):// URL"};
  call.target = *base;
  call.path = base->path + call.path;
  call.max_answer_bytes = 64 * 1024;
  auto answer = http_send(call);
  if (!answer) return {false, "could not reach the provider: " + answer.error().message};
  const int s = answer->status;
  const std::string excerpt = answer->body.substr(0, 160);
  if (s == 401 || s == 403) {
    return {false, "the provider refused the credentials (HTTP " + std::to_string(s) + ")"};
  }
  if ((s >= 200 && s < 300) || any_but_refusal) {
    return {true, "the provider accepted the credentials (HTTP " + std::to_string(s) + ")"};
  }
  return {false, "HTTP " + std::to_string(s) + ": " + excerpt};
}

http_call call_of(const char* method, std::string path,
                  std::vector<std::pair<std::string, std::string>> headers, int connect_ms,
                  int timeout_ms) {
  http_call c;
  c.method = method;
  c.path = std::move(path);
  c.headers = std::move(headers);
  c.headers.emplace_back("Accept", "application/json");
  c.connect_timeout = std::chrono::milliseconds(connect_ms);
  c.timeout = std::chrono::milliseconds(timeout_ms);
  return c;
}

}  // namespace

credential_check check_credentials(const config::settings& s, const std::string& provider,
                                   const fields& f) {
  if (provider == "builderbot") {
    if (get(f, "api_key").empty()) return missing("api_key");
    if (get(f, "bot_id").empty()) return missing("bot_id");
    auto url = get(f, "api_url");
    return run(url.empty() ? "https://app.builderbot.cloud" : url,
               call_of("GET", "/api/v2/" + get(f, "bot_id") + "/messages",
                       {{"x-api-builderbot", get(f, "api_key")}}, s.builderbot_connect_timeout_ms,
                       s.builderbot_timeout_ms),
               true);
  }
  if (provider == "whatsapp_cloud") {
    if (get(f, "access_token").empty()) return missing("access_token");
    if (get(f, "phone_number_id").empty()) return missing("phone_number_id");
    return run(s.whatsapp_cloud_api_url,
               call_of("GET",
                       "/" + s.whatsapp_cloud_api_version + "/" + get(f, "phone_number_id") +
                           "?fields=display_phone_number",
                       {{"Authorization", "Bearer " + get(f, "access_token")}},
                       s.whatsapp_cloud_connect_timeout_ms, s.whatsapp_cloud_timeout_ms));
  }
  if (provider == "elevenlabs") {
    if (get(f, "api_key").empty()) return missing("api_key");
    if (get(f, "agent_id").empty()) return missing("agent_id");
    return run(field_or(f, "api_url", s.elevenlabs_api_url),
               call_of("GET", "/v1/convai/agents/" + get(f, "agent_id"),
                       {{"xi-api-key", get(f, "api_key")}}, s.elevenlabs_connect_timeout_ms,
                       s.elevenlabs_timeout_ms));
  }
  if (provider == "aftership") {
    if (get(f, "api_key").empty()) return missing("api_key");
    return run(field_or(f, "api_url", s.aftership_api_url),
               call_of("GET", "/tracking/2024-04/couriers", {{"as-api-key", get(f, "api_key")}},
                       3000, 10000));
  }
  if (provider == "17track") {
    if (get(f, "api_key").empty()) return missing("api_key");
    auto c = call_of("POST", "/getquota",
                     {{"17token", get(f, "api_key")}, {"Content-Type", "application/json"}}, 3000,
                     10000);
    c.body = "{}";
    return run(field_or(f, "api_url", s.seventeentrack_api_url), std::move(c));
  }
  if (provider == "openai") {
    if (get(f, "api_key").empty()) return missing("api_key");
    auto url = get(f, "base_url");
    return run(url.empty() ? s.openai_base_url : url,
               call_of("GET", "/models", {{"Authorization", "Bearer " + get(f, "api_key")}}, 3000,
                       s.openai_timeout_ms));
  }
  return {false, "no check for provider " + provider};
}

}  // namespace centralita::providers
