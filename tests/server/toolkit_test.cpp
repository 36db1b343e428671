// The agent's toolkit from the outside: canned replies, private notes and mentions, labels as
// an inbox filter, search on the record lists and tickets, and streamed CSV exports; each with
// roles, another tenant's ids (404) and bad input that writes nothing.
#include <catch2/catch.hpp>

#include <algorithm>

#include "net/csv_writer.hpp"
#include "net/note_handlers.hpp"
#include "tests/server/api_helpers.hpp"
#include "tests/support/json_compact.hpp"
#include "tests/support/ws_client.hpp"

using namespace centralita::testkit;

namespace {

std::string id_of(const std::string& body) {
  auto d = parse_json(body);
  return d.IsObject() && d.HasMember("id") ? std::to_string(d["id"].GetInt64()) : "";
}

size_t items_count(const std::string& body) {
  auto d = parse_json(body);
  return d.IsObject() && d.HasMember("items") ? d["items"].Size() : 0;
}

// A conversation of the demo tenant (the customer of the seeded order 1002).
std::string demo_conversation(api_fixture& t) {
  return t.value(
      "SELECT c.id FROM conversations c JOIN customers u ON u.id = c.customer_id "
      "WHERE u.phone = '5215511110001'");
}

std::string admin_conversation(api_fixture& t) { return t.first_id("conversations", "admin"); }

}  // namespace

TEST_CASE("csv cells are quoted and guarded against formulas", "[server][toolkit]") {
  using centralita::net::append_csv_row;
  std::string out;
  append_csv_row(out, {std::string{"plain"}, std::string{"a,b"}, std::string{"say \"hi\""},
                       std::string{"two\nlines"}, std::nullopt, std::string{"=1+1"},
                       std::string{"@SUM(A1)"}, std::string{"-3"}, std::string{"+x"}});
  CHECK(out ==
        "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\"'=1+1\",\"'@SUM(A1)\",\"'-3\","
        "\"'+x\"\r\n");
}

TEST_CASE("note mentions are the names after each @", "[server][toolkit]") {
  using centralita::net::note_mentions;
  CHECK(note_mentions("@Sofia mira esto, y @diego.herrera. Correo ana@example.com @Sofia") ==
        std::vector<std::string>{"Sofia", "diego.herrera"});
  CHECK(note_mentions("sin menciones @ ni nada").empty());
}

TEST_CASE("canned replies are managed by supervisors and used by agents", "[server][api][pg]") {
  api_fixture t;
  auto made = t.call("POST", "/api/v1/canned-responses", t.supervisor,
                     R"({"shortcut":"/Envio","text":"Hola {{first_name}}, tu pedido )"
                     R"({{order_number}} va en camino. {{ agent_name }}"})");
  REQUIRE(made.status == 201);
  const auto id = id_of(made.body);
  CHECK(contains(compact_json(made.body), R"("shortcut":"envio")"));

  auto listed = t.call("GET", "/api/v1/canned-responses", t.agent);
  REQUIRE(listed.status == 200);
  CHECK(contains(listed.body, "envio"));
  // Another tenant sees none of them.
  CHECK(!contains(t.call("GET", "/api/v1/canned-responses", t.admin).body, "envio"));

  CHECK(t.call("POST", "/api/v1/canned-responses", t.agent, R"({"shortcut":"x","text":"y"})")
            .status == 403);
  CHECK(t.call("PATCH", "/api/v1/canned-responses/" + id, t.agent, R"({"text":"y"})").status ==
        403);
  CHECK(t.call("DELETE", "/api/v1/canned-responses/" + id, t.agent).status == 403);

  // An unknown variable is refused, naming it; nothing is written.
  auto bad = t.call("POST", "/api/v1/canned-responses", t.supervisor,
                    R"({"shortcut":"malo","text":"Hola {{nombre_cliente}}"})");
  CHECK(bad.status == 400);
  CHECK(contains(bad.body, "nombre_cliente"));
  CHECK(t.call("POST", "/api/v1/canned-responses", t.supervisor,
               R"({"shortcut":"abierto","text":"Hola {{first_name"})")
            .status == 400);
  CHECK(t.call("POST", "/api/v1/canned-responses", t.supervisor,
               R"({"shortcut":"con espacio","text":"x"})")
            .status == 400);
  CHECK(t.call("POST", "/api/v1/canned-responses", t.supervisor,
               R"({"shortcut":"envio","text":"otra"})")
            .status == 409);
  CHECK(t.value("SELECT count(*) FROM canned_responses") == "1");

  auto changed = t.call("PATCH", "/api/v1/canned-responses/" + id, t.supervisor,
                        R"({"text":"Gracias, {{first_name}}"})");
  CHECK(changed.status == 200);
  CHECK(contains(changed.body, "Gracias"));
  CHECK(t.call("PATCH", "/api/v1/canned-responses/" + id, t.supervisor,
               R"({"text":"{{desconocida}}"})")
            .status == 400);
  // The other tenant's admin cannot touch it.
  CHECK(t.call("PATCH", "/api/v1/canned-responses/" + id, t.admin, R"({"text":"x"})").status ==
        404);
  CHECK(t.call("DELETE", "/api/v1/canned-responses/" + id, t.admin).status == 404);
  CHECK(t.call("DELETE", "/api/v1/canned-responses/" + id, t.supervisor).status == 200);
  CHECK(t.value("SELECT string_agg(action, ',' ORDER BY id) FROM audit_log "
                "WHERE entity_type = 'canned_response'") ==
        "canned_response.created,canned_response.updated,canned_response.deleted");
}

TEST_CASE("a note on a ticket is kept with it, shows in its conversation and notifies",
          "[server][api][pg]") {
  api_fixture t;
  const auto conv = demo_conversation(t);
  const auto ticket =
      created_id(t.call("POST", "/api/v1/tickets", t.agent,
                        R"({"subject":"Reembolso","conversation_id":)" + conv + "}"));
  auto note = t.call("POST", "/api/v1/tickets/" + ticket + "/notes", t.agent,
                     R"({"text":"@Diego aprueba el reembolso"})");
  REQUIRE(note.status == 201);
  CHECK(contains(compact_json(note.body), R"("ticket_id":)" + ticket));
  CHECK(contains(compact_json(note.body), R"("conversation_id":)" + conv));
  // Listed on the ticket, and among the conversation's messages as a private note.
  auto list = t.call("GET", "/api/v1/tickets/" + ticket + "/notes", t.supervisor);
  REQUIRE(list.status == 200);
  CHECK(items_count(list.body) == 1);
  CHECK(contains(t.call("GET", "/api/v1/conversations/" + conv, t.supervisor).body,
                 "@Diego aprueba el reembolso"));
  auto mine = t.call("GET", "/api/v1/notifications", t.supervisor);
  CHECK(contains(compact_json(mine.body), R"("ticket_id":)" + ticket));
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE action = 'note.created' AND "
                "entity_type = 'ticket' AND entity_id = '" +
                ticket + "'") == "1");

  // A ticket without a conversation keeps its notes to itself.
  const auto lone =
      created_id(t.call("POST", "/api/v1/tickets", t.agent, R"({"subject":"Inventario"})"));
  REQUIRE(t.call("POST", "/api/v1/tickets/" + lone + "/notes", t.agent, R"({"text":"contar"})")
              .status == 201);
  CHECK(items_count(t.call("GET", "/api/v1/tickets/" + lone + "/notes", t.agent).body) == 1);

  // Another tenant's ticket is not found, to write or to read; an empty note is refused.
  const auto other =
      created_id(t.call("POST", "/api/v1/tickets", t.admin, R"({"subject":"Ajeno"})"));
  CHECK(t.call("POST", "/api/v1/tickets/" + other + "/notes", t.agent, R"({"text":"x"})").status ==
        404);
  CHECK(t.call("GET", "/api/v1/tickets/" + other + "/notes", t.agent).status == 404);
  CHECK(t.call("POST", "/api/v1/tickets/" + lone + "/notes", t.agent, R"({"text":" "})").status ==
        400);
  CHECK(t.value("SELECT count(*) FROM conversation_notes") == "2");
}

TEST_CASE("a private note shows among the messages and never reaches the outbox",
          "[server][api][pg]") {
  api_fixture t;
  const auto conv = demo_conversation(t);
  const auto outbox_before = t.value("SELECT count(*) FROM outbox");
  const auto messages_before = t.value("SELECT count(*) FROM messages");
  auto note = t.call("POST", "/api/v1/conversations/" + conv + "/notes", t.agent,
                     R"({"text":"Cliente VIP, @Diego revisa el reembolso"})");
  REQUIRE(note.status == 201);
  CHECK(contains(compact_json(note.body), R"("private":true)"));
  CHECK(t.value("SELECT count(*) FROM outbox") == outbox_before);
  CHECK(t.value("SELECT count(*) FROM messages") == messages_before);

  auto detail = t.call("GET", "/api/v1/conversations/" + conv, t.supervisor);
  REQUIRE(detail.status == 200);
  auto d = parse_json(detail.body);
  int notes = 0;
  for (const auto& m : d["messages"].GetArray()) {
    if (m["private"].GetBool()) {
      ++notes;
      CHECK(std::string{m["text"].GetString()} == "Cliente VIP, @Diego revisa el reembolso");
    }
  }
  CHECK(notes == 1);

  // The mention notifies Diego (supervisor@demo.com), not the author.
  auto mine = t.call("GET", "/api/v1/notifications", t.supervisor);
  REQUIRE(mine.status == 200);
  CHECK(items_count(mine.body) == 1);
  CHECK(contains(compact_json(mine.body), R"("unread":1)"));
  CHECK(items_count(t.call("GET", "/api/v1/notifications", t.agent).body) == 0);
  CHECK(t.call("POST", "/api/v1/notifications/read", t.supervisor, "{}").status == 200);
  CHECK(contains(compact_json(t.call("GET", "/api/v1/notifications", t.supervisor).body),
                 R"("unread":0)"));
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE action = 'note.created'") == "1");

  // Another tenant's conversation is not found; empty notes are refused; nothing written.
  CHECK(t.call("POST", "/api/v1/conversations/" + admin_conversation(t) + "/notes", t.agent,
               R"({"text":"x"})")
            .status == 404);
  CHECK(t.call("POST", "/api/v1/conversations/" + conv + "/notes", t.agent, R"({"text":"  "})")
            .status == 400);
  CHECK(t.value("SELECT count(*) FROM conversation_notes") == "1");
}

TEST_CASE("labels filter the conversations and stay within the tenant", "[server][api][pg]") {
  api_fixture t;
  auto vip = t.call("POST", "/api/v1/labels", t.supervisor, R"({"name":"VIP","color":"#AA0000"})");
  REQUIRE(vip.status == 201);
  const auto vip_id = id_of(vip.body);
  CHECK(contains(compact_json(vip.body), R"("color":"#aa0000")"));
  CHECK(t.call("POST", "/api/v1/labels", t.agent, R"({"name":"x"})").status == 403);
  CHECK(t.call("POST", "/api/v1/labels", t.supervisor, R"({"name":"vip"})").status == 409);
  CHECK(t.call("POST", "/api/v1/labels", t.supervisor, R"({"name":"y","color":"red"})").status ==
        400);
  auto other = t.call("POST", "/api/v1/labels", t.admin, R"({"name":"Ajena"})");
  REQUIRE(other.status == 201);
  const auto other_id = id_of(other.body);

  const auto conv = demo_conversation(t);
  auto set = t.call("PUT", "/api/v1/conversations/" + conv + "/labels", t.agent,
                    R"({"labels":[)" + vip_id + "]}");
  REQUIRE(set.status == 200);
  CHECK(contains(compact_json(set.body), R"("name":"VIP")"));
  auto filtered = t.call("GET", "/api/v1/conversations?label=" + vip_id, t.agent);
  REQUIRE(filtered.status == 200);
  CHECK(items_count(filtered.body) == 1);
  CHECK(contains(compact_json(filtered.body), R"("id":)" + conv));
  CHECK(contains(compact_json(t.call("GET", "/api/v1/conversations/" + conv, t.agent).body),
                 R"("name":"VIP")"));

  // Another tenant's label, or its conversation: 404 and the labels stay as they were.
  CHECK(t.call("PUT", "/api/v1/conversations/" + conv + "/labels", t.agent,
               R"({"labels":[)" + other_id + "]}")
            .status == 404);
  CHECK(t.call("PUT", "/api/v1/conversations/" + admin_conversation(t) + "/labels", t.agent,
               R"({"labels":[]})")
            .status == 404);
  CHECK(t.call("PUT", "/api/v1/conversations/" + conv + "/labels", t.agent, R"({"labels":["a"]})")
            .status == 400);
  CHECK(t.value("SELECT string_agg(label_id::text, ',') FROM conversation_labels") == vip_id);
  CHECK(items_count(t.call("GET", "/api/v1/conversations?label=" + other_id, t.agent).body) == 0);

  // Taken off again: the filter lists nothing; each change audited once.
  CHECK(t.call("PUT", "/api/v1/conversations/" + conv + "/labels", t.agent, R"({"labels":[]})")
            .status == 200);
  CHECK(items_count(t.call("GET", "/api/v1/conversations?label=" + vip_id, t.agent).body) == 0);
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE action = 'conversation.labeled'") == "2");
  CHECK(t.call("DELETE", "/api/v1/labels/" + vip_id, t.admin).status == 404);
}

TEST_CASE("record lists and tickets answer their q and filters", "[server][api][pg]") {
  api_fixture t;
  auto shipments = t.call("GET", "/api/v1/shipments?q=CS1002", t.agent);
  REQUIRE(shipments.status == 200);
  CHECK(items_count(shipments.body) == 1);
  CHECK(contains(shipments.body, "CS1002"));
  CHECK(items_count(t.call("GET", "/api/v1/shipments?q=cs100", t.agent).body) == 3);
  CHECK(items_count(t.call("GET", "/api/v1/shipments?q=CS1002", t.admin).body) == 0);
  CHECK(items_count(t.call("GET", "/api/v1/shipments?q=%25", t.agent).body) == 0);

  CHECK(items_count(t.call("GET", "/api/v1/tickets?q=licuadora", t.agent).body) == 1);
  CHECK(items_count(t.call("GET", "/api/v1/tickets?q=licuadora", t.admin).body) == 0);
  CHECK(t.call("GET", "/api/v1/tickets?priority=extreme", t.agent).status == 400);
  CHECK(t.call("GET", "/api/v1/tickets?category=NOPE", t.agent).status == 400);
  CHECK(t.call("GET", "/api/v1/tickets?label=x", t.agent).status == 400);
  for (const char* route : {"calls", "invoices", "quotes"}) {
    CAPTURE(route);
    CHECK(t.call("GET", std::string{"/api/v1/"} + route + "?q=zzzz-nada", t.agent).status == 200);
    CHECK(items_count(
              t.call("GET", std::string{"/api/v1/"} + route + "?q=zzzz-nada", t.agent).body) == 0);
  }
}

TEST_CASE("exports stream CSV for supervisors within a bounded range", "[server][api][pg]") {
  api_fixture t;
  const auto conv = demo_conversation(t);
  REQUIRE(t.call("POST", "/api/v1/conversations/" + conv + "/notes", t.agent, R"({"text":"x"})")
              .status == 201);
  auto r =
      t.call("GET", "/api/v1/exports/messages.csv?from=2020-01-01&to=2100-01-01", t.supervisor);
  REQUIRE(r.status == 200);
  CHECK(contains(r.header("content-type"), "text/csv"));
  CHECK(contains(r.header("transfer-encoding"), "chunked"));
  CHECK(contains(r.body, "id,conversation_id,direction,sender_type,sender,text,status"));
  // Every message of the tenant, no other tenant's, no note.
  const auto lines = std::count(r.body.begin(), r.body.end(), '\n');
  CHECK(std::to_string(lines - 1) ==
        t.value("SELECT count(*) FROM messages WHERE tenant_id = (SELECT id FROM tenants "
                "WHERE slug = 'demo')"));

  auto conversations = t.call(
      "GET", "/api/v1/exports/conversations.csv?from=2020-01-01&to=2100-01-01", t.supervisor);
  CHECK(conversations.status == 200);
  CHECK(contains(conversations.body, "5215511110001"));
  CHECK(!contains(conversations.body, "5215599990001"));
  auto csat = t.call("GET", "/api/v1/exports/csat.csv?from=2026-01-01&to=2026-02-01", t.supervisor);
  CHECK(csat.status == 200);
  CHECK(contains(csat.body, "rating"));

  CHECK(
      t.call("GET", "/api/v1/exports/messages.csv?from=2020-01-01&to=2030-01-01", t.agent).status ==
      403);
  auto ten_years =
      t.call("GET", "/api/v1/exports/tickets.csv?from=2010-01-01&to=2020-01-01", t.supervisor);
  CHECK(ten_years.status == 400);
  CHECK(contains(ten_years.body, "range_too_long"));
  for (const char* bad : {"from=2020-02-30&to=2020-03-01", "from=2020-03-01&to=2020-02-01",
                          "to=2020-03-01", "from=x&to=y"}) {
    CAPTURE(bad);
    CHECK(t.call("GET", std::string{"/api/v1/exports/tickets.csv?"} + bad, t.supervisor).status ==
          400);
  }
  CHECK(t.call("GET", "/api/v1/exports/users.csv?from=2020-01-01&to=2020-02-01", t.supervisor)
            .status == 404);
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE action = 'export.started'") == "3");
}

TEST_CASE("an export of 100000 rows streams in pages", "[server][api][pg]") {
  api_fixture t;
  const auto tenant = t.value("SELECT id FROM tenants WHERE slug = 'demo'");
  const auto conv = demo_conversation(t);
  CHECK(t.value("WITH i AS (INSERT INTO messages (tenant_id, conversation_id, direction, "
                "sender_type, body) SELECT " +
                tenant + ", " + conv +
                ", 'in', 'customer', '=HYPERLINK(\"x\"), fila ' || g "
                "FROM generate_series(1, 100000) g RETURNING 1) SELECT count(*) FROM i") ==
        "100000");
  // A loaded machine may take a while for 100 pages; the point is that they all arrive.
  http_connection slow{"127.0.0.1", t.port, std::chrono::seconds(300)};
  auto r = slow.request("GET", "/api/v1/exports/messages.csv?from=2020-01-01&to=2100-01-01", "",
                        bearer(t.supervisor));
  REQUIRE(r.status == 200);
  const auto lines = std::count(r.body.begin(), r.body.end(), '\n');
  CHECK(lines > 100000);
  CHECK(contains(r.body, "\"'=HYPERLINK(\"\"x\"\"), fila 99999\""));
  CHECK(!contains(r.body, ",=HYPERLINK"));
}

TEST_CASE("the AI puts the category's label on when the tenant lets it", "[server][api][pg]") {
  api_fixture t;
  http_connection gateway{"127.0.0.1", t.f.server.gateway_port()};
  REQUIRE(t.call("POST", "/api/v1/labels", t.supervisor, R"({"name":"Tracking"})").status == 201);
  CHECK(t.call("PATCH", "/api/v1/labels/settings", t.agent, R"({"ai_labels":true})").status == 403);
  auto on = t.call("PATCH", "/api/v1/labels/settings", t.supervisor, R"({"ai_labels":true})");
  REQUIRE(on.status == 200);
  CHECK(contains(compact_json(on.body), R"("ai_labels":true)"));
  ws_client live;
  REQUIRE(live.connect(t.f.server.api_port(), "/ws?token=" + t.agent) == 101);
  REQUIRE(post_builderbot(gateway, incoming_body("5215590000077",
                                                 "hola, donde viene mi paquete? la guia es CS1002",
                                                 "Etiqueta IA"))
              .status == 200);
  const std::string labeled =
      "SELECT count(*) FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id "
      "JOIN conversations c ON c.id = cl.conversation_id JOIN customers cu ON cu.id = "
      "c.customer_id WHERE l.name = 'Tracking' AND cu.phone = '5215590000077'";
  CHECK(wait_for_value(t.sql, labeled, "1") == "1");
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE action = 'conversation.labeled' "
                "AND actor_type = 'ai'") == "1");
  // The dashboards hear it at once, with the conversation's labels.
  bool heard = false;
  while (auto frame = live.read_text(std::chrono::seconds(5))) {
    if (contains(*frame, R"("type":"conversation.labeled")") && contains(*frame, "Tracking")) {
      heard = true;
      break;
    }
  }
  CHECK(heard);
}
