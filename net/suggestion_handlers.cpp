#include "net/suggestion_handlers.hpp"

#include "net/api_codecs.hpp"
#include "net/api_json.hpp"
#include "net/json_reply.hpp"
#include "storage/message_query.hpp"
#include "storage/suggestion_repo.hpp"

namespace centralita::net {

namespace {

constexpr size_t max_text_chars = 4096;
constexpr size_t max_reason_chars = 500;

response no_such_suggestion() {
  return error_response(errc::not_found, "no such suggestion", "suggestion_not_found");
}

std::string suggestion_json(const storage::suggestion& s) {
  json_builder j;
  write_suggestion(j, s);
  return j.str();
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
  auto cursor = query_cursor(req);
  if (!cursor) return cursor.error();
  f.before_id = *cursor;
  auto limit = query_limit(req);
  if (!limit) return limit.error();
  f.limit = *limit;
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

// The dashboard hears of a decided suggestion, and of the message an approval queued.
void announce(actors::node& node, int64_t tenant_id, storage::pg_connection& db,
              const storage::suggestion& s) {
  node.publish(tenant_id, "suggestion.resolved", suggestion_json(s));
  if (!s.sent_message_id) return;
  node.wake_outbox();
  auto m = storage::message_query{db}.find(tenant_id, *s.sent_message_id);
  if (!m) return;
  json_builder j;
  write_message(j, *m);
  node.publish(tenant_id, "message.created", j.str());
}

}  // namespace

void add_suggestion_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  routes.add(
      "GET", "/api/v1/suggestions",
      authenticated(env, [env](const request& req, const principal& who, respond_fn respond) {
        auto f = parse_filter(req);
        if (!f) return respond(error_response(f.error()));
        answer_from_db(env->node, std::move(respond),
                       [who, f = *f](storage::pg_connection& db) -> result<response> {
                         auto page = storage::suggestion_repo{db}.list(who.tenant_id, f);
                         if (!page) return page.error();
                         return json_response(
                             200, page_json(page->items, page->next_before_id, write_suggestion));
                       });
      }));

  routes.add(
      "GET", "/api/v1/suggestions/{id}",
      authenticated(env, [env](const request& req, const principal& who, respond_fn respond) {
        auto id = parse_id(req.params.at("id"));
        if (!id) return respond(no_such_suggestion());
        answer_from_db(env->node, std::move(respond),
                       [who, id = *id](storage::pg_connection& db) -> result<response> {
                         auto s = storage::suggestion_repo{db}.find(who.tenant_id, id);
                         if (!s) return s.error();
                         return json_response(200, suggestion_json(*s));
                       });
      }));

  routes.add(
      "POST", "/api/v1/suggestions/{id}/approve",
      authenticated(env, [env](const request& req, const principal& who, respond_fn respond) {
        auto id = parse_id(req.params.at("id"));
        if (!id) return respond(no_such_suggestion());
        auto text = parse_approve(req.body);
        if (!text) return respond(error_response(text.error()));
        answer_from_db(
            env->node, std::move(respond),
            [env, who, id = *id, a = *text](storage::pg_connection& db) -> result<response> {
              auto s = storage::suggestion_repo{db}.approve(who.tenant_id, id, who.user_id, a.text,
                                                            a.confirm);
              if (!s) return s.error();
              announce(env->node, who.tenant_id, db, *s);
              return json_response(200, suggestion_json(*s));
            });
      }));

  routes.add(
      "POST", "/api/v1/suggestions/{id}/reject",
      authenticated(env, [env](const request& req, const principal& who, respond_fn respond) {
        auto id = parse_id(req.params.at("id"));
        if (!id) return respond(no_such_suggestion());
        auto reason = parse_reject(req.body);
        if (!reason) return respond(error_response(reason.error()));
        answer_from_db(
            env->node, std::move(respond),
            [env, who, id = *id, reason = *reason](storage::pg_connection& db) -> result<response> {
              auto s = storage::suggestion_repo{db}.reject(who.tenant_id, id, who.user_id, reason);
              if (!s) return s.error();
              announce(env->node, who.tenant_id, db, *s);
              return json_response(200, suggestion_json(*s));
            });
      }));
}

}  // namespace centralita::net
