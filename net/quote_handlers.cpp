#include "net/quote_handlers.hpp"

#include <rapidjson/document.h>

#include "common/calendar.hpp"
#include "net/api_codecs.hpp"
#include "net/api_routes.hpp"
#include "net/record_codecs.hpp"
#include "providers/billing_provider.hpp"

namespace centralita::net {

namespace {

constexpr size_t max_description_chars = 200;

error no_such_quote() { return make_error(errc::not_found, "no such quote", "not_found"); }

result<int64_t> bounded_int(const rapidjson::Value& line, const char* name, size_t index,
                            int64_t lo, int64_t hi, int64_t fallback) {
  const std::string field = "lines[" + std::to_string(index) + "]." + name;
  auto it = line.FindMember(name);
  if (it == line.MemberEnd() || it->value.IsNull()) return fallback;
  if (!it->value.IsInt64()) return invalid_field(field, "must be an integer");
  auto v = it->value.GetInt64();
  if (v < lo || v > hi) {
    return invalid_field(field,
                         "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  }
  return v;
}

// `lines`: an array of {description, quantity, unit_price_cents}; absent or null: none given.
result<std::optional<std::vector<storage::quote_line>>> parse_lines(const json_body& b) {
  const auto* v = b.raw_member("lines");
  if (!v || v->IsNull()) return std::optional<std::vector<storage::quote_line>>{};
  if (!v->IsArray()) return invalid_field("lines", "must be an array");
  if (v->Size() > storage::max_quote_lines) {
    return invalid_field("lines", "has more than 50 lines");
  }
  std::vector<storage::quote_line> out;
  for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
    const auto& line = (*v)[i];
    const std::string at = "lines[" + std::to_string(i) + "]";
    if (!line.IsObject()) return invalid_field(at, "must be an object");
    for (const auto& m : line.GetObject()) {
      std::string name{m.name.GetString(), m.name.GetStringLength()};
      if (name != "description" && name != "quantity" && name != "unit_price_cents") {
        return make_error(errc::invalid_input, at + "." + name + " is not a field of a line",
                          "unknown_field");
      }
    }
    storage::quote_line l;
    if (auto d = line.FindMember("description"); d != line.MemberEnd() && !d->value.IsNull()) {
      if (!d->value.IsString()) return invalid_field(at + ".description", "must be a string");
      l.description.assign(d->value.GetString(), d->value.GetStringLength());
      if (utf8_length(l.description) > max_description_chars) {
        return invalid_field(at + ".description", "is longer than 200 characters");
      }
    }
    auto q = bounded_int(line, "quantity", i, 1, storage::max_quote_quantity, 1);
    if (!q) return q.error();
    l.quantity = *q;
    auto p = bounded_int(line, "unit_price_cents", i, 0, storage::max_unit_price_cents, 0);
    if (!p) return p.error();
    l.unit_price_cents = *p;
    out.push_back(std::move(l));
  }
  return std::optional<std::vector<storage::quote_line>>{std::move(out)};
}

// `valid_until`: YYYY-MM-DD or null.
result<nullable<std::string>> parse_valid_until(const json_body& b) {
  nullable<std::string> out;
  const auto* v = b.raw_member("valid_until");
  if (!v) return out;
  out.present = true;
  if (v->IsNull()) return out;
  if (!v->IsString() || !is_calendar_date(v->GetString())) {
    return invalid_field("valid_until", "must be a date as YYYY-MM-DD, or null");
  }
  out.value = v->GetString();
  return out;
}

result<storage::new_quote> parse_create(const std::string& body, const principal& who) {
  auto b = json_body::parse(body);
  if (!b) return b.error();
  if (auto s = b->only({"conversation_id", "lines", "valid_until"}); !s) return s.error();
  auto conv = b->optional_id("conversation_id");
  if (!conv) return conv.error();
  if (!*conv)
    return make_error(errc::invalid_input, "conversation_id is required", "missing_field");
  auto lines = parse_lines(*b);
  if (!lines) return lines.error();
  auto valid = parse_valid_until(*b);
  if (!valid) return valid.error();
  storage::new_quote q;
  q.tenant_id = who.tenant_id;
  q.conversation_id = **conv;
  if (*lines) q.lines = std::move(**lines);
  q.valid_until = valid->value;
  q.actor = storage::actor::user(who.user_id);
  return q;
}

result<storage::quote_patch> parse_patch(const std::string& body) {
  auto b = parse_patch_body(body, {"lines", "valid_until"});
  if (!b) return b.error();
  storage::quote_patch p;
  auto lines = parse_lines(*b);
  if (!lines) return lines.error();
  p.lines = std::move(*lines);
  auto valid = parse_valid_until(*b);
  if (!valid) return valid.error();
  p.set_valid_until = valid->present;
  p.valid_until = valid->value;
  return p;
}

void announce(actors::node& node, int64_t tenant_id, const char* type,
              const storage::quote_record& q) {
  node.publish(tenant_id, type, storage::quote_json(q));
}

}  // namespace

void add_quote_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  routes.add(
      "POST", "/api/v1/quotes",
      input_route(
          authenticated, env,
          [](const request& req, const principal& who) { return parse_create(req.body, who); },
          [env](storage::pg_connection& db, const principal& who,
                const storage::new_quote& q) -> result<response> {
            auto billing = providers::make_billing_provider(db);
            auto created = storage::in_transaction(db, [&] { return billing->create_quote(q); });
            if (!created) return created.error();
            announce(env->node, who.tenant_id, "quote.created", *created);
            return json_response(201, storage::quote_json(*created));
          }));

  routes.add("PATCH", "/api/v1/quotes/{id}",
             id_input_route(authenticated, env, no_such_quote(), parse_patch,
                            [env](storage::pg_connection& db, const principal& who, int64_t id,
                                  const storage::quote_patch& p) -> result<response> {
                              auto q = storage::quote_repo{db}.update(
                                  who.tenant_id, id, p, storage::actor::user(who.user_id));
                              if (!q) return q.error();
                              announce(env->node, who.tenant_id, "quote.updated", *q);
                              return json_response(200, storage::quote_json(*q));
                            }));

  // The summary and its outbox row are written with the status change, in one transaction;
  // the senders are woken after the commit.
  routes.add("POST", "/api/v1/quotes/{id}/send",
             id_route(authenticated, env, no_such_quote(),
                      [env](storage::pg_connection& db, const principal& who,
                            int64_t id) -> result<response> {
                        auto sent = storage::quote_repo{db}.send(who.tenant_id, id,
                                                                 storage::actor::user(who.user_id));
                        if (!sent) return sent.error();
                        env->node.wake_outbox();
                        env->node.publish(who.tenant_id, "message.created",
                                          json_text(sent->message, write_message));
                        announce(env->node, who.tenant_id, "quote.updated", sent->quote);
                        json_builder j;
                        j.begin_object().key("quote");
                        write_quote(j, sent->quote);
                        j.key("message");
                        write_message(j, sent->message);
                        j.end_object();
                        return json_response(200, j.str());
                      }));
}

}  // namespace centralita::net
