// The pure rules of outbound delivery: what an HTTP status means, Retry-After, and the backoff
// between attempts (exponential, jittered, capped, never shorter than Retry-After).
#include "providers/send_policy.hpp"

#include <catch2/catch.hpp>

using namespace centralita::providers;
using std::chrono::milliseconds;
using std::chrono::seconds;

TEST_CASE("HTTP statuses are sent, retryable or permanent", "[providers][outbox]") {
  for (int s : {200, 201, 202, 204}) CHECK(classify_http_status(s) == send_status::sent);
  for (int s : {408, 425, 429, 500, 502, 503, 504, 599}) {
    CAPTURE(s);
    CHECK(classify_http_status(s) == send_status::retryable);
  }
  for (int s : {301, 302, 400, 401, 403, 404, 409, 413, 422, 0, 600}) {
    CAPTURE(s);
    CHECK(classify_http_status(s) == send_status::permanent);
  }
}

TEST_CASE("Retry-After is read as seconds or as an HTTP date", "[providers][outbox]") {
  const std::time_t now = 1445412480;  // Wed, 21 Oct 2015 07:28:00 GMT
  CHECK(parse_retry_after("120", now) == seconds(120));
  CHECK(parse_retry_after(" 0 ", now) == seconds(0));
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now) == seconds(30));
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now) == seconds(0));
  CHECK_FALSE(parse_retry_after("", now));
  CHECK_FALSE(parse_retry_after("-5", now));
  CHECK_FALSE(parse_retry_after("soon", now));
  CHECK_FALSE(parse_retry_after("Wed, 21 Oct 2015 07:28:30", now));
  CHECK(parse_retry_after("99999999999999", now) > seconds(86400));
}

TEST_CASE("backoff doubles per attempt, jittered between half the ceiling and the ceiling, capped",
          "[providers][outbox]") {
  backoff_policy p;
  p.base = milliseconds(1000);
  p.cap = milliseconds(60000);
  // jitter 0 gives the floor (half the ceiling); jitter near 1 gives just under the ceiling.
  CHECK(retry_delay(p, 1, 0.0) == milliseconds(500));
  CHECK(retry_delay(p, 2, 0.0) == milliseconds(1000));
  CHECK(retry_delay(p, 3, 0.0) == milliseconds(2000));
  CHECK(retry_delay(p, 4, 0.5) == milliseconds(6000));
  CHECK(retry_delay(p, 1, 0.999) < milliseconds(1000));
  CHECK(retry_delay(p, 1, 0.999) >= milliseconds(999));
  // The cap holds for any attempt, without overflow.
  for (int attempt : {7, 8, 30, 64, 1000, 1 << 30}) {
    CAPTURE(attempt);
    auto d = retry_delay(p, attempt, 0.999);
    CHECK(d <= p.cap);
    CHECK(d >= p.cap / 2);
  }
  // Jitter outside [0, 1) and attempts below 1 are clamped.
  CHECK(retry_delay(p, 0, -1.0) == milliseconds(500));
  CHECK(retry_delay(p, 1, 7.0) < milliseconds(1000));
}

TEST_CASE("backoff never retries sooner than Retry-After asks, up to its cap",
          "[providers][outbox]") {
  backoff_policy p;
  p.base = milliseconds(100);
  p.cap = milliseconds(1000);
  p.retry_after_cap = milliseconds(60000);
  CHECK(retry_delay(p, 1, 0.0, seconds(5)) == milliseconds(5000));
  // A shorter Retry-After than the backoff leaves the backoff.
  CHECK(retry_delay(p, 5, 0.0, seconds(0)) == milliseconds(500));
  // An absurd Retry-After is cut at retry_after_cap.
  CHECK(retry_delay(p, 1, 0.0, seconds(86400)) == milliseconds(60000));
}
