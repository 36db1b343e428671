#include "config/settings.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace centralita;

namespace {
config::lookup from(std::map<std::string, std::string> values) {
  return [values](const std::string& key) -> std::optional<std::string> {
    auto it = values.find(key);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

std::string refusal(std::map<std::string, std::string> values) {
  auto s = config::load(from(std::move(values)));
  REQUIRE_FALSE(s);
  CHECK(s.error().code == errc::invalid_input);
  return s.error().message;
}
}  // namespace

TEST_CASE("defaults hold when nothing is set", "[config]") {
  auto s = config::load(from({}));
  REQUIRE(s);
  CHECK(s->api_port == 8080);
  CHECK(s->gateway_port == 8081);
  CHECK(s->bind == "127.0.0.1");
  CHECK(s->tracking_provider == "demo");
  CHECK(s->idempotency_window_s == 30);
  CHECK(s->elevenlabs_webhook_secret == "dev_elevenlabs_secret");
  CHECK(s->data_dir == "var");
  CHECK(s->call_body_max_bytes == 32 * 1024 * 1024);
}

TEST_CASE("the environment overrides the defaults", "[config]") {
  auto s = config::load(from({{"CENTRALITA_API_PORT", "9000"},
                              {"CENTRALITA_GATEWAY_PORT", "9001"},
                              {"DATABASE_URL", "postgresql://u@h:5/d"},
                              {"CENTRALITA_INGEST_BATCH_MAX", "1"},
                              {"CENTRALITA_ACCOUNT_RATE", "2.5"},
                              {"TRACKING_PROVIDER", "aftership"},
                              {"AFTERSHIP_API_KEY", "as_key"},
                              {"LOG_LEVEL", "debug"},
                              {"CENTRALITA_DATA_DIR", "/srv/centralita"}}));
  REQUIRE(s);
  CHECK(s->api_port == 9000);
  CHECK(s->gateway_port == 9001);
  CHECK(s->database_url == "postgresql://u@h:5/d");
  CHECK(s->ingest_batch_max == 1);
  CHECK(s->account_rate == 2.5);
  CHECK(s->tracking_provider == "aftership");
  CHECK(s->data_dir == "/srv/centralita");
}

TEST_CASE("a bad value is refused with a message naming the key", "[config]") {
  CHECK(refusal({{"CENTRALITA_API_PORT", "http"}}).find("CENTRALITA_API_PORT") !=
        std::string::npos);
  CHECK(refusal({{"CENTRALITA_API_PORT", "70000"}}).find("0 to 65535") != std::string::npos);
  CHECK(refusal({{"CENTRALITA_INGEST_WRITERS", "0"}}).find("CENTRALITA_INGEST_WRITERS") !=
        std::string::npos);
  CHECK(refusal({{"CENTRALITA_ACCOUNT_RATE", "-1"}}).find("CENTRALITA_ACCOUNT_RATE") !=
        std::string::npos);
  CHECK(refusal({{"LOG_LEVEL", "loud"}}).find("LOG_LEVEL") != std::string::npos);
  CHECK(refusal({{"TRACKING_PROVIDER", "ups"}}).find("TRACKING_PROVIDER") != std::string::npos);
  CHECK(refusal({{"DATABASE_URL", "mysql"}}).find("DATABASE_URL") != std::string::npos);
  CHECK(
      refusal({{"CENTRALITA_CALL_BODY_MAX_BYTES", "100"}}).find("CENTRALITA_CALL_BODY_MAX_BYTES") !=
      std::string::npos);
  CHECK(refusal({{"CENTRALITA_DATA_DIR", ""}}).find("CENTRALITA_DATA_DIR") != std::string::npos);
  CHECK(refusal({{"JWT_SECRET", "short"}}).find("JWT_SECRET") != std::string::npos);
  CHECK(refusal({{"CENTRALITA_API_PORT", "9000"}, {"CENTRALITA_GATEWAY_PORT", "9000"}})
            .find("CENTRALITA_GATEWAY_PORT") != std::string::npos);
}

TEST_CASE("the web directory defaults to the source tree's web/ and must exist when set",
          "[config]") {
  auto s = config::load(from({}));
  REQUIRE(s);
  CHECK(s->web_dir.size() > 4);
  CHECK(s->web_dir.compare(s->web_dir.size() - 4, 4, "/web") == 0);

  auto set = config::load(from({{"CENTRALITA_WEB_DIR", "/"}}));
  REQUIRE(set);
  CHECK(set->web_dir == "/");
  CHECK(refusal({{"CENTRALITA_WEB_DIR", "/no/such/dir/anywhere"}}).find("CENTRALITA_WEB_DIR") !=
        std::string::npos);
  CHECK(refusal({{"CENTRALITA_WEB_DIR", ""}}).find("CENTRALITA_WEB_DIR") != std::string::npos);
}
