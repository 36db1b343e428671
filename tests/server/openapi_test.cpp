#include <rapidjson/document.h>
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <utility>

#include "actors/node.hpp"
#include "net/openapi.hpp"
#include "net/routes.hpp"

using namespace centralita;

namespace {

using route_key = std::pair<std::string, std::string>;

// Routes the listeners serve outside the router: the WebSocket upgrade.
const std::set<std::string> outside_router = {"/ws"};

}  // namespace

TEST_CASE("The OpenAPI document lists every route and only those", "[server][openapi]") {
  config::settings s;
  actors::node node{s};  // never started: building the routes needs only the object
  net::router api, gateway;
  net::build_routes(api, gateway, node, s, "an-unused-secret-of-32-characters");

  std::set<route_key> routed;
  for (const auto* r : {&api, &gateway}) {
    for (auto& route : r->routes()) routed.insert(route);
  }
  std::set<route_key> documented;
  for (const auto& op : net::api_operations()) {
    INFO(op.method << " " << op.path);
    CHECK(documented.insert({op.method, op.path}).second);  // no row twice
  }
  for (const auto& [method, path] : routed) {
    INFO("undocumented route: " << method << " " << path);
    CHECK(documented.count({method, path}) == 1);
  }
  for (const auto& [method, path] : documented) {
    if (outside_router.count(path)) continue;
    INFO("documented but not routed: " << method << " " << path);
    CHECK(routed.count({method, path}) == 1);
  }
}

TEST_CASE("The OpenAPI document is OpenAPI 3 JSON", "[server][openapi]") {
  rapidjson::Document doc;
  auto text = net::openapi_document();
  REQUIRE_FALSE(doc.Parse(text.c_str()).HasParseError());
  CHECK(std::string{doc["openapi"].GetString()}.rfind("3.", 0) == 0);
  REQUIRE(doc["paths"].HasMember("/api/v1/tickets/{id}"));
  const auto& patch = doc["paths"]["/api/v1/tickets/{id}"]["patch"];
  CHECK(patch.HasMember("requestBody"));
  CHECK(patch["security"].IsArray());
  CHECK_FALSE(doc["paths"]["/healthz"]["get"].HasMember("security"));
}

TEST_CASE("The OpenAPI document passes a standard OpenAPI 3.0 validator", "[server][openapi]") {
  // swagger-parser, as code generators and API tools check it (tests/e2e has it installed).
  const std::string node = CENTRALITA_NODE;
  REQUIRE_FALSE(node.empty());
  char path[] = "/tmp/centralita-openapi-XXXXXX";
  int fd = ::mkstemp(path);
  REQUIRE(fd >= 0);
  const auto text = net::openapi_document();
  REQUIRE(::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  ::close(fd);
  const std::string script = std::string{CENTRALITA_SOURCE_DIR} + "/tests/e2e/validate_openapi.js";
  const std::string out = std::string{path} + ".out";
  int status = std::system((node + " " + script + " " + path + " > " + out + " 2>&1").c_str());
  std::ifstream in{out};
  std::string report{std::istreambuf_iterator<char>(in), {}};
  ::unlink(path);
  ::unlink(out.c_str());
  INFO(report);
  CHECK(status == 0);
  CHECK(report.rfind("ok 3.0", 0) == 0);
}
