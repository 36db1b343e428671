#include <catch2/catch.hpp>

#include "common/backoff.hpp"

using centralita::exponential_backoff;
using std::chrono::milliseconds;

TEST_CASE("the backoff doubles from its base up to its cap and never overflows", "[backoff]") {
  CHECK(exponential_backoff(milliseconds(100), milliseconds(5000), 1) == milliseconds(100));
  CHECK(exponential_backoff(milliseconds(100), milliseconds(5000), 2) == milliseconds(200));
  CHECK(exponential_backoff(milliseconds(100), milliseconds(5000), 6) == milliseconds(3200));
  CHECK(exponential_backoff(milliseconds(100), milliseconds(5000), 7) == milliseconds(5000));
  CHECK(exponential_backoff(milliseconds(100), milliseconds(5000), 1000000) == milliseconds(5000));
  CHECK(exponential_backoff(milliseconds(100), milliseconds(5000), 0) == milliseconds(100));
  CHECK(exponential_backoff(milliseconds(0), milliseconds(0), 3) == milliseconds(1));
  CHECK(exponential_backoff(milliseconds(9000), milliseconds(5000), 1) == milliseconds(5000));
}
