#include "storage/channel_account_repo.hpp"

#include <catch2/catch.hpp>

#include "storage/tenant_repo.hpp"
#include "tests/support/test_database.hpp"

using namespace centralita;
using centralita::testkit::test_database;

TEST_CASE("channel_account_repo lists every account for the key directory", "[storage][pg]") {
  test_database tdb;
  auto db = tdb.connect();
  storage::channel_account_repo repo{db};
  auto all = repo.list_all();
  REQUIRE(all.ok());
  REQUIRE(all->size() == 4);
  for (const auto& a : *all) {
    CHECK(a.status == "active");
    CHECK(a.name == a.account_key);
    CHECK_FALSE(a.rate_per_s.has_value());
    CHECK(a.config_json == "{}");
  }
}

TEST_CASE("channel_account_repo finds an account by key", "[storage][pg]") {
  test_database tdb;
  auto db = tdb.connect();
  storage::channel_account_repo repo{db};
  auto demo = storage::tenant_repo{db}.find_by_slug("demo");
  REQUIRE(demo.ok());

  auto calls = repo.find_by_key("elevenlabs_calls_main");
  REQUIRE(calls.ok());
  CHECK(calls->tenant_id == demo->id);
  CHECK(calls->provider == "elevenlabs");
  REQUIRE(calls->webhook_secret.has_value());
  CHECK(*calls->webhook_secret == "dev_elevenlabs_secret");

  auto main = repo.find_by_key("builderbot_whatsapp_main");
  REQUIRE(main.ok());
  CHECK(main->provider == "builderbot");
  CHECK_FALSE(main->webhook_secret.has_value());
  CHECK_FALSE(main->verify_token.has_value());

  // WhatsApp Cloud: the app secret signs webhooks, the verify token answers the handshake.
  auto cloud = repo.find_by_key("whatsapp_cloud_main");
  REQUIRE(cloud.ok());
  CHECK(cloud->provider == "whatsapp_cloud");
  CHECK(cloud->webhook_secret == std::optional<std::string>{"dev_whatsapp_app_secret"});
  CHECK(cloud->verify_token == std::optional<std::string>{"dev_whatsapp_verify_token"});

  auto unknown = repo.find_by_key("no_such_key");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == errc::not_found);
}

TEST_CASE("channel_account_repo reads a rate limit when one is set", "[storage][pg]") {
  test_database tdb;
  auto db = tdb.connect();
  REQUIRE(db.exec("UPDATE channel_accounts SET rate_per_s = 12.5 "
                  "WHERE account_key = 'builderbot_whatsapp_main'")
              .ok());
  auto a = storage::channel_account_repo{db}.find_by_key("builderbot_whatsapp_main");
  REQUIRE(a.ok());
  REQUIRE(a->rate_per_s.has_value());
  CHECK(*a->rate_per_s == Approx(12.5));
}

TEST_CASE("channel_account_repo keeps tenants apart", "[storage][pg]") {
  test_database tdb;
  auto db = tdb.connect();
  storage::channel_account_repo repo{db};
  storage::tenant_repo tenants{db};
  auto demo = tenants.find_by_slug("demo");
  auto admin = tenants.find_by_slug("admin");
  REQUIRE(demo.ok());
  REQUIRE(admin.ok());

  auto demo_accounts = repo.list_by_tenant(demo->id);
  REQUIRE(demo_accounts.ok());
  CHECK(demo_accounts->size() == 3);
  auto admin_accounts = repo.list_by_tenant(admin->id);
  REQUIRE(admin_accounts.ok());
  REQUIRE(admin_accounts->size() == 1);
  CHECK((*admin_accounts)[0].account_key == "builderbot_whatsapp_admin");

  const auto demo_account = (*demo_accounts)[0];
  CHECK(repo.find(demo->id, demo_account.id).ok());
  auto crossed = repo.find(admin->id, demo_account.id);
  REQUIRE_FALSE(crossed.ok());
  CHECK(crossed.error().code == errc::not_found);
}
