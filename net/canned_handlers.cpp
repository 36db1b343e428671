#include "net/canned_handlers.hpp"

#include <algorithm>
#include <cctype>

#include "net/api_routes.hpp"
#include "storage/canned_repo.hpp"

namespace centralita::net {

namespace {

constexpr size_t max_text_chars = 4096;
constexpr size_t max_shortcut_chars = 40;

error no_such_reply() {
  return make_error(errc::not_found, "no such canned response", "canned_response_not_found");
}

// Lower case ASCII letters, digits, - and _, as typed after `/` in the composer.
result<std::string> parse_shortcut(std::string s) {
  if (!s.empty() && s[0] == '/') s.erase(0, 1);
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const bool ok =
      !s.empty() && s.size() <= max_shortcut_chars && std::all_of(s.begin(), s.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_';
      });
  if (!ok) {
    return invalid_field("shortcut", "must be 1 to 40 letters a-z, digits, - or _");
  }
  return s;
}

result<std::string> parse_text(const std::string& text) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return invalid_field("text", "must not be empty");
  }
  if (utf8_length(text) > max_text_chars) {
    return invalid_field("text", "is longer than 4096 characters");
  }
  if (auto s = check_canned_variables(text); !s) return s.error();
  return text;
}

result<storage::canned_fields> parse_fields(const std::string& body, bool create) {
  auto b = create ? json_body::parse(body) : parse_patch_body(body, {"shortcut", "text"});
  if (!b) return b.error();
  if (auto s = b->only({"shortcut", "text"}); !s) return s.error();
  storage::canned_fields f;
  if (create) {
    auto shortcut = b->required_string("shortcut");
    if (!shortcut) return shortcut.error();
    auto text = b->required_string("text");
    if (!text) return text.error();
    f.shortcut = *shortcut;
    f.text = *text;
  } else {
    auto shortcut = b->optional_string("shortcut");
    if (!shortcut) return shortcut.error();
    auto text = b->optional_string("text");
    if (!text) return text.error();
    f.shortcut = *shortcut;
    f.text = *text;
  }
  if (f.shortcut) {
    auto s = parse_shortcut(*f.shortcut);
    if (!s) return s.error();
    f.shortcut = *s;
  }
  if (f.text) {
    auto t = parse_text(*f.text);
    if (!t) return t.error();
  }
  return f;
}

}  // namespace

status check_canned_variables(std::string_view text) {
  size_t pos = 0;
  while ((pos = text.find("{{", pos)) != std::string_view::npos) {
    const auto end = text.find("}}", pos + 2);
    if (end == std::string_view::npos) {
      return invalid_field("text", "has a {{ that is never closed with }}");
    }
    auto name = text.substr(pos + 2, end - pos - 2);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (std::find(std::begin(canned_variables), std::end(canned_variables), name) ==
        std::end(canned_variables)) {
      return make_error(errc::invalid_input,
                        "text: unknown variable {{" + std::string{name.substr(0, 40)} +
                            "}}; use {{first_name}}, {{order_number}} or {{agent_name}}",
                        "unknown_variable");
    }
    pos = end + 2;
  }
  return ok_status();
}

void add_canned_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  routes.add("GET", "/api/v1/canned-responses",
             db_route(authenticated, env, [](storage::pg_connection& db, const principal& who) {
               return text_answer(200, storage::canned_repo{db}.list(who.tenant_id));
             }));

  routes.add(
      "POST", "/api/v1/canned-responses",
      input_route(
          supervisor_only, env, [](const std::string& body) { return parse_fields(body, true); },
          [env](storage::pg_connection& db, const principal& who,
                const storage::canned_fields& f) -> result<response> {
            auto c = storage::canned_repo{db}.create(who.tenant_id, who.user_id, f);
            if (!c) return c.error();
            env->node.publish(who.tenant_id, "canned_response.changed", *c);
            return json_response(201, std::move(*c));
          }));

  routes.add("PATCH", "/api/v1/canned-responses/{id}",
             id_input_route(
                 supervisor_only, env, no_such_reply(),
                 [](const std::string& body) { return parse_fields(body, false); },
                 [env](storage::pg_connection& db, const principal& who, int64_t id,
                       const storage::canned_fields& f) -> result<response> {
                   auto c = storage::canned_repo{db}.update(who.tenant_id, who.user_id, id, f);
                   if (!c) return c.error();
                   env->node.publish(who.tenant_id, "canned_response.changed", *c);
                   return json_response(200, std::move(*c));
                 }));

  routes.add("DELETE", "/api/v1/canned-responses/{id}",
             id_route(supervisor_only, env, no_such_reply(),
                      [env](storage::pg_connection& db, const principal& who,
                            int64_t id) -> result<response> {
                        auto s = storage::canned_repo{db}.remove(who.tenant_id, who.user_id, id);
                        if (!s) return s.error();
                        auto body = deleted_json(id);
                        env->node.publish(who.tenant_id, "canned_response.changed", body);
                        return json_response(200, body);
                      }));
}

}  // namespace centralita::net
