// Contacts through the API: search, one contact with its history, edits with their audit rows,
// and merges that move every row pointing at the merged customer (counted table by table from
// the catalog, so a table added later and forgotten by the merge fails here), with another
// tenant's ids answered 404 and bad input refused with nothing written.
#include <catch2/catch.hpp>

#include <sstream>

#include "tests/server/api_helpers.hpp"
#include "tests/support/eventually.hpp"

using namespace centralita::testkit;

namespace {

// A demo customer with a row in every table that points at customers, and an open conversation.
std::string make_customer(api_fixture& t, const std::string& phone, const std::string& name) {
  const std::string tenant = "(SELECT id FROM tenants WHERE slug = 'demo')";
  auto id = t.value("INSERT INTO customers (tenant_id, phone, name) VALUES (" + tenant + ", '" +
                    phone + "', '" + name + "') RETURNING id");
  auto conv = t.value("INSERT INTO conversations (tenant_id, customer_id) VALUES (" + tenant +
                      ", " + id + ") RETURNING id");
  t.value(
      "INSERT INTO messages (tenant_id, conversation_id, direction, sender_type, body) "
      "VALUES (" +
      tenant + ", " + conv + ", 'in', 'customer', 'hola') RETURNING id");
  auto ticket = t.value(
      "INSERT INTO tickets (tenant_id, subject, customer_id, conversation_id) "
      "VALUES (" +
      tenant + ", 'Caso de " + name + "', " + id + ", " + conv + ") RETURNING id");
  t.value("INSERT INTO call_sessions (tenant_id, provider_conversation_id, customer_id) VALUES (" +
          tenant + ", 'call-" + phone + "', " + id + ") RETURNING id");
  t.value("INSERT INTO shipments (tenant_id, tracking_number, customer_id) VALUES (" + tenant +
          ", 'TRK" + phone + "', " + id + ") RETURNING id");
  t.value("INSERT INTO invoices (tenant_id, number, customer_id, amount_cents) VALUES (" + tenant +
          ", 'F-" + phone + "', " + id + ", 1000) RETURNING id");
  t.value("INSERT INTO quotes (tenant_id, number, customer_id, total_cents) VALUES (" + tenant +
          ", 'Q-" + phone + "', " + id + ", 500) RETURNING id");
  (void)ticket;
  return id;
}

// Every table with a customer_id column, from the catalog.
std::vector<std::string> referencing_tables(api_fixture& t) {
  std::stringstream names(
      t.value("SELECT string_agg(c.table_name, ' ' ORDER BY c.table_name) "
              "FROM information_schema.columns c JOIN information_schema.tables t "
              "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
              "WHERE c.table_schema = 'public' AND c.column_name = 'customer_id' "
              "AND t.table_type = 'BASE TABLE'"));
  std::vector<std::string> out;
  for (std::string n; names >> n;) out.push_back(n);
  return out;
}

long rows_of(api_fixture& t, const std::vector<std::string>& tables, const std::string& ids) {
  long total = 0;
  for (const auto& table : tables) {
    total +=
        std::stol(t.value("SELECT count(*) FROM " + table + " WHERE customer_id IN (" + ids + ")"));
  }
  return total;
}

}  // namespace

TEST_CASE("contacts are searched by name, phone and e-mail within the tenant",
          "[server][contacts][pg]") {
  api_fixture t;
  auto ana = make_customer(t, "5215550001111", "Ana Búsqueda");
  CHECK(t.call("PATCH", "/api/v1/customers/" + ana, t.agent, R"({"email":"ana@ejemplo.mx"})")
            .status == 200);

  for (const char* q : {"q=B%C3%BAsqueda", "q=55500011", "q=ana%40ejemplo", "q=ANA+B"}) {
    INFO(q);
    auto r = t.call("GET", std::string{"/api/v1/customers?"} + q, t.agent);
    REQUIRE(r.status == 200);
    auto d = parse_json(r.body);
    REQUIRE(d["items"].Size() == 1);
    CHECK(std::to_string(d["items"][0]["id"].GetInt64()) == ana);
  }
  // The wildcards of LIKE are taken literally.
  CHECK(parse_json(t.call("GET", "/api/v1/customers?q=%25", t.agent).body)["items"].Size() == 0);
  // Another tenant sees none of them; paging works.
  CHECK(parse_json(t.call("GET", "/api/v1/customers?q=55500011", t.admin).body)["items"].Size() ==
        0);
  auto page = parse_json(t.call("GET", "/api/v1/customers?limit=1", t.agent).body);
  CHECK(page["items"].Size() == 1);
  CHECK(page["next_cursor"].IsString());
  CHECK(t.call("GET", "/api/v1/customers", "").status == 401);
  CHECK(t.call("GET", "/api/v1/customers?q=" + std::string(201, 'a'), t.agent).status == 400);
}

TEST_CASE("a contact comes with all their history and is edited with an audit row",
          "[server][contacts][pg]") {
  api_fixture t;
  auto id = make_customer(t, "5215550002222", "Bruno Historia");
  auto r = t.call("GET", "/api/v1/customers/" + id, t.agent);
  REQUIRE(r.status == 200);
  auto d = parse_json(r.body);
  CHECK(std::string{d["customer"]["name"].GetString()} == "Bruno Historia");
  for (const char* kind :
       {"conversations", "tickets", "calls", "shipments", "invoices", "quotes"}) {
    INFO(kind);
    REQUIRE(d[kind].IsArray());
    CHECK(d[kind].Size() == 1);
  }

  r = t.call("PATCH", "/api/v1/customers/" + id, t.agent,
             R"({"name":"Bruno H.","email":"bruno@ejemplo.mx","notes":"Prefiere WhatsApp",)"
             R"("attributes":{"plan":"oro","ciudad":"Monterrey"}})");
  REQUIRE(r.status == 200);
  d = parse_json(r.body);
  CHECK(std::string{d["name"].GetString()} == "Bruno H.");
  CHECK(std::string{d["attributes"]["plan"].GetString()} == "oro");
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE entity_type = 'customer' AND entity_id = '" +
                id +
                "' AND action = 'customer.updated' AND before->>'name' = 'Bruno Historia' "
                "AND after->>'name' = 'Bruno H.'") == "1");
  // An empty e-mail clears it.
  r = t.call("PATCH", "/api/v1/customers/" + id, t.agent, R"({"email":""})");
  CHECK(parse_json(r.body)["email"].IsNull());

  // Bad input: 4xx, nothing written.
  for (const char* bad : {R"({})", R"({"phone":"1"})", R"({"name":"a\nb"})",
                          R"({"email":"no-arroba"})", R"({"attributes":{"n":1}})",
                          R"({"attributes":[]})", R"({"attributes":{"":"x"}})", R"({"notes":5})"}) {
    INFO(bad);
    CHECK(t.call("PATCH", "/api/v1/customers/" + id, t.agent, bad).status == 400);
  }
  std::string many = "{";
  for (int i = 0; i < 51; ++i)
    many += (i ? "," : "") + std::string{"\"k"} + std::to_string(i) + "\":\"v\"";
  CHECK(t.call("PATCH", "/api/v1/customers/" + id, t.agent, R"({"attributes":)" + many + "}}")
            .status == 400);
  CHECK(t.value("SELECT name FROM customers WHERE id = " + id) == "Bruno H.");

  // Another tenant's id, or one that can't exist: 404.
  CHECK(t.call("GET", "/api/v1/customers/" + id, t.admin).status == 404);
  CHECK(t.call("PATCH", "/api/v1/customers/" + id, t.admin, R"({"name":"x"})").status == 404);
  CHECK(t.call("GET", "/api/v1/customers/abc", t.agent).status == 404);
  CHECK(t.value("SELECT name FROM customers WHERE id = " + id) == "Bruno H.");
}

TEST_CASE("a merge moves every row of the merged contact and loses nothing",
          "[server][contacts][pg]") {
  api_fixture t;
  auto keep = make_customer(t, "5215550003333", "Carla Principal");
  auto from = make_customer(t, "5215550004444", "");
  t.value(
      "UPDATE customers SET email = 'carla@otro.mx', notes = 'VIP', "
      "attributes = '{\"plan\":\"plata\"}' WHERE id = " +
      from + " RETURNING id");
  t.value("UPDATE customers SET attributes = '{\"plan\":\"oro\"}' WHERE id = " + keep +
          " RETURNING id");
  const auto tables = referencing_tables(t);
  REQUIRE(tables.size() >= 6);
  const long before = rows_of(t, tables, keep + "," + from);
  const long merged_messages = std::stol(
      t.value("SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id "
              "WHERE c.customer_id IN (" +
              keep + "," + from + ")"));

  auto r =
      t.call("POST", "/api/v1/customers/" + keep + "/merge", t.agent, R"({"from":)" + from + "}");
  REQUIRE(r.status == 200);
  auto d = parse_json(r.body);
  CHECK(d["moved"]["conversations"].GetInt64() == 1);
  CHECK(d["moved"]["tickets"].GetInt64() == 1);
  CHECK(d["resolved_conversation_id"].IsInt64());  // both had an open conversation
  CHECK(std::string{d["customer"]["email"].GetString()} == "carla@otro.mx");
  CHECK(std::string{d["customer"]["attributes"]["plan"].GetString()} == "oro");
  CHECK(std::string{d["customer"]["notes"].GetString()} == "VIP");

  // Every row now points at the kept contact; none at the merged one; messages all there.
  CHECK(rows_of(t, tables, keep) == before);
  CHECK(rows_of(t, tables, from) == 0);
  CHECK(std::stol(t.value("SELECT count(*) FROM messages m JOIN conversations c ON "
                          "c.id = m.conversation_id WHERE c.customer_id = " +
                          keep)) == merged_messages);
  CHECK(t.value("SELECT merged_into_id FROM customers WHERE id = " + from) == keep);
  CHECK(
      t.value("SELECT count(*) FROM audit_log WHERE action = 'customer.merged' AND entity_id = '" +
              keep + "' AND before->'from'->>'id' = '" + from +
              "' AND (after->'moved'->>'conversations')::int = 1") == "1");
  // The merged contact leaves the list; its page points at the kept one.
  CHECK(parse_json(t.call("GET", "/api/v1/customers?q=5215550004444", t.agent).body)["items"]
            .Size() == 0);
  CHECK(parse_json(
            t.call("GET", "/api/v1/customers/" + from, t.agent).body)["customer"]["merged_into_id"]
            .GetInt64() == std::stoll(keep));

  // A message from the merged phone joins the kept contact's open conversation.
  http_connection gateway{"127.0.0.1", t.f.server.gateway_port()};
  REQUIRE(post_builderbot(gateway, incoming_body("5215550004444", "sigo aqui")).status == 200);
  CHECK(wait_for_value(t.sql,
                       "SELECT c.customer_id FROM messages m JOIN conversations c ON "
                       "c.id = m.conversation_id WHERE m.body = 'sigo aqui'",
                       keep) == keep);
  CHECK(t.value("SELECT count(*) FROM conversations WHERE customer_id = " + from) == "0");
}

TEST_CASE("merging into itself, twice, or across tenants is a clear error that writes nothing",
          "[server][contacts][pg]") {
  api_fixture t;
  auto a = make_customer(t, "5215550005555", "Dora");
  auto b = make_customer(t, "5215550006666", "Dora bis");
  auto admin_tenant = t.value("SELECT id FROM tenants WHERE slug = 'admin'");
  auto foreign = t.value("INSERT INTO customers (tenant_id, phone, name) VALUES (" + admin_tenant +
                         ", '5215550007777', 'Ajena') RETURNING id");
  const auto audits = t.value("SELECT count(*) FROM audit_log");

  auto self = t.call("POST", "/api/v1/customers/" + a + "/merge", t.agent, R"({"from":)" + a + "}");
  CHECK(self.status == 422);
  CHECK(contains(self.body, "itself"));
  CHECK(t.call("POST", "/api/v1/customers/" + a + "/merge", t.agent, R"({"from":)" + foreign + "}")
            .status == 404);
  CHECK(t.call("POST", "/api/v1/customers/" + foreign + "/merge", t.agent, R"({"from":)" + a + "}")
            .status == 404);
  for (const char* bad : {R"({})", R"({"from":"x"})", R"({"from":-1})", R"({"id":1})", "nope"}) {
    INFO(bad);
    CHECK(t.call("POST", "/api/v1/customers/" + a + "/merge", t.agent, bad).status == 400);
  }
  CHECK(t.value("SELECT count(*) FROM audit_log") == audits);
  CHECK(t.value("SELECT count(*) FROM conversations WHERE customer_id = " + b) == "1");

  REQUIRE(t.call("POST", "/api/v1/customers/" + a + "/merge", t.agent, R"({"from":)" + b + "}")
              .status == 200);
  // b is merged now: merging it again, or into it, names no current customer.
  CHECK(t.call("POST", "/api/v1/customers/" + a + "/merge", t.agent, R"({"from":)" + b + "}")
            .status == 404);
  CHECK(t.call("POST", "/api/v1/customers/" + b + "/merge", t.agent, R"({"from":)" + a + "}")
            .status == 404);
}
