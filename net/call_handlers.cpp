#include "net/call_handlers.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "actors/account_directory.hpp"
#include "common/log.hpp"
#include "net/api_json.hpp"
#include "net/json_reply.hpp"
#include "providers/elevenlabs_outbound.hpp"
#include "storage/outbound_call_repo.hpp"

namespace centralita::net {

namespace {

// ElevenLabs is called on this lane's own thread, never on a database worker or an I/O thread:
// a slow answer (up to the configured timeouts) then holds up only other calls being started.
// Destroyed with the routes, before the node: it finishes what it was given, then joins.
class call_lane {
 public:
  call_lane() : thread_([this] { run(); }) {}
  ~call_lane() {
    {
      std::lock_guard<std::mutex> lock{mutex_};
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  void post(std::function<void()> job) {
    {
      std::lock_guard<std::mutex> lock{mutex_};
      jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
  }

 private:
  void run() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock{mutex_};
        wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

// The shared state of the route: the settings (timeouts, default URL) and the lane.
struct call_route {
  config::settings settings;
  call_lane lane;
  explicit call_route(const config::settings& s) : settings(s) {}
};

// The tenant's calls go out through its own ElevenLabs account (the lowest id enabled), never
// another tenant's; none found: no call.
const actors::account* call_account(const actors::account_directory& accounts, int64_t tenant_id) {
  auto mine = accounts.of_tenant(tenant_id, "elevenlabs");
  return mine.empty() ? nullptr : mine.front();
}

// E.164 from the stored digits; empty when they cannot be one (8 to 15 digits).
std::string e164(const std::string& digits) {
  if (digits.size() < 8 || digits.size() > 15) return {};
  return "+" + digits;
}

// The conversation's context for the voice agent: scalar strings, only those known, none with
// the reserved `system__` prefix.
providers::outbound_call call_of(const storage::outbound_call_context& c) {
  providers::outbound_call call;
  call.to_number = e164(c.phone);
  auto add = [&](const char* name, const std::string& value) {
    if (!value.empty()) call.dynamic_variables.emplace_back(name, value);
  };
  add("customer_name", c.customer_name);
  add("customer_phone", call.to_number);
  add("conversation_id", std::to_string(c.conversation_id));
  add("language", c.language);
  add("order_number", c.order_number);
  add("tracking_number", c.tracking_number);
  add("tracking_status", c.tracking_status);
  if (c.ticket_id) add("ticket_id", std::to_string(*c.ticket_id));
  add("ticket_subject", c.ticket_subject);
  return call;
}

// ElevenLabs' refusal or silence, in the JSON error shape, with the gateway statuses.
response upstream_error(const providers::call_start_result& r) {
  response out;
  const bool timed_out = r.status == providers::call_start_status::timed_out;
  out.status = timed_out ? 504 : 502;
  const char* code = timed_out                                           ? "provider_timeout"
                     : r.status == providers::call_start_status::refused ? "provider_refused"
                                                                         : "provider_error";
  out.body =
      "{\"error\":{\"code\":" + json_string(code) + ",\"message\":" + json_string(r.message) + "}}";
  return out;
}

// After ElevenLabs took the call: the session row, the live event and the answer.
void store_call(const std::shared_ptr<const api_env>& env, const std::string& agent_id,
                const principal& who, const storage::outbound_call_context& ctx,
                const providers::call_start_result& started, respond_fn respond) {
  answer_from_db(
      env->node, std::move(respond),
      [env, agent_id, who, ctx, started](storage::pg_connection& db) -> result<response> {
        storage::started_call call;
        call.tenant_id = who.tenant_id;
        call.provider_conversation_id =
            started.conversation_id.empty() ? started.call_sid : started.conversation_id;
        call.call_sid = started.call_sid;
        call.agent_id = agent_id;
        call.actor = storage::actor::user(who.user_id);
        auto stored = storage::outbound_call_repo{db}.record(ctx, call);
        if (!stored) {
          log::error("calls: call {} started but not stored: {}", call.provider_conversation_id,
                     stored.error().message);
          return stored.error();
        }
        env->node.publish(who.tenant_id, "call.created", stored->call_json);
        return json_response(201, stored->call_json);
      });
}

}  // namespace

void add_call_routes(router& routes, const std::shared_ptr<const api_env>& env,
                     const config::settings& settings) {
  auto route = std::make_shared<call_route>(settings);
  routes.add(
      "POST", "/api/v1/conversations/{id}/calls",
      authenticated(env, [env, route](const request& req, const principal& who,
                                      respond_fn respond) {
        auto id = parse_id(req.params.at("id"));
        if (!id) {
          return respond(
              error_response(errc::not_found, "no such conversation", "conversation_not_found"));
        }
        env->node.run_db([env, route, who, id = *id, respond = std::move(respond)](
                             const std::optional<error>& failed,
                             storage::pg_connection* db) mutable {
          if (failed || db == nullptr) {
            return respond(
                sanitized(failed.value_or(make_error(errc::unavailable, "no connection"))));
          }
          auto ctx = storage::outbound_call_repo{*db}.context(who.tenant_id, id);
          if (!ctx) return respond(sanitized(ctx.error()));
          auto call = call_of(*ctx);
          if (call.to_number.empty()) {
            return respond(error_response(errc::unprocessable,
                                          "the customer's phone number cannot be called",
                                          "invalid_phone"));
          }
          auto accounts = env->node.accounts();
          const auto* account = call_account(*accounts, who.tenant_id);
          if (account == nullptr) {
            return respond(error_response(errc::unprocessable,
                                          "this tenant has no enabled ElevenLabs account",
                                          "no_call_account"));
          }
          // The job holds no share of the route: the lane, which runs it, is part of the
          // route and joins its thread when the route goes.
          route->lane.post(
              [env, caller = providers::elevenlabs_caller{route->settings, account->credentials},
               who, ctx = *ctx, call = std::move(call), respond = std::move(respond)]() mutable {
                auto started = caller.start(call);
                if (started.status != providers::call_start_status::started) {
                  log::warn("calls: conversation {}: {}", ctx.conversation_id, started.message);
                  return respond(upstream_error(started));
                }
                store_call(env, caller.agent_id(), who, ctx, started, std::move(respond));
              });
        });
      }));
}

}  // namespace centralita::net
