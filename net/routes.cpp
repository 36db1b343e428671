#include "net/routes.hpp"

#include <memory>

#include "net/api_auth.hpp"
#include "net/auth_handlers.hpp"
#include "net/call_handlers.hpp"
#include "net/canned_handlers.hpp"
#include "net/channel_account_handlers.hpp"
#include "net/conversation_handlers.hpp"
#include "net/csat_handlers.hpp"
#include "net/customer_handlers.hpp"
#include "net/export_handlers.hpp"
#include "net/knowledge_handlers.hpp"
#include "net/label_handlers.hpp"
#include "net/log_handlers.hpp"
#include "net/login_limiter.hpp"
#include "net/media_handlers.hpp"
#include "net/note_handlers.hpp"
#include "net/openapi.hpp"
#include "net/ops_handlers.hpp"
#include "net/outbox_handlers.hpp"
#include "net/presence_handlers.hpp"
#include "net/quote_handlers.hpp"
#include "net/rate_limiter.hpp"
#include "net/record_handlers.hpp"
#include "net/settings_handlers.hpp"
#include "net/stats_handlers.hpp"
#include "net/suggestion_handlers.hpp"
#include "net/template_handlers.hpp"
#include "net/tenant_handlers.hpp"
#include "net/ticket_handlers.hpp"
#include "net/triage_handlers.hpp"
#include "net/user_handlers.hpp"
#include "net/webhook_handlers.hpp"

namespace centralita::net {

void build_routes(router& api, router& gateway, actors::node& node,
                  const config::settings& settings, std::string jwt_secret,
                  std::shared_ptr<access_control> access) {
  if (!access) access = std::make_shared<access_control>();
  add_ops_routes(api, node);
  add_metrics_route(api, settings.metrics_token);
  add_openapi_routes(api);
  auto env = std::make_shared<const api_env>(
      api_env{node, std::move(jwt_secret), std::chrono::hours(12), access});
  auto limits = std::make_shared<const login_limiter>(
      login_failures_per_email, login_failures_per_ip, std::chrono::seconds(60));
  add_auth_routes(api, env, limits);
  add_conversation_routes(api, env);
  add_suggestion_routes(api, env);
  add_ticket_routes(api, env);
  add_outbox_routes(api, env);
  add_settings_routes(api, env);
  add_log_routes(api, env);
  add_stats_routes(api, env);
  add_triage_routes(api, env);
  add_knowledge_routes(api, env);
  add_record_routes(api, env);
  add_quote_routes(api, env);
  add_call_routes(api, env);
  add_channel_account_routes(api, env, settings);
  add_template_routes(api, env, settings);
  add_presence_routes(api, env, settings.presence_away_s);
  add_user_routes(api, env, limits);
  add_tenant_routes(api, env);
  add_media_routes(api, env, settings);
  add_canned_routes(api, env);
  add_note_routes(api, env);
  add_label_routes(api, env);
  add_export_routes(api, env);
  add_customer_routes(api, env);
  add_csat_routes(api, env);
  load_suspended_tenants(node, access);

  add_ops_routes(gateway, node);
  add_media_link_route(gateway, node, settings);
  add_webhook_routes(gateway, node,
                     std::make_shared<rate_limiter>(settings.account_rate, settings.account_burst),
                     access);
}

}  // namespace centralita::net
