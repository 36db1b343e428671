#pragma once
// Shared by the call tests: a seeded server whose recordings go to a temporary directory,
// signed-in users of both tenants, and signed ElevenLabs post-call deliveries.

#include <chrono>
#include <filesystem>
#include <string>

#include <unistd.h>

#include "providers/elevenlabs_signature.hpp"
#include "tests/server/api_helpers.hpp"
#include "tests/support/account_secrets.hpp"

namespace centralita::testkit {

/// The ElevenLabs webhook's path and the demo tenant's ElevenLabs account key.
inline constexpr const char* elevenlabs_path = "/webhooks/elevenlabs/post-call";
inline constexpr const char* elevenlabs_key = "elevenlabs_calls_main";

/// Seconds since the epoch, now.
inline int64_t now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// A unique empty directory, removed with the object.
struct temp_dir {
  std::filesystem::path path;
  temp_dir() {
    static int n = 0;
    path = std::filesystem::temp_directory_path() /
           ("centralita-calls-" + std::to_string(now_s()) + "-" + std::to_string(::getpid()) + "-" +
            std::to_string(n++));
    std::filesystem::create_directories(path);
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

/// A seeded server with CENTRALITA_DATA_DIR in a temporary directory.
struct calls_fixture {
  temp_dir data;
  test_database db{db_contents::seeded};
  server_process server{db.url(), {{"CENTRALITA_DATA_DIR", data.path.string()}}};
  storage::pg_connection sql = db.connect();
  uint16_t port = server.api_port();
  http_connection api{"127.0.0.1", port};
  http_connection gateway{"127.0.0.1", server.gateway_port()};
  std::string secret = account_secret(sql, "elevenlabs_calls_main", "webhook_secret");
  std::string agent = login(port, "agent@demo.com");
  std::string admin = login(port, "admin@admin.com");

  /// POSTs `body` signed at `t` with `signature` (computed when empty) and `key`.
  http_response post_call(const std::string& body, int64_t t = 0, std::string signature = {},
                          const std::string& key = elevenlabs_key) {
    if (t == 0) t = now_s();
    if (signature.empty()) signature = providers::sign_elevenlabs(body, secret, t);
    return gateway.request("POST", elevenlabs_path, body,
                           {{"X-Account-Key", key},
                            {"Content-Type", "application/json"},
                            {"ElevenLabs-Signature", signature}});
  }

  /// A GET on the API with a token (none when empty).
  http_response get(const std::string& target, const std::string& token) {
    return api.request("GET", target, {}, token.empty() ? http_headers{} : bearer(token));
  }

  /// A single value from the database, as text.
  std::string value(const std::string& sql_text) { return query_value(sql, sql_text); }
};

/// A post_call_transcription of call `id` from `phone` with `summary`.
inline std::string transcription_body(const std::string& id, const std::string& phone,
                                      const std::string& summary) {
  return R"({"type":"post_call_transcription","event_timestamp":1739537297,"data":{)"
         R"("agent_id":"agent_demo","conversation_id":")" +
         id +
         R"(","status":"done","user_id":null,"transcript":[)"
         R"({"role":"agent","message":"Hola, gracias por llamar.","time_in_call_secs":0},)"
         R"({"role":"user","message":"¿Dónde está mi pedido 1001?","time_in_call_secs":4,)"
         R"("tool_calls":null,"feedback":null}],)"
         R"("metadata":{"start_time_unix_secs":1739537200,"call_duration_secs":97,"cost":412,)"
         R"("phone_call":{"type":"twilio","direction":"inbound","agent_number":"+525500000000",)"
         R"("external_number":"+)" +
         phone + R"("}},"analysis":{"call_successful":"success","transcript_summary":")" + summary +
         R"(","data_collection_results":{"order_number":{"data_collection_id":"order_number",)"
         R"("value":"1001","rationale":"dicho"}}},)"
         R"("conversation_initiation_client_data":{"dynamic_variables":{"customer_name":"Juan"}}}})";
}

}  // namespace centralita::testkit
