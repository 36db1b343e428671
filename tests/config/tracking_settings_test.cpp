// The tracking settings: the provider's key is required with it, URLs default to the vendors'
// and must be http(s), and the refresh interval is bounded.
#include <catch2/catch.hpp>

#include <map>

#include "tests/config/settings_from.hpp"

using namespace centralita;
using namespace centralita::config_test;

TEST_CASE("tracking defaults: demo, the vendors' URLs, a refresh every 15 minutes",
          "[config][tracking]") {
  auto s = accepted({});
  CHECK(s.tracking_provider == "demo");
  CHECK(s.aftership_api_url == "https://api.aftership.com");
  CHECK(s.seventeentrack_api_url == "https://api.17track.net/track/v2.2");
  CHECK(s.tracking_refresh_s == 900);
  auto custom = accepted({{"TRACKING_PROVIDER", "17track"},
                          {"SEVENTEENTRACK_API_KEY", "k"},
                          {"SEVENTEENTRACK_API_URL", "http://127.0.0.1:9/track/v2.2"},
                          {"CENTRALITA_TRACKING_REFRESH_S", "60"}});
  CHECK(custom.seventeentrack_api_url == "http://127.0.0.1:9/track/v2.2");
  CHECK(custom.tracking_refresh_s == 60);
}

TEST_CASE("bad tracking settings name their key", "[config][tracking]") {
  CHECK(refused_with({{"TRACKING_PROVIDER", "aftership"}}, "AFTERSHIP_API_KEY"));
  CHECK(refused_with({{"TRACKING_PROVIDER", "17track"}}, "SEVENTEENTRACK_API_KEY"));
  CHECK(refused_with({{"AFTERSHIP_API_URL", "ftp://x"}}, "AFTERSHIP_API_URL"));
  CHECK(refused_with({{"SEVENTEENTRACK_API_URL", ""}}, "SEVENTEENTRACK_API_URL"));
  CHECK(refused_with({{"CENTRALITA_TRACKING_REFRESH_S", "0"}}, "CENTRALITA_TRACKING_REFRESH_S"));
}
