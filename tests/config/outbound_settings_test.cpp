// The outbound settings: Builderbot's keys come together (or not at all: demo mode), and the
// outbox's lease must outlast one send.
#include <catch2/catch.hpp>

#include <map>

#include "tests/config/settings_from.hpp"

using namespace centralita;
using namespace centralita::config_test;

TEST_CASE("outbound defaults: demo mode and a lease longer than a send", "[config][outbox]") {
  auto s = accepted({});
  CHECK(s.builderbot_api_key.empty());
  CHECK(s.builderbot_api_url.empty());
  CHECK(s.outbox_max_attempts == 10);
  CHECK(s.outbox_lease_s * 1000 > s.builderbot_connect_timeout_ms + s.builderbot_timeout_ms);
}

TEST_CASE("a Builderbot key needs a bot id, and the URL defaults to Builderbot Cloud",
          "[config][outbox]") {
  auto s = accepted({{"BUILDERBOT_API_KEY", "bb-1"}, {"BUILDERBOT_BOT_ID", "b1"}});
  CHECK(s.builderbot_api_url == "https://app.builderbot.cloud");
  CHECK(refused_with({{"BUILDERBOT_API_KEY", "bb-1"}}, "BUILDERBOT_BOT_ID"));
  CHECK(refused_with({{"BUILDERBOT_API_KEY", "bb-1"}, {"BUILDERBOT_BOT_ID", "a/b"}},
                     "BUILDERBOT_BOT_ID"));
  CHECK(refused_with({{"BUILDERBOT_API_URL", "http://127.0.0.1:9"}}, "BUILDERBOT_API_KEY"));
  CHECK(refused_with(
      {{"BUILDERBOT_API_KEY", "k"}, {"BUILDERBOT_BOT_ID", "b"}, {"BUILDERBOT_API_URL", "ftp://x"}},
      "BUILDERBOT_API_URL"));
}

TEST_CASE("outbox limits are checked", "[config][outbox]") {
  CHECK(refused_with({{"CENTRALITA_OUTBOX_LEASE_S", "5"}, {"BUILDERBOT_TIMEOUT_MS", "5000"}},
                     "CENTRALITA_OUTBOX_LEASE_S"));
  CHECK(refused_with(
      {{"CENTRALITA_OUTBOX_BACKOFF_MS", "5000"}, {"CENTRALITA_OUTBOX_BACKOFF_MAX_MS", "1000"}},
      "CENTRALITA_OUTBOX_BACKOFF_MAX_MS"));
  CHECK(refused_with({{"CENTRALITA_OUTBOX_MAX_ATTEMPTS", "0"}}, "CENTRALITA_OUTBOX_MAX_ATTEMPTS"));
}

TEST_CASE("WhatsApp Cloud sends: defaults, the token and phone number id together, validated",
          "[config][outbox]") {
  auto s = accepted({});
  CHECK(s.whatsapp_cloud_api_url == "https://graph.facebook.com");
  CHECK(s.whatsapp_cloud_api_version == "v21.0");
  CHECK(s.whatsapp_cloud_access_token.empty());
  CHECK(s.whatsapp_cloud_app_secret == "dev_whatsapp_app_secret");
  CHECK(s.whatsapp_cloud_verify_token == "dev_whatsapp_verify_token");
  auto set = accepted({{"WHATSAPP_CLOUD_ACCESS_TOKEN", "EAAG"},
                       {"WHATSAPP_CLOUD_PHONE_NUMBER_ID", "106540352242922"},
                       {"WHATSAPP_CLOUD_API_VERSION", "v22.0"}});
  CHECK(set.whatsapp_cloud_api_version == "v22.0");
  CHECK(refused_with({{"WHATSAPP_CLOUD_ACCESS_TOKEN", "EAAG"}}, "WHATSAPP_CLOUD_PHONE_NUMBER_ID"));
  CHECK(refused_with({{"WHATSAPP_CLOUD_PHONE_NUMBER_ID", "1065"}}, "WHATSAPP_CLOUD_ACCESS_TOKEN"));
  CHECK(refused_with(
      {{"WHATSAPP_CLOUD_ACCESS_TOKEN", "EAAG"}, {"WHATSAPP_CLOUD_PHONE_NUMBER_ID", "10/6"}},
      "WHATSAPP_CLOUD_PHONE_NUMBER_ID"));
  CHECK(refused_with({{"WHATSAPP_CLOUD_API_VERSION", "21"}}, "WHATSAPP_CLOUD_API_VERSION"));
  CHECK(refused_with({{"WHATSAPP_CLOUD_API_VERSION", "v21.x"}}, "WHATSAPP_CLOUD_API_VERSION"));
  CHECK(refused_with({{"WHATSAPP_CLOUD_API_URL", "graph.facebook.com"}}, "WHATSAPP_CLOUD_API_URL"));
  CHECK(refused_with({{"WHATSAPP_CLOUD_APP_SECRET", ""}}, "WHATSAPP_CLOUD_APP_SECRET"));
  // The lease must outlast a Graph send too, once Graph sends are configured.
  CHECK(load({{"CENTRALITA_OUTBOX_LEASE_S", "15"}, {"WHATSAPP_CLOUD_TIMEOUT_MS", "60000"}}));
  CHECK(refused_with({{"CENTRALITA_OUTBOX_LEASE_S", "15"},
                      {"WHATSAPP_CLOUD_TIMEOUT_MS", "60000"},
                      {"WHATSAPP_CLOUD_ACCESS_TOKEN", "EAAG"},
                      {"WHATSAPP_CLOUD_PHONE_NUMBER_ID", "1065"}},
                     "CENTRALITA_OUTBOX_LEASE_S"));
}
