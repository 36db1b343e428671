// The demo billing provider over the seeded tables: a customer's invoices and quotes, a draft
// quote created with its total computed, and nothing across tenants.
#include "providers/demo_billing.hpp"

#include <catch2/catch.hpp>

#include "tests/support/db_fixture.hpp"

using namespace centralita;
using namespace centralita::testkit;

namespace {

struct billing_db {
  test_database db{db_contents::seeded};
  storage::pg_connection sql = db.connect();
  int64_t tenant = testkit::tenant_id(sql, "demo");
  int64_t other = testkit::tenant_id(sql, "admin");
  int64_t customer =
      std::stoll(query_value(sql, "SELECT id FROM customers WHERE phone = '5215511110001'"));
  int64_t conversation =
      std::stoll(query_value(sql, "SELECT id FROM conversations WHERE customer_id = " +
                                      std::to_string(customer) + " ORDER BY id DESC LIMIT 1"));
};

}  // namespace

TEST_CASE("demo billing: a customer's invoices and quotes", "[providers][billing][pg]") {
  billing_db t;
  auto billing = providers::make_billing_provider(t.sql);
  CHECK(billing->name() == "demo");
  auto invoices = billing->invoices(t.tenant, t.customer, 10);
  REQUIRE(invoices);
  REQUIRE(invoices->size() == 1);
  const auto& v = invoices->front();
  CHECK(v.number == "FAC-1002");
  CHECK(v.status == "open");
  CHECK(v.amount_cents == 89900);
  CHECK(v.due_date.has_value());
  CHECK(v.customer_id == t.customer);

  auto quotes = billing->quotes(t.tenant, t.customer, 10);
  REQUIRE(quotes);
  REQUIRE(quotes->size() == 1);
  CHECK(quotes->front().number == "COT-1001");
  CHECK(quotes->front().total_cents == 449800);
  CHECK(quotes->front().lines_json.find("Cafetera espresso") != std::string::npos);

  // The other tenant has none of them.
  auto none = billing->invoices(t.other, t.customer, 10);
  REQUIRE(none);
  CHECK(none->empty());
}

TEST_CASE("demo billing: creating a draft quote computes its total", "[providers][billing][pg]") {
  billing_db t;
  auto billing = providers::make_billing_provider(t.sql);
  storage::new_quote q;
  q.tenant_id = t.tenant;
  q.conversation_id = t.conversation;
  q.lines = {{"Silla gamer", 2, 250000}, {"Envío", 1, 9900}};
  q.actor = storage::actor{"ai", std::nullopt};
  auto created = storage::in_transaction(t.sql, [&] { return billing->create_quote(q); });
  REQUIRE(created);
  CHECK(created->status == "draft");
  // Numbers count per tenant, whatever other tenants drafted.
  CHECK(created->number == "Q-1");
  CHECK(created->total_cents == 2 * 250000 + 9900);
  CHECK(created->customer_id == t.customer);
  CHECK(created->conversation_id == t.conversation);
  CHECK(created->valid_until.has_value());
  CHECK(query_value(t.sql, "SELECT count(*) FROM audit_log WHERE entity_type = 'quote'") == "1");

  // With no lines: one empty line to complete.
  q.lines.clear();
  auto empty = storage::in_transaction(t.sql, [&] { return billing->create_quote(q); });
  REQUIRE(empty);
  CHECK(empty->total_cents == 0);
  CHECK(empty->number == "Q-2");
  CHECK(empty->lines_json == R"([{"quantity": 1, "description": "", "unit_price_cents": 0}])");

  // A conversation of another tenant is not found.
  q.tenant_id = t.other;
  auto across = storage::in_transaction(t.sql, [&] { return billing->create_quote(q); });
  REQUIRE_FALSE(across);
  CHECK(across.error().code == errc::not_found);
}

TEST_CASE("demo billing: drafts created together, in order, once per message",
          "[providers][billing][pg]") {
  billing_db t;
  auto billing = providers::make_billing_provider(t.sql);
  const std::string of_tenant = "FROM messages WHERE tenant_id = " + std::to_string(t.tenant);
  int64_t first = std::stoll(query_value(t.sql, "SELECT min(id) " + of_tenant));
  int64_t second = std::stoll(
      query_value(t.sql, "SELECT min(id) " + of_tenant + " AND id > " + std::to_string(first)));
  auto draft = [&](int64_t source, int64_t price) {
    storage::new_quote q;
    q.tenant_id = t.tenant;
    q.conversation_id = t.conversation;
    q.source_message_id = source;
    q.lines = {{"Producto", 1, price}};
    q.actor = storage::actor{"ai", std::nullopt};
    return q;
  };
  auto before = query_value(t.sql, "SELECT count(*) FROM audit_log WHERE entity_type = 'quote'");

  // The same message twice in one call: one quote, given back for both.
  auto created = storage::in_transaction(t.sql, [&] {
    return billing->create_quotes({draft(first, 100), draft(second, 200), draft(first, 300)});
  });
  REQUIRE(created);
  REQUIRE(created->size() == 3);
  CHECK((*created)[0].total_cents == 100);
  CHECK((*created)[1].total_cents == 200);
  CHECK((*created)[2].id == (*created)[0].id);
  CHECK((*created)[0].id < (*created)[1].id);
  CHECK(query_value(t.sql, "SELECT count(*) FROM audit_log WHERE entity_type = 'quote'") ==
        std::to_string(std::stoll(before) + 2));

  // Drafting from the same message again (a redelivery) gives the quote it has.
  auto again =
      storage::in_transaction(t.sql, [&] { return billing->create_quotes({draft(second, 900)}); });
  REQUIRE(again);
  CHECK(again->front().id == (*created)[1].id);
  CHECK(again->front().total_cents == 200);

  // One conversation of another tenant fails the call, and nothing of it is written.
  auto count = query_value(t.sql, "SELECT count(*) FROM quotes");
  auto foreign = draft(second, 5);
  foreign.tenant_id = t.other;
  foreign.source_message_id.reset();
  auto mixed = storage::in_transaction(t.sql, [&]() -> result<std::vector<storage::quote_record>> {
    storage::new_quote fresh = draft(first, 1);
    fresh.source_message_id.reset();
    return billing->create_quotes({fresh, foreign});
  });
  REQUIRE_FALSE(mixed);
  CHECK(mixed.error().code == errc::not_found);
  CHECK(query_value(t.sql, "SELECT count(*) FROM quotes") == count);
}
