#include "tests/config/settings_from.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace centralita;
using namespace centralita::config_test;

TEST_CASE("defaults hold when nothing is set", "[config]") {
  auto s = accepted({});
  CHECK(s.api_port == 8080);
  CHECK(s.gateway_port == 8081);
  CHECK(s.bind == "127.0.0.1");
  CHECK(s.tracking_provider == "demo");
  CHECK(s.idempotency_window_s == 30);
  CHECK(s.elevenlabs_webhook_secret == "dev_elevenlabs_secret");
  CHECK(s.data_dir == "var");
  CHECK(s.call_body_max_bytes == 32 * 1024 * 1024);
}

TEST_CASE("the environment overrides the defaults", "[config]") {
  auto s = accepted({{"CENTRALITA_API_PORT", "9000"},
                     {"CENTRALITA_GATEWAY_PORT", "9001"},
                     {"DATABASE_URL", "postgresql://u@h:5/d"},
                     {"CENTRALITA_INGEST_BATCH_MAX", "1"},
                     {"CENTRALITA_ACCOUNT_RATE", "2.5"},
                     {"TRACKING_PROVIDER", "aftership"},
                     {"AFTERSHIP_API_KEY", "as_key"},
                     {"LOG_LEVEL", "debug"},
                     {"CENTRALITA_DATA_DIR", "/srv/centralita"}});
  CHECK(s.api_port == 9000);
  CHECK(s.gateway_port == 9001);
  CHECK(s.database_url == "postgresql://u@h:5/d");
  CHECK(s.ingest_batch_max == 1);
  CHECK(s.account_rate == 2.5);
  CHECK(s.tracking_provider == "aftership");
  CHECK(s.data_dir == "/srv/centralita");
}

TEST_CASE("a bad value is refused with a message naming the key", "[config]") {
  CHECK(refused_with({{"CENTRALITA_API_PORT", "http"}}, "CENTRALITA_API_PORT"));
  CHECK(refused_with({{"CENTRALITA_API_PORT", "70000"}}, "0 to 65535"));
  CHECK(refused_with({{"CENTRALITA_INGEST_WRITERS", "0"}}, "CENTRALITA_INGEST_WRITERS"));
  CHECK(refused_with({{"CENTRALITA_ACCOUNT_RATE", "-1"}}, "CENTRALITA_ACCOUNT_RATE"));
  CHECK(refused_with({{"LOG_LEVEL", "loud"}}, "LOG_LEVEL"));
  CHECK(refused_with({{"TRACKING_PROVIDER", "ups"}}, "TRACKING_PROVIDER"));
  CHECK(refused_with({{"DATABASE_URL", "mysql"}}, "DATABASE_URL"));
  CHECK(
      refused_with({{"CENTRALITA_CALL_BODY_MAX_BYTES", "100"}}, "CENTRALITA_CALL_BODY_MAX_BYTES"));
  CHECK(refused_with({{"CENTRALITA_DATA_DIR", ""}}, "CENTRALITA_DATA_DIR"));
  CHECK(refused_with({{"JWT_SECRET", "short"}}, "JWT_SECRET"));
  CHECK(refused_with({{"CENTRALITA_API_PORT", "9000"}, {"CENTRALITA_GATEWAY_PORT", "9000"}},
                     "CENTRALITA_GATEWAY_PORT"));
}

TEST_CASE("the web directory defaults to the source tree's web/ and must exist when set",
          "[config]") {
  auto s = accepted({});
  CHECK(s.web_dir.size() > 4);
  CHECK(s.web_dir.compare(s.web_dir.size() - 4, 4, "/web") == 0);

  auto set = accepted({{"CENTRALITA_WEB_DIR", "/"}});
  CHECK(set.web_dir == "/");
  CHECK(refused_with({{"CENTRALITA_WEB_DIR", "/no/such/dir/anywhere"}}, "CENTRALITA_WEB_DIR"));
  CHECK(refused_with({{"CENTRALITA_WEB_DIR", ""}}, "CENTRALITA_WEB_DIR"));
}
