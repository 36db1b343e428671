#include "storage/customer_repo.hpp"

#include <catch2/catch.hpp>

#include "storage/tenant_repo.hpp"
#include "tests/support/db_fixture.hpp"
#include "tests/support/test_database.hpp"

using namespace centralita;
using centralita::testkit::db_fixture;
using centralita::testkit::test_database;

TEST_CASE_METHOD(db_fixture, "customer_repo finds customers by phone and id within a tenant",
                 "[storage][pg]") {
  storage::customer_repo repo{db};

  auto maria = repo.find_by_phone(demo, "5215511110001");
  REQUIRE(maria.ok());
  CHECK(maria->name == "María Fernanda López");
  CHECK(maria->tenant_id == demo);
  REQUIRE(maria->email.has_value());
  CHECK(*maria->language == "es");

  auto by_id = repo.find(demo, maria->id);
  REQUIRE(by_id.ok());
  CHECK(by_id->phone == "5215511110001");

  // The same customer is invisible from the other tenant, by id and by phone.
  auto crossed = repo.find(admin, maria->id);
  REQUIRE_FALSE(crossed.ok());
  CHECK(crossed.error().code == errc::not_found);
  auto crossed_phone = repo.find_by_phone(admin, "5215511110001");
  REQUIRE_FALSE(crossed_phone.ok());
  CHECK(crossed_phone.error().code == errc::not_found);
}

TEST_CASE_METHOD(db_fixture, "customer_repo lists a tenant's customers newest first, in pages",
                 "[storage][pg]") {
  storage::customer_repo repo{db};

  auto all = repo.list(demo);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 3);
  CHECK((*all)[0].id > (*all)[1].id);
  CHECK((*all)[1].id > (*all)[2].id);

  auto first = repo.list(demo, 2);
  REQUIRE(first.ok());
  REQUIRE(first->size() == 2);
  auto second = repo.list(demo, 2, first->back().id);
  REQUIRE(second.ok());
  REQUIRE(second->size() == 1);
  CHECK((*second)[0].id == (*all)[2].id);

  auto admins = repo.list(admin);
  REQUIRE(admins.ok());
  REQUIRE(admins->size() == 1);
  CHECK((*admins)[0].tenant_id == admin);
}
