// The retention of raw webhook payloads: 30 days unless set, 0 keeps them forever.
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
}  // namespace

TEST_CASE("payload retention defaults to 30 days, 0 keeps payloads forever", "[config]") {
  CHECK(load({})->retention_days == 30);
  CHECK(load({{"CENTRALITA_RETENTION_DAYS", "0"}})->retention_days == 0);
  CHECK(load({{"CENTRALITA_RETENTION_DAYS", "7"}})->retention_days == 7);
  auto bad = load({{"CENTRALITA_RETENTION_DAYS", "-1"}});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("CENTRALITA_RETENTION_DAYS") != std::string::npos);
}
