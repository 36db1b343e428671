#include "net/csat_handlers.hpp"

#include <cstdio>
#include <ctime>

#include "common/calendar.hpp"
#include "net/api_routes.hpp"
#include "net/service_settings.hpp"
#include "storage/csat_repo.hpp"
#include "storage/tenant_repo.hpp"

namespace centralita::net {

namespace {

constexpr int default_days = 7;
constexpr int max_days = 366;

// Days since 1970-01-01 of a checked YYYY-MM-DD (H. Hinnant's days_from_civil).
int64_t days_of(std::string_view date) {
  int y = std::stoi(std::string{date.substr(0, 4)});
  const unsigned m = static_cast<unsigned>(std::stoi(std::string{date.substr(5, 2)}));
  const unsigned d = static_cast<unsigned>(std::stoi(std::string{date.substr(8, 2)}));
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return int64_t{era} * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string utc_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[40];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return out;
}

struct date_range {
  std::string from, to;
};

// from and to (YYYY-MM-DD, both included): the last 7 days by default, at most 366 days.
result<date_range> parse_range(const request& req) {
  const std::time_t now = std::time(nullptr);
  date_range r{std::string{req.query_param("from")}, std::string{req.query_param("to")}};
  if (r.to.empty()) r.to = utc_date(now);
  if (!is_calendar_date(r.to)) {
    return make_error(errc::invalid_input, "to must be a date YYYY-MM-DD", "invalid_query");
  }
  if (r.from.empty()) {
    r.from = utc_date(static_cast<std::time_t>((days_of(r.to) - (default_days - 1)) * 86400));
  }
  if (!is_calendar_date(r.from)) {
    return make_error(errc::invalid_input, "from must be a date YYYY-MM-DD", "invalid_query");
  }
  const int64_t days = days_of(r.to) - days_of(r.from) + 1;
  if (days < 1) return make_error(errc::invalid_input, "from is after to", "invalid_query");
  if (days > max_days) {
    return make_error(errc::invalid_input, "the range is longer than 366 days", "invalid_query");
  }
  return r;
}

std::string summary_json(const date_range& r, const storage::csat_summary& s) {
  json_builder j;
  j.begin_object()
      .field("from", r.from)
      .field("to", r.to)
      .field("asked", s.asked)
      .field("rated", s.rated)
      .field("average", s.average)
      .key("distribution")
      .begin_object();
  for (size_t i = 0; i < s.distribution.size(); ++i) {
    j.field(std::to_string(i + 1), s.distribution[i]);
  }
  j.end_object()
      .key("previous")
      .begin_object()
      .field("rated", s.previous_rated)
      .field("average", s.previous_average)
      .end_object()
      .field("trend", s.average && s.previous_average
                          ? std::optional<double>{*s.average - *s.previous_average}
                          : std::nullopt);
  j.key("by_agent").begin_array();
  for (const auto& a : s.by_agent) {
    j.begin_object()
        .field("agent_id", a.agent_id)
        .field("name", a.name)
        .field("rated", a.rated)
        .field("average", a.average)
        .end_object();
  }
  j.end_array().end_object();
  return j.str();
}

// One transaction: the tenant row locked, the patch applied, merged and audited.
result<service_settings> change_service(storage::pg_connection& db, const principal& who,
                                        const std::string& body) {
  return storage::in_transaction(db, [&]() -> result<service_settings> {
    storage::tenant_repo tenants{db};
    auto stored = tenants.lock_settings(who.tenant_id);
    if (!stored) return stored.error();
    const service_settings before = service_from_stored(*stored);
    auto after = apply_service_patch(before, body);
    if (!after) return after.error();
    if (*after == before) return after;
    if (auto s = tenants.merge_settings(who.tenant_id, stored_service_json(*after)); !s) {
      return s.error();
    }
    if (auto s = audit_change(db, who, "settings", std::to_string(who.tenant_id),
                              "settings.service_updated", to_json(before), to_json(*after));
        !s) {
      return s.error();
    }
    return after;
  });
}

}  // namespace

status write_conversation_csat(json_builder& j, storage::pg_connection& db, int64_t tenant_id,
                               int64_t conversation_id) {
  auto c = storage::csat_repo{db}.of_conversation(tenant_id, conversation_id);
  if (!c) return c.error();
  j.key("csat");
  if (!*c) {
    j.null();
    return ok_status();
  }
  j.begin_object().field("asked_at", (*c)->asked_at).key("rating");
  if ((*c)->rating) {
    j.value(int64_t{*(*c)->rating});
  } else {
    j.null();
  }
  j.field("rated_at", (*c)->rated_at).end_object();
  return ok_status();
}

void add_csat_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  routes.add("GET", "/api/v1/csat",
             input_route(authenticated, env, parse_range,
                         [](storage::pg_connection& db, const principal& who,
                            const date_range& r) -> result<response> {
                           auto s = storage::csat_repo{db}.summary(who.tenant_id, r.from, r.to);
                           if (!s) return s.error();
                           return json_response(200, summary_json(r, *s));
                         }));

  routes.add("GET", "/api/v1/settings/service",
             db_route(authenticated, env,
                      [](storage::pg_connection& db, const principal& who) -> result<response> {
                        auto t = storage::tenant_repo{db}.find(who.tenant_id);
                        if (!t) return t.error();
                        return json_response(200, to_json(service_from_stored(t->settings_json)));
                      }));

  // The patch is read inside the transaction, against the settings it changes.
  routes.add("PATCH", "/api/v1/settings/service",
             admin_only(env, [env](const request& req, const principal& who, respond_fn respond) {
               answer_from_db(env->node, std::move(respond),
                              [who, body = req.body](storage::pg_connection& db) {
                                return json_answer(200, change_service(db, who, body));
                              });
             }));
}

}  // namespace centralita::net
