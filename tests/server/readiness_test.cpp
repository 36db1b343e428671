#include "net/readiness.hpp"

#include <catch2/catch.hpp>

using centralita::net::ready_body;

TEST_CASE("/readyz names the roles running degraded and stays ready", "[server]") {
  CHECK(ready_body({}) == R"({"status":"ready"})");
  CHECK(ready_body({"knowledge"}) == R"({"status":"ready","degraded":["knowledge"]})");
  CHECK(ready_body({"knowledge", "tracking"}) ==
        R"({"status":"ready","degraded":["knowledge","tracking"]})");
}
