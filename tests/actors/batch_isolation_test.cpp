// A bad item of a batched write fails alone (invariant 9): events that pass the edge but that
// the database refuses (a NUL reaching a text column) are refused or marked failed one by one,
// while every other event of the same group, of any tenant, goes through; and no error stored
// for the bad one quotes another's data. The events are handed to the node directly, past the
// handlers' own checks, as a bug in a handler would hand them.
#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>

#include "actors/node.hpp"
#include "tests/support/db_fixture.hpp"
#include "tests/support/test_env.hpp"

using namespace centralita;
using namespace centralita::actors;
using namespace centralita::testkit;

namespace {

struct outcomes {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<ingest_outcome> got;
  size_t expected = 0;

  ingest_callback slot(size_t i) {
    return [this, i](ingest_outcome out) {
      std::lock_guard<std::mutex> lock{mutex};
      got[i] = std::move(out);
      ++answered;
      changed.notify_all();
    };
  }
  bool wait_all(size_t n) {
    std::unique_lock<std::mutex> lock{mutex};
    return changed.wait_for(lock, std::chrono::seconds(30), [&] { return answered == n; });
  }
  size_t answered = 0;
};

struct node_on_db {
  test_database db{db_contents::seeded};
  storage::pg_connection sql = db.connect();
  std::string data_dir =
      (std::filesystem::temp_directory_path() / ("centralita-isolation-" + db.name())).string();
  std::unique_ptr<node> n;

  node_on_db() {
    config::settings s;
    s.database_url = db.url();
    s.data_dir = data_dir;
    s.secret_key = test_secret_key;  // the one the test databases were seeded with
    n = std::make_unique<node>(s);
    REQUIRE(n->start());
  }
  ~node_on_db() {
    n.reset();
    std::filesystem::remove_all(data_dir);
  }

  int64_t id(const std::string& sql_text) { return std::stoll(query_value(sql, sql_text)); }
  int64_t tenant(const char* slug) {
    return id(std::string{"SELECT id FROM tenants WHERE slug = '"} + slug + "'");
  }
  int64_t line(const char* key) {
    return id(std::string{"SELECT id FROM channel_accounts WHERE account_key = '"} + key + "'");
  }
  const int64_t demo = tenant("demo"), admin = tenant("admin");
  const int64_t demo_line = line("builderbot_whatsapp_main");
  const int64_t admin_line = line("builderbot_whatsapp_admin");
};

inbound_event message_event(int64_t tenant, int64_t account, const std::string& key,
                            const std::string& phone, const std::string& text) {
  inbound_event ev;
  ev.tenant_id = tenant;
  ev.account_id = account;
  ev.provider = "builderbot";
  ev.event_name = "message.incoming";
  ev.idempotency_key = key;
  ev.payload = R"({"eventName":"message.incoming","data":{"from":")" + phone +
               R"(","body":"see the message"}})";
  ev.conversation_key = "phone:" + std::to_string(account) + ":" + phone;
  ev.message = std::make_shared<const providers::channel_message>(
      providers::channel_message{true, phone, "Cliente", text, "[]"});
  return ev;
}

// Submits the events `event_for(0)` to `event_for(count - 1)` together and waits until each has
// its answer in `out`.
template <class EventFor>
void submit_all(node_on_db& t, outcomes& out, size_t count, EventFor event_for) {
  out.got.resize(count);
  for (size_t i = 0; i < count; ++i) t.n->submit(event_for(i), out.slot(i));
  REQUIRE(out.wait_all(count));
}

}  // namespace

TEST_CASE("an event the database refuses fails alone, its group's others are accepted",
          "[actors][pg][isolation]") {
  node_on_db t;

  constexpr size_t n = 80;
  outcomes out;
  std::vector<bool> bad(n);
  submit_all(t, out, n, [&](size_t i) {
    bad[i] = i % 4 == 0;
    return bad[i] ? message_event(t.admin, t.admin_line,
                                  std::string("key:bad\0", 8) + std::to_string(i),
                                  "5216600000" + std::to_string(i), "hola")
                  : message_event(t.demo, t.demo_line, "key:good-" + std::to_string(i),
                                  "5215500000" + std::to_string(i), "hola");
  });
  for (size_t i = 0; i < n; ++i) {
    CAPTURE(i);
    CHECK(out.got[i].status == (bad[i] ? ingest_status::rejected : ingest_status::accepted));
  }
}

TEST_CASE("a message the database refuses is marked failed alone, quoting no other message",
          "[actors][pg][isolation]") {
  node_on_db t;

  constexpr size_t n = 40;
  outcomes out;
  submit_all(t, out, n, [&](size_t i) {
    const bool bad = i % 5 == 0;
    return bad ? message_event(t.admin, t.admin_line, "key:nul-" + std::to_string(i),
                               "5216600001" + std::to_string(i), std::string("x\0y", 3))
               : message_event(t.demo, t.demo_line, "key:private-" + std::to_string(i),
                               "5215500001" + std::to_string(i),
                               "PRIVADO-" + std::to_string(i) + " mi tarjeta termina 4242");
  });
  const std::string demo_messages =
      "SELECT count(*) FROM messages WHERE body LIKE 'PRIVADO-%' AND tenant_id = " +
      std::to_string(t.demo);
  CHECK(wait_for_value(t.sql, demo_messages, "32") == "32");
  CHECK(wait_for_value(t.sql, "SELECT count(*) FROM event_log WHERE status = 'failed'", "8") ==
        "8");
  CHECK(query_value(t.sql,
                    "SELECT count(*) FROM event_log WHERE status = 'failed' AND "
                    "(last_error LIKE '%PRIVADO%' OR last_error LIKE '%4242%' OR "
                    "tenant_id <> " +
                        std::to_string(t.admin) + ")") == "0");
  CHECK(query_value(t.sql,
                    "SELECT count(*) FROM event_log WHERE status = 'failed' AND "
                    "last_error LIKE '%malformed%'") == "0");
}
