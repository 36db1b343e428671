#include "net/suggestion_handlers.hpp"

#include "net/api_codecs.hpp"
#include "net/api_routes.hpp"
#include "storage/message_query.hpp"
#include "storage/suggestion_repo.hpp"

namespace centralita::net {

namespace {

constexpr size_t max_text_chars = 4096;
constexpr size_t max_reason_chars = 500;

error no_such_suggestion() {
  return make_error(errc::not_found, "no such suggestion", "suggestion_not_found");
}

result<storage::suggestion_filter> parse_filter(const request& req) {
  storage::suggestion_filter f;
  // One status, a comma-separated list of them ("pending,superseded"), or all.
  if (auto status = req.query_param("status"); !status.empty() && status != "all") {
    size_t start = 0;
    while (start <= status.size()) {
      size_t end = status.find(',', start);
      if (end == std::string::npos) end = status.size();
      auto one = status.substr(start, end - start);
      if (one != "pending" && one != "approved" && one != "rejected" && one != "superseded") {
        return make_error(errc::invalid_input,
                          "status must be pending, approved, rejected, superseded (or a "
                          "comma-separated list of them) or all",
                          "invalid_query");
      }
      f.statuses.emplace_back(one);
      start = end + 1;
    }
  }
  if (auto conv = req.query_param("conversation_id"); !conv.empty()) {
    auto id = parse_id(conv);
    if (!id)
      return make_error(errc::invalid_input, "conversation_id is not valid", "invalid_query");
    f.conversation_id = *id;
  }
  if (auto s = query_page(req, f.before_id, f.limit); !s) return s.error();
  return f;
}

struct approval {
  std::optional<std::string> text;
  bool confirm = false;
};

// {"text": "...", "confirm": true} both optional: the edited reply, and that a superseded draft
// is to be sent anyway. An empty body approves the draft as it is.
result<approval> parse_approve(const std::string& body) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return approval{};
  auto b = json_body::parse(body);
  if (!b) return b.error();
  if (auto s = b->only({"text", "confirm"}); !s) return s.error();
  auto confirm = b->optional_bool("confirm");
  if (!confirm) return confirm.error();
  auto text = b->optional_string("text");
  if (!text) return text.error();
  if (*text) {
    if ((*text)->find_first_not_of(" \t\r\n") == std::string::npos) {
      return invalid_field("text", "must not be empty");
    }
    if (utf8_length(**text) > max_text_chars) {
      return invalid_field("text", "is longer than 4096 characters");
    }
  }
  return approval{*text, confirm->value_or(false)};
}

result<std::optional<std::string>> parse_reject(const std::string& body) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return std::optional<std::string>{};
  auto b = json_body::parse(body);
  if (!b) return b.error();
  if (auto s = b->only({"reason"}); !s) return s.error();
  auto reason = b->optional_string("reason");
  if (!reason) return reason.error();
  if (*reason && utf8_length(**reason) > max_reason_chars) {
    return invalid_field("reason", "is longer than 500 characters");
  }
  return *reason;
}

// The dashboard hears of a decided suggestion, and of the message an approval queued; the
// answer is the suggestion.
result<response> announce(actors::node& node, int64_t tenant_id, storage::pg_connection& db,
                          const result<storage::suggestion>& decided) {
  if (!decided) return decided.error();
  const auto& s = *decided;
  auto body = json_text(s, write_suggestion);
  node.publish(tenant_id, "suggestion.resolved", body);
  if (s.sent_message_id) {
    node.wake_outbox();
    if (auto m = storage::message_query{db}.find(tenant_id, *s.sent_message_id)) {
      node.publish(tenant_id, "message.created", json_text(*m, write_message));
    }
  }
  return json_response(200, body);
}

}  // namespace

void add_suggestion_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  routes.add("GET", "/api/v1/suggestions",
             list_route<storage::suggestion_repo>(env, parse_filter, write_suggestion));

  routes.add("GET", "/api/v1/suggestions/{id}",
             find_route<storage::suggestion_repo>(env, no_such_suggestion(), write_suggestion));

  routes.add("POST", "/api/v1/suggestions/{id}/approve",
             id_input_route(authenticated, env, no_such_suggestion(), parse_approve,
                            [env](storage::pg_connection& db, const principal& who, int64_t id,
                                  const approval& a) {
                              auto s = storage::suggestion_repo{db}.approve(
                                  who.tenant_id, id, who.user_id, a.text, a.confirm);
                              return announce(env->node, who.tenant_id, db, s);
                            }));

  routes.add("POST", "/api/v1/suggestions/{id}/reject",
             id_input_route(authenticated, env, no_such_suggestion(), parse_reject,
                            [env](storage::pg_connection& db, const principal& who, int64_t id,
                                  const std::optional<std::string>& reason) {
                              auto s = storage::suggestion_repo{db}.reject(who.tenant_id, id,
                                                                           who.user_id, reason);
                              return announce(env->node, who.tenant_id, db, s);
                            }));
}

}  // namespace centralita::net
