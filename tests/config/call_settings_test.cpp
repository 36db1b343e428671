// The outbound-call settings: demo mode without an ElevenLabs key; with one, the agent and the
// phone number id are required, and the API URL must be http(s).
#include <catch2/catch.hpp>

#include <map>

#include "tests/config/settings_from.hpp"

using namespace centralita;
using namespace centralita::config_test;

TEST_CASE("outbound calls: demo by default, a key needs an agent and a number", "[config][calls]") {
  auto s = accepted({});
  CHECK(s.elevenlabs_api_key.empty());
  CHECK(s.elevenlabs_api_url == "https://api.elevenlabs.io");
  CHECK(s.elevenlabs_timeout_ms == 10000);
  auto full = accepted({{"ELEVENLABS_API_KEY", "k"},
                        {"ELEVENLABS_AGENT_ID", "a"},
                        {"ELEVENLABS_PHONE_NUMBER_ID", "p"},
                        {"ELEVENLABS_API_URL", "http://127.0.0.1:9"}});
  CHECK(full.elevenlabs_phone_number_id == "p");
  CHECK(refused_with({{"ELEVENLABS_API_KEY", "k"}, {"ELEVENLABS_PHONE_NUMBER_ID", "p"}},
                     "ELEVENLABS_AGENT_ID"));
  CHECK(refused_with({{"ELEVENLABS_API_KEY", "k"}, {"ELEVENLABS_AGENT_ID", "a"}},
                     "ELEVENLABS_PHONE_NUMBER_ID"));
  CHECK(refused_with({{"ELEVENLABS_API_URL", "ftp://x"}}, "ELEVENLABS_API_URL"));
  CHECK(refused_with({{"ELEVENLABS_TIMEOUT_MS", "5"}}, "ELEVENLABS_TIMEOUT_MS"));
}
