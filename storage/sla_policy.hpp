#pragma once
// A tenant's service levels: how long a first answer and a resolution may take, by ticket
// priority, counted in business hours only. Pure: the clock is always a parameter, so the
// arithmetic is tested with no waiting.
//
// Time zones: business hours are local to the tenant's IANA zone (e.g. America/Mexico_City).
// PostgreSQL knows the zones, so the zone's UTC offset is looked up there at the moment a due
// time is computed (storage/sla_repo.cpp) and held fixed for that computation: a daylight-saving
// change falling between the start and the due time shifts that due time by the change (an hour).

#include <array>
#include <chrono>
#include <string>
#include <string_view>

namespace centralita::storage {

/// A point in wall-clock time (UTC).
using sys_time = std::chrono::system_clock::time_point;

/// The minutes allowed for one priority.
struct sla_target {
  int first_response_minutes = 60;
  int resolution_minutes = 1440;
  bool operator==(const sla_target& o) const {
    return first_response_minutes == o.first_response_minutes &&
           resolution_minutes == o.resolution_minutes;
  }
};

/// When people work: [start_hour, end_hour) local time on the days marked.
struct business_hours {
  std::array<bool, 7> days{true, true, true, true, true, false, false};  ///< Monday first
  int start_hour = 9;                                                    ///< 0..23
  int end_hour = 18;                                                     ///< start_hour+1..24
  std::string time_zone = "America/Mexico_City";                         ///< IANA name
  bool operator==(const business_hours& o) const {
    return days == o.days && start_hour == o.start_hour && end_hour == o.end_hour &&
           time_zone == o.time_zone;
  }
};

/// The ticket priorities, lowest first; the index into sla_policy::targets.
inline constexpr std::array<std::string_view, 4> sla_priorities{"low", "normal", "high", "urgent"};
/// Day names as the API writes them, Monday first.
inline constexpr std::array<std::string_view, 7> sla_day_names{"mon", "tue", "wed", "thu",
                                                               "fri", "sat", "sun"};

/// A tenant's policy; the member initializers are the defaults.
struct sla_policy {
  std::array<sla_target, 4> targets{{{240, 4320}, {60, 1440}, {30, 480}, {15, 240}}};
  business_hours hours;
  bool operator==(const sla_policy& o) const { return targets == o.targets && hours == o.hours; }

  /// The target of a priority (low, normal, high, urgent); normal for anything else.
  const sla_target& target(std::string_view priority) const;
};

/// A conversation has no priority: it gets the normal one's targets.
inline constexpr std::string_view conversation_priority = "normal";

/// The index of a priority in sla_priorities, or -1.
int priority_rank(std::string_view priority);
/// The priority one step above (urgent stays urgent); normal for an unknown one.
std::string_view escalated_priority(std::string_view priority);

/// The instant `minutes` business minutes after `start`, with local time `utc_offset_minutes`
/// ahead of UTC. Time outside business hours does not count: a start at night or on a day off
/// begins counting at the next opening. Zero minutes is `start` itself.
sys_time add_business_minutes(sys_time start, int minutes, const business_hours& hours,
                              int utc_offset_minutes);

/// The moment business hours next begin at or after `at` (local time `utc_offset_minutes` ahead
/// of UTC): `at` itself while they are open (and always, for a calendar with no working window).
sys_time next_opening(sys_time at, const business_hours& hours, int utc_offset_minutes);

/// The two due times of something opened at `opened` with `priority`.
struct sla_due {
  sys_time first_response;
  sys_time resolution;
  sys_time opened;  // the moment the targets count from
};
sla_due due_times(const sla_policy& policy, std::string_view priority, sys_time opened,
                  int utc_offset_minutes);

}  // namespace centralita::storage
