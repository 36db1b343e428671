#pragma once
// The API's OpenAPI 3 document, built from one table of documented operations. A test walks
// the router and fails on any route missing from the table (and on table rows with no route).

#include <memory>
#include <string>
#include <vector>

#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// One documented operation.
struct api_operation {
  std::string method;
  std::string path;  ///< the router's pattern, e.g. /api/v1/tickets/{id}
  std::string tag;
  std::string summary;
  std::string access;        ///< public | user | admin | platform | account_key | token_query
  std::string request_body;  ///< a JSON schema object, or empty
};

/// Every documented operation, in the document's order.
const std::vector<api_operation>& api_operations();

/// The OpenAPI 3.0 document.
std::string openapi_document();

/// Adds GET /api/v1/openapi.json (public, so tools can read it before signing in).
void add_openapi_routes(router& routes);

}  // namespace centralita::net
