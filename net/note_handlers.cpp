#include "net/note_handlers.hpp"

#include <algorithm>
#include <cctype>

#include "net/api_json.hpp"
#include "net/json_reply.hpp"
#include "storage/note_repo.hpp"
#include "storage/ticket_repo.hpp"

namespace centralita::net {

namespace {

constexpr size_t max_mentions = 20;

bool name_char(char ch) {
  auto u = static_cast<unsigned char>(ch);
  return std::isalnum(u) || u >= 0x80 || ch == '.' || ch == '_' || ch == '-';
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

// POST {conversation or ticket}/{id}/notes: the note is written with its audit row and its
// mentions' notifications in one transaction; colleagues see it live (note.created) and each
// person named gets notification.created.
void add_note_route(router& routes, const std::shared_ptr<const api_env>& env, bool on_ticket) {
  const std::string path =
      on_ticket ? "/api/v1/tickets/{id}/notes" : "/api/v1/conversations/{id}/notes";
  routes.add(
      "POST", path,
      authenticated(env, [env, on_ticket](const request& req, const principal& who,
                                          respond_fn respond) {
        auto id = parse_id(req.params.at("id"));
        if (!id) {
          return respond(on_ticket
                             ? error_response(errc::not_found, "no such ticket", "ticket_not_found")
                             : error_response(errc::not_found, "no such conversation",
                                              "conversation_not_found"));
        }
        auto text = parse_text_body(req.body);
        if (!text) return respond(error_response(text.error()));
        answer_from_db(
            env->node, std::move(respond),
            [env, who, on_ticket, id = *id,
             text = std::move(*text)](storage::pg_connection& db) -> result<response> {
              storage::note_repo notes{db};
              auto mentions = note_mentions(text);
              auto note =
                  on_ticket ? notes.create_on_ticket(who.tenant_id, who.user_id, id, text, mentions)
                            : notes.create(who.tenant_id, who.user_id, id, text, mentions);
              if (!note) return note.error();
              env->node.publish(who.tenant_id, "note.created", note->note_json);
              for (const auto& n : note->notifications_json) {
                env->node.publish(who.tenant_id, "notification.created", n);
              }
              return json_response(201, note->note_json);
            });
      }));
}

}  // namespace

void add_note_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  add_note_route(routes, env, false);
  add_note_route(routes, env, true);

  routes.add(
      "GET", "/api/v1/tickets/{id}/notes",
      authenticated(env, [env](const request& req, const principal& who, respond_fn respond) {
        auto id = parse_id(req.params.at("id"));
        if (!id)
          return respond(error_response(errc::not_found, "no such ticket", "ticket_not_found"));
        answer_from_db(env->node, std::move(respond),
                       [who, id = *id](storage::pg_connection& db) -> result<response> {
                         if (auto t = storage::ticket_repo{db}.find(who.tenant_id, id); !t) {
                           return t.error();
                         }
                         auto list = storage::note_repo{db}.list_for_ticket(who.tenant_id, id);
                         if (!list) return list.error();
                         return json_response(200, std::move(*list));
                       });
      }));

  routes.add(
      "GET", "/api/v1/notifications",
      authenticated(env, [env](const request& req, const principal& who, respond_fn respond) {
        auto limit = query_limit(req);
        if (!limit) return respond(error_response(limit.error()));
        answer_from_db(env->node, std::move(respond),
                       [who, limit = *limit](storage::pg_connection& db) -> result<response> {
                         auto list = storage::note_repo{db}.notifications(who.tenant_id,
                                                                          who.user_id, limit);
                         if (!list) return list.error();
                         return json_response(200, std::move(*list));
                       });
      }));

  routes.add(
      "POST", "/api/v1/notifications/read",
      authenticated(env, [env](const request& req, const principal& who, respond_fn respond) {
        std::vector<int64_t> ids;
        if (!req.body.empty()) {
          auto b = json_body::parse(req.body);
          if (!b) return respond(error_response(b.error()));
          if (auto s = b->only({"ids"}); !s) return respond(error_response(s.error()));
          if (const auto* v = b->raw_member("ids"); v != nullptr && !v->IsNull()) {
            if (!v->IsArray() || v->Size() > 200) {
              return respond(error_response(invalid_field("ids", "must be up to 200 ids")));
            }
            for (const auto& x : v->GetArray()) {
              if (!x.IsInt64() || x.GetInt64() <= 0) {
                return respond(error_response(invalid_field("ids", "must be up to 200 ids")));
              }
              ids.push_back(x.GetInt64());
            }
          }
        }
        answer_from_db(env->node, std::move(respond),
                       [who, ids = std::move(ids)](storage::pg_connection& db) -> result<response> {
                         storage::note_repo notes{db};
                         if (auto s = notes.mark_read(who.tenant_id, who.user_id, ids); !s) {
                           return s.error();
                         }
                         auto list = notes.notifications(who.tenant_id, who.user_id, 50);
                         if (!list) return list.error();
                         return json_response(200, std::move(*list));
                       });
      }));
}

}  // namespace centralita::net
