// net/login_limiter on its own: failures per e-mail and per address within a sliding window.
#include "net/login_limiter.hpp"

#include <catch2/catch.hpp>

using centralita::net::login_limiter;
using std::chrono::seconds;

TEST_CASE("the sixth failure of an e-mail within a minute waits", "[net][auth]") {
  login_limiter limits{5, 20, seconds(60)};
  auto t0 = login_limiter::clock::now();
  for (int i = 0; i < 5; ++i) CHECK(limits.try_begin("a@x.com", "10.0.0.1", t0) == 0);
  int wait = limits.try_begin("a@x.com", "10.0.0.2", t0 + seconds(10));
  CHECK(wait > 45);
  CHECK(wait <= 51);
  // Other e-mails from the same address go on; the window slides past the first failures.
  CHECK(limits.try_begin("b@x.com", "10.0.0.1", t0 + seconds(10)) == 0);
  CHECK(limits.try_begin("a@x.com", "10.0.0.1", t0 + seconds(61)) == 0);
}

TEST_CASE("an address is limited across e-mails", "[net][auth]") {
  login_limiter limits{5, 3, seconds(60)};
  auto t0 = login_limiter::clock::now();
  CHECK(limits.try_begin("a@x.com", "10.0.0.1", t0) == 0);
  CHECK(limits.try_begin("b@x.com", "10.0.0.1", t0) == 0);
  CHECK(limits.try_begin("c@x.com", "10.0.0.1", t0) == 0);
  CHECK(limits.try_begin("d@x.com", "10.0.0.1", t0) > 0);
  CHECK(limits.try_begin("d@x.com", "10.0.0.2", t0) == 0);
}

TEST_CASE("a success forgets the e-mail failures, and an unjudged attempt gives its slots back",
          "[net][auth]") {
  login_limiter limits{2, 3, seconds(60)};
  auto t0 = login_limiter::clock::now();
  CHECK(limits.try_begin("a@x.com", "ip", t0) == 0);
  CHECK(limits.try_begin("a@x.com", "ip", t0) == 0);
  limits.succeeded("a@x.com", "ip");
  CHECK(limits.try_begin("a@x.com", "ip", t0) == 0);
  limits.abandoned("a@x.com", "ip");  // as if that one never happened
  CHECK(limits.try_begin("a@x.com", "ip", t0) == 0);
  CHECK(limits.try_begin("a@x.com", "ip", t0) == 0);
  CHECK(limits.try_begin("a@x.com", "ip", t0) > 0);  // two failures since the success
}
