// The outbound-call settings: demo mode without an ElevenLabs key; with one, the agent and the
// phone number id are required, and the API URL must be http(s).
#include <catch2/catch.hpp>

#include <map>

#include "config/settings.hpp"

using namespace centralita;

namespace {
result<config::settings> load_calls(std::map<std::string, std::string> values) {
  return config::load([values](const std::string& key) -> std::optional<std::string> {
    auto it = values.find(key);
    if (it == values.end()) return std::nullopt;
    return it->second;
  });
}

std::string call_refusal(std::map<std::string, std::string> values) {
  auto s = load_calls(std::move(values));
  REQUIRE_FALSE(s);
  return s.error().message;
}
}  // namespace

TEST_CASE("outbound calls: demo by default, a key needs an agent and a number", "[config][calls]") {
  auto s = load_calls({});
  REQUIRE(s);
  CHECK(s->elevenlabs_api_key.empty());
  CHECK(s->elevenlabs_api_url == "https://api.elevenlabs.io");
  CHECK(s->elevenlabs_timeout_ms == 10000);
  auto full = load_calls({{"ELEVENLABS_API_KEY", "k"},
                          {"ELEVENLABS_AGENT_ID", "a"},
                          {"ELEVENLABS_PHONE_NUMBER_ID", "p"},
                          {"ELEVENLABS_API_URL", "http://127.0.0.1:9"}});
  REQUIRE(full);
  CHECK(full->elevenlabs_phone_number_id == "p");
  CHECK(call_refusal({{"ELEVENLABS_API_KEY", "k"}, {"ELEVENLABS_PHONE_NUMBER_ID", "p"}})
            .find("ELEVENLABS_AGENT_ID") != std::string::npos);
  CHECK(call_refusal({{"ELEVENLABS_API_KEY", "k"}, {"ELEVENLABS_AGENT_ID", "a"}})
            .find("ELEVENLABS_PHONE_NUMBER_ID") != std::string::npos);
  CHECK(call_refusal({{"ELEVENLABS_API_URL", "ftp://x"}}).find("ELEVENLABS_API_URL") !=
        std::string::npos);
  CHECK(call_refusal({{"ELEVENLABS_TIMEOUT_MS", "5"}}).find("ELEVENLABS_TIMEOUT_MS") !=
        std::string::npos);
}
