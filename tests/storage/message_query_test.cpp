#include "storage/message_query.hpp"

#include <catch2/catch.hpp>

#include "storage/conversation_repo.hpp"
#include "storage/customer_repo.hpp"
#include "storage/tenant_repo.hpp"
#include "tests/support/db_fixture.hpp"
#include "tests/support/test_database.hpp"

using namespace centralita;
using centralita::testkit::db_fixture;
using centralita::testkit::test_database;

TEST_CASE_METHOD(db_fixture, "message_query lists a conversation's messages in order",
                 "[storage][pg]") {
  auto customer = storage::customer_repo{db}.find_by_phone(demo, "5215511110001");
  REQUIRE(customer.ok());
  storage::conversation_filter filter;
  filter.query = "5215511110001";
  auto page = storage::conversation_repo{db}.list(demo, filter);
  REQUIRE(page.ok());
  REQUIRE(page->items.size() == 1);
  const auto conversation = page->items[0].id;

  storage::message_query query{db};
  auto messages = query.list_by_conversation(demo, conversation);
  REQUIRE(messages.ok());
  REQUIRE(messages->size() == 5);
  CHECK((*messages)[0].direction == "in");
  CHECK((*messages)[0].sender_type == "customer");
  CHECK((*messages)[0].body.find("pedido 1002") != std::string::npos);
  CHECK((*messages)[1].sender_type == "bot");
  CHECK((*messages)[3].sender_type == "agent");
  CHECK((*messages)[3].sender_user_id.has_value());
  CHECK((*messages)[4].body == "No, es todo. ¡Muchas gracias!");
  for (size_t i = 1; i < messages->size(); ++i) {
    CHECK((*messages)[i - 1].id < (*messages)[i].id);
    CHECK((*messages)[i - 1].created_at < (*messages)[i].created_at);
    CHECK((*messages)[i].attachments_json == "[]");
  }
  auto count = query.count_by_conversation(demo, conversation);
  REQUIRE(count.ok());
  CHECK(*count == 5);

  auto rest = query.list_by_conversation(demo, conversation, 2, (*messages)[1].id);
  REQUIRE(rest.ok());
  REQUIRE(rest->size() == 2);
  CHECK((*rest)[0].id == (*messages)[2].id);

  // Another tenant sees nothing of it.
  auto crossed = query.list_by_conversation(admin, conversation);
  REQUIRE(crossed.ok());
  CHECK(crossed->empty());
  auto crossed_count = query.count_by_conversation(admin, conversation);
  REQUIRE(crossed_count.ok());
  CHECK(*crossed_count == 0);
}
