#include "net/ops_handlers.hpp"

#include <memory>

#include "common/crypto.hpp"
#include "common/metrics.hpp"
#include "net/json_reply.hpp"
#include "net/readiness.hpp"

namespace centralita::net {

void add_ops_routes(router& routes, actors::node& node) {
  routes.add("GET", "/healthz", [](const request&, respond_fn respond) {
    respond({200, "application/json", R"({"status":"ok"})", {}});
  });
  routes.add("GET", "/readyz", [&node](const request&, respond_fn respond) {
    // A draining node is out of rotation, whatever else holds.
    if (node.draining()) {
      return respond(error_response(errc::unavailable, "the node is shutting down", "draining"));
    }
    node.check_ready([&node, respond = std::move(respond)](bool ok) {
      if (ok) return respond({200, "application/json", ready_body(node.degraded()), {}});
      respond(error_response(errc::unavailable, "the database does not answer",
                             "database_unavailable"));
    });
  });
}

void add_metrics_route(router& routes, std::string token) {
  routes.add("GET", "/metrics", [token = std::move(token)](const request& req, respond_fn respond) {
    if (!token.empty() && !constant_time_equal(req.header("authorization"), "Bearer " + token)) {
      auto r = error_response(errc::unauthorized, "/metrics needs its bearer token");
      r.headers.emplace_back("WWW-Authenticate", "Bearer");
      return respond(std::move(r));
    }
    respond({200, "text/plain; version=0.0.4", metrics::registry::global().render(), {}});
  });
}

}  // namespace centralita::net
