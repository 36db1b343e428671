#include "net/template_handlers.hpp"

#include "actors/template_sync.hpp"
#include "net/api_codecs.hpp"
#include "net/api_routes.hpp"
#include "net/conversation_handlers.hpp"
#include "providers/whatsapp_templates.hpp"
#include "storage/event_query.hpp"
#include "storage/outbound_repo.hpp"
#include "storage/service_window.hpp"
#include "storage/template_repo.hpp"

namespace centralita::net {

namespace {

// Graph's own limits: names of lowercase letters, digits and underscores up to 512; a
// language code like "es" or "es_MX"; a body parameter without line breaks or tabs.
constexpr size_t max_name = 512;
constexpr size_t max_language = 15;
constexpr size_t max_variables = 20;
constexpr size_t max_variable_chars = 1024;

struct template_send {
  std::string name;
  std::string language;
  std::vector<std::string> variables;
};

bool only_chars(const std::string& s, std::string_view allowed_extra) {
  for (unsigned char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              allowed_extra.find(static_cast<char>(c)) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

result<template_send> parse_send(const std::string& body) {
  auto b = json_body::parse(body);
  if (!b) return b.error();
  if (auto s = b->only({"template", "language", "variables"}); !s) return s.error();
  template_send t;
  auto name = b->required_string("template");
  if (!name) return name.error();
  if (name->empty() || name->size() > max_name || !only_chars(*name, "_")) {
    return invalid_field("template", "must be a template name (a-z, 0-9, _)");
  }
  t.name = *name;
  auto language = b->required_string("language");
  if (!language) return language.error();
  if (language->empty() || language->size() > max_language ||
      !only_chars(*language, "_ABCDEFGHIJKLMNOPQRSTUVWXYZ")) {
    return invalid_field("language", "must be a language code such as es or es_MX");
  }
  t.language = *language;
  auto variables = b->optional_strings("variables");
  if (!variables) return variables.error();
  if (*variables) t.variables = std::move(**variables);
  if (t.variables.size() > max_variables) {
    return invalid_field("variables", "has more than 20 values");
  }
  for (const auto& v : t.variables) {
    if (v.find_first_not_of(" ") == std::string::npos || utf8_length(v) > max_variable_chars) {
      return invalid_field("variables", "each value must be 1 to 1024 characters, not blank");
    }
    for (unsigned char c : v) {
      if (c < 0x20 || c == 0x7f) {
        return invalid_field("variables", "a value may not hold line breaks, tabs or controls");
      }
    }
  }
  return t;
}

void write_window(json_builder& j, const storage::service_window& w) {
  j.begin_object()
      .field("applies", w.applies)
      .field("open", w.open)
      .field("closes_at", w.closes_at)
      .end_object();
}

void write_template(json_builder& j, const storage::message_template& t,
                    const std::vector<std::string>& suggested) {
  j.begin_object()
      .field("name", t.name)
      .field("language", t.language)
      .field("status", t.status)
      .field("category", t.category)
      .field("body", t.body)
      .field("variables", static_cast<int64_t>(t.variables))
      .key("suggested_variables")
      .begin_array();
  for (const auto& v : suggested) j.value(v);
  j.end_array().field("synced_at", t.synced_at).end_object();
}

result<storage::service_window> window_with_templates(storage::pg_connection& db, int64_t tenant_id,
                                                      int64_t id) {
  auto w = storage::service_window_of(db, tenant_id, id);
  if (!w) return w.error();
  if (!w->applies || !w->channel_account_id) {
    return make_error(errc::conflict,
                      "templates are for WhatsApp Cloud conversations; this one has no window",
                      "no_service_window");
  }
  return w;
}

result<response> list_templates(storage::pg_connection& db, const principal& who, int64_t id) {
  auto w = storage::service_window_of(db, who.tenant_id, id);
  if (!w) return w.error();
  json_builder j;
  j.begin_object().key("service_window");
  write_window(j, *w);
  j.key("templates").begin_array();
  if (w->applies && w->channel_account_id) {
    auto all = storage::template_repo{db}.list(who.tenant_id, *w->channel_account_id);
    if (!all) return all.error();
    auto facts = storage::case_facts_of(db, who.tenant_id, id);
    if (!facts) return facts.error();
    for (const auto& t : *all) {
      write_template(j, t, storage::suggested_variables(*facts, t.variables));
    }
  }
  j.end_array().end_object();
  return json_response(200, j.str());
}

result<response> send_template(storage::pg_connection& db, actors::node& node, const principal& who,
                               int64_t id, const template_send& t) {
  auto w = window_with_templates(db, who.tenant_id, id);
  if (!w) return w.error();
  auto found = storage::template_repo{db}.approved(who.tenant_id, *w->channel_account_id, t.name,
                                                   t.language);
  if (!found) return found.error();
  if (t.variables.size() != static_cast<size_t>(found->variables)) {
    return invalid_field("variables",
                         "this template takes " + std::to_string(found->variables) + " value(s)");
  }
  storage::outgoing_reply reply{
      who.tenant_id,
      id,
      "agent",
      who.user_id,
      storage::render_template_body(found->body, t.variables),
      std::nullopt,
      std::nullopt,
      providers::whatsapp_template_object(t.name, t.language, t.variables)};
  if (reply.text.empty()) reply.text = "[template " + t.name + "]";
  auto out = storage::outbound_repo{db}.enqueue_reply(reply);
  if (!out) return out.error();
  return answer_queued(node, out->message);
}

}  // namespace

status write_channel_state(storage::pg_connection& db, json_builder& j, int64_t tenant_id,
                           int64_t conversation_id) {
  auto w = storage::service_window_of(db, tenant_id, conversation_id);
  if (!w) return w.error();
  j.key("service_window");
  write_window(j, *w);
  auto suppressed = storage::event_query{db}.suppressed_count(tenant_id, conversation_id);
  if (!suppressed) return suppressed.error();
  j.field("suppressed_duplicates", *suppressed);
  return ok_status();
}

void add_template_routes(router& routes, const std::shared_ptr<const api_env>& env,
                         const config::settings& settings) {
  routes.add("GET", "/api/v1/conversations/{id}/templates",
             id_route(authenticated, env, no_such_conversation(), list_templates));

  // Checked, rendered and queued in one transaction with its outbox row; Graph receives a
  // message of type "template" (docs/protocols.md §3).
  routes.add("POST", "/api/v1/conversations/{id}/template",
             id_input_route(authenticated, env, no_such_conversation(), parse_send,
                            [env](storage::pg_connection& db, const principal& who, int64_t id,
                                  const template_send& t) {
                              return send_template(db, env->node, who, id, t);
                            }));

  // Graph is called on the database worker that runs this job, bounded by the WhatsApp Cloud
  // timeouts per account; the scheduler's template_sync job does the same every
  // CENTRALITA_TEMPLATE_SYNC_S.
  routes.add(
      "POST", "/api/v1/templates/sync",
      admin_only(env, [env, settings](const request&, const principal& who, respond_fn respond) {
        answer_from_db(env->node, std::move(respond),
                       [env, settings, who](storage::pg_connection& db) -> result<response> {
                         auto r = actors::sync_templates(db, settings, *env->node.accounts(),
                                                         who.tenant_id);
                         if (!r) return r.error();
                         json_builder j;
                         j.begin_object()
                             .field("accounts", static_cast<int64_t>(r->accounts))
                             .field("templates", static_cast<int64_t>(r->templates))
                             .field("failed", static_cast<int64_t>(r->failed))
                             .end_object();
                         auto a = audit_change(db, who, "templates", std::to_string(who.tenant_id),
                                               "templates.synced", std::nullopt, j.str());
                         if (!a) return a.error();
                         return json_response(200, j.str());
                       });
      }));
}

}  // namespace centralita::net
