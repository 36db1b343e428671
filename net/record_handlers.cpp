#include "net/record_handlers.hpp"

#include <algorithm>
#include <initializer_list>

#include "net/api_routes.hpp"
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
  if (auto s = query_page(req, f.before_id, f.limit); !s) return s.error();
  return f;
}

// A list route: the filter, then `list(db, tenant, filter)`, a page answered as it is.
template <class List>
handler list_route(const std::shared_ptr<const api_env>& env, statuses allowed, List list) {
  return input_route(
      authenticated, env, [allowed](const request& req) { return parse_filter(req, allowed); },
      [list](storage::pg_connection& db, const principal& who, const storage::record_filter& f) {
        return list(db, who.tenant_id, f);
      });
}

// A route with an id: a malformed one names nothing (404), like another tenant's.
template <class Job>
handler record_route(const std::shared_ptr<const api_env>& env, const char* missing, Job job) {
  return id_route(authenticated, env, make_error(errc::not_found, missing, "not_found"),
                  [job](storage::pg_connection& db, const principal& who, int64_t id) {
                    return job(db, who.tenant_id, id);
                  });
}

}  // namespace

void add_record_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  routes.add(
      "GET", "/api/v1/calls",
      list_route(env, call_statuses,
                 [](storage::pg_connection& db, int64_t tenant, const storage::record_filter& f) {
                   return page_answer(storage::call_query{db}.list(tenant, f), write_call);
                 }));
  routes.add(
      "GET", "/api/v1/calls/{id}",
      record_route(env, "no such call",
                   [](storage::pg_connection& db, int64_t tenant, int64_t id) -> result<response> {
                     return json_answer(200, storage::call_query{db}.find(tenant, id), write_call);
                   }));
  // The file is read on the database worker, never on the I/O thread.
  routes.add(
      "GET", "/api/v1/calls/{id}/audio",
      record_route(env, "no such call",
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
  routes.add(
      "GET", "/api/v1/shipments",
      list_route(env, shipment_statuses,
                 [](storage::pg_connection& db, int64_t tenant, const storage::record_filter& f) {
                   return page_answer(
                       storage::shipment_query{db}.list(tenant, f),
                       [](json_builder& j, const auto& s) { write_shipment(j, s, false); });
                 }));
  routes.add("GET", "/api/v1/shipments/{id}",
             record_route(env, "no such shipment",
                          [](storage::pg_connection& db, int64_t tenant, int64_t id) {
                            return json_answer(
                                200, storage::shipment_query{db}.find(tenant, id),
                                [](json_builder& j, const auto& s) { write_shipment(j, s, true); });
                          }));
  routes.add(
      "GET", "/api/v1/invoices",
      list_route(env, invoice_statuses,
                 [](storage::pg_connection& db, int64_t tenant, const storage::record_filter& f) {
                   return page_answer(storage::invoice_query{db}.list(tenant, f), write_invoice);
                 }));
  routes.add(
      "GET", "/api/v1/quotes",
      list_route(env, quote_statuses,
                 [](storage::pg_connection& db, int64_t tenant, const storage::record_filter& f) {
                   return page_answer(storage::quote_query{db}.list(tenant, f), write_quote);
                 }));
}

}  // namespace centralita::net
