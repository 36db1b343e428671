#include "storage/channel_account_repo.hpp"

#include <catch2/catch.hpp>

#include "storage/channel_credentials.hpp"
#include "storage/tenant_repo.hpp"
#include "tests/support/db_fixture.hpp"
#include "tests/support/test_database.hpp"
#include "tests/support/test_env.hpp"

using namespace centralita;
using centralita::testkit::db_fixture;
using centralita::testkit::query_value;
using centralita::testkit::test_database;

TEST_CASE_METHOD(db_fixture, "channel_account_repo lists every account for the key directory",
                 "[storage][pg]") {
  storage::channel_account_repo repo{db};
  auto all = repo.list_all();
  REQUIRE(all.ok());
  REQUIRE(all->size() == 7);
  for (const auto& a : *all) {
    CHECK(a.status == "active");
    CHECK(a.name == a.account_key);
    CHECK_FALSE(a.rate_per_s.has_value());
    CHECK(a.config_json == "{}");
  }
}

TEST_CASE_METHOD(db_fixture, "channel_account_repo finds an account by key", "[storage][pg]") {
  storage::channel_account_repo repo{db};

  auto calls = repo.find_by_key("elevenlabs_calls_main");
  REQUIRE(calls.ok());
  CHECK(calls->tenant_id == demo);
  CHECK(calls->provider == "elevenlabs");
  CHECK(calls->enabled);
  // Sealed: the row holds no plaintext, only the hint of the last 4 characters.
  CHECK(calls->secrets.rfind("v1.", 0) == 0);
  CHECK(calls->secrets.find("dev_elevenlabs_secret") == std::string::npos);
  CHECK(calls->secret_hints_json == R"({"webhook_secret": "cret"})");

  auto main = repo.find_by_key("builderbot_whatsapp_main");
  REQUIRE(main.ok());
  CHECK(main->provider == "builderbot");
  CHECK(main->secrets.empty());

  auto unknown = repo.find_by_key("no_such_key");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == errc::not_found);
}

TEST_CASE_METHOD(db_fixture, "channel_account_repo reads a rate limit when one is set",
                 "[storage][pg]") {
  REQUIRE(db.exec("UPDATE channel_accounts SET rate_per_s = 12.5 "
                  "WHERE account_key = 'builderbot_whatsapp_main'")
              .ok());
  auto a = storage::channel_account_repo{db}.find_by_key("builderbot_whatsapp_main");
  REQUIRE(a.ok());
  REQUIRE(a->rate_per_s.has_value());
  CHECK(*a->rate_per_s == Approx(12.5));
}

TEST_CASE_METHOD(db_fixture, "channel_account_repo keeps tenants apart", "[storage][pg]") {
  storage::channel_account_repo repo{db};

  auto demo_accounts = repo.list_by_tenant(demo);
  REQUIRE(demo_accounts.ok());
  CHECK(demo_accounts->size() == 6);
  auto admin_accounts = repo.list_by_tenant(admin);
  REQUIRE(admin_accounts.ok());
  REQUIRE(admin_accounts->size() == 1);
  CHECK((*admin_accounts)[0].account_key == "builderbot_whatsapp_admin");

  const auto demo_account = (*demo_accounts)[0];
  CHECK(repo.find(demo, demo_account.id).ok());
  auto crossed = repo.find(admin, demo_account.id);
  REQUIRE_FALSE(crossed.ok());
  CHECK(crossed.error().code == errc::not_found);
}

TEST_CASE_METHOD(db_fixture,
                 "channel_account_repo creates and updates accounts with sealed secrets",
                 "[storage][pg]") {
  storage::channel_account_repo repo{db};
  const auto ring = testkit::test_keyring();
  storage::new_channel_account n;
  n.tenant_id = demo;
  n.provider = "builderbot";
  n.name = "Second line";
  n.account_key = "bb_second_line";
  n.config_json = storage::config_json({{"bot_id", "bot-2"}});
  n.secrets = storage::seal_secrets(ring, {{"api_key", "second-line-api-key"}}, n.account_key);
  n.secret_hints_json = storage::hints_json({{"api_key", "second-line-api-key"}});
  auto created = repo.create(n);
  REQUIRE(created.ok());
  CHECK(created->enabled);
  CHECK(query_value(db,
                    "SELECT count(*) FROM channel_accounts WHERE secrets LIKE "
                    "'%second-line-api-key%' OR config::text LIKE '%second-line-api-key%'") == "0");
  auto opened = storage::open_secrets(ring, created->secrets, created->account_key);
  REQUIRE(opened.ok());
  CHECK(opened->at("api_key") == "second-line-api-key");

  auto again = repo.create(n);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == errc::conflict);

  auto changed = *created;
  changed.enabled = false;
  changed.name = "Paused line";
  auto saved = repo.update(changed);
  REQUIRE(saved.ok());
  CHECK_FALSE(saved->enabled);
  CHECK(saved->name == "Paused line");
  REQUIRE(repo.record_check(demo, saved->id, false, "401 from the provider").ok());
  CHECK(repo.find(demo, saved->id)->last_check_json.find("401") != std::string::npos);
}

TEST_CASE_METHOD(db_fixture,
                 "plaintext secrets are sealed and cleared, rotation re-seals under the new key",
                 "[storage][pg]") {
  REQUIRE(db.exec("UPDATE channel_accounts SET webhook_secret = 'legacy-plaintext-secret' "
                  "WHERE account_key = 'builderbot_whatsapp_admin'")
              .ok());
  const auto ring = testkit::test_keyring();
  auto sealed = storage::seal_plaintext_secrets(db, ring);
  REQUIRE(sealed.ok());
  CHECK(*sealed == 1);
  CHECK(query_value(db,
                    "SELECT count(*) FROM channel_accounts WHERE webhook_secret IS NOT NULL "
                    "OR verify_token IS NOT NULL") == "0");
  auto a = storage::channel_account_repo{db}.find_by_key("builderbot_whatsapp_admin");
  REQUIRE(a.ok());
  CHECK(storage::open_secrets(ring, a->secrets, a->account_key)->at("webhook_secret") ==
        "legacy-plaintext-secret");

  auto next_key = parse_secret_key(std::string(64, 'c'));
  REQUIRE(next_key.ok());
  keyring rotated{*next_key, {*parse_secret_key(testkit::test_secret_key)}};
  auto n = storage::rotate_secrets(db, rotated);
  REQUIRE(n.ok());
  CHECK(*n == 3);  // the sealed demo accounts and the admin line
  CHECK(*storage::rotate_secrets(db, rotated) == 0);
  keyring only_new{*next_key};
  auto b = storage::channel_account_repo{db}.find_by_key("builderbot_whatsapp_admin");
  CHECK(storage::open_secrets(only_new, b->secrets, b->account_key)->at("webhook_secret") ==
        "legacy-plaintext-secret");
  // The old key alone no longer opens anything, and the error names the key, not the secret.
  auto stale = storage::open_secrets(ring, b->secrets, b->account_key);
  REQUIRE_FALSE(stale.ok());
  CHECK(stale.error().message.find("legacy") == std::string::npos);
}
