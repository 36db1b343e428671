// The read API of shipments, invoices, quotes and calls: lists with filters and paging, one
// shipment with its checkpoints, 401 without a token and 404 across tenants, both ways.
#include <catch2/catch.hpp>

#include "tests/server/api_helpers.hpp"

using namespace centralita::testkit;

namespace {

size_t count_items(const std::string& body) {
  auto d = parse_json(body);
  return d.IsObject() && d.HasMember("items") ? d["items"].Size() : 0;
}

}  // namespace

TEST_CASE("records need a token and answer only for the caller's tenant", "[server][records][pg]") {
  api_fixture t;
  for (const char* path :
       {"/api/v1/calls", "/api/v1/shipments", "/api/v1/invoices", "/api/v1/quotes",
        "/api/v1/calls/1", "/api/v1/shipments/1", "/api/v1/calls/1/audio"}) {
    INFO(path);
    CHECK(t.call("GET", path, "").status == 401);
  }
  // The demo tenant's records are listed for its agent, never for the other tenant.
  CHECK(count_items(t.call("GET", "/api/v1/shipments", t.agent).body) >= 3);
  CHECK(count_items(t.call("GET", "/api/v1/invoices", t.agent).body) >= 1);
  CHECK(count_items(t.call("GET", "/api/v1/quotes", t.agent).body) >= 1);
  CHECK(count_items(t.call("GET", "/api/v1/shipments", t.admin).body) == 0);
  CHECK(count_items(t.call("GET", "/api/v1/invoices", t.admin).body) == 0);
  CHECK(count_items(t.call("GET", "/api/v1/quotes", t.admin).body) == 0);

  auto demo_shipment = t.first_id("shipments", "demo");
  CHECK(t.call("GET", "/api/v1/shipments/" + demo_shipment, t.admin).status == 404);
  CHECK(t.call("GET", "/api/v1/shipments/" + demo_shipment, t.supervisor).status == 200);
  CHECK(t.call("GET", "/api/v1/shipments/abc", t.agent).status == 404);

  // And the other way: a shipment and a call of the admin tenant stay there.
  auto admin_tenant = t.value("SELECT id FROM tenants WHERE slug = 'admin'");
  auto admin_shipment =
      t.value("INSERT INTO shipments (tenant_id, tracking_number, status) VALUES (" + admin_tenant +
              ", 'ADM1', 'InTransit') RETURNING id");
  auto admin_call = t.value(
      "INSERT INTO call_sessions (tenant_id, provider_conversation_id, status, audio_path) "
      "VALUES (" +
      admin_tenant + ", 'conv_admin', 'done', '/nonexistent.mp3') RETURNING id");
  CHECK(t.call("GET", "/api/v1/shipments/" + admin_shipment, t.agent).status == 404);
  CHECK(t.call("GET", "/api/v1/shipments/" + admin_shipment, t.admin).status == 200);
  CHECK(t.call("GET", "/api/v1/calls/" + admin_call, t.agent).status == 404);
  CHECK(t.call("GET", "/api/v1/calls/" + admin_call + "/audio", t.agent).status == 404);
  CHECK(t.call("GET", "/api/v1/calls/" + admin_call, t.admin).status == 200);
  CHECK(count_items(t.call("GET", "/api/v1/calls", t.admin).body) == 1);
  CHECK(count_items(t.call("GET", "/api/v1/calls", t.agent).body) == 0);
}

TEST_CASE("a shipment comes with its checkpoints", "[server][records][pg]") {
  api_fixture t;
  auto id = t.value("SELECT id FROM shipments WHERE tracking_number = 'CS1001'");
  auto r = t.call("GET", "/api/v1/shipments/" + id, t.agent);
  REQUIRE(r.status == 200);
  auto d = parse_json(r.body);
  CHECK(std::string{d["tracking_number"].GetString()} == "CS1001");
  REQUIRE(d["checkpoints"].IsArray());
  CHECK(d["checkpoints"].Size() ==
        std::stoul(t.value("SELECT count(*) FROM shipment_events WHERE shipment_id = " + id)));
  // Lists leave the checkpoints out.
  auto list = parse_json(t.call("GET", "/api/v1/shipments", t.agent).body);
  CHECK_FALSE(list["items"][0].HasMember("checkpoints"));
}

TEST_CASE("record lists filter by customer and status and page by cursor",
          "[server][records][pg]") {
  api_fixture t;
  auto total = count_items(t.call("GET", "/api/v1/shipments", t.agent).body);
  REQUIRE(total >= 2);
  auto first = parse_json(t.call("GET", "/api/v1/shipments?limit=1", t.agent).body);
  REQUIRE(first["items"].Size() == 1);
  REQUIRE(first["next_cursor"].IsString());
  auto rest = parse_json(
      t.call("GET",
             std::string{"/api/v1/shipments?limit=200&cursor="} + first["next_cursor"].GetString(),
             t.agent)
          .body);
  CHECK(rest["items"].Size() == total - 1);
  CHECK(rest["items"][0]["id"].GetInt64() < first["items"][0]["id"].GetInt64());
  CHECK(rest["next_cursor"].IsNull());

  auto status = t.value("SELECT status FROM shipments WHERE tracking_number = 'CS1001'");
  auto by_status = parse_json(t.call("GET", "/api/v1/shipments?status=" + status, t.agent).body);
  for (const auto& s : by_status["items"].GetArray()) {
    CHECK(std::string{s["status"].GetString()} == status);
  }
  auto customer = t.value("SELECT customer_id FROM invoices ORDER BY id LIMIT 1");
  auto invoices =
      parse_json(t.call("GET", "/api/v1/invoices?customer_id=" + customer, t.agent).body);
  CHECK(invoices["items"].Size() ==
        std::stoul(t.value("SELECT count(*) FROM invoices WHERE customer_id = " + customer)));
  auto quotes = parse_json(t.call("GET", "/api/v1/quotes", t.agent).body);
  REQUIRE(quotes["items"].Size() >= 1);
  CHECK(quotes["items"][0]["lines"].IsArray());

  CHECK(t.call("GET", "/api/v1/shipments?status=Lost", t.agent).status == 400);
  CHECK(t.call("GET", "/api/v1/invoices?customer_id=x", t.agent).status == 400);
  CHECK(t.call("GET", "/api/v1/quotes?cursor=-1", t.agent).status == 400);
  CHECK(t.call("GET", "/api/v1/quotes?limit=0", t.agent).status == 400);
}
