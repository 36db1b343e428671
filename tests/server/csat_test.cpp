// Customer satisfaction and the away reply, end to end: a conversation resolved through the
// API asks its customer (through the outbox, once, in their language), the next reply that
// reads as a rating is stored as such in that conversation and never triaged, the summary counts
// it; outside business hours (the calendar configured closed now) a new conversation gets one
// away reply per closed period.
#include <catch2/catch.hpp>

#include <ctime>

#include "tests/server/api_helpers.hpp"
#include "tests/support/eventually.hpp"

using namespace centralita::testkit;

namespace {

struct csat_fixture : api_fixture {
  http_connection gateway{"127.0.0.1", f.server.gateway_port()};

  // The customer writes; returns the id of the conversation the message landed in.
  std::string write(const std::string& phone, const std::string& text) {
    REQUIRE(post_builderbot(gateway, incoming_body(phone, text)).status == 200);
    const std::string sql =
        "SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id "
        "JOIN customers u ON u.id = c.customer_id WHERE u.phone = '" +
        phone + "' AND m.body = '" + text + "'";
    REQUIRE(wait_for_value(sql_conn(), sql, "1") == "1");
    return value(
        "SELECT m.conversation_id FROM messages m JOIN conversations c ON "
        "c.id = m.conversation_id JOIN customers u ON u.id = c.customer_id WHERE "
        "u.phone = '" +
        phone + "' AND m.body = '" + text + "' ORDER BY m.id DESC LIMIT 1");
  }

  centralita::storage::pg_connection& sql_conn() { return sql; }

  int resolve(const std::string& conversation) {
    return call("PATCH", "/api/v1/conversations/" + conversation, agent, R"({"status":"resolved"})")
        .status;
  }

  std::string questions(const std::string& conversation) {
    return value(
        "SELECT count(*) FROM messages m JOIN outbox o ON o.message_id = m.id "
        "WHERE m.conversation_id = " +
        conversation + " AND m.sender_type = 'system'");
  }
};

}  // namespace

TEST_CASE("a resolved conversation asks once for a rating and the reply is stored as one",
          "[server][csat][pg]") {
  csat_fixture t;
  auto conv = t.write("5215550010001", "Hola, necesito ayuda con mi pedido");
  REQUIRE(t.resolve(conv) == 200);
  CHECK(t.questions(conv) == "1");
  CHECK(contains(t.value("SELECT body FROM messages WHERE conversation_id = " + conv +
                         " AND sender_type = 'system'"),
                 "del 1 (mala) al 5"));
  CHECK(t.value("SELECT count(*) FROM csat_ratings WHERE rating IS NULL AND conversation_id = " +
                conv) == "1");

  auto rated = t.write("5215550010001", "5 estrellas");
  CHECK(rated == conv);  // stored in the conversation rated, no new one opened
  CHECK(wait_for_value(t.sql, "SELECT rating FROM csat_ratings WHERE conversation_id = " + conv,
                       "5") == "5");
  CHECK(t.value("SELECT count(*) FROM conversations c JOIN customers u ON u.id = c.customer_id "
                "WHERE u.phone = '5215550010001' AND c.status <> 'resolved'") == "0");
  CHECK(t.value("SELECT count(*) FROM ai_decisions d JOIN messages m ON m.id = d.message_id "
                "WHERE m.body = '5 estrellas'") == "0");

  auto d = parse_json(t.call("GET", "/api/v1/conversations/" + conv, t.agent).body);
  REQUIRE(d["csat"].IsObject());
  CHECK(d["csat"]["rating"].GetInt() == 5);
  auto s = parse_json(t.call("GET", "/api/v1/csat", t.agent).body);
  CHECK(s["rated"].GetInt64() >= 1);
  CHECK(s["distribution"]["5"].GetInt64() >= 1);
  CHECK(s["by_agent"].IsArray());
  CHECK(parse_json(t.call("GET", "/api/v1/csat", t.admin).body)["rated"].GetInt64() == 0);

  // Reopened and resolved again: never asked twice.
  REQUIRE(
      t.call("PATCH", "/api/v1/conversations/" + conv, t.agent, R"({"status":"open"})").status ==
      200);
  REQUIRE(t.resolve(conv) == 200);
  CHECK(t.questions(conv) == "1");
}

TEST_CASE("a reply that is not a rating goes on as a normal message", "[server][csat][pg]") {
  csat_fixture t;
  auto conv = t.write("5215550010002", "Buenas tardes");
  REQUIRE(t.resolve(conv) == 200);
  auto next = t.write("5215550010002", "7");
  CHECK(next != conv);  // a new conversation, as any message after a resolution
  CHECK(t.value("SELECT rating IS NULL FROM csat_ratings WHERE conversation_id = " + conv) == "t");
  // The customer has written since: a digit now is an ordinary message, not a late rating.
  auto later = t.write("5215550010002", "4");
  CHECK(later == next);
  CHECK(t.value("SELECT rating IS NULL FROM csat_ratings WHERE conversation_id = " + conv) == "t");
}

TEST_CASE("the question speaks the customer's language and the tenant can switch it off",
          "[server][csat][pg]") {
  csat_fixture t;
  auto conv = t.write("5215550010003", "Hello there");
  t.value("UPDATE customers SET language = 'en' WHERE phone = '5215550010003' RETURNING id");
  REQUIRE(t.resolve(conv) == 200);
  CHECK(contains(t.value("SELECT body FROM messages WHERE conversation_id = " + conv +
                         " AND sender_type = 'system'"),
                 "from 1 (poor) to 5"));

  CHECK(t.call("PATCH", "/api/v1/settings/service", t.agent, R"({"csat_enabled":false})").status ==
        403);
  auto r = t.call("PATCH", "/api/v1/settings/service", t.supervisor, R"({"csat_enabled":false})");
  REQUIRE(r.status == 200);
  CHECK(parse_json(r.body)["csat_enabled"].IsFalse());
  auto other = t.write("5215550010004", "Hola");
  REQUIRE(t.resolve(other) == 200);
  CHECK(t.questions(other) == "0");
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE action = 'settings.service_updated'") == "1");
  // The other tenant's setting is its own.
  CHECK(
      parse_json(t.call("GET", "/api/v1/settings/service", t.admin).body)["csat_enabled"].IsTrue());
}

TEST_CASE("bad CSAT queries and service settings are refused", "[server][csat][pg]") {
  csat_fixture t;
  for (const char* q : {"?from=2026-02-30", "?from=2026-03-02&to=2026-03-01",
                        "?from=2016-01-01&to=2026-01-01", "?to=hoy"}) {
    INFO(q);
    CHECK(t.call("GET", std::string{"/api/v1/csat"} + q, t.agent).status == 400);
  }
  CHECK(t.call("GET", "/api/v1/csat?from=2026-01-01&to=2026-01-31", t.agent).status == 200);
  CHECK(t.call("GET", "/api/v1/csat", "").status == 401);
  const auto before = t.value("SELECT settings::text FROM tenants WHERE slug = 'demo'");
  CHECK(t.call("PATCH", "/api/v1/settings/service", t.supervisor,
               R"({"away_message":{"es":"Hola {{customer}}"}})")
            .status == 422);
  CHECK(t.call("PATCH", "/api/v1/settings/service", t.supervisor,
               R"({"away_message":{"fr":"Bonjour"}})")
            .status == 400);
  CHECK(t.call("PATCH", "/api/v1/settings/service", t.supervisor, R"({"csat_enabled":"no"})")
            .status == 400);
  CHECK(t.call("PATCH", "/api/v1/settings/service", t.supervisor, R"({})").status == 400);
  CHECK(t.value("SELECT settings::text FROM tenants WHERE slug = 'demo'") == before);
}

TEST_CASE("outside business hours a new conversation gets one away reply per closed period",
          "[server][away][pg]") {
  csat_fixture t;
  // A one-hour working window twelve hours from now, every day, in UTC: closed now.
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  int start = (tm.tm_hour + 12) % 24;
  if (start == 23) start = 22;
  auto r = t.call("PATCH", "/api/v1/settings", t.supervisor,
                  R"({"sla":{"business_hours":{"days":["mon","tue","wed","thu","fri","sat","sun"],)"
                  R"("start_hour":)" +
                      std::to_string(start) + R"(,"end_hour":)" + std::to_string(start + 1) +
                      R"(,"time_zone":"UTC"}}})");
  REQUIRE(r.status == 200);
  r = t.call("PATCH", "/api/v1/settings/service", t.supervisor,
             R"({"away_enabled":true,"away_message":{"es":"Volvemos el {{next_open}}."}})");
  REQUIRE(r.status == 200);

  auto conv = t.write("5215550010005", "Hola, ¿hay alguien?");
  const std::string away =
      "SELECT count(*) FROM messages m JOIN outbox o ON o.message_id = m.id "
      "JOIN conversations c ON c.id = m.conversation_id JOIN customers u ON "
      "u.id = c.customer_id WHERE u.phone = '5215550010005' AND "
      "m.body LIKE 'Volvemos el %'";
  REQUIRE(wait_for_value(t.sql, away, "1") == "1");
  char hour[16];
  std::snprintf(hour, sizeof hour, "%02d:00", start);
  CHECK(contains(t.value("SELECT body FROM messages WHERE body LIKE 'Volvemos el %'"),
                 std::string{"a las "} + hour));

  // More messages, and a new conversation in the same closed period: no second away reply.
  t.write("5215550010005", "sigo esperando");
  REQUIRE(t.call("PATCH", "/api/v1/settings/service", t.supervisor, R"({"csat_enabled":false})")
              .status == 200);
  REQUIRE(t.resolve(conv) == 200);
  auto next = t.write("5215550010005", "otra pregunta");
  CHECK(next != conv);
  CHECK(t.value(away) == "1");
  CHECK(t.value("SELECT count(*) FROM away_replies") == "1");

  // With away replies off (the default), nothing is sent.
  REQUIRE(t.call("PATCH", "/api/v1/settings/service", t.supervisor, R"({"away_enabled":false})")
              .status == 200);
  t.write("5215550010006", "Hola");
  CHECK(t.value("SELECT count(*) FROM away_replies") == "1");
}
