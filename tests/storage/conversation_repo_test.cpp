#include "storage/conversation_repo.hpp"

#include <catch2/catch.hpp>

#include "storage/tenant_repo.hpp"
#include "tests/support/db_fixture.hpp"
#include "tests/support/test_database.hpp"

using namespace centralita;
using centralita::testkit::test_database;

namespace {

struct fixture : testkit::db_fixture {
  storage::conversation_repo repo{db};

  std::vector<std::string> names(const storage::conversation_filter& filter) {
    auto page = repo.list(demo, filter);
    REQUIRE(page.ok());
    std::vector<std::string> out;
    for (const auto& c : page->items) out.push_back(c.customer_name);
    return out;
  }
};

}  // namespace

TEST_CASE("conversation_repo finds a conversation only within its tenant", "[storage][pg]") {
  fixture f;
  auto page = f.repo.list(f.demo, {});
  REQUIRE(page.ok());
  REQUIRE(page->items.size() == 3);
  const auto& first = page->items.front();

  auto found = f.repo.find(f.demo, first.id);
  REQUIRE(found.ok());
  CHECK(found->customer_phone == first.customer_phone);
  CHECK(found->status == "open");
  REQUIRE(found->last_message_preview.has_value());
  CHECK(found->last_message_preview->find("transferencia") != std::string::npos);

  auto crossed = f.repo.find(f.admin, first.id);
  REQUIRE_FALSE(crossed.ok());
  CHECK(crossed.error().code == errc::not_found);
}

TEST_CASE("conversation_repo lists by last activity and filters", "[storage][pg]") {
  fixture f;
  using names = std::vector<std::string>;
  CHECK(f.names({}) ==
        names{"Valentina Gómez Ruiz", "María Fernanda López", "José Luis Hernández"});

  storage::conversation_filter resolved;
  resolved.status = "resolved";
  CHECK(f.names(resolved).empty());

  storage::conversation_filter by_name;
  by_name.query = "valentina";
  CHECK(f.names(by_name) == names{"Valentina Gómez Ruiz"});
  storage::conversation_filter by_phone;
  by_phone.query = "110002";
  CHECK(f.names(by_phone) == names{"José Luis Hernández"});
  storage::conversation_filter wildcard;
  wildcard.query = "%";
  CHECK(f.names(wildcard).empty());

  auto agent = f.db.exec("SELECT id FROM users WHERE email = 'agent@demo.com'");
  REQUIRE(agent.ok());
  storage::conversation_filter mine;
  mine.assignee_id = agent->i64(0, 0);
  CHECK(f.names(mine) == names{"María Fernanda López", "José Luis Hernández"});

  storage::conversation_filter bad;
  bad.status = "closed";
  auto refused = f.repo.list(f.demo, bad);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == errc::invalid_input);

  auto admin_page = f.repo.list(f.admin, {});
  REQUIRE(admin_page.ok());
  REQUIRE(admin_page->items.size() == 1);
  CHECK(admin_page->items[0].tenant_id == f.admin);
}

TEST_CASE("conversation_repo pages with a cursor, also past conversations without messages",
          "[storage][pg]") {
  fixture f;
  // A fourth conversation with no message yet: it sorts first (NULL last_message_at).
  REQUIRE(f.db.exec("INSERT INTO customers (tenant_id, phone, name) VALUES ($1, '5215511110009', "
                    "'Camila Torres')",
                    {std::to_string(f.demo)})
              .ok());
  REQUIRE(f.db.exec("INSERT INTO conversations (tenant_id, customer_id) SELECT tenant_id, id "
                    "FROM customers WHERE tenant_id = $1 AND phone = '5215511110009'",
                    {std::to_string(f.demo)})
              .ok());

  std::vector<std::string> seen;
  storage::conversation_filter filter;
  filter.limit = 1;
  for (int guard = 0; guard < 10; ++guard) {
    auto page = f.repo.list(f.demo, filter);
    REQUIRE(page.ok());
    for (const auto& c : page->items) seen.push_back(c.customer_name);
    if (!page->next) break;
    // The cursor survives its text form, as an API hands it out and takes it back.
    auto decoded = storage::decode_cursor(storage::encode_cursor(*page->next));
    REQUIRE(decoded.ok());
    filter.after = *decoded;
  }
  CHECK(seen == std::vector<std::string>{"Camila Torres", "Valentina Gómez Ruiz",
                                         "María Fernanda López", "José Luis Hernández"});
}

TEST_CASE("conversation cursors are checked", "[storage][cursor]") {
  storage::conversation_cursor c{std::string{"2025-01-02T03:04:05.123456Z"}, 42};
  CHECK(storage::encode_cursor(c) == "42:2025-01-02T03:04:05.123456Z");
  auto back = storage::decode_cursor("42:2025-01-02T03:04:05.123456Z");
  REQUIRE(back.ok());
  CHECK(back->id == 42);
  CHECK(back->last_message_at == c.last_message_at);
  auto no_time = storage::decode_cursor("7:");
  REQUIRE(no_time.ok());
  CHECK(no_time->id == 7);
  CHECK_FALSE(no_time->last_message_at.has_value());
  for (const char* bad : {"", ":", "abc:", "1", "1:2025", "1:2025-01-02 03:04:05.123456Z",
                          "99999999999999999999:", "-1:", "1:2025-01-02T03:04:05.123456Z'"}) {
    INFO(bad);
    auto r = storage::decode_cursor(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().detail == "invalid_cursor");
  }
}
