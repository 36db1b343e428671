#include "net/rate_limiter.hpp"

#include <catch2/catch.hpp>

using centralita::net::rate_limiter;

TEST_CASE("a bucket lets a burst through, then refuses with a retry delay", "[net]") {
  rate_limiter limits{/*default_rate=*/1, /*burst=*/3};
  int retry_after = 0;
  for (int i = 0; i < 3; ++i) CHECK(limits.try_take(7, 1, retry_after));
  CHECK_FALSE(limits.try_take(7, 1, retry_after));
  CHECK(retry_after >= 1);
  // Another account has its own bucket.
  CHECK(limits.try_take(8, 1, retry_after));
}

TEST_CASE("an account's own rate scales its bucket", "[net]") {
  rate_limiter limits{/*default_rate=*/100, /*burst=*/200};
  int retry_after = 0;
  int taken = 0;
  // At a tenth of the default rate the bucket holds a tenth of the burst.
  while (taken < 1000 && limits.try_take(1, 10, retry_after)) ++taken;
  CHECK(taken >= 20);
  CHECK(taken <= 21);
}
