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
  if (auto s = query_id(req, "customer_id", f.customer_id); !s) return s.error();
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

// The filter of a list whose statuses are `allowed`.
auto filter_of(statuses allowed) {
  return [allowed](const request& req) { return parse_filter(req, allowed); };
}

error no_such(const char* what) { return make_error(errc::not_found, what, "not_found"); }

void write_shipment_row(json_builder& j, const storage::shipment_record& s) {
  write_shipment(j, s, false);
}

void write_shipment_detail(json_builder& j, const storage::shipment_record& s) {
  write_shipment(j, s, true);
}

}  // namespace

void add_record_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  routes.add("GET", "/api/v1/calls",
             list_route<storage::call_query>(env, filter_of(call_statuses), write_call));
  routes.add("GET", "/api/v1/calls/{id}",
             find_route<storage::call_query>(env, no_such("no such call"), write_call));
  // The file is read on the database worker, never on the I/O thread.
  routes.add("GET", "/api/v1/calls/{id}/audio",
             id_route(authenticated, env, no_such("no such call"),
                      [](storage::pg_connection& db, const principal& who,
                         int64_t id) -> result<response> {
                        auto path = storage::call_query{db}.audio_path(who.tenant_id, id);
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
      list_route<storage::shipment_query>(env, filter_of(shipment_statuses), write_shipment_row));
  routes.add(
      "GET", "/api/v1/shipments/{id}",
      find_route<storage::shipment_query>(env, no_such("no such shipment"), write_shipment_detail));
  routes.add("GET", "/api/v1/invoices",
             list_route<storage::invoice_query>(env, filter_of(invoice_statuses), write_invoice));
  routes.add("GET", "/api/v1/quotes",
             list_route<storage::quote_query>(env, filter_of(quote_statuses), write_quote));
}

}  // namespace centralita::net
