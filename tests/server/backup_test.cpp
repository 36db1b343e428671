// A backup and a restore as README.md §Backups tells an operator to do them: scripts/backup.sh
// while the server runs, scripts/restore.sh into a fresh PostgreSQL cluster and a fresh data
// directory, `centralita migrate`, and a server on the restore. It starts, knowledge search finds
// an article written through the API, a socket's resume replays the old live events as they were
// and the next one continues their `seq`, and every message is there.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <thread>

#include "tests/server/api_helpers.hpp"
#include "tests/server/calls_helpers.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/test_env.hpp"
#include "tests/support/ws_client.hpp"

using namespace centralita::testkit;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// The "respaldo N" text a frame carries, or "".
std::string text_of(const std::string& frame) {
  auto at = frame.find("respaldo ");
  return at == std::string::npos ? std::string{} : frame.substr(at, 10);
}

// Every frame that arrives until none comes for `quiet`, by seq.
std::map<int64_t, std::string> drain(ws_client& ws, std::chrono::milliseconds quiet = 1500ms) {
  std::map<int64_t, std::string> out;
  while (auto f = ws.read_text(quiet)) out.emplace(seq_of(*f), *f);
  return out;
}

// Opens /ws for `token` and waits until the server has subscribed it.
void open_socket(ws_client& ws, uint16_t port, const std::string& token) {
  REQUIRE(ws.connect(port, "/ws?token=" + token) == 101);
  std::this_thread::sleep_for(100ms);
}

// True when `dir` holds a knowledge snapshot (`tenant-<id>.kix`).
bool has_snapshot(const std::string& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator{dir, ec}) {
    if (e.path().extension() == ".kix") return true;
  }
  return false;
}

// Runs a script of the repository with `env`; its output goes to `log`.
void run_script(const std::string& name, const std::vector<std::string>& args,
                const environment_vars& env, const std::string& log) {
  run_command(std::string{CENTRALITA_SOURCE_DIR} + "/scripts/" + name, args, env, log);
}

constexpr const char* gift_cards =
    R"({"title":"Tarjetas de regalo","body":"## Comprar\n\nVendemos tarjetas de regalo )"
    R"(desde $200 MXN con un código y un NIP.","language":"es","tags":["regalos"]})";
constexpr const char* gift_search = "/api/v1/knowledge/search?q=gift%20cards&k=1";
constexpr const char* demo_live =
    "FROM live_events WHERE tenant_id = (SELECT id FROM tenants WHERE slug = 'demo')";

}  // namespace

TEST_CASE("backup: restored into a fresh database and data directory, the server goes on",
          "[server][backup][pg]") {
  temp_dir work;
  const auto data_before = (work.path / "data").string();
  const auto data_after = (work.path / "restored-data").string();
  const auto backups = (work.path / "backups").string();
  fs::create_directories(data_before);
  test_database source{db_contents::seeded};
  auto src = source.connect();

  std::map<int64_t, std::string> seen;  // live frames of the demo tenant before the backup
  std::string messages;                 // "count max(id)" of messages at the backup
  {
    server_process server{source.url(), {{"CENTRALITA_DATA_DIR", data_before}}};
    const auto agent = login(server.api_port(), "agent@demo.com");
    const auto supervisor = login(server.api_port(), "supervisor@demo.com");
    ws_client ws;
    open_socket(ws, server.api_port(), agent);
    http_connection gateway{"127.0.0.1", server.gateway_port()};
    for (int i = 0; i < 5; ++i) {
      auto r = post_builderbot(gateway, incoming_body("52155777000" + std::to_string(i % 2),
                                                      "respaldo " + std::to_string(i)));
      REQUIRE(contains(r.body, R"("status":"accepted")"));
    }
    http_connection api{"127.0.0.1", server.api_port()};
    REQUIRE(
        api.request("POST", "/api/v1/knowledge/articles", gift_cards, bearer(supervisor)).status ==
        201);
    REQUIRE(
        contains(api.request("GET", gift_search, {}, bearer(agent)).body, "Tarjetas de regalo"));
    REQUIRE(wait_for_value(src, "SELECT count(*) FROM messages WHERE body LIKE 'respaldo %'",
                           "5") == "5");
    auto settled = query_value(src, std::string{"SELECT count(*) "} + demo_live);
    for (int i = 0; i < 20; ++i) {  // the AI pipeline's events trail the messages a little
      std::this_thread::sleep_for(300ms);
      auto now = query_value(src, std::string{"SELECT count(*) "} + demo_live);
      if (now == settled) break;
      settled = now;
    }
    seen = drain(ws);
    int heard = 0;
    for (const auto& [seq, frame] : seen) {
      heard += contains(frame, R"("type":"message.created")") && contains(frame, "respaldo ");
    }
    REQUIRE(heard == 5);
    // The index snapshot written at start is part of what the backup must carry.
    auto until = std::chrono::steady_clock::now() + 20s;
    while (!has_snapshot(data_before + "/knowledge") && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(100ms);
    }
    REQUIRE(has_snapshot(data_before + "/knowledge"));
    messages = query_value(src, "SELECT count(*) || ' ' || max(id) FROM messages");

    // Taken while the server runs, as an operator would.
    run_script("backup.sh", {backups},
               {{"DATABASE_URL", source.url()}, {"CENTRALITA_DATA_DIR", data_before}},
               (work.path / "backup.log").string());
  }
  std::vector<fs::path> folders;
  for (const auto& e : fs::directory_iterator{backups}) folders.push_back(e.path());
  REQUIRE(folders.size() == 1);
  CHECK(fs::exists(folders[0] / "database.dump"));
  CHECK(fs::exists(folders[0] / "data.tar.gz"));

  local_cluster fresh;  // another PostgreSQL, with an empty database `centralita`
  const environment_vars target{{"DATABASE_URL", fresh.url()},
                                {"CENTRALITA_DATA_DIR", data_after},
                                {"JWT_SECRET", test_jwt_secret}};
  run_script("restore.sh", {folders[0].string()}, target, (work.path / "restore.log").string());
  run_command(server_binary(), {"migrate"}, target, (work.path / "migrate.log").string());
  CHECK(has_snapshot(data_after + "/knowledge"));

  server_process server{fresh.url(), {{"CENTRALITA_DATA_DIR", data_after}}};
  INFO("restored server's log:\n" << server.process().log());
  auto db = centralita::storage::pg_connection::open(fresh.url());
  REQUIRE(db);
  const auto agent = login(server.api_port(), "agent@demo.com");
  http_connection api{"127.0.0.1", server.api_port()};

  // The restored snapshot was written for another database (this one has its own identity), so
  // the index is rebuilt from the vectors in PostgreSQL, and search finds what it found before.
  CHECK(contains(api.request("GET", gift_search, {}, bearer(agent)).body, "Tarjetas de regalo"));
  CHECK(contains(server.process().log(), "written for another database"));

  // Every message of the backup is there.
  const auto upto = messages.substr(messages.find(' ') + 1);
  CHECK(query_value(*db, "SELECT count(*) || ' ' || max(id) FROM messages WHERE id <= " + upto) ==
        messages);
  CHECK(query_value(*db, "SELECT count(*) FROM messages WHERE body LIKE 'respaldo %'") == "5");

  // A resume from 0 replays the old events (stored as jsonb, so compared by seq, type and the
  // message's text rather than byte for byte), in order, without a gap.
  ws_client ws;
  open_socket(ws, server.api_port(), agent);
  ws.send_text(R"({"type":"resume","after":0})");
  auto replayed = drain(ws);
  for (const auto& [seq, frame] : seen) {
    CAPTURE(seq);
    CHECK(replayed.count(seq) == 1);
    if (replayed.count(seq) == 1) {
      CHECK(type_of(replayed[seq]) == type_of(frame));
      CHECK(text_of(replayed[seq]) == text_of(frame));
    }
  }
  const auto last = std::stoll(query_value(*db, std::string{"SELECT max(seq) "} + demo_live));
  REQUIRE_FALSE(replayed.empty());
  CHECK(replayed.rbegin()->first == last);
  CHECK(static_cast<int64_t>(replayed.size()) == last - replayed.begin()->first + 1);
  CHECK(last >= seen.rbegin()->first);

  // The next live event continues after the last one: no seq is used twice.
  http_connection gateway{"127.0.0.1", server.gateway_port()};
  REQUIRE(contains(
      post_builderbot(gateway, incoming_body("5215577700009", "despues del respaldo")).body,
      R"("status":"accepted")"));
  auto expected = last;
  bool arrived = false;
  while (!arrived) {
    auto frame = ws.read_text(10s);
    REQUIRE(frame);
    CHECK(seq_of(*frame) == ++expected);
    arrived = contains(*frame, "despues del respaldo");
  }
  CHECK(server.process().running());
}
