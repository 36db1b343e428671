// The tracking settings: the provider's key is required with it, URLs default to the vendors'
// and must be http(s), and the refresh interval is bounded.
#include <catch2/catch.hpp>

#include <map>

#include "config/settings.hpp"

using namespace centralita;

namespace {

result<config::settings> load(std::map<std::string, std::string> values) {
  return config::load([values](const std::string& key) -> std::optional<std::string> {
    auto it = values.find(key);
    if (it == values.end()) return std::nullopt;
    return it->second;
  });
}

std::string refusal(std::map<std::string, std::string> values) {
  auto s = load(std::move(values));
  REQUIRE_FALSE(s);
  return s.error().message;
}

}  // namespace

TEST_CASE("tracking defaults: demo, the vendors' URLs, a refresh every 15 minutes",
          "[config][tracking]") {
  auto s = load({});
  REQUIRE(s);
  CHECK(s->tracking_provider == "demo");
  CHECK(s->aftership_api_url == "https://api.aftership.com");
  CHECK(s->seventeentrack_api_url == "https://api.17track.net/track/v2.2");
  CHECK(s->tracking_refresh_s == 900);
  auto custom = load({{"TRACKING_PROVIDER", "17track"},
                      {"SEVENTEENTRACK_API_KEY", "k"},
                      {"SEVENTEENTRACK_API_URL", "http://127.0.0.1:9/track/v2.2"},
                      {"CENTRALITA_TRACKING_REFRESH_S", "60"}});
  REQUIRE(custom);
  CHECK(custom->seventeentrack_api_url == "http://127.0.0.1:9/track/v2.2");
  CHECK(custom->tracking_refresh_s == 60);
}

TEST_CASE("bad tracking settings name their key", "[config][tracking]") {
  CHECK(refusal({{"TRACKING_PROVIDER", "aftership"}}).find("AFTERSHIP_API_KEY") !=
        std::string::npos);
  CHECK(refusal({{"TRACKING_PROVIDER", "17track"}}).find("SEVENTEENTRACK_API_KEY") !=
        std::string::npos);
  CHECK(refusal({{"AFTERSHIP_API_URL", "ftp://x"}}).find("AFTERSHIP_API_URL") != std::string::npos);
  CHECK(refusal({{"SEVENTEENTRACK_API_URL", ""}}).find("SEVENTEENTRACK_API_URL") !=
        std::string::npos);
  CHECK(refusal({{"CENTRALITA_TRACKING_REFRESH_S", "0"}}).find("CENTRALITA_TRACKING_REFRESH_S") !=
        std::string::npos);
}
