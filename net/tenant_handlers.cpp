#include "net/tenant_handlers.hpp"

#include <regex>

#include "common/log.hpp"
#include "net/api_codecs.hpp"
#include "net/api_routes.hpp"
#include "net/user_input.hpp"
#include "storage/tenant_admin_repo.hpp"
#include "storage/user_repo.hpp"

namespace centralita::net {

namespace {

error no_such_tenant() { return make_error(errc::not_found, "no such tenant", "tenant_not_found"); }

void write_tenant(json_builder& j, const storage::tenant_summary& t) {
  j.begin_object()
      .field("id", t.id)
      .field("slug", t.slug)
      .field("name", t.name)
      .field("suspended", t.suspended)
      .field("active_users", t.users)
      .field("created_at", t.created_at)
      .end_object();
}

struct new_tenant {
  std::string slug;
  std::string name;
  storage::new_user admin;
};

// The slug as the tenants table allows it (lower-case letters, digits, - and _).
bool valid_slug(const std::string& slug) {
  static const std::regex shape{"^[a-z0-9][a-z0-9_-]{0,62}$"};
  return std::regex_match(slug, shape);
}

result<new_tenant> parse_new_tenant(const std::string& body) {
  auto b = json_body::parse(body);
  if (!b) return b.error();
  if (auto s = b->only({"slug", "name", "admin"}); !s) return s.error();
  auto slug = b->required_string("slug");
  if (!slug) return slug.error();
  if (!valid_slug(*slug)) {
    return invalid_field("slug", "must be 1 to 63 lower-case letters, digits, - or _");
  }
  auto name = b->required_string("name");
  if (!name) return name.error();
  auto n = checked_name(*name, "name", 200);
  if (!n) return n.error();
  const auto* admin = b->raw_member("admin");
  if (admin == nullptr || admin->IsNull()) {
    return make_error(errc::invalid_input, "admin: is required", "missing_field");
  }
  if (!admin->IsObject()) return invalid_field("admin", "must be an object with name and email");
  auto text = [&](const char* key) -> std::string {
    auto it = admin->FindMember(key);
    return it != admin->MemberEnd() && it->value.IsString()
               ? std::string{it->value.GetString(), it->value.GetStringLength()}
               : std::string{};
  };
  for (auto it = admin->MemberBegin(); it != admin->MemberEnd(); ++it) {
    std::string key{it->name.GetString(), it->name.GetStringLength()};
    if (key != "name" && key != "email") {
      return make_error(errc::invalid_input, "admin." + key + ": is not a known field",
                        "unknown_field");
    }
  }
  auto admin_name = checked_name(text("name"), "admin.name");
  if (!admin_name) return admin_name.error();
  auto admin_email = checked_email(text("email"), "admin.email");
  if (!admin_email) return admin_email.error();
  return new_tenant{*slug, std::move(*n),
                    storage::new_user{std::move(*admin_name), std::move(*admin_email), "admin"}};
}

void create(const request& req, const principal& who, respond_fn respond,
            const std::shared_ptr<const api_env>& env) {
  auto t = parse_new_tenant(req.body);
  if (!t) return respond(error_response(t.error()));
  auto link = new_password_link();
  auto url = set_password_url(req, link.token);
  answer_from_db(
      env->node, std::move(respond),
      [who, t = std::move(*t), link, url](storage::pg_connection& db) -> result<response> {
        storage::operator_ref by{who.tenant_id, who.user_id};
        auto made =
            storage::tenant_admin_repo{db}.create(by, t.slug, t.name, t.admin, link.token_hash);
        if (!made) return made.error();
        auto admin = storage::user_repo{db}.find(made->first.id, made->second);
        if (!admin) return admin.error();
        log::info("tenants: operator {} created tenant {} ({})", who.user_id, made->first.id,
                  made->first.slug);
        json_builder j;
        j.begin_object().key("tenant");
        write_tenant(j, made->first);
        j.key("admin");
        write_user(j, *admin);
        write_password_link(j, url);
        j.end_object();
        return json_response(201, j.str());
      });
}

void change(const request& req, const principal& who, respond_fn respond,
            const std::shared_ptr<const api_env>& env) {
  auto id = parse_id(req.params.at("id"));
  if (!id) return respond(error_response(no_such_tenant()));
  auto b = json_body::parse(req.body);
  if (!b) return respond(error_response(b.error()));
  if (auto s = b->only({"suspended", "name"}); !s) return respond(error_response(s.error()));
  auto suspended = b->optional_bool("suspended");
  if (!suspended) return respond(error_response(suspended.error()));
  auto name = b->optional_string("name");
  if (!name) return respond(error_response(name.error()));
  std::optional<std::string> new_name;
  if (*name) {
    auto n = checked_name(**name, "name", 200);
    if (!n) return respond(error_response(n.error()));
    new_name = std::move(*n);
  }
  if (!*suspended && !new_name) {
    return respond(error_response(errc::invalid_input, "nothing to change: give suspended or name",
                                  "missing_field"));
  }
  if (*id == who.tenant_id && suspended->value_or(false)) {
    return respond(error_response(errc::conflict, "the operator's own tenant cannot be suspended",
                                  "own_tenant"));
  }
  answer_from_db(env->node, std::move(respond),
                 [env, who, id = *id, s = *suspended,
                  new_name = std::move(new_name)](storage::pg_connection& db) -> result<response> {
                   storage::operator_ref by{who.tenant_id, who.user_id};
                   auto t = storage::tenant_admin_repo{db}.change(by, id, s, new_name);
                   if (!t) return t.error();
                   env->access->set_suspended(t->id, t->suspended);
                   log::info("tenants: operator {} set tenant {} suspended={}", who.user_id, t->id,
                             t->suspended);
                   json_builder j;
                   write_tenant(j, *t);
                   return json_response(200, j.str());
                 });
}

}  // namespace

void add_tenant_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  routes.add("GET", "/api/v1/tenants",
             db_route(platform_only, env, [](storage::pg_connection& db, const principal&) {
               return items_answer(storage::tenant_admin_repo{db}.list(), write_tenant);
             }));
  routes.add(
      "POST", "/api/v1/tenants",
      platform_only(env, [env](const request& req, const principal& who, respond_fn respond) {
        create(req, who, std::move(respond), env);
      }));
  routes.add(
      "PATCH", "/api/v1/tenants/{id}",
      platform_only(env, [env](const request& req, const principal& who, respond_fn respond) {
        change(req, who, std::move(respond), env);
      }));
}

void load_suspended_tenants(actors::node& node, const std::shared_ptr<access_control>& access,
                            bool quiet) {
  node.run_db([access, quiet, before = access->changes()](const std::optional<error>& failed,
                                                          storage::pg_connection* db) {
    if (failed || db == nullptr) {
      if (!quiet) log::warn("tenants: could not read the suspended tenants");
      return;
    }
    auto ids = storage::tenant_admin_repo{*db}.suspended_ids();
    if (!ids) {
      if (!quiet)
        log::warn("tenants: could not read the suspended tenants: {}", ids.error().message);
      return;
    }
    access->load_suspended(*ids, before);
    if (!quiet && !ids->empty()) log::info("tenants: {} suspended", ids->size());
  });
}

}  // namespace centralita::net
