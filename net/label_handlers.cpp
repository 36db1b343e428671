#include "net/label_handlers.hpp"

#include <cctype>
#include <vector>

#include "net/api_routes.hpp"
#include "storage/label_repo.hpp"

namespace centralita::net {

namespace {

constexpr size_t max_name_chars = 40;
constexpr size_t max_labels_per_conversation = 20;

struct new_label {
  std::string name;
  std::string color;
};

result<new_label> parse_label(const std::string& body) {
  auto b = json_body::parse(body);
  if (!b) return b.error();
  if (auto s = b->only({"name", "color"}); !s) return s.error();
  auto name = b->required_string("name");
  if (!name) return name.error();
  const auto first = name->find_first_not_of(' ');
  if (first == std::string::npos) return invalid_field("name", "must not be empty");
  *name = name->substr(first, name->find_last_not_of(' ') - first + 1);
  if (utf8_length(*name) > max_name_chars) {
    return invalid_field("name", "is longer than 40 characters");
  }
  auto color = b->optional_string("color");
  if (!color) return color.error();
  std::string c = color->value_or("#6b7280");
  bool ok = c.size() == 7 && c[0] == '#';
  for (size_t i = 1; ok && i < c.size(); ++i) {
    c[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(c[i])));
    ok = std::isxdigit(static_cast<unsigned char>(c[i])) != 0;
  }
  if (!ok) return invalid_field("color", "must be a colour #rrggbb");
  return new_label{*name, c};
}

result<std::vector<int64_t>> parse_label_ids(const std::string& body) {
  auto b = json_body::parse(body);
  if (!b) return b.error();
  if (auto s = b->only({"labels"}); !s) return s.error();
  const auto* labels = b->raw_member("labels");
  if (labels == nullptr || !labels->IsArray()) {
    return invalid_field("labels", "must be an array of label ids");
  }
  if (labels->Size() > max_labels_per_conversation) {
    return invalid_field("labels", "holds more than 20 labels");
  }
  std::vector<int64_t> ids;
  for (const auto& v : labels->GetArray()) {
    if (!v.IsInt64() || v.GetInt64() <= 0) {
      return invalid_field("labels", "must be an array of label ids");
    }
    ids.push_back(v.GetInt64());
  }
  return ids;
}

// {"ai_labels": true|false}: whether the AI may label conversations.
result<bool> parse_settings(const std::string& body) {
  auto b = json_body::parse(body);
  if (!b) return b.error();
  if (auto s = b->only({"ai_labels"}); !s) return s.error();
  auto on = b->optional_bool("ai_labels");
  if (!on) return on.error();
  if (!*on) return invalid_field("ai_labels", "is required");
  return **on;
}

}  // namespace

void add_label_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  routes.add("GET", "/api/v1/labels",
             db_route(authenticated, env, [](storage::pg_connection& db, const principal& who) {
               return text_answer(200, storage::label_repo{db}.list(who.tenant_id));
             }));

  routes.add("POST", "/api/v1/labels",
             input_route(supervisor_only, env, parse_label,
                         [env](storage::pg_connection& db, const principal& who,
                               const new_label& l) -> result<response> {
                           auto made = storage::label_repo{db}.create(who.tenant_id, who.user_id,
                                                                      l.name, l.color);
                           if (!made) return made.error();
                           env->node.publish(who.tenant_id, "label.changed", *made);
                           return json_response(201, std::move(*made));
                         }));

  routes.add(
      "DELETE", "/api/v1/labels/{id}",
      id_route(
          supervisor_only, env, make_error(errc::not_found, "no such label", "label_not_found"),
          [env](storage::pg_connection& db, const principal& who, int64_t id) -> result<response> {
            auto s = storage::label_repo{db}.remove(who.tenant_id, who.user_id, id);
            if (!s) return s.error();
            auto body = deleted_json(id);
            env->node.publish(who.tenant_id, "label.changed", body);
            return json_response(200, body);
          }));

  routes.add("PATCH", "/api/v1/labels/settings",
             input_route(
                 supervisor_only, env, parse_settings,
                 [](storage::pg_connection& db, const principal& who, bool on) -> result<response> {
                   storage::label_repo labels{db};
                   if (auto s = labels.set_ai_labels(who.tenant_id, who.user_id, on); !s) {
                     return s.error();
                   }
                   return text_answer(200, labels.list(who.tenant_id));
                 }));

  routes.add(
      "PUT", "/api/v1/conversations/{id}/labels",
      id_input_route(
          authenticated, env, no_such_conversation(), parse_label_ids,
          [env](storage::pg_connection& db, const principal& who, int64_t id,
                const std::vector<int64_t>& ids) -> result<response> {
            auto set =
                storage::label_repo{db}.set_for_conversation(who.tenant_id, who.user_id, id, ids);
            if (!set) return set.error();
            json_builder j;
            j.begin_object().field("id", id).key("labels").raw(set->labels_json).end_object();
            if (set->changed) {
              env->node.publish(who.tenant_id, "conversation.labeled", j.str());
            }
            return json_response(200, j.str());
          }));
}

}  // namespace centralita::net
