#include "net/note_handlers.hpp"

#include <algorithm>
#include <cctype>

#include "net/api_routes.hpp"
#include "storage/note_repo.hpp"
#include "storage/ticket_repo.hpp"

namespace centralita::net {

namespace {

constexpr size_t max_mentions = 20;

bool name_char(char ch) {
  auto u = static_cast<unsigned char>(ch);
  return std::isalnum(u) || u >= 0x80 || ch == '.' || ch == '_' || ch == '-';
}

// {"ids": [...]} (up to 200 notification ids), or an empty body: which notifications were read;
// none named means all of them.
result<std::vector<int64_t>> parse_read(const std::string& body) {
  std::vector<int64_t> ids;
  if (body.empty()) return ids;
  auto b = json_body::parse(body);
  if (!b) return b.error();
  if (auto s = b->only({"ids"}); !s) return s.error();
  if (const auto* v = b->raw_member("ids"); v != nullptr && !v->IsNull()) {
    if (!v->IsArray() || v->Size() > 200) return invalid_field("ids", "must be up to 200 ids");
    for (const auto& x : v->GetArray()) {
      if (!x.IsInt64() || x.GetInt64() <= 0) return invalid_field("ids", "must be up to 200 ids");
      ids.push_back(x.GetInt64());
    }
  }
  return ids;
}

}  // namespace

std::vector<std::string> note_mentions(std::string_view text) {
  std::vector<std::string> out;
  for (size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    // An email address in the note (ana@example.com) is not a mention.
    if (at > 0 && name_char(text[at - 1])) continue;
    size_t end = at + 1;
    while (end < text.size() && name_char(text[end])) ++end;
    auto name = text.substr(at + 1, end - at - 1);
    while (!name.empty() && name.back() == '.') name.remove_suffix(1);
    if (name.empty() || name.size() > 100) continue;
    std::string n{name};
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(std::move(n));
    if (out.size() == max_mentions) break;
  }
  return out;
}

namespace {

// Announces a note just written (note.created, to colleagues) and the notifications of its
// mentions (notification.created, to each person named), and answers it.
result<response> noted(const api_env& env, const principal& who,
                       result<storage::created_note> note) {
  if (!note) return note.error();
  env.node.publish(who.tenant_id, "note.created", note->note_json);
  for (const auto& n : note->notifications_json) {
    env.node.publish(who.tenant_id, "notification.created", n);
  }
  return json_response(201, note->note_json);
}

}  // namespace

void add_note_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  // A note is written with its audit row and its mentions' notifications in one transaction.
  routes.add("POST", "/api/v1/conversations/{id}/notes",
             id_input_route(authenticated, env, no_such_conversation(), parse_text_body,
                            [env](storage::pg_connection& db, const principal& who, int64_t id,
                                  const std::string& text) {
                              return noted(
                                  *env, who,
                                  storage::note_repo{db}.create(who.tenant_id, who.user_id, id,
                                                                text, note_mentions(text)));
                            }));
  // On a ticket, the note also goes into the ticket's conversation, when it has one.
  routes.add("POST", "/api/v1/tickets/{id}/notes",
             id_input_route(authenticated, env, no_such_ticket(), parse_text_body,
                            [env](storage::pg_connection& db, const principal& who, int64_t id,
                                  const std::string& text) {
                              return noted(
                                  *env, who,
                                  storage::note_repo{db}.create_on_ticket(
                                      who.tenant_id, who.user_id, id, text, note_mentions(text)));
                            }));
  routes.add(
      "GET", "/api/v1/tickets/{id}/notes",
      id_route(
          authenticated, env, no_such_ticket(),
          [](storage::pg_connection& db, const principal& who, int64_t id) -> result<response> {
            if (auto t = storage::ticket_repo{db}.find(who.tenant_id, id); !t) {
              return t.error();
            }
            return text_answer(200, storage::note_repo{db}.list_for_ticket(who.tenant_id, id));
          }));

  routes.add("GET", "/api/v1/notifications",
             input_route(
                 authenticated, env, [](const request& req) { return query_limit(req); },
                 [](storage::pg_connection& db, const principal& who, int limit) {
                   return text_answer(200, storage::note_repo{db}.notifications(
                                               who.tenant_id, who.user_id, limit));
                 }));

  routes.add("POST", "/api/v1/notifications/read",
             input_route(authenticated, env, parse_read,
                         [](storage::pg_connection& db, const principal& who,
                            const std::vector<int64_t>& ids) -> result<response> {
                           storage::note_repo notes{db};
                           if (auto s = notes.mark_read(who.tenant_id, who.user_id, ids); !s) {
                             return s.error();
                           }
                           return text_answer(200,
                                              notes.notifications(who.tenant_id, who.user_id, 50));
                         }));
}

}  // namespace centralita::net
