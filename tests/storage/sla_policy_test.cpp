// Business-hours arithmetic of the SLA policy: pure, the clock is a parameter.
#include "storage/sla_policy.hpp"

#include <catch2/catch.hpp>

using namespace centralita;
using storage::add_business_minutes;
using storage::business_hours;
using storage::sys_time;

namespace {

constexpr int mexico_city = -6 * 60;  // UTC-6 all year since 2022

// Days from 1970-01-01 to a civil date (proleptic Gregorian).
int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// A local wall time in a zone `offset` minutes ahead of UTC.
sys_time local(int y, int m, int d, int hh, int mm, int offset = mexico_city) {
  const int64_t s = days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 - offset * 60;
  return sys_time{} + std::chrono::seconds(s);
}

sys_time add(sys_time start, int minutes, const business_hours& h = {}, int offset = mexico_city) {
  return add_business_minutes(start, minutes, h, offset);
}

}  // namespace

// 2026-11-02 is a Monday, 2026-11-06 a Friday.
TEST_CASE("due times count only business hours", "[storage][sla]") {
  SECTION("within one working day") {
    CHECK(add(local(2026, 11, 2, 10, 0), 60) == local(2026, 11, 2, 11, 0));
  }
  SECTION("ending exactly at closing time") {
    CHECK(add(local(2026, 11, 2, 9, 0), 9 * 60) == local(2026, 11, 2, 18, 0));
  }
  SECTION("after hours: the rest carries over to the next opening") {
    CHECK(add(local(2026, 11, 2, 17, 30), 60) == local(2026, 11, 3, 9, 30));
  }
  SECTION("opened before opening time or at night: counting starts at opening") {
    CHECK(add(local(2026, 11, 2, 6, 0), 15) == local(2026, 11, 2, 9, 15));
    CHECK(add(local(2026, 11, 2, 20, 0), 15) == local(2026, 11, 3, 9, 15));
    CHECK(add(local(2026, 11, 2, 18, 0), 1) == local(2026, 11, 3, 9, 1));
  }
  SECTION("weekends do not count") {
    CHECK(add(local(2026, 11, 6, 17, 0), 120) == local(2026, 11, 9, 10, 0));
    CHECK(add(local(2026, 11, 7, 12, 0), 30) == local(2026, 11, 9, 9, 30));
    CHECK(add(local(2026, 11, 8, 23, 59), 30) == local(2026, 11, 9, 9, 30));
  }
  SECTION("across several days: a 24-hour target is 2⅔ working days of 9 hours") {
    CHECK(add(local(2026, 11, 2, 9, 0), 24 * 60) == local(2026, 11, 4, 15, 0));
    // Three days from Thursday morning: Thursday, Friday, then Monday.
    CHECK(add(local(2026, 11, 5, 9, 0), 27 * 60) == local(2026, 11, 9, 18, 0));
  }
  SECTION("the local day, not the UTC day, decides (17:00 in Mexico City is 23:00 UTC)") {
    CHECK(add(local(2026, 11, 2, 17, 0), 120) == local(2026, 11, 3, 10, 0));
    // The same instant seen from UTC is after hours there.
    const auto same = local(2026, 11, 2, 17, 0);
    CHECK(add(same, 120, {}, 0) == local(2026, 11, 3, 11, 0, 0));
  }
  SECTION("zero minutes is the start itself") {
    CHECK(add(local(2026, 11, 7, 3, 0), 0) == local(2026, 11, 7, 3, 0));
  }
}

TEST_CASE("other working weeks: every day around the clock, a weekend shift", "[storage][sla]") {
  business_hours always;
  always.days = {true, true, true, true, true, true, true};
  always.start_hour = 0;
  always.end_hour = 24;
  CHECK(add(local(2026, 11, 7, 23, 30), 60, always) == local(2026, 11, 8, 0, 30));
  // Around the clock nothing pauses it, so a start's fraction of a second carries past midnight.
  const auto fraction = std::chrono::milliseconds(700);
  CHECK(add(local(2026, 11, 7, 23, 30) + fraction, 90, always) ==
        local(2026, 11, 8, 1, 0) + fraction);
  // After a pause the clock starts again on the whole second of the opening.
  CHECK(add(local(2026, 11, 2, 17, 30) + fraction, 60) == local(2026, 11, 3, 9, 30));

  business_hours weekend;
  weekend.days = {false, false, false, false, false, true, true};
  weekend.start_hour = 10;
  weekend.end_hour = 14;
  CHECK(add(local(2026, 11, 2, 9, 0), 5 * 60, weekend) == local(2026, 11, 8, 11, 0));
}

TEST_CASE("the policy gives due times by priority and escalates one step", "[storage][sla]") {
  storage::sla_policy p;
  const auto opened = local(2026, 11, 2, 10, 0);
  auto urgent = storage::due_times(p, "urgent", opened, mexico_city);
  CHECK(urgent.first_response == local(2026, 11, 2, 10, 15));
  CHECK(urgent.resolution == local(2026, 11, 2, 14, 0));
  auto normal = storage::due_times(p, "normal", opened, mexico_city);
  CHECK(normal.first_response == local(2026, 11, 2, 11, 0));
  CHECK(normal.resolution == local(2026, 11, 4, 16, 0));
  // Unknown priority (a conversation has none): the normal targets.
  CHECK(storage::due_times(p, "", opened, mexico_city).first_response == normal.first_response);

  CHECK(storage::escalated_priority("low") == "normal");
  CHECK(storage::escalated_priority("normal") == "high");
  CHECK(storage::escalated_priority("high") == "urgent");
  CHECK(storage::escalated_priority("urgent") == "urgent");
}

TEST_CASE("the next opening is now while open, else the next working day's start",
          "[storage][sla]") {
  using storage::next_opening;
  const business_hours h;  // Monday to Friday, 9 to 18
  // Open: now itself.
  const auto open = local(2026, 11, 2, 10, 15);
  CHECK(next_opening(open, h, mexico_city) == open);
  // Before opening, after closing, on Friday night and at the weekend.
  CHECK(next_opening(local(2026, 11, 2, 7, 0), h, mexico_city) == local(2026, 11, 2, 9, 0));
  CHECK(next_opening(local(2026, 11, 2, 18, 0), h, mexico_city) == local(2026, 11, 3, 9, 0));
  CHECK(next_opening(local(2026, 11, 6, 20, 30), h, mexico_city) == local(2026, 11, 9, 9, 0));
  CHECK(next_opening(local(2026, 11, 8, 12, 0), h, mexico_city) == local(2026, 11, 9, 9, 0));
  // A calendar open around the clock is always open.
  business_hours always;
  always.days = {true, true, true, true, true, true, true};
  always.start_hour = 0;
  always.end_hour = 24;
  CHECK(next_opening(local(2026, 11, 8, 3, 0), always, mexico_city) == local(2026, 11, 8, 3, 0));
}
