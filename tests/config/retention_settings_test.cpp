// The retention of raw webhook payloads: 30 days unless set, 0 keeps them forever.
#include <catch2/catch.hpp>

#include <map>

#include "tests/config/settings_from.hpp"

using namespace centralita;
using namespace centralita::config_test;

TEST_CASE("payload retention defaults to 30 days, 0 keeps payloads forever", "[config]") {
  CHECK(accepted({}).retention_days == 30);
  CHECK(accepted({{"CENTRALITA_RETENTION_DAYS", "0"}}).retention_days == 0);
  CHECK(accepted({{"CENTRALITA_RETENTION_DAYS", "7"}}).retention_days == 7);
  CHECK(refused_with({{"CENTRALITA_RETENTION_DAYS", "-1"}}, "CENTRALITA_RETENTION_DAYS"));
}
