#include "net/record_handlers.hpp"

#include <algorithm>
#include <initializer_list>

#include "net/json_reply.hpp"
#include "net/record_codecs.hpp"
#include "storage/call_audio.hpp"

namespace centralita::net {

namespace {

using statuses = std::initializer_list<const char*>;

const statuses call_statuses = {"initiated", "in-progress", "processing", "done", "failed"};
const statuses shipment_statuses = {
    "Pending",   "InfoReceived",       "InTransit", "OutForDelivery", "AttemptFail",
    "Delivered", "AvailableForPickup", "Exception", "Expired"};
const statuses invoice_statuses = {"draft", "open", "paid", "overdue", "void"};
const statuses quote_statuses = {"draft", "sent", "accepted", "rejected", "expired"};

// customer_id, status (one of `allowed`), q, cursor and limit; 400 naming the bad parameter.
result<storage::record_filter> parse_filter(const request& req, statuses allowed) {
  storage::record_filter f;
  if (auto customer = req.query_param("customer_id"); !customer.empty()) {
    auto id = parse_id(customer);
    if (!id) return make_error(errc::invalid_input, "customer_id must be an id", "invalid_query");
    f.customer_id = *id;
  }
  if (auto status = req.query_param("status"); !status.empty()) {
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* s) { return status == s; })) {
      std::string names;
      for (const char* s : allowed) names += (names.empty() ? "" : ", ") + std::string{s};
      return make_error(errc::invalid_input, "status must be one of " + names, "invalid_query");
    }
    f.status = status;
  }
  auto q = query_search(req);
  if (!q) return q.error();
  f.query = std::move(*q);
  auto cursor = query_cursor(req);
  if (!cursor) return cursor.error();
  f.before_id = *cursor;
  auto limit = query_limit(req);
  if (!limit) return limit.error();
  f.limit = *limit;
  return f;
}

// A list route: the filter, then `list(db, tenant, filter)` rendered as a page.
template <class List>
handler list_route(const std::shared_ptr<const api_env>& env, statuses allowed, List list) {
  return authenticated(
      env, [env, allowed, list](const request& req, const principal& who, respond_fn respond) {
        auto f = parse_filter(req, allowed);
        if (!f) return respond(error_response(f.error()));
        answer_from_db(env->node, std::move(respond),
                       [who, f = *f, list](storage::pg_connection& db) -> result<response> {
                         auto body = list(db, who.tenant_id, f);
                         if (!body) return body.error();
                         return json_response(200, std::move(*body));
                       });
      });
}

// A route with an id: a malformed one names nothing (404), like another tenant's.
template <class Job>
handler id_route(const std::shared_ptr<const api_env>& env, const char* missing, Job job) {
  return authenticated(
      env, [env, missing, job](const request& req, const principal& who, respond_fn respond) {
        auto id = parse_id(req.params.at("id"));
        if (!id) return respond(error_response(errc::not_found, missing, "not_found"));
        answer_from_db(env->node, std::move(respond),
                       [who, id = *id, job](storage::pg_connection& db) -> result<response> {
                         return job(db, who.tenant_id, id);
                       });
      });
}

}  // namespace

void add_record_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  routes.add("GET", "/api/v1/calls",
             list_route(env, call_statuses,
                        [](storage::pg_connection& db, int64_t tenant,
                           const storage::record_filter& f) -> result<std::string> {
                          auto page = storage::call_query{db}.list(tenant, f);
                          if (!page) return page.error();
                          return page_json(*page, write_call);
                        }));
  routes.add(
      "GET", "/api/v1/calls/{id}",
      id_route(env, "no such call",
               [](storage::pg_connection& db, int64_t tenant, int64_t id) -> result<response> {
                 auto call = storage::call_query{db}.find(tenant, id);
                 if (!call) return call.error();
                 json_builder j;
                 write_call(j, *call);
                 return json_response(200, j.str());
               }));
  // The file is read on the database worker, never on the I/O thread.
  routes.add(
      "GET", "/api/v1/calls/{id}/audio",
      id_route(env, "no such call",
               [](storage::pg_connection& db, int64_t tenant, int64_t id) -> result<response> {
                 auto path = storage::call_query{db}.audio_path(tenant, id);
                 if (!path) return path.error();
                 auto bytes = storage::load_call_audio(*path);
                 if (!bytes) return bytes.error();
                 response r;
                 r.content_type = storage::audio_content_type(*bytes);
                 r.body = std::move(*bytes);
                 r.headers = {{"Cache-Control", "private, max-age=3600"}};
                 return r;
               }));
  routes.add("GET", "/api/v1/shipments",
             list_route(env, shipment_statuses,
                        [](storage::pg_connection& db, int64_t tenant,
                           const storage::record_filter& f) -> result<std::string> {
                          auto page = storage::shipment_query{db}.list(tenant, f);
                          if (!page) return page.error();
                          return page_json(*page, [](json_builder& j, const auto& s) {
                            write_shipment(j, s, false);
                          });
                        }));
  routes.add(
      "GET", "/api/v1/shipments/{id}",
      id_route(env, "no such shipment",
               [](storage::pg_connection& db, int64_t tenant, int64_t id) -> result<response> {
                 auto s = storage::shipment_query{db}.find(tenant, id);
                 if (!s) return s.error();
                 json_builder j;
                 write_shipment(j, *s, true);
                 return json_response(200, j.str());
               }));
  routes.add("GET", "/api/v1/invoices",
             list_route(env, invoice_statuses,
                        [](storage::pg_connection& db, int64_t tenant,
                           const storage::record_filter& f) -> result<std::string> {
                          auto page = storage::invoice_query{db}.list(tenant, f);
                          if (!page) return page.error();
                          return page_json(*page, write_invoice);
                        }));
  routes.add("GET", "/api/v1/quotes",
             list_route(env, quote_statuses,
                        [](storage::pg_connection& db, int64_t tenant,
                           const storage::record_filter& f) -> result<std::string> {
                          auto page = storage::quote_query{db}.list(tenant, f);
                          if (!page) return page.error();
                          return page_json(*page, write_quote);
                        }));
}

}  // namespace centralita::net
