#include "net/call_handlers.hpp"

#include "actors/call_starter.hpp"
#include "common/log.hpp"
#include "net/api_json.hpp"
#include "net/json_reply.hpp"
#include "providers/elevenlabs_outbound.hpp"
#include "storage/outbound_call_repo.hpp"

namespace centralita::net {

namespace {

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

void add_call_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  routes.add(
      "POST", "/api/v1/conversations/{id}/calls",
      authenticated(env, [env](const request& req, const principal& who, respond_fn respond) {
        auto id = parse_id(req.params.at("id"));
        if (!id) {
          return respond(
              error_response(errc::not_found, "no such conversation", "conversation_not_found"));
        }
        env->node.run_db([env, who, id = *id, respond = std::move(respond)](
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
          // ElevenLabs is asked by the call starter (actors/call_starter.hpp), never on this
          // database worker.
          env->node.start_call(
              who.tenant_id, std::move(call),
              [env, who, ctx = *ctx,
               respond = std::move(respond)](result<actors::call_attempt> attempt) mutable {
                if (!attempt) return respond(error_response(attempt.error()));
                if (attempt->result.status != providers::call_start_status::started) {
                  log::warn("calls: conversation {}: {}", ctx.conversation_id,
                            attempt->result.message);
                  return respond(upstream_error(attempt->result));
                }
                store_call(env, attempt->agent_id, who, ctx, attempt->result, std::move(respond));
              });
        });
      }));
}

}  // namespace centralita::net
