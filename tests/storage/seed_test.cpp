#include "storage/seed.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "common/password.hpp"
#include "tests/support/account_secrets.hpp"
#include "tests/support/db_fixture.hpp"
#include "tests/support/test_database.hpp"
#include "tests/support/test_env.hpp"

using namespace centralita;
using centralita::testkit::db_contents;
using centralita::testkit::db_fixture;
using centralita::testkit::test_database;

namespace {

// Every table of the schema, with the rows the demo data puts in it.
const std::map<std::string, int64_t>& expected_counts() {
  static const std::map<std::string, int64_t> counts = {
      {"tenants", 2},          {"users", 3},         {"channel_accounts", 7},
      {"customers", 4},        {"conversations", 4}, {"messages", 15},
      {"tickets", 4},          {"ticket_events", 6}, {"knowledge_articles", 3},
      {"knowledge_chunks", 0}, {"shipments", 3},     {"shipment_events", 10},
      {"call_sessions", 0},    {"suggestions", 0},   {"ai_decisions", 0},
      {"outbox", 0},           {"audit_log", 0},     {"invoices", 3},
      {"quotes", 2},           {"live_events", 0},   {"event_log", 0},
      {"idempotency_keys", 0},
  };
  return counts;
}

std::map<std::string, int64_t> count_rows(storage::pg_connection& db) {
  std::map<std::string, int64_t> out;
  for (const auto& [table, expected] : expected_counts()) {
    // Table names come from the fixed list above, never from input.
    const std::string sql = "SELECT count(*) FROM " + table;
    auto r = db.exec(sql.c_str());
    REQUIRE(r.ok());
    out[table] = r->i64(0, 0);
  }
  return out;
}

int64_t scalar(storage::pg_connection& db, const char* sql,
               const std::vector<storage::param>& params = {}) {
  auto r = db.exec(sql, params);
  REQUIRE(r.ok());
  REQUIRE(r->rows() == 1);
  return r->i64(0, 0);
}

}  // namespace

TEST_CASE_METHOD(db_fixture, "the demo data has what docs/contract.md lists", "[storage][pg]") {
  CHECK(count_rows(db) == expected_counts());

  const char* per_tenant =
      "SELECT (SELECT count(*) FROM customers c WHERE c.tenant_id = t.id) * 1000000 + "
      " (SELECT count(*) FROM conversations c WHERE c.tenant_id = t.id) * 10000 + "
      " (SELECT count(*) FROM tickets c WHERE c.tenant_id = t.id) * 100 + "
      " (SELECT count(*) FROM knowledge_articles c WHERE c.tenant_id = t.id) "
      "FROM tenants t WHERE t.slug = $1";
  CHECK(scalar(db, per_tenant, {std::string{"demo"}}) == 3030303);
  CHECK(scalar(db, per_tenant, {std::string{"admin"}}) == 1010100);

  auto users = db.exec(
      "SELECT u.email, u.role, t.slug, u.password_hash FROM users u "
      "JOIN tenants t ON t.id = u.tenant_id ORDER BY u.email");
  REQUIRE(users.ok());
  REQUIRE(users->rows() == 3);
  CHECK(users->str(0, 0) == "admin@admin.com");
  CHECK(users->str(0, 1) == "platform");
  CHECK(users->str(0, 2) == "admin");
  CHECK(users->str(1, 0) == "agent@demo.com");
  CHECK(users->str(1, 1) == "agent");
  CHECK(users->str(1, 2) == "demo");
  CHECK(users->str(2, 0) == "supervisor@demo.com");
  CHECK(users->str(2, 1) == "admin");
  CHECK(users->str(2, 2) == "demo");
  for (int i = 0; i < 3; ++i) CHECK(verify_password(users->str(i, 3), "admin123"));

  auto accounts = db.exec(
      "SELECT a.account_key, a.provider, t.slug, coalesce(a.webhook_secret, ''), "
      " coalesce(a.verify_token, ''), coalesce(a.secrets, '') "
      "FROM channel_accounts a JOIN tenants t ON t.id = a.tenant_id "
      "WHERE a.provider IN ('builderbot', 'elevenlabs', 'whatsapp_cloud') ORDER BY a.account_key");
  REQUIRE(accounts.ok());
  REQUIRE(accounts->rows() == 4);
  // The demo tenant's tracking and LLM accounts, empty until the environment gives them a key.
  CHECK(db.exec("SELECT 1 FROM channel_accounts WHERE account_key IN ('aftership_main', "
                "'17track_main', 'openai_main') AND secrets IS NULL")
            ->rows() == 3);
  CHECK(accounts->str(0, 0) == "builderbot_whatsapp_admin");
  CHECK(accounts->str(0, 2) == "admin");
  CHECK(accounts->str(1, 0) == "builderbot_whatsapp_main");
  CHECK(accounts->str(1, 1) == "builderbot");
  CHECK(accounts->str(1, 2) == "demo");
  CHECK(accounts->str(2, 0) == "elevenlabs_calls_main");
  CHECK(accounts->str(2, 1) == "elevenlabs");
  // The secrets are sealed: the plaintext columns are empty, the secrets open with the key.
  CHECK(accounts->str(2, 3) == "");
  CHECK(accounts->str(2, 5).find("dev_elevenlabs_secret") == std::string::npos);
  CHECK(testkit::account_secret(db, "elevenlabs_calls_main", "webhook_secret") ==
        "dev_elevenlabs_secret");
  CHECK(accounts->str(3, 0) == "whatsapp_cloud_main");
  CHECK(accounts->str(3, 1) == "whatsapp_cloud");
  CHECK(accounts->str(3, 2) == "demo");
  CHECK(accounts->str(3, 3) == "");
  CHECK(accounts->str(3, 4) == "");
  CHECK(testkit::account_secret(db, "whatsapp_cloud_main", "app_secret") ==
        "dev_whatsapp_app_secret");
  CHECK(testkit::account_secret(db, "whatsapp_cloud_main", "verify_token") ==
        "dev_whatsapp_verify_token");

  CHECK(scalar(db,
               "SELECT count(*) FROM shipments s JOIN tenants t ON t.id = s.tenant_id "
               "WHERE t.slug = 'demo' AND s.tracking_number IN ('CS1001', 'CS1002', 'CS1003')") ==
        3);
  // Every conversation is open, has messages, and its last_message_at is its newest message's.
  CHECK(scalar(db,
               "SELECT count(*) FROM conversations c WHERE c.status = 'open' AND "
               "c.last_message_at = (SELECT max(created_at) FROM messages m "
               " WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id)") == 4);
}

TEST_CASE_METHOD(db_fixture, "seeding twice changes nothing", "[storage][pg]") {
  const auto before = count_rows(db);
  REQUIRE(storage::seed_demo(db, config::settings{}, testkit::test_keyring()).ok());
  REQUIRE(storage::seed_demo(db, config::settings{}, testkit::test_keyring()).ok());
  CHECK(count_rows(db) == before);
  CHECK(before == expected_counts());
}

TEST_CASE_METHOD(db_fixture, "seeding keeps what users changed since", "[storage][pg]") {
  // An agent resolved a conversation and edited a ticket: a new seed must not recreate them.
  REQUIRE(db.exec("UPDATE conversations SET status = 'resolved' WHERE id = (SELECT min(id) FROM "
                  "conversations)")
              .ok());
  REQUIRE(db.exec("UPDATE tickets SET status = 'CLOSED', closed_at = now() WHERE id = (SELECT "
                  "min(id) FROM tickets)")
              .ok());
  REQUIRE(storage::seed_demo(db, config::settings{}, testkit::test_keyring()).ok());
  CHECK(count_rows(db) == expected_counts());
  CHECK(scalar(db, "SELECT count(*) FROM conversations WHERE status = 'resolved'") == 1);
}

TEST_CASE("seed takes the ElevenLabs secret from the settings", "[storage][pg]") {
  test_database tdb{db_contents::migrated};
  auto db = tdb.connect();
  config::settings settings;
  settings.elevenlabs_webhook_secret = "wsec_from_environment";
  REQUIRE(storage::seed_demo(db, settings, testkit::test_keyring()).ok());
  CHECK(testkit::account_secret(db, "elevenlabs_calls_main", "webhook_secret") ==
        "wsec_from_environment");
  CHECK(count_rows(db) == expected_counts());
}
