// Track & trace from the outside: the AfterShip and 17TRACK webhooks (valid, forged,
// redelivered, malformed, stale), what an update becomes (the shipment, its links, a live event,
// a WhatsApp notice when the tenant wants one) and the adapter refreshing through a fake
// AfterShip.
#include <catch2/catch.hpp>

#include "providers/tracking_signature.hpp"
#include "tests/server/api_helpers.hpp"
#include "tests/support/fake_tracking.hpp"

using namespace centralita::testkit;
using centralita::providers::sign_17track;
using centralita::providers::sign_aftership;

namespace {

constexpr const char* aftership_path = "/webhooks/tracking/aftership";
constexpr const char* seventeen_path = "/webhooks/tracking/17track";
constexpr const char* aftership_key = "aftership_tracking_main";
constexpr const char* aftership_secret = "as_webhook_secret_test";
constexpr const char* admin_secret = "as_admin_secret_test";
constexpr const char* seventeen_key = "17track_tracking_main";
constexpr const char* seventeen_secret = "17track_key_test";

// The test vectors of docs/protocols.md §4a and §4b: the exact bodies and their signatures.
constexpr const char* aftership_vector =
    R"({"event":"tracking_update","event_id":"3f1b6a2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b","is_tracking_first_tag":true,"msg":{"id":"trk_test","tracking_number":"1Z999AA10123456784","slug":"ups","tag":"Delivered","subtag":"Delivered_001"},"ts":1739537297})";
constexpr const char* aftership_vector_header = "a0lylvNJf40Mvxgn5EwYZWyhuMrTqN3BqfqoNoMm3LE=";
constexpr const char* seventeen_vector =
    R"({"event":"TRACKING_UPDATED","data":{"number":"RR123456789CN","carrier":3011,"param":null,"tag":"ORD-1001","track_info":{"latest_status":{"status":"InTransit","sub_status":"InTransit_Other","sub_status_descr":null}}}})";
constexpr const char* seventeen_vector_sign =
    "26015618b4fa8b0e498386440925d5c8b3fc7ade76d97b25f43d0e8d26a574a6";

// Tracking accounts are not part of the demo seed: added before the server loads its accounts.
bool add_tracking_accounts(const test_database& db) {
  auto sql = db.connect();
  auto r = sql.exec(
      "INSERT INTO channel_accounts (tenant_id, provider, name, account_key, webhook_secret) "
      "SELECT id, 'aftership', 'AfterShip', 'aftership_tracking_main', 'as_webhook_secret_test' "
      "FROM tenants WHERE slug = 'demo' UNION ALL "
      "SELECT id, '17track', '17TRACK', '17track_tracking_main', '17track_key_test' "
      "FROM tenants WHERE slug = 'demo' UNION ALL "
      "SELECT id, 'aftership', 'AfterShip', 'aftership_tracking_admin', 'as_admin_secret_test' "
      "FROM tenants WHERE slug = 'admin'");
  return r.ok();
}

// An AfterShip tracking_update for `number` with one checkpoint.
std::string aftership_update(const std::string& event_id, const std::string& number,
                             const std::string& tag, int64_t ts, const std::string& when) {
  return R"({"ts":)" + std::to_string(ts) + R"(,"event":"tracking_update","event_id":")" +
         event_id + R"(","msg":{"id":"as-)" + number + R"(","tracking_number":")" + number +
         R"(","slug":"dhl","tag":")" + tag + R"(","checkpoints":[{"checkpoint_time":")" + when +
         R"(","location":"Ciudad de México, CDMX","message":"Evento )" + tag + R"(","tag":")" +
         tag + R"("}]}})";
}

struct tracking_fixture {
  test_database db{db_contents::seeded};
  bool accounts = add_tracking_accounts(db);
  server_process server{db.url()};
  centralita::storage::pg_connection sql = db.connect();
  http_connection gateway{"127.0.0.1", server.gateway_port()};
  http_connection api{"127.0.0.1", server.api_port()};

  http_response post(const char* path, const std::string& body, const http_headers& headers) {
    return gateway.request("POST", path, body, headers);
  }
  /// An AfterShip delivery signed with `secret`, naming `key` when not empty.
  http_response aftership(const std::string& body, const std::string& key = aftership_key,
                          const std::string& secret = aftership_secret) {
    http_headers h{{"Content-Type", "application/json"},
                   {"aftership-hmac-sha256", sign_aftership(body, secret)}};
    if (!key.empty()) h.emplace_back("X-Account-Key", key);
    return post(aftership_path, body, h);
  }
  std::string value(const std::string& q) { return query_value(sql, q); }
};

std::string event_id_of(const std::string& body) {
  auto d = parse_json(body);
  return d.HasMember("event_id") ? d["event_id"].GetString() : "";
}

}  // namespace

TEST_CASE("AfterShip webhook: the vector once, then duplicate, forged, unknown, malformed refused",
          "[server][tracking][pg]") {
  tracking_fixture f;
  REQUIRE(f.accounts);
  http_headers vector_headers{{"Content-Type", "application/json"},
                              {"aftership-hmac-sha256", aftership_vector_header},
                              {"X-Account-Key", aftership_key}};
  auto first = f.post(aftership_path, aftership_vector, vector_headers);
  REQUIRE(first.status == 200);
  CHECK(contains(first.body, R"("status":"accepted")"));
  auto again = f.post(aftership_path, aftership_vector, vector_headers);
  CHECK(again.status == 200);
  CHECK(contains(again.body, R"("status":"duplicate")"));
  CHECK(event_id_of(again.body) == event_id_of(first.body));

  // Forged: the body changed under the same signature; another account's key; a wrong secret.
  std::string tampered = aftership_vector;
  tampered.replace(tampered.find("Delivered"), 9, "Exception");
  CHECK(f.post(aftership_path, tampered, vector_headers).status == 401);
  CHECK(f.aftership(aftership_vector, "builderbot_whatsapp_main").status == 401);
  CHECK(f.aftership(aftership_vector, "no_such_key").status == 401);
  CHECK(
      f.aftership(R"({"event":"tracking_update","event_id":"x1"})", aftership_key, "nope").status ==
      401);
  auto unsigned_ = f.post(aftership_path, aftership_vector,
                          {{"Content-Type", "application/json"}, {"X-Account-Key", aftership_key}});
  CHECK(unsigned_.status == 401);
  CHECK(contains(unsigned_.body, R"({"error":{"code":")"));
  CHECK(f.post(aftership_path, "hola",
               {{"Content-Type", "text/plain"},
                {"aftership-hmac-sha256", sign_aftership("hola", aftership_secret)},
                {"X-Account-Key", aftership_key}})
            .status == 415);

  // Malformed but signed: 400 naming the field.
  auto no_id = f.aftership(R"({"event":"tracking_update","msg":{"tracking_number":"AB123"}})");
  CHECK(no_id.status == 400);
  CHECK(contains(no_id.body, "event_id"));
  auto no_number = f.aftership(R"({"event":"tracking_update","event_id":"x2","msg":{}})");
  CHECK(no_number.status == 400);
  CHECK(contains(no_number.body, "msg.tracking_number"));
  auto bad_json = f.aftership(R"({"event":)");
  CHECK(bad_json.status == 400);
  CHECK(contains(bad_json.body, "invalid_json"));
  auto ignored = f.aftership(R"({"event":"tracking_pending_time","event_id":"x3"})");
  CHECK(ignored.status == 200);
  CHECK(contains(ignored.body, R"("status":"ignored")"));

  CHECK(wait_for_value(f.sql,
                       "SELECT status FROM shipments WHERE tracking_number = '1Z999AA10123456784'",
                       "Delivered") == "Delivered");
  CHECK(f.value("SELECT count(*) FROM shipments WHERE tracking_number = '1Z999AA10123456784'") ==
        "1");
  CHECK(wait_for_value(f.sql,
                       "SELECT status FROM event_log WHERE provider = 'aftership' AND "
                       "event_name = 'tracking_update'",
                       "processed") == "processed");
  CHECK(f.value("SELECT carrier || ' ' || provider || ' ' || provider_ref FROM shipments WHERE "
                "tracking_number = '1Z999AA10123456784'") == "ups aftership trk_test");
}

TEST_CASE("AfterShip webhook without a key goes to the tenant whose secret signed it",
          "[server][tracking][pg]") {
  tracking_fixture f;
  REQUIRE(f.accounts);
  auto demo = f.aftership(
      aftership_update("k-1", "ZX10001", "InTransit", 1739537297, "2025-02-14T08:00:00Z"), "");
  CHECK(demo.status == 200);
  auto admin = f.aftership(
      aftership_update("k-2", "ZX10002", "InTransit", 1739537297, "2025-02-14T08:00:00Z"), "",
      admin_secret);
  CHECK(admin.status == 200);
  CHECK(f.aftership(aftership_update("k-3", "ZX10003", "InTransit", 1, "2025-02-14T08:00:00Z"), "",
                    "unknown_secret")
            .status == 401);
  auto tenant_of = [&](const std::string& number) {
    return wait_for_value(f.sql,
                          "SELECT t.slug FROM shipments s JOIN tenants t ON t.id = s.tenant_id "
                          "WHERE s.tracking_number = '" +
                              number + "'",
                          number == "ZX10001" ? "demo" : "admin");
  };
  CHECK(tenant_of("ZX10001") == "demo");
  CHECK(tenant_of("ZX10002") == "admin");
}

TEST_CASE("17TRACK webhook: the vector once, then duplicate, forged and malformed refused",
          "[server][tracking][pg]") {
  tracking_fixture f;
  REQUIRE(f.accounts);
  auto post = [&](const std::string& body, const std::string& sign) {
    return f.post((std::string{seventeen_path} + "?key=" + seventeen_key).c_str(), body,
                  {{"Content-Type", "application/json"}, {"sign", sign}});
  };
  auto first = post(seventeen_vector, seventeen_vector_sign);
  REQUIRE(first.status == 200);
  CHECK(contains(first.body, R"("status":"accepted")"));
  auto again = post(seventeen_vector, seventeen_vector_sign);
  CHECK(contains(again.body, R"("status":"duplicate")"));
  CHECK(event_id_of(again.body) == event_id_of(first.body));
  CHECK(post(std::string{seventeen_vector} + " ", seventeen_vector_sign).status == 401);
  CHECK(post(seventeen_vector, sign_17track(seventeen_vector, "other_key")).status == 401);
  CHECK(post(seventeen_vector, "").status == 401);

  const std::string no_number = R"({"event":"TRACKING_UPDATED","data":{"carrier":3011}})";
  auto bad = post(no_number, sign_17track(no_number, seventeen_secret));
  CHECK(bad.status == 400);
  CHECK(contains(bad.body, "data.number"));
  const std::string stopped = R"({"event":"TRACKING_STOPPED","data":{"number":"RR123456789CN"}})";
  CHECK(contains(post(stopped, sign_17track(stopped, seventeen_secret)).body, "ignored"));

  CHECK(wait_for_value(f.sql,
                       "SELECT status || ' ' || order_number || ' ' || carrier FROM shipments "
                       "WHERE tracking_number = 'RR123456789CN'",
                       "InTransit ORD-1001 3011") == "InTransit ORD-1001 3011");
}

TEST_CASE("a status change of a seeded shipment: its conversation, a live event, a notice",
          "[server][tracking][pg]") {
  tracking_fixture f;
  REQUIRE(f.accounts);
  const auto shipment = f.value("SELECT id FROM shipments WHERE tracking_number = 'CS1002'");
  const auto conversation =
      f.value("SELECT conversation_id FROM shipments WHERE tracking_number = 'CS1002'");
  REQUIRE_FALSE(conversation.empty());
  const std::string status_sql = "SELECT status FROM shipments WHERE id = " + shipment;

  REQUIRE(f.aftership(aftership_update("s-1", "CS1002", "OutForDelivery", 1900000000,
                                       "2030-03-17T09:00:00Z"))
              .status == 200);
  CHECK(wait_for_value(f.sql, status_sql, "OutForDelivery") == "OutForDelivery");
  CHECK(f.value("SELECT conversation_id FROM shipments WHERE id = " + shipment) == conversation);
  CHECK(wait_live_event(f.sql, "shipment.updated",
                        "data->>'tracking_number' = 'CS1002' AND data->>'status' = "
                        "'OutForDelivery' AND data->>'previous_status' = 'InTransit'"));
  CHECK(f.value("SELECT count(*) FROM shipment_events WHERE shipment_id = " + shipment +
                " AND description = 'Evento OutForDelivery'") == "1");
  CHECK(f.value("SELECT count(*) FROM outbox") == "0");  // notices are off by default

  // The tenant turns notices on; delivery then queues one for the customer, in Spanish.
  auto supervisor = login(f.server.api_port(), "supervisor@demo.com");
  auto patched = f.api.request("PATCH", "/api/v1/settings", R"({"notify_shipment_updates":true})",
                               bearer(supervisor));
  REQUIRE(patched.status == 200);
  CHECK(contains(patched.body, R"("notify_shipment_updates":true)"));
  REQUIRE(f.aftership(
               aftership_update("s-2", "CS1002", "Delivered", 1900003600, "2030-03-17T10:00:00Z"))
              .status == 200);
  CHECK(wait_for_value(f.sql, status_sql, "Delivered") == "Delivered");
  CHECK(wait_for_value(f.sql,
                       "SELECT count(*) FROM outbox o JOIN messages m ON m.id = o.message_id "
                       "WHERE m.conversation_id = " +
                           conversation + " AND m.body LIKE 'Novedades de tu envío CS1002:%'",
                       "1") == "1");
  CHECK(wait_live_event(f.sql, "message.created",
                        "data->>'text' LIKE 'Novedades de tu envío CS1002%'"));

  // Old news arriving late (an earlier ts) is stored but moves nothing back, and notifies no one.
  REQUIRE(f.aftership(
               aftership_update("s-0", "CS1002", "InTransit", 1899990000, "2030-03-17T05:00:00Z"))
              .status == 200);
  CHECK(wait_for_value(f.sql,
                       "SELECT count(*) FROM event_log WHERE provider = 'aftership' AND "
                       "status = 'processed'",
                       "3") == "3");
  CHECK(f.value(status_sql) == "Delivered");
  CHECK(f.value("SELECT count(*) FROM shipment_events WHERE shipment_id = " + shipment +
                " AND description = 'Evento InTransit'") == "1");
  CHECK(f.value("SELECT count(*) FROM outbox") == "1");
}

TEST_CASE("a new tracking number links to the conversation that mentions it",
          "[server][tracking][pg]") {
  tracking_fixture f;
  REQUIRE(f.accounts);
  REQUIRE(post_builderbot(f.gateway, incoming_body("5215590007001", "Hola, mi guía es ZX55501"))
              .status == 200);
  const std::string conv_sql =
      "SELECT c.id FROM conversations c JOIN customers u ON u.id = c.customer_id "
      "WHERE u.phone = '5215590007001'";
  auto conversation =
      wait_for_value(f.sql, "SELECT count(*) FROM messages m WHERE m.body LIKE '%ZX55501%'", "1");
  REQUIRE(conversation == "1");
  REQUIRE(f.aftership(
               aftership_update("n-1", "ZX55501", "InTransit", 1739537297, "2025-02-14T08:00:00Z"))
              .status == 200);
  CHECK(wait_for_value(f.sql, "SELECT count(*) FROM shipments WHERE tracking_number = 'ZX55501'",
                       "1") == "1");
  CHECK(f.value("SELECT conversation_id FROM shipments WHERE tracking_number = 'ZX55501'") ==
        f.value(conv_sql));
  CHECK(f.value("SELECT s.customer_id = c.customer_id FROM shipments s JOIN conversations c ON "
                "c.id = s.conversation_id WHERE s.tracking_number = 'ZX55501'") == "t");
}

TEST_CASE("the tracking adapter refreshes shipments through a fake AfterShip",
          "[server][tracking][pg]") {
  fake_tracking_api aftership{fake_vendor::aftership, "as_api_key_test"};
  aftership.set("CS1002", {"",
                           "OutForDelivery",
                           {{"2030-03-17T09:00:00Z", "OutForDelivery", "Ciudad de México, CDMX",
                             "En ruta de entrega"}}});
  test_database db{db_contents::seeded};
  server_process server{db.url(),
                        {{"TRACKING_PROVIDER", "aftership"},
                         {"AFTERSHIP_API_KEY", "as_api_key_test"},
                         {"AFTERSHIP_API_URL", aftership.url()},
                         {"CENTRALITA_TRACKING_REFRESH_S", "1"}}};
  auto sql = db.connect();
  CHECK(wait_for_value(sql, "SELECT status FROM shipments WHERE tracking_number = 'CS1002'",
                       "OutForDelivery") == "OutForDelivery");
  CHECK(query_value(sql,
                    "SELECT provider || ' ' || provider_ref FROM shipments WHERE "
                    "tracking_number = 'CS1002'") == "aftership as-CS1002");
  // CS1003 was unknown there: registered, and its status left alone (AfterShip has no news).
  CHECK(wait_for_value(sql, "SELECT provider_ref FROM shipments WHERE tracking_number = 'CS1003'",
                       "as-CS1003") == "as-CS1003");
  auto created = aftership.created();
  CHECK(std::find(created.begin(), created.end(), "CS1003") != created.end());
  CHECK(query_value(sql, "SELECT status FROM shipments WHERE tracking_number = 'CS1003'") ==
        "AttemptFail");
  for (const auto& r : aftership.received()) CHECK(r.headers.at("as-api-key") == "as_api_key_test");
  CHECK(wait_live_event(sql, "shipment.updated", "data->>'tracking_number' = 'CS1002'"));
}
