#include "storage/sla_policy.hpp"

#include <algorithm>
#include <cstdint>

namespace centralita::storage {

namespace {

constexpr int64_t seconds_per_day = 86400;

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Days since 1970-01-01 (a Thursday) to a Monday-first weekday index.
int weekday_of(int64_t day) { return static_cast<int>(((day % 7) + 7 + 3) % 7); }

}  // namespace

const sla_target& sla_policy::target(std::string_view priority) const {
  const int rank = priority_rank(priority);
  return targets[rank < 0 ? priority_rank(conversation_priority) : rank];
}

int priority_rank(std::string_view priority) {
  auto it = std::find(sla_priorities.begin(), sla_priorities.end(), priority);
  return it == sla_priorities.end() ? -1 : static_cast<int>(it - sla_priorities.begin());
}

std::string_view escalated_priority(std::string_view priority) {
  const int rank = priority_rank(priority);
  if (rank < 0) return conversation_priority;
  return sla_priorities[std::min<size_t>(rank + 1, sla_priorities.size() - 1)];
}

sys_time add_business_minutes(sys_time start, int minutes, const business_hours& hours,
                              int utc_offset_minutes) {
  using std::chrono::seconds;
  if (minutes <= 0) return start;
  const int64_t offset = int64_t{utc_offset_minutes} * 60;
  const int64_t start_utc = std::chrono::duration_cast<seconds>(start.time_since_epoch()).count();
  const int open_s = std::clamp(hours.start_hour, 0, 24) * 3600;
  const int close_s = std::clamp(hours.end_hour, 0, 24) * 3600;
  const bool any_day = std::any_of(hours.days.begin(), hours.days.end(), [](bool d) { return d; });
  // Without a working window the clock runs all the time (validation prevents this).
  if (!any_day || close_s <= open_s) return start + std::chrono::minutes(minutes);

  // The loop counts whole seconds; the start's fraction of a second is carried while the
  // clock has run without a pause since the start (also across a midnight that a window open
  // until 24 and from 0 does not interrupt), so such a target is exact.
  const auto fraction = start - (sys_time{} + seconds(start_utc));
  int64_t local = start_utc + offset;
  int64_t remaining = int64_t{minutes} * 60;
  bool running = true;
  for (;;) {
    const int64_t day = floor_div(local, seconds_per_day);
    const int64_t midnight = day * seconds_per_day;
    const int64_t from = std::max(local, midnight + open_s);
    const int64_t until = midnight + close_s;
    if (hours.days[weekday_of(day)] && from < until) {
      running = running && from == local;
      if (remaining <= until - from) {
        const auto due = sys_time{} + seconds(from + remaining - offset);
        return running ? due + fraction : due;
      }
      remaining -= until - from;
      running = running && until == midnight + seconds_per_day;
    } else {
      running = false;
    }
    local = midnight + seconds_per_day;
  }
}

sys_time next_opening(sys_time at, const business_hours& hours, int utc_offset_minutes) {
  using std::chrono::seconds;
  const int64_t offset = int64_t{utc_offset_minutes} * 60;
  const int open_s = std::clamp(hours.start_hour, 0, 24) * 3600;
  const int close_s = std::clamp(hours.end_hour, 0, 24) * 3600;
  const bool any_day = std::any_of(hours.days.begin(), hours.days.end(), [](bool d) { return d; });
  if (!any_day || close_s <= open_s) return at;
  const int64_t at_local =
      std::chrono::duration_cast<seconds>(at.time_since_epoch()).count() + offset;
  int64_t local = at_local;
  for (int i = 0; i < 8; ++i) {
    const int64_t day = floor_div(local, seconds_per_day);
    const int64_t midnight = day * seconds_per_day;
    const int64_t from = std::max(local, midnight + open_s);
    if (hours.days[weekday_of(day)] && from < midnight + close_s) {
      return from == at_local ? at : sys_time{} + seconds(from - offset);
    }
    local = midnight + seconds_per_day;
  }
  return at;  // unreachable: some day of every week is a working day
}

sla_due due_times(const sla_policy& policy, std::string_view priority, sys_time opened,
                  int utc_offset_minutes) {
  const auto& t = policy.target(priority);
  return {add_business_minutes(opened, t.first_response_minutes, policy.hours, utc_offset_minutes),
          add_business_minutes(opened, t.resolution_minutes, policy.hours, utc_offset_minutes),
          opened};
}

}  // namespace centralita::storage
