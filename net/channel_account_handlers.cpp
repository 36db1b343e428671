#include "net/channel_account_handlers.hpp"

#include "common/ids.hpp"
#include "common/log.hpp"
#include "net/api_routes.hpp"
#include "net/channel_account_json.hpp"
#include "providers/credential_check.hpp"
#include "storage/channel_account_repo.hpp"
#include "storage/channel_credentials.hpp"

namespace centralita::net {

namespace {

error no_such_account() {
  return make_error(errc::not_found, "no such channel account", "channel_account_not_found");
}

// Where providers reach the webhooks: the host the admin reached the API at, on the gateway
// port (a proxy in front maps it; the page shows the URL to copy).
std::string webhook_base(const request& req, uint16_t gateway_port) {
  std::string host = req.header("host");
  if (host.empty()) host = "localhost";
  if (host.front() == '[') {
    host = host.substr(0, host.find(']') + 1);
  } else if (auto colon = host.find(':'); colon != std::string::npos) {
    host.resize(colon);
  }
  return "http://" + host + ":" + std::to_string(gateway_port);
}

status audit(storage::pg_connection& db, const principal& who, const storage::channel_account& a,
             const char* action, std::optional<std::string> before,
             std::optional<std::string> after) {
  return audit_change(db, who, "channel_account", std::to_string(a.id), action, std::move(before),
                      std::move(after));
}

// Splits the input's credentials into the row's config and secrets ("" clears a field).
status apply_credentials(const keyring& ring, const channel_account_input& in,
                         storage::channel_account& row) {
  auto config = storage::parse_config(row.config_json);
  auto secrets = storage::open_secrets(ring, row.secrets, row.account_key);
  if (!secrets) {
    return make_error(errc::conflict,
                      "the account's stored secrets do not open with the server's key; set "
                      "them all again",
                      "secrets_unreadable");
  }
  for (const auto& f : storage::credential_fields(row.provider)) {
    auto it = in.credentials.find(f.name);
    if (it == in.credentials.end()) continue;
    auto& target = f.secret ? *secrets : config;
    if (it->second.empty()) {
      target.erase(f.name);
    } else {
      target[f.name] = it->second;
    }
  }
  row.config_json = storage::config_json(config);
  row.secrets = storage::seal_secrets(ring, *secrets, row.account_key);
  row.secret_hints_json = storage::hints_json(*secrets);
  return ok_status();
}

result<storage::channel_account> create(storage::pg_connection& db, const keyring& ring,
                                        const principal& who, const channel_account_input& in) {
  return storage::in_transaction(db, [&]() -> result<storage::channel_account> {
    storage::channel_account row;
    row.provider = *in.provider;
    row.account_key = in.account_key ? *in.account_key : *in.provider + "_" + random_hex(12);
    row.config_json = "{}";
    if (auto s = apply_credentials(ring, in, row); !s) return s.error();
    storage::new_channel_account n;
    n.tenant_id = who.tenant_id;
    n.provider = row.provider;
    n.name = *in.name;
    n.account_key = row.account_key;
    n.rate_per_s = in.rate_per_s;
    n.config_json = row.config_json;
    n.secrets = row.secrets;
    n.secret_hints_json = row.secret_hints_json;
    auto created = storage::channel_account_repo{db}.create(n);
    if (!created) return created.error();
    if (in.enabled && !*in.enabled) {
      created->enabled = false;
      created = storage::channel_account_repo{db}.update(*created);
      if (!created) return created.error();
    }
    if (auto s = audit(db, who, *created, "channel_account.created", std::nullopt,
                       channel_account_json(*created, ""));
        !s) {
      return s.error();
    }
    return created;
  });
}

result<storage::channel_account> change(storage::pg_connection& db, const keyring& ring,
                                        const principal& who, int64_t id, const std::string& body) {
  return storage::in_transaction(db, [&]() -> result<storage::channel_account> {
    storage::channel_account_repo repo{db};
    auto row = repo.lock(who.tenant_id, id);
    if (!row) return row.error();
    auto in = parse_channel_account_patch(body, row->provider);
    if (!in) return in.error();
    const auto before = channel_account_json(*row, "");
    if (in->name) row->name = *in->name;
    if (in->rate_given) row->rate_per_s = in->rate_per_s;
    if (in->enabled) row->enabled = *in->enabled;
    if (!in->credentials.empty()) {
      if (auto s = apply_credentials(ring, *in, *row); !s) return s.error();
    }
    auto saved = repo.update(*row);
    if (!saved) return saved.error();
    auto after = channel_account_json(*saved, "");
    if (after != before) {
      const char* action =
          in->enabled && !*in->enabled ? "channel_account.disabled" : "channel_account.updated";
      if (auto s = audit(db, who, *saved, action, before, after); !s) return s.error();
    }
    return saved;
  });
}

// Runs one harmless call with the account's credentials and records the result on it.
result<response> test_account(storage::pg_connection& db, const api_env& env,
                              const config::settings& settings, const principal& who, int64_t id) {
  auto row = storage::channel_account_repo{db}.find(who.tenant_id, id);
  if (!row) return row.error();
  auto secrets = storage::open_secrets(env.node.secrets(), row->secrets, row->account_key);
  if (!secrets) {
    return make_error(errc::conflict, "the account's secrets do not open with the server's key",
                      "secrets_unreadable");
  }
  auto creds = storage::parse_config(row->config_json);
  for (auto& [k, v] : *secrets) creds[k] = std::move(v);
  auto outcome = providers::check_credentials(settings, row->provider, creds);
  if (auto s = storage::channel_account_repo{db}.record_check(who.tenant_id, id, outcome.ok,
                                                              outcome.message);
      !s) {
    return s.error();
  }
  json_builder before;
  before.begin_object().field("ok", outcome.ok).field("message", outcome.message).end_object();
  if (auto s = audit(db, who, *row, "channel_account.tested", std::nullopt, before.str()); !s) {
    return s.error();
  }
  log::info("channel account {} tested: {}", row->id, outcome.ok ? "accepted" : "refused");
  return json_response(200, before.str());
}

// What a route reads of the request: the webhook base URL its answer shows, and the body.
struct account_call {
  std::string base;
  std::string body;
};

auto read_call(uint16_t gateway) {
  return [gateway](const request& req) -> result<account_call> {
    return account_call{webhook_base(req, gateway), req.body};
  };
}

// The change is live on this node at once; other nodes pick it up at their next refresh.
void reload(const api_env& env, storage::pg_connection& db) {
  if (auto s = env.node.reload_accounts(db); !s) {
    log::warn("channel accounts: reloading after a change failed: {}", s.error().message);
  }
}

}  // namespace

void add_channel_account_routes(router& routes, const std::shared_ptr<const api_env>& env,
                                const config::settings& settings) {
  const uint16_t gateway = settings.gateway_port;
  routes.add("GET", "/api/v1/channel-accounts",
             input_route(admin_only, env, read_call(gateway),
                         [](storage::pg_connection& db, const principal& who,
                            const account_call& c) -> result<response> {
                           auto all =
                               storage::channel_account_repo{db}.list_by_tenant(who.tenant_id);
                           if (!all) return all.error();
                           std::string body = "{\"items\":[";
                           for (size_t i = 0; i < all->size(); ++i) {
                             if (i > 0) body += ',';
                             body += channel_account_json((*all)[i], c.base);
                           }
                           return json_response(200, body + "]}");
                         }));

  routes.add(
      "POST", "/api/v1/channel-accounts",
      admin_only(env, [env, gateway](const request& req, const principal& who, respond_fn respond) {
        auto in = parse_channel_account_create(req.body);
        if (!in) return respond(error_response(in.error()));
        auto base = webhook_base(req, gateway);
        answer_from_db(
            env->node, std::move(respond),
            [env, who, base, in = std::move(*in)](storage::pg_connection& db) -> result<response> {
              auto a = create(db, env->node.secrets(), who, in);
              if (!a) return a.error();
              reload(*env, db);
              return json_response(201, channel_account_json(*a, base));
            });
      }));

  routes.add("GET", "/api/v1/channel-accounts/{id}",
             id_input_route(admin_only, env, no_such_account(), read_call(gateway),
                            [](storage::pg_connection& db, const principal& who, int64_t id,
                               const account_call& c) -> result<response> {
                              auto a = storage::channel_account_repo{db}.find(who.tenant_id, id);
                              if (!a) return a.error();
                              return json_response(200, channel_account_json(*a, c.base));
                            }));

  routes.add("PATCH", "/api/v1/channel-accounts/{id}",
             id_input_route(admin_only, env, no_such_account(), read_call(gateway),
                            [env](storage::pg_connection& db, const principal& who, int64_t id,
                                  const account_call& c) -> result<response> {
                              auto a = change(db, env->node.secrets(), who, id, c.body);
                              if (!a) return a.error();
                              reload(*env, db);
                              return json_response(200, channel_account_json(*a, c.base));
                            }));

  routes.add(
      "POST", "/api/v1/channel-accounts/{id}/test",
      id_route(admin_only, env, no_such_account(),
               [env, settings](storage::pg_connection& db, const principal& who, int64_t id) {
                 return test_account(db, *env, settings, who, id);
               }));
}

}  // namespace centralita::net
