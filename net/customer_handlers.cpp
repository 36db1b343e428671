#include "net/customer_handlers.hpp"

#include <rapidjson/document.h>

#include "common/text_checks.hpp"
#include "net/api_codecs.hpp"
#include "net/api_routes.hpp"
#include "net/record_codecs.hpp"
#include "storage/call_query.hpp"
#include "storage/customer_history.hpp"
#include "storage/customer_merge.hpp"
#include "storage/invoice_query.hpp"
#include "storage/quote_query.hpp"
#include "storage/shipment_query.hpp"

namespace centralita::net {

namespace {

constexpr size_t max_search_chars = 200;
constexpr size_t max_name_chars = 200;
constexpr size_t max_email_chars = 254;
constexpr size_t max_notes_chars = 4000;
constexpr size_t max_attributes = 50;
constexpr size_t max_attribute_key_chars = 64;
constexpr size_t max_attribute_value_chars = 500;
// How much of each kind of history the contact's page shows, newest first.
constexpr int history_items = 50;

error no_such_customer() {
  return make_error(errc::not_found, "no such customer", "customer_not_found");
}

// A one-line text: no tab or line break either.
bool is_one_line(std::string_view text) {
  return text.find_first_of("\t\r\n") == std::string_view::npos;
}

// Local part, one @, a domain with a dot; no spaces. The address is the agent's note of it,
// never used to send mail, so the check stops at the obvious.
bool looks_like_email(std::string_view e) {
  const auto at = e.find('@');
  if (at == std::string_view::npos || at == 0 || e.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const auto dot = e.rfind('.');
  return dot != std::string_view::npos && dot > at + 1 && dot + 1 < e.size() &&
         e.find_first_of(" \t\r\n") == std::string_view::npos;
}

// {"key":"value",...}: at most 50 keys of 1..64 one-line characters, string values of at most
// 500 characters. Written back in a normalized form.
result<std::string> parse_attributes(const rapidjson::Value& v) {
  if (!v.IsObject()) return invalid_field("attributes", "must be an object of strings");
  if (v.MemberCount() > max_attributes) {
    return invalid_field("attributes", "has more than 50 keys");
  }
  json_builder j;
  j.begin_object();
  for (const auto& m : v.GetObject()) {
    const std::string key{m.name.GetString(), m.name.GetStringLength()};
    const auto key_chars = utf8_length(key);
    if (key_chars == 0 || key_chars > max_attribute_key_chars || !is_one_line(key)) {
      return invalid_field("attributes", "keys must have 1 to 64 characters on one line");
    }
    if (!m.value.IsString()) return invalid_field("attributes." + key, "must be a string");
    const std::string value{m.value.GetString(), m.value.GetStringLength()};
    if (utf8_length(value) > max_attribute_value_chars) {
      return invalid_field("attributes." + key, "is longer than 500 characters");
    }
    j.field(key, value);
  }
  j.end_object();
  return j.str();
}

result<storage::customer_patch> parse_patch(const std::string& body) {
  auto b = parse_patch_body(body, {"name", "email", "notes", "attributes"});
  if (!b) return b.error();
  storage::customer_patch p;
  auto name = b->optional_string("name");
  if (!name) return name.error();
  if (*name) {
    if (utf8_length(**name) > max_name_chars || !is_one_line(**name)) {
      return invalid_field("name", "must be one line of at most 200 characters");
    }
    p.name = std::move(*name);
  }
  auto email = b->optional_string("email");
  if (!email) return email.error();
  if (*email) {
    if (!(*email)->empty() && ((*email)->size() > max_email_chars || !looks_like_email(**email))) {
      return invalid_field("email", "must be an e-mail address such as ana@example.com");
    }
    p.email = std::move(*email);
  }
  auto notes = b->optional_string("notes");
  if (!notes) return notes.error();
  if (*notes) {
    if (utf8_length(**notes) > max_notes_chars) {
      return invalid_field("notes", "is longer than 4000 characters");
    }
    p.notes = std::move(*notes);
  }
  if (const auto* a = b->raw_member("attributes"); a && !a->IsNull()) {
    auto attributes = parse_attributes(*a);
    if (!attributes) return attributes.error();
    p.attributes_json = std::move(*attributes);
  }
  return p;
}

result<int64_t> parse_merge(const std::string& body) {
  auto b = json_body::parse(body);
  if (!b) return b.error();
  if (auto s = b->only({"from"}); !s) return s.error();
  auto from = b->optional_id("from");
  if (!from) return from.error();
  if (!*from) {
    return make_error(errc::invalid_input, "from: the id of the customer to merge is required",
                      "missing_field");
  }
  return **from;
}

// The contact's conversations, tickets, calls, shipments, invoices and quotes, newest first.
status write_history(json_builder& j, storage::pg_connection& db, int64_t tenant, int64_t id) {
  storage::customer_history history{db};
  auto conversations = history.conversations(tenant, id, history_items);
  if (!conversations) return conversations.error();
  auto tickets = history.tickets(tenant, id, history_items);
  if (!tickets) return tickets.error();
  storage::record_filter f;
  f.customer_id = id;
  f.limit = history_items;
  auto calls = storage::call_query{db}.list(tenant, f);
  if (!calls) return calls.error();
  auto shipments = storage::shipment_query{db}.list(tenant, f);
  if (!shipments) return shipments.error();
  auto invoices = storage::invoice_query{db}.list(tenant, f);
  if (!invoices) return invoices.error();
  auto quotes = storage::quote_query{db}.list(tenant, f);
  if (!quotes) return quotes.error();
  j.key("conversations").begin_array();
  for (const auto& c : *conversations) {
    j.begin_object()
        .field("id", c.id)
        .field("status", c.status)
        .field("assignee_id", c.assignee_id)
        .field("last_message_at", c.last_message_at)
        .field("created_at", c.created_at)
        .field("last_text", c.last_text)
        .field("csat_rating", c.csat_rating)
        .end_object();
  }
  j.end_array().key("tickets").begin_array();
  for (const auto& t : *tickets) {
    j.begin_object()
        .field("id", t.id)
        .field("subject", t.subject)
        .field("status", t.status)
        .field("priority", t.priority)
        .field("category", t.category)
        .field("created_at", t.created_at)
        .end_object();
  }
  j.end_array().key("calls").begin_array();
  for (const auto& c : calls->items) write_call(j, c);
  j.end_array().key("shipments").begin_array();
  for (const auto& s : shipments->items) write_shipment(j, s, false);
  j.end_array().key("invoices").begin_array();
  for (const auto& v : invoices->items) write_invoice(j, v);
  j.end_array().key("quotes").begin_array();
  for (const auto& q : quotes->items) write_quote(j, q);
  j.end_array();
  return ok_status();
}

result<response> detail(storage::pg_connection& db, const principal& who, int64_t id) {
  const int64_t tenant = who.tenant_id;
  auto c = storage::customer_repo{db}.find(tenant, id);
  if (!c) return c.error();
  json_builder j;
  j.begin_object().key("customer");
  write_customer(j, *c);
  if (auto s = write_history(j, db, tenant, id); !s) return s.error();
  j.end_object();
  return json_response(200, j.str());
}

struct customer_search {
  std::string q;
  std::optional<int64_t> before_id;
  int limit = 50;
};

result<customer_search> parse_search(const request& req) {
  customer_search s{std::string{req.query_param("q")}};
  if (utf8_length(s.q) > max_search_chars) {
    return make_error(errc::invalid_input, "q is longer than 200 characters", "invalid_query");
  }
  if (auto p = query_page(req, s.before_id, s.limit); !p) return p.error();
  return s;
}

// One more row than the page holds tells whether a next page exists.
result<response> search(storage::pg_connection& db, const principal& who,
                        const customer_search& s) {
  auto items = storage::customer_repo{db}.list(who.tenant_id, s.limit + 1, s.before_id, s.q);
  if (!items) return items.error();
  std::optional<int64_t> next;
  if (static_cast<int>(items->size()) > s.limit) {
    items->resize(static_cast<size_t>(s.limit));
    next = items->back().id;
  }
  return json_response(200, page_json(*items, next, write_customer));
}

result<response> merge(storage::pg_connection& db, actors::node& node, const principal& who,
                       int64_t id, int64_t from) {
  auto out =
      storage::merge_customers(db, who.tenant_id, id, from, storage::actor::user(who.user_id));
  if (!out) return out.error();
  json_builder j;
  j.begin_object().key("customer");
  write_customer(j, out->into);
  j.key("moved").begin_object();
  for (const auto& [table, rows] : out->moved) j.field(table, rows);
  j.end_object().field("merged_id", from).key("resolved_conversation_id");
  if (out->resolved_conversation_id != 0) {
    j.value(out->resolved_conversation_id);
  } else {
    j.null();
  }
  j.end_object();
  node.publish(who.tenant_id, "customer.merged",
               "{\"id\":" + std::to_string(id) + ",\"merged_id\":" + std::to_string(from) + "}");
  return json_response(200, j.str());
}

}  // namespace

void add_customer_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  routes.add("GET", "/api/v1/customers", input_route(authenticated, env, parse_search, search));

  routes.add("GET", "/api/v1/customers/{id}",
             id_route(authenticated, env, no_such_customer(), detail));

  routes.add("PATCH", "/api/v1/customers/{id}",
             id_input_route(authenticated, env, no_such_customer(), parse_patch,
                            [env](storage::pg_connection& db, const principal& who, int64_t id,
                                  const storage::customer_patch& p) -> result<response> {
                              auto c = storage::customer_repo{db}.update(
                                  who.tenant_id, id, storage::actor::user(who.user_id), p);
                              if (!c) return c.error();
                              auto body = json_text(*c, write_customer);
                              env->node.publish(who.tenant_id, "customer.updated", body);
                              return json_response(200, std::move(body));
                            }));

  routes.add("POST", "/api/v1/customers/{id}/merge",
             id_input_route(authenticated, env, no_such_customer(), parse_merge,
                            [env](storage::pg_connection& db, const principal& who, int64_t id,
                                  int64_t from) { return merge(db, env->node, who, id, from); }));
}

}  // namespace centralita::net
