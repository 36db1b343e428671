// Cluster mode from the outside: two real `centralita serve` processes on one database act as
// one server for the dashboard (docs/architecture.md, "Cluster").
#include <catch2/catch.hpp>

#include <atomic>
#include <csignal>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/api_client.hpp"
#include "tests/support/server_fixture.hpp"
#include "tests/support/text.hpp"
#include "tests/support/ws_client.hpp"

using namespace centralita::testkit;
using namespace std::chrono_literals;

namespace {

// Every frame until the socket has been silent for a while.
std::vector<std::string> read_until_quiet(ws_client& ws) {
  std::vector<std::string> got;
  while (auto f = ws.read_text(3000ms)) got.push_back(*f);
  return got;
}

// The frames as "seq type" lines.
std::vector<std::string> seq_and_type(const std::vector<std::string>& frames) {
  std::vector<std::string> out;
  for (const auto& f : frames) out.push_back(std::to_string(seq_of(f)) + " " + type_of(f));
  return out;
}

// Checks that `frames` are numbered from `first` on, one by one; reports the first break.
void check_gap_free(const std::vector<std::string>& frames, int64_t first) {
  for (size_t i = 0; i < frames.size(); ++i) {
    if (seq_of(frames[i]) == first + static_cast<int64_t>(i)) continue;
    INFO("frame " << i << " of " << frames.size()
                  << ", the one before: " << (i > 0 ? seq_of(frames[i - 1]) : 0));
    CHECK(seq_of(frames[i]) == first + static_cast<int64_t>(i));
    return;
  }
}

size_t count_with(const std::vector<std::string>& frames, const std::string& text) {
  size_t n = 0;
  for (const auto& f : frames) n += contains(f, text) ? 1 : 0;
  return n;
}

struct two_nodes {
  test_database db{db_contents::seeded};
  server_process a{db.url()};
  server_process b{db.url()};
};

// Two nodes and the demo agent's token, good on both (they share the JWT secret).
struct two_nodes_and_agent : two_nodes {
  std::string token = login(a.api_port(), "agent@demo.com");
};

// Opens `ws` as a dashboard of `node`, signed in with `token`.
void open_dashboard(ws_client& ws, const server_process& node, const std::string& token) {
  REQUIRE(ws.connect(node.api_port(), "/ws?token=" + token) == 101);
}

// Opens `ws` as a dashboard of `node` and waits until it is subscribed, so that it sees live
// what happens next.
void open_live_dashboard(ws_client& ws, const server_process& node, const std::string& token) {
  open_dashboard(ws, node, token);
  std::this_thread::sleep_for(300ms);
}

// Checks that every acknowledged body (of messages whose bodies start with `prefix`) is stored
// exactly once; a webhook whose answer was cut off may be stored too (it was never
// acknowledged), never twice.
void check_stored_once(centralita::storage::pg_connection& db,
                       const std::vector<std::vector<std::string>>& acked,
                       const std::string& prefix) {
  size_t total = 0;
  for (const auto& lane : acked) total += lane.size();
  INFO(total << " webhooks acknowledged");
  REQUIRE(total > 0);
  const std::string like = " FROM messages WHERE body LIKE '" + prefix + "%'";
  CHECK(wait_for_value(db, "SELECT count(DISTINCT body) >= " + std::to_string(total) + like, "t",
                       60s) == "t");
  CHECK(query_value(db, "SELECT count(*) = count(DISTINCT body)" + like) == "t");
  auto rows = db.exec(("SELECT body" + like).c_str());
  REQUIRE(rows);
  std::map<std::string, int> stored;
  for (int i = 0; i < rows->rows(); ++i) ++stored[rows->str(i, 0)];
  for (const auto& lane : acked) {
    for (const auto& body : lane) CHECK(stored[body] == 1);
  }
}

// Checks that each conversation shows its messages (bodies starting with `prefix`) in the order
// their webhooks were accepted.
void check_acceptance_order(centralita::storage::pg_connection& db, const std::string& prefix) {
  CHECK(query_value(db,
                    "SELECT count(*) FROM (SELECT m.conversation_id, "
                    "  array_agg(e.seq ORDER BY m.id) = array_agg(e.seq ORDER BY e.seq) AS kept "
                    "  FROM messages m JOIN event_log e ON e.event_id = m.event_id "
                    "  WHERE m.body LIKE '" +
                        prefix + "%' GROUP BY 1) s WHERE NOT kept") == "0");
}

}  // namespace

TEST_CASE("sockets on two nodes see every event of both nodes once, with the same seq",
          "[server][cluster][pg]") {
  two_nodes_and_agent c;
  ws_client on_a, on_b;
  open_dashboard(on_a, c.a, c.token);
  open_dashboard(on_b, c.b, c.token);
  std::this_thread::sleep_for(300ms);  // both sockets subscribed and live

  http_connection gw_a{"127.0.0.1", c.a.gateway_port()};
  http_connection gw_b{"127.0.0.1", c.b.gateway_port()};
  for (int i = 1; i <= 6; ++i) {
    auto& gw = i % 2 == 0 ? gw_b : gw_a;
    auto from = "52155100000" + std::to_string(i);
    REQUIRE(post_builderbot(gw, incoming_body(from, "cluster " + std::to_string(i))).status == 200);
  }
  auto got_a = read_until_quiet(on_a);
  auto got_b = read_until_quiet(on_b);
  REQUIRE_FALSE(got_a.empty());
  for (int i = 1; i <= 6; ++i) {
    INFO("message " << i);
    CHECK(count_with(got_a, "cluster " + std::to_string(i)) > 0);
    CHECK(count_with(got_b, "cluster " + std::to_string(i)) > 0);
  }
  check_gap_free(got_a, seq_of(got_a.front()));
  CHECK(seq_and_type(got_a) == seq_and_type(got_b));
}

TEST_CASE("a dashboard that reconnects to the other node gets exactly what it missed",
          "[server][cluster][pg]") {
  two_nodes_and_agent c;
  auto db = c.db.connect();
  http_connection gw_a{"127.0.0.1", c.a.gateway_port()};
  http_connection gw_b{"127.0.0.1", c.b.gateway_port()};

  ws_client first;
  open_live_dashboard(first, c.a, c.token);
  REQUIRE(post_builderbot(gw_a, incoming_body("5215510000100", "before")).status == 200);
  auto seen = read_until_quiet(first);
  REQUIRE_FALSE(seen.empty());
  auto last = seq_of(seen.back());
  first.close();

  for (int i = 1; i <= 4; ++i) {
    auto& gw = i % 2 == 0 ? gw_b : gw_a;
    REQUIRE(
        post_builderbot(gw, incoming_body("5215510000101", "missed " + std::to_string(i))).status ==
        200);
  }
  CHECK(wait_for_value(db, "SELECT count(*) FROM live_events WHERE data->>'text' LIKE 'missed%'",
                       "4") == "4");
  std::this_thread::sleep_for(2s);  // the pipeline's events trail the messages a little

  ws_client again;
  open_dashboard(again, c.b, c.token);
  again.send_text(R"({"type":"resume","after":)" + std::to_string(last) + "}");
  auto replayed = read_until_quiet(again);
  REQUIRE_FALSE(replayed.empty());
  check_gap_free(replayed, last + 1);
  for (int i = 1; i <= 4; ++i) CHECK(count_with(replayed, "missed " + std::to_string(i)) > 0);

  // Live frames of either node follow the replay without a gap.
  REQUIRE(post_builderbot(gw_a, incoming_body("5215510000101", "after resume")).status == 200);
  auto live = read_until_quiet(again);
  REQUIRE_FALSE(live.empty());
  check_gap_free(live, seq_of(replayed.back()) + 1);
  CHECK(count_with(live, "after resume") > 0);
}

TEST_CASE("a node that drains sends its dashboards to another node and exits in time",
          "[server][cluster][pg]") {
  two_nodes_and_agent c;
  ws_client on_a;
  open_live_dashboard(on_a, c.a, c.token);

  c.a.process().kill(SIGTERM);
  CHECK(on_a.close_code(30s) == 1012);
  CHECK(c.a.process().wait_for(30s) == std::optional<int>{0});

  // The dashboard reconnects to the other node and resumes: nothing of the drained node's
  // last moments is lost.
  http_connection gw_b{"127.0.0.1", c.b.gateway_port()};
  REQUIRE(post_builderbot(gw_b, incoming_body("5215510000200", "after drain")).status == 200);
  ws_client on_b;
  open_dashboard(on_b, c.b, c.token);
  on_b.send_text(R"({"type":"resume","after":0})");
  auto got = read_until_quiet(on_b);
  REQUIRE_FALSE(got.empty());
  check_gap_free(got, seq_of(got.front()));
  CHECK(count_with(got, "after drain") > 0);
}

TEST_CASE("kill -9 of one of two nodes under load stores every acknowledged webhook once, in order",
          "[server][cluster][pg]") {
  two_nodes_and_agent c;
  ws_client on_b;
  open_live_dashboard(on_b, c.b, c.token);

  // Each customer's webhooks go to one node, as the load balancer's hash sends them; when node
  // A dies its customers move to B, as the balancer does once A fails its health check.
  constexpr int lanes = 6;
  std::vector<std::vector<std::string>> acked(lanes);
  std::atomic<bool> a_dead{false}, stop{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < lanes; ++t) {
    threads.emplace_back([&, t] {
      const bool on_a = t % 2 == 0;
      std::optional<http_connection> conn;
      bool moved = false;
      for (int k = 0; !stop; ++k) {
        auto body = "k9-" + std::to_string(t) + "-" + std::to_string(k);
        try {
          if (!conn || (on_a && a_dead && !moved)) {
            moved = on_a && a_dead;
            conn.emplace("127.0.0.1", on_a && !a_dead ? c.a.gateway_port() : c.b.gateway_port(),
                         10s);
          }
          auto r = post_builderbot(*conn, incoming_body("52155400000" + std::to_string(t), body));
          if (r.status == 200 && contains(r.body, R"("status":"accepted")"))
            acked[t].push_back(body);
        } catch (const http_error&) {
          conn.reset();
          std::this_thread::sleep_for(20ms);
        }
      }
    });
  }
  std::this_thread::sleep_for(1500ms);
  c.a.process().kill(SIGKILL);
  c.a.process().wait_for(10s);
  a_dead = true;
  std::this_thread::sleep_for(1500ms);
  stop = true;
  for (auto& th : threads) th.join();

  // The dead node's accepted events are recovered when it comes back (or by the other node's
  // stuck-event job); every acknowledged webhook is then stored exactly once.
  c.a.restart();
  auto db = c.db.connect();
  check_stored_once(db, acked, "k9-");
  check_acceptance_order(db, "k9-");

  // The socket on the surviving node saw a gap-free run, and a resume fills in the rest.
  auto live = read_until_quiet(on_b);
  REQUIRE_FALSE(live.empty());
  check_gap_free(live, seq_of(live.front()));
  // A resume on the restarted node, while it may still be catching up, finds every event after
  // its seq. It goes with the upgrade: a test process starved of CPU may send a first message
  // later than the node waits for one.
  ws_client again;
  REQUIRE(again.connect(c.a.api_port(), "/ws?token=" + c.token + "&after=" +
                                            std::to_string(seq_of(live.back()))) == 101);
  auto rest = read_until_quiet(again);
  const int64_t from = seq_of(live.back()) + 1;
  if (!rest.empty() && type_of(rest.front()) == "resync") {
    // Only a resume from before the replay window (the tenant's last 10,000 events, pruned by
    // whole batches every 1,000) starts with a resync, then what is kept, without a gap.
    rest.erase(rest.begin());
    REQUIRE_FALSE(rest.empty());
    CHECK(seq_of(rest.front()) > from);
    const auto stored = query_value(db,
                                    "SELECT last_seq FROM live_event_counters WHERE tenant_id = "
                                    "(SELECT id FROM tenants WHERE slug = 'demo')");
    CHECK(std::stoll(stored) - from >= 9000);
    check_gap_free(rest, seq_of(rest.front()));
  } else if (!rest.empty()) {
    check_gap_free(rest, from);
  }
}

TEST_CASE("login limits hold across nodes: guesses spread over two nodes count together",
          "[server][cluster][auth]") {
  two_nodes n;
  http_connection a{"127.0.0.1", n.a.api_port()};
  http_connection b{"127.0.0.1", n.b.api_port()};
  auto body = [](const std::string& password) {
    return R"({"email":"agent@demo.com","password":")" + password + "\"}";
  };
  for (int i = 0; i < 5; ++i) {
    auto& node = i % 2 ? b : a;
    CHECK(node.request("POST", "/api/v1/auth/login", body("nope")).status == 401);
  }
  // The sixth attempt waits, on either node, even with the right password.
  CHECK(b.request("POST", "/api/v1/auth/login", body("admin123")).status == 429);
  CHECK(a.request("POST", "/api/v1/auth/login", body("admin123")).status == 429);
}

namespace {

// Leaves a customer's Builderbot message accepted but unprocessed in the queue of `node`, as a
// node that died right after acknowledging it would. Returns its seq.
std::string leave_queued(centralita::storage::pg_connection& db, const std::string& node,
                         const std::string& phone, const std::string& text) {
  auto r = db.exec(
      "WITH a AS (SELECT id, tenant_id FROM channel_accounts "
      "           WHERE account_key = 'builderbot_whatsapp_main'), "
      "l AS (INSERT INTO event_log (event_id, tenant_id, channel_account_id, provider, "
      "        event_name, idempotency_key, payload) "
      "      SELECT gen_random_uuid(), a.tenant_id, a.id, 'builderbot', 'message.incoming', "
      "             'orphan:' || $2, $3 FROM a RETURNING event_id, seq, tenant_id) "
      "INSERT INTO event_queue (seq, event_id, route, node) "
      "SELECT seq, event_id, route_of(tenant_id, 'phone:' || $2), $1 FROM l RETURNING seq",
      {node, phone, incoming_body(phone, text)});
  REQUIRE(r);
  return r->str(0, 0);
}

// The bodies of a customer's messages in the order the conversation shows them.
std::string bodies_of(centralita::storage::pg_connection& db, const std::string& phone) {
  return query_value(db,
                     "SELECT string_agg(m.body, ',' ORDER BY m.id) FROM messages m "
                     "JOIN conversations c ON c.id = m.conversation_id "
                     "JOIN customers u ON u.id = c.customer_id WHERE u.phone = '" +
                         phone + "'");
}

}  // namespace

TEST_CASE("one customer's webhooks spread over two nodes are processed in acceptance order",
          "[server][cluster][pg]") {
  two_nodes c;
  // Four customers, each writing one message after the other, alternately to each node (a load
  // balancer without affinity).
  constexpr int customers = 4, per_customer = 30;
  std::vector<std::thread> threads;
  std::atomic<int> acked{0};
  for (int t = 0; t < customers; ++t) {
    threads.emplace_back([&, t] {
      http_connection to_a{"127.0.0.1", c.a.gateway_port()};
      http_connection to_b{"127.0.0.1", c.b.gateway_port()};
      for (int k = 0; k < per_customer; ++k) {
        auto& node = k % 2 ? to_b : to_a;
        auto r = post_builderbot(
            node, incoming_body("52155410000" + std::to_string(t), "ord-" + std::to_string(k)));
        if (r.status == 200) ++acked;
      }
    });
  }
  for (auto& th : threads) th.join();
  REQUIRE(acked == customers * per_customer);
  auto db = c.db.connect();
  CHECK(wait_for_value(db, "SELECT count(*) FROM messages WHERE body LIKE 'ord-%'",
                       std::to_string(customers * per_customer),
                       60s) == std::to_string(customers * per_customer));
  check_acceptance_order(db, "ord-");
}

TEST_CASE("a node's unprocessed events are caught up in order by the next webhook on another node",
          "[server][cluster][pg]") {
  two_nodes c;
  auto db = c.db.connect();
  // A node that is alive (so no job takes its event over) but has not processed it yet.
  REQUIRE(db.exec("INSERT INTO cluster_nodes VALUES ('busy-node', now() + interval '1 hour')"));
  leave_queued(db, "busy-node", "5215542000001", "first");
  http_connection to_b{"127.0.0.1", c.b.gateway_port()};
  CHECK(post_builderbot(to_b, incoming_body("5215542000001", "second")).status == 200);
  CHECK(wait_for_value(db,
                       "SELECT count(*) FROM messages WHERE body IN ('first', 'second') AND "
                       "conversation_id IN (SELECT c.id FROM conversations c JOIN customers u "
                       "ON u.id = c.customer_id WHERE u.phone = '5215542000001')",
                       "2", 30s) == "2");
  CHECK(bodies_of(db, "5215542000001") == "first,second");
  CHECK(query_value(db, "SELECT count(*) FROM event_queue WHERE node = 'busy-node'") == "0");
}

TEST_CASE("the events of a node that stopped are taken over by another within seconds",
          "[server][cluster][pg]") {
  two_nodes c;
  auto db = c.db.connect();
  // Its row lapsed a moment ago (or it never had one): the orphaned_events job takes it over.
  REQUIRE(db.exec("INSERT INTO cluster_nodes VALUES ('dead-node', now() - interval '1 second')"));
  leave_queued(db, "dead-node", "5215542000002", "left behind");
  CHECK(wait_for_value(db, "SELECT count(*) FROM messages WHERE body = 'left behind'", "1", 15s) ==
        "1");
  CHECK(query_value(db,
                    "SELECT status FROM event_log WHERE idempotency_key = "
                    "'orphan:5215542000002'") == "processed");
  // Both nodes say they are alive.
  CHECK(query_value(db, "SELECT count(*) FROM cluster_nodes WHERE alive_until > now()") == "2");
}

TEST_CASE("a rolling restart of both nodes under load loses, doubles and reorders nothing",
          "[server][cluster][pg]") {
  two_nodes c;
  constexpr int lanes = 4;
  std::vector<std::vector<std::string>> acked(lanes);
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < lanes; ++t) {
    threads.emplace_back([&, t] {
      const std::string phone = "52155430000" + std::to_string(t);
      for (int k = 0; !stop; ++k) {
        const auto body = "roll-" + std::to_string(t) + "-" + std::to_string(k);
        // Like a load balancer: alternate, and send a failed webhook to the other node.
        for (int attempt = 0; attempt < 40 && !stop; ++attempt) {
          auto& node = (k + attempt) % 2 ? c.b : c.a;
          try {
            http_connection conn{"127.0.0.1", node.gateway_port(), 5s};
            auto r = post_builderbot(conn, incoming_body(phone, body));
            if (r.status == 200) {
              acked[t].push_back(body);
              break;
            }
          } catch (const http_error&) {
          }
          std::this_thread::sleep_for(25ms);
        }
      }
    });
  }
  std::this_thread::sleep_for(1s);
  c.a.restart();  // SIGTERM: drains, then starts again
  std::this_thread::sleep_for(1s);
  c.b.restart();
  std::this_thread::sleep_for(1s);
  stop = true;
  for (auto& th : threads) th.join();

  auto db = c.db.connect();
  check_stored_once(db, acked, "roll-");
  check_acceptance_order(db, "roll-");
}
