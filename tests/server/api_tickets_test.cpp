// The ticket routes from the outside: list, open, read, change with enforced transitions,
// history and audit, and tenant isolation.
#include <catch2/catch.hpp>

#include <tuple>

#include "tests/server/api_helpers.hpp"

using namespace centralita::testkit;

namespace {

std::vector<std::string> subjects(const std::string& body) {
  auto d = parse_json(body);
  std::vector<std::string> out;
  for (const auto& k : d["items"].GetArray()) out.emplace_back(k["subject"].GetString());
  return out;
}

std::string status_of(const std::string& body) {
  auto d = parse_json(body);
  return d.IsObject() && d.HasMember("status") ? d["status"].GetString() : "";
}

}  // namespace

TEST_CASE("tickets are listed newest first, filtered and paged", "[server][api][pg]") {
  api_fixture t;
  using list = std::vector<std::string>;
  auto all = t.call("GET", "/api/v1/tickets", t.agent);
  REQUIRE(all.status == 200);
  CHECK(subjects(all.body) == list{"Aviso de salida a reparto del pedido 1002",
                                   "Solicitud de factura y pago pendiente",
                                   "Licuadora llegó dañada (pedido 1001)"});
  CHECK(subjects(t.call("GET", "/api/v1/tickets", t.admin).body) ==
        list{"Alta de nuevo agente: Paola Castillo"});
  CHECK(subjects(t.call("GET", "/api/v1/tickets?status=NEW", t.agent).body) ==
        list{"Solicitud de factura y pago pendiente"});
  CHECK(subjects(t.call("GET", "/api/v1/tickets?assignee=none", t.agent).body) ==
        list{"Solicitud de factura y pago pendiente"});

  auto first = parse_json(t.call("GET", "/api/v1/tickets?limit=2", t.agent).body);
  REQUIRE(first["items"].Size() == 2);
  REQUIRE(first["next_cursor"].IsString());
  auto rest = t.call(
      "GET", std::string{"/api/v1/tickets?limit=2&cursor="} + first["next_cursor"].GetString(),
      t.agent);
  CHECK(subjects(rest.body) == list{"Licuadora llegó dañada (pedido 1001)"});
  CHECK(parse_json(rest.body)["next_cursor"].IsNull());

  for (const char* bad : {"status=OPEN", "cursor=x", "limit=500", "assignee=x"}) {
    auto r = t.call("GET", std::string{"/api/v1/tickets?"} + bad, t.agent);
    CAPTURE(bad);
    CHECK(r.status == 400);
  }
}

TEST_CASE("a ticket is opened with its created event and audit row", "[server][api][pg]") {
  api_fixture t;
  auto conv = t.value(
      "SELECT c.id FROM conversations c JOIN customers u ON u.id = c.customer_id "
      "WHERE u.phone = '5215511110003'");
  auto r = t.call("POST", "/api/v1/tickets", t.agent,
                  R"({"subject":"Reenviar factura FAC-1003","description":"Por correo",)"
                  R"("priority":"high","category":"BILLING","conversation_id":)" +
                      conv + "}");
  REQUIRE(r.status == 201);
  auto d = parse_json(r.body);
  const auto id = std::to_string(d["id"].GetInt64());
  CHECK(std::string{d["status"].GetString()} == "NEW");
  CHECK(std::string{d["priority"].GetString()} == "high");
  CHECK(std::string{d["category"].GetString()} == "BILLING");
  CHECK(std::to_string(d["conversation_id"].GetInt64()) == conv);
  // The customer comes from the conversation.
  CHECK(std::to_string(d["customer_id"].GetInt64()) ==
        t.value("SELECT customer_id FROM conversations WHERE id = " + conv));
  CHECK(std::string{d["created_by_type"].GetString()} == "user");
  CHECK(std::to_string(d["created_by"].GetInt64()) == t.user_id("agent@demo.com"));
  CHECK(d["resolution_due_at"].IsString());

  CHECK(t.value("SELECT kind || ' ' || actor_type || ' ' || (after->>'subject') FROM "
                "ticket_events WHERE ticket_id = " +
                id) == "created user Reenviar factura FAC-1003");
  CHECK(t.value("SELECT action || ' ' || actor_user_id FROM audit_log WHERE entity_type = "
                "'ticket' AND entity_id = '" +
                id + "'") == "ticket.created " + t.user_id("agent@demo.com"));
  CHECK(
      parse_json(t.call("GET", "/api/v1/conversations/" + conv, t.agent).body)["tickets"].Size() ==
      2);

  auto minimal = t.call("POST", "/api/v1/tickets", t.supervisor, R"({"subject":"Llamar"})");
  CHECK(minimal.status == 201);
  CHECK(contains(minimal.body, R"("priority":"normal")"));
}

TEST_CASE("opening a ticket checks its fields", "[server][api][pg]") {
  api_fixture t;
  auto admin_conv = t.first_id("conversations", "admin");
  auto admin_customer = t.first_id("customers", "admin");
  auto demo_customer = t.first_id("customers", "demo");
  auto demo_conv =
      t.value("SELECT id FROM conversations WHERE customer_id <> " + demo_customer +
              " AND tenant_id = (SELECT tenant_id FROM customers WHERE id = " + demo_customer +
              ") LIMIT 1");
  const auto before = t.value("SELECT count(*) FROM tickets");
  for (auto [body, status, field] : {
           std::tuple{std::string{"{}"}, 400, "subject"},
           std::tuple{std::string{R"({"subject":"   "})"}, 400, "subject"},
           std::tuple{std::string{R"({"subject":7})"}, 400, "subject"},
           std::tuple{R"({"subject":")" + std::string(501, 'a') + R"("})", 400, "subject"},
           std::tuple{std::string{R"({"subject":"x","priority":5})"}, 400, "priority"},
           std::tuple{std::string{R"({"subject":"x","status":"CLOSED"})"}, 400, "status"},
           std::tuple{std::string{R"({"subject":"x","conversation_id":"1"})"}, 400,
                      "conversation_id"},
           std::tuple{std::string{R"({"subject":"x","priority":"critical"})"}, 422, "priority"},
           std::tuple{std::string{R"({"subject":"x","category":"SPAM"})"}, 422, "category"},
           std::tuple{R"({"subject":"x","conversation_id":)" + admin_conv + "}", 422,
                      "conversation_id"},
           std::tuple{R"({"subject":"x","customer_id":)" + admin_customer + "}", 422,
                      "customer_id"},
           std::tuple{R"({"subject":"x","customer_id":)" + demo_customer +
                          R"(,"conversation_id":)" + demo_conv + "}",
                      422, "customer_id"},
           std::tuple{R"({"subject":"x","assignee_id":)" + t.user_id("admin@admin.com") + "}", 422,
                      "assignee_id"},
       }) {
    auto r = t.call("POST", "/api/v1/tickets", t.agent, body);
    CAPTURE(body, r.body);
    CHECK(r.status == status);
    CHECK(contains(r.body, field));
  }
  CHECK(t.value("SELECT count(*) FROM tickets") == before);
}

TEST_CASE("ticket status transitions are enforced, and every change is recorded",
          "[server][api][pg]") {
  api_fixture t;
  auto created =
      parse_json(t.call("POST", "/api/v1/tickets", t.agent, R"({"subject":"Ciclo"})").body);
  const auto id = std::to_string(created["id"].GetInt64());
  const auto path = "/api/v1/tickets/" + id;
  auto patch = [&](const std::string& body) { return t.call("PATCH", path, t.agent, body); };

  auto refused = patch(R"({"status":"CLOSED"})");
  CHECK(refused.status == 409);
  CHECK(contains(refused.body, "invalid_transition"));
  CHECK(contains(refused.body, "NEW to CLOSED"));
  CHECK(status_of(patch(R"({"status":"IN_PROGRESS"})").body) == "IN_PROGRESS");
  CHECK(patch(R"({"status":"NEW"})").status == 409);
  CHECK(patch(R"({"status":"CLOSED"})").status == 409);
  auto resolved = patch(R"({"status":"RESOLVED","priority":"urgent"})");
  CHECK(status_of(resolved.body) == "RESOLVED");
  CHECK(parse_json(resolved.body)["resolved_at"].IsString());
  CHECK(status_of(patch(R"({"status":"IN_PROGRESS"})").body) == "IN_PROGRESS");
  CHECK(parse_json(t.call("GET", path, t.agent).body)["resolved_at"].IsNull());
  CHECK(status_of(patch(R"({"status":"RESOLVED"})").body) == "RESOLVED");
  auto closed = patch(R"({"status":"CLOSED"})");
  CHECK(status_of(closed.body) == "CLOSED");
  CHECK(parse_json(closed.body)["closed_at"].IsString());
  // A closed ticket is frozen until it is reopened; reopening may change more at once.
  auto frozen = patch(R"({"priority":"low"})");
  CHECK(frozen.status == 409);
  CHECK(contains(frozen.body, "reopen"));
  CHECK(patch(R"({"status":"RESOLVED"})").status == 409);
  auto agent_id = t.user_id("agent@demo.com");
  auto reopened = patch(R"({"status":"IN_PROGRESS","assignee_id":)" + agent_id + "}");
  CHECK(status_of(reopened.body) == "IN_PROGRESS");
  CHECK(parse_json(reopened.body)["closed_at"].IsNull());
  // NEW -> RESOLVED directly (first-contact resolution) is allowed.
  auto quick =
      parse_json(t.call("POST", "/api/v1/tickets", t.agent, R"({"subject":"Rápido"})").body);
  CHECK(status_of(t.call("PATCH", "/api/v1/tickets/" + std::to_string(quick["id"].GetInt64()),
                         t.agent, R"({"status":"RESOLVED"})")
                      .body) == "RESOLVED");

  // Bad values (422) and shapes (400).
  CHECK(patch(R"({"status":"DONE"})").status == 422);
  CHECK(patch(R"({"priority":"critical"})").status == 422);
  auto foreign = patch(R"({"assignee_id":)" + t.user_id("admin@admin.com") + "}");
  CHECK(foreign.status == 422);
  CHECK(contains(foreign.body, "assignee_id"));
  CHECK(patch("{}").status == 400);
  CHECK(patch(R"({"subject":"otro"})").status == 400);
  CHECK(patch(R"({"status":["NEW"]})").status == 400);

  auto events = t.call("GET", path + "/events", t.agent);
  REQUIRE(events.status == 200);
  auto e = parse_json(events.body);
  std::vector<std::string> kinds;
  for (const auto& ev : e["items"].GetArray()) {
    std::string k = ev["kind"].GetString();
    if (k == "status_changed") k += ":" + std::string{ev["after"]["status"].GetString()};
    kinds.push_back(k);
    CHECK(std::string{ev["actor_type"].GetString()} == "user");
  }
  CHECK(kinds == std::vector<std::string>{
                     "created", "status_changed:IN_PROGRESS", "status_changed:RESOLVED",
                     "priority_changed", "status_changed:IN_PROGRESS", "status_changed:RESOLVED",
                     "status_changed:CLOSED", "status_changed:IN_PROGRESS", "assignee_changed"});
  CHECK(std::string{e["items"][1]["before"]["status"].GetString()} == "NEW");
  // One audit row per accepted change (plus the creation), none for the refused ones.
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE entity_type = 'ticket' AND entity_id = '" +
                id + "'") == "7");
  CHECK(t.value("SELECT after->>'status' FROM audit_log WHERE entity_type = 'ticket' AND "
                "entity_id = '" +
                id + "' ORDER BY id DESC LIMIT 1") == "IN_PROGRESS");
}

TEST_CASE("another tenant's ticket is a 404 through every route, both ways", "[server][api][pg]") {
  api_fixture t;
  auto admin_ticket = t.first_id("tickets", "admin");
  auto demo_ticket = t.first_id("tickets", "demo");
  const auto before = t.value("SELECT count(*) FROM ticket_events") + "/" +
                      t.value("SELECT string_agg(status, ',' ORDER BY id) FROM tickets");
  for (auto [token, id] : {std::pair{t.agent, admin_ticket}, std::pair{t.supervisor, admin_ticket},
                           std::pair{t.admin, demo_ticket}}) {
    const auto path = "/api/v1/tickets/" + id;
    for (auto r :
         {t.call("GET", path, token), t.call("PATCH", path, token, R"({"status":"CLOSED"})"),
          t.call("PATCH", path, token, R"({"status":"IN_PROGRESS"})"),
          t.call("GET", path + "/events", token)}) {
      CAPTURE(path, r.body);
      CHECK(r.status == 404);
      CHECK(contains(r.body, "ticket_not_found"));
    }
  }
  CHECK(t.call("GET", "/api/v1/tickets/" + demo_ticket, t.agent).status == 200);
  CHECK(t.call("GET", "/api/v1/tickets/abc", t.agent).status == 404);
  CHECK(t.call("PATCH", "/api/v1/tickets/abc", t.agent, R"({"status":"CLOSED"})").status == 404);
  CHECK(t.call("GET", "/api/v1/tickets/0/events", t.agent).status == 404);
  CHECK(t.value("SELECT count(*) FROM ticket_events") + "/" +
            t.value("SELECT string_agg(status, ',' ORDER BY id) FROM tickets") ==
        before);
}
