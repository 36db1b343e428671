#include "net/stats_handlers.hpp"

#include <cstdlib>

#include "net/api_json.hpp"
#include "net/json_reply.hpp"
#include "storage/stats_query.hpp"

namespace centralita::net {

namespace {

void write_counts(json_builder& j, const char* name, const std::vector<storage::named_count>& c) {
  j.key(name).begin_object();
  for (const auto& item : c) j.field(item.name, item.count);
  j.end_object();
}

std::string stats_json(const storage::dashboard_stats& s) {
  int64_t bot = 0, agent = 0;
  for (const auto& r : s.replies) {
    if (r.name == "bot") bot = r.count;
    if (r.name == "agent") agent = r.count;
  }
  json_builder j;
  j.begin_object().field("hours", static_cast<int64_t>(s.hours));
  j.key("messages_per_hour").begin_array();
  for (const auto& h : s.messages_per_hour) {
    j.begin_object()
        .field("hour", h.hour)
        .field("inbound", h.inbound)
        .field("outbound", h.outbound)
        .end_object();
  }
  j.end_array();
  write_counts(j, "categories", s.categories);
  write_counts(j, "actions", s.actions);
  j.key("replies").begin_object().field("bot", bot).field("agent", agent).end_object();
  j.field("autopilot_share", bot + agent > 0
                                 ? std::optional<double>{static_cast<double>(bot) / (bot + agent)}
                                 : std::nullopt)
      .key("first_response")
      .begin_object()
      .field("p50_s", s.first_response_p50_s)
      .field("p90_s", s.first_response_p90_s)
      .field("samples", s.first_response_samples)
      .end_object();
  j.key("totals")
      .begin_object()
      .field("open_conversations", s.open_conversations)
      .field("unassigned_conversations", s.unassigned_conversations)
      .field("pending_suggestions", s.pending_suggestions)
      .field("open_tickets", s.open_tickets)
      .field("sla_breaches", s.sla_breaches)
      .end_object();
  j.end_object();
  return j.str();
}

}  // namespace

void add_stats_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  routes.add(
      "GET", "/api/v1/stats",
      authenticated(env, [env](const request& req, const principal& who, respond_fn respond) {
        int hours = 24;
        if (auto h = req.query_param("hours"); !h.empty()) {
          char* end = nullptr;
          long n = std::strtol(h.c_str(), &end, 10);
          if (*end != '\0' || n < 1 || n > 720) {
            return respond(error_response(
                errc::invalid_input, "hours must be an integer from 1 to 720", "invalid_query"));
          }
          hours = static_cast<int>(n);
        }
        answer_from_db(env->node, std::move(respond),
                       [who, hours](storage::pg_connection& db) -> result<response> {
                         auto s = storage::stats_query{db}.compute(who.tenant_id, hours);
                         if (!s) return s.error();
                         return json_response(200, stats_json(*s));
                       });
      }));
}

}  // namespace centralita::net
