#include "net/presence_handlers.hpp"

#include "net/api_json.hpp"
#include "net/json_reply.hpp"
#include "storage/presence_repo.hpp"

namespace centralita::net {

void add_presence_routes(router& routes, const std::shared_ptr<const api_env>& env, int away_s) {
  routes.add(
      "GET", "/api/v1/presence",
      authenticated(env, [env, away_s](const request&, const principal& who, respond_fn respond) {
        answer_from_db(env->node, std::move(respond),
                       [who, away_s](storage::pg_connection& db) -> result<response> {
                         auto team = storage::presence_repo{db}.team(who.tenant_id, away_s);
                         if (!team) return team.error();
                         json_builder j;
                         j.begin_object()
                             .field("away_after_s", static_cast<int64_t>(away_s))
                             .key("items")
                             .begin_array();
                         for (const auto& p : *team) {
                           j.begin_object()
                               .field("id", p.id)
                               .field("name", p.name)
                               .field("role", p.role)
                               .field("online", p.online)
                               .field("available", p.available)
                               .field("last_seen_at", p.last_seen_at)
                               .field("away_at", p.away_at)
                               .end_object();
                         }
                         j.end_array().end_object();
                         return json_response(200, j.str());
                       });
      }));
}

}  // namespace centralita::net
