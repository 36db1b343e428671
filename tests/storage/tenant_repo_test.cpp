#include "storage/tenant_repo.hpp"

#include <catch2/catch.hpp>

#include "tests/support/db_fixture.hpp"
#include "tests/support/test_database.hpp"

using namespace centralita;
using centralita::testkit::db_fixture;
using centralita::testkit::test_database;

TEST_CASE_METHOD(db_fixture, "tenant_repo finds tenants by slug and by id", "[storage][pg]") {
  storage::tenant_repo repo{db};

  auto found = repo.find_by_slug("demo");
  REQUIRE(found.ok());
  CHECK(found->id == demo);
  CHECK(found->slug == "demo");
  CHECK(found->name == "Tienda Demo");
  CHECK(found->settings_json == "{}");
  CHECK(found->created_at.size() == 27);

  auto again = repo.find(demo);
  REQUIRE(again.ok());
  CHECK(again->slug == "demo");

  auto all = repo.list_all();
  REQUIRE(all.ok());
  REQUIRE(all->size() == 2);
  CHECK((*all)[0].slug == "admin");
  CHECK((*all)[1].slug == "demo");
}

TEST_CASE_METHOD(db_fixture, "tenant_repo answers not_found for unknown tenants", "[storage][pg]") {
  storage::tenant_repo repo{db};
  auto none = repo.find_by_slug("nadie");
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == errc::not_found);
  auto missing = repo.find(987654);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == errc::not_found);
}
