#include "net/api_routes.hpp"

namespace centralita::net {

error no_such_conversation() {
  return make_error(errc::not_found, "no such conversation", "conversation_not_found");
}

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

}  // namespace centralita::net
