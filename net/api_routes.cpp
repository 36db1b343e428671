#include "net/api_routes.hpp"

#include <algorithm>

#include "storage/audit_repo.hpp"

namespace centralita::net {

error no_such_conversation() {
  return make_error(errc::not_found, "no such conversation", "conversation_not_found");
}

error no_such_ticket() { return make_error(errc::not_found, "no such ticket", "ticket_not_found"); }

std::string deleted_json(int64_t id) {
  json_builder j;
  j.begin_object().field("id", id).field("deleted", true).end_object();
  return j.str();
}

result<response> text_answer(int status, result<std::string> text) {
  if (!text) return text.error();
  return json_response(status, std::move(*text));
}

status query_page(const request& req, std::optional<int64_t>& before_id, int& limit) {
  auto cursor = query_cursor(req);
  if (!cursor) return cursor.error();
  before_id = *cursor;
  auto n = query_limit(req);
  if (!n) return n.error();
  limit = *n;
  return ok_status();
}

status query_id(const request& req, const char* name, std::optional<int64_t>& out) {
  auto value = req.query_param(name);
  if (value.empty()) return ok_status();
  auto id = parse_id(value);
  if (!id) {
    return make_error(errc::invalid_input, std::string{name} + " must be an id", "invalid_query");
  }
  out = *id;
  return ok_status();
}

result<json_body> parse_patch_body(const std::string& body,
                                   std::initializer_list<std::string_view> fields) {
  auto b = json_body::parse(body);
  if (!b) return b.error();
  if (auto s = b->only(fields); !s) return s.error();
  const bool any = std::any_of(fields.begin(), fields.end(), [&](std::string_view f) {
    return b->raw_member(std::string{f}.c_str()) != nullptr;
  });
  if (any) return b;
  std::string names;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) names += i + 1 == fields.size() ? " or " : ", ";
    names += *(fields.begin() + i);
  }
  return make_error(errc::invalid_input, "nothing to change: give " + names, "missing_field");
}

status audit_change(storage::pg_connection& db, const principal& who, std::string entity_type,
                    std::string entity_id, std::string action,
                    std::optional<std::string> before_json, std::optional<std::string> after_json) {
  return storage::audit_repo{db}.append(
      {who.tenant_id, storage::actor::user(who.user_id), std::move(entity_type),
       std::move(entity_id), std::move(action), std::move(before_json), std::move(after_json)});
}

}  // namespace centralita::net
