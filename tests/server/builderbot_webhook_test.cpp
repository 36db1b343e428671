// The Builderbot webhook from the outside: every answer of docs/contract.md §Webhooks, over
// real HTTP, against a real server process and PostgreSQL.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "tests/support/server_fixture.hpp"
#include "tests/support/text.hpp"

using namespace centralita::testkit;

TEST_CASE("an incoming message is accepted once and stored as customer, conversation, message",
          "[server][webhook][pg]") {
  server_fixture f;
  auto db = f.db.connect();
  http_connection conn{"127.0.0.1", f.server.gateway_port()};
  auto body = incoming_body("5215599990777", "Hola, ¿dónde está mi pedido CS1001? 📦", "Ana Núñez");

  auto first = post_builderbot(conn, body);
  CHECK(first.status == 200);
  CHECK(contains(first.body, R"("status":"accepted")"));
  auto second = post_builderbot(conn, body);
  CHECK(second.status == 200);
  CHECK(contains(second.body, R"("status":"duplicate")"));
  // The duplicate names the event it repeats.
  auto id = first.body.substr(first.body.find("event_id") + 11, 36);
  CHECK(contains(second.body, id));

  CHECK(wait_for_value(db, "SELECT count(*) FROM messages WHERE body LIKE '%CS1001? 📦%'", "1") ==
        "1");
  CHECK(query_value(db, "SELECT count(*) FROM customers WHERE phone = '5215599990777'") == "1");
  CHECK(query_value(db, "SELECT name FROM customers WHERE phone = '5215599990777'") == "Ana Núñez");
  CHECK(query_value(db, "SELECT status FROM event_log WHERE event_id = '" + id + "'") ==
        "processed");

  // A second message reuses the open conversation.
  CHECK(post_builderbot(conn, incoming_body("5215599990777", "¿Sigue en camino?")).status == 200);
  wait_for_value(db,
                 "SELECT count(*) FROM messages m JOIN conversations c ON c.id = "
                 "m.conversation_id JOIN customers u ON u.id = c.customer_id WHERE u.phone = "
                 "'5215599990777'",
                 "2");
  CHECK(query_value(db,
                    "SELECT count(*) FROM conversations c JOIN customers u ON u.id = "
                    "c.customer_id WHERE u.phone = '5215599990777'") == "1");
}

TEST_CASE("an Idempotency-Key header deduplicates different bodies", "[server][webhook][pg]") {
  server_fixture f;
  http_connection conn{"127.0.0.1", f.server.gateway_port()};
  auto a =
      post_builderbot(conn, incoming_body("5215500000001", "uno"), {{"Idempotency-Key", "k-1"}});
  auto b =
      post_builderbot(conn, incoming_body("5215500000001", "dos"), {{"Idempotency-Key", "k-1"}});
  CHECK(contains(a.body, "accepted"));
  CHECK(contains(b.body, "duplicate"));
}

TEST_CASE("a repeated message is a duplicate only within the window, or by its own id",
          "[server][webhook][pg]") {
  test_database db{db_contents::seeded};
  server_process server{db.url(), {{"CENTRALITA_IDEMPOTENCY_WINDOW_S", "2"}}};
  http_connection conn{"127.0.0.1", server.gateway_port()};
  auto db_conn = db.connect();
  const auto ok = incoming_body("5215500000002", "ok");
  CHECK(contains(post_builderbot(conn, ok).body, "accepted"));
  CHECK(contains(post_builderbot(conn, ok).body, "duplicate"));  // the provider's quick retry
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  CHECK(contains(post_builderbot(conn, ok).body, "accepted"));  // the customer writes "ok" again
  CHECK(wait_for_value(db_conn,
                       "SELECT count(*) FROM messages m JOIN conversations c ON c.id = "
                       "m.conversation_id JOIN customers u ON u.id = c.customer_id WHERE "
                       "u.phone = '5215500000002' AND m.body = 'ok'",
                       "2") == "2");
  // With the message's own id, a redelivery is a duplicate however late it comes.
  auto with_id = [](const std::string& text) {
    return R"({"eventName":"message.incoming","data":{"body":")" + text +
           R"(","from":"5215500000003","message_id":"wamid.HBgM1"}})";
  };
  CHECK(contains(post_builderbot(conn, with_id("hola")).body, "accepted"));
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  CHECK(contains(post_builderbot(conn, with_id("hola")).body, "duplicate"));
  CHECK(contains(post_builderbot(conn, with_id("hola otra vez")).body, "duplicate"));
}

TEST_CASE("bad input gets a clear 4xx with the JSON error shape", "[server][webhook][pg]") {
  server_fixture f;
  http_connection conn{"127.0.0.1", f.server.gateway_port()};
  auto refused = [&](const std::string& body, int want, const std::string& code) {
    auto r = post_builderbot(conn, body);
    CHECK(r.status == want);
    CHECK(contains(r.body, R"({"error":{"code":")" + code + "\""));
    CHECK(contains(r.body, R"("message":")"));
    return r.body;
  };
  refused(R"({"eventName":)", 400, "invalid_json");
  CHECK(contains(
      refused(R"({"eventName":"message.incoming","data":{"body":"x"}})", 400, "missing_field"),
      "data.from"));
  CHECK(contains(
      refused(R"({"eventName":"message.incoming","data":{"from":5215500000001,"body":"x"}})", 400,
              "invalid_field"),
      "data.from"));
  CHECK(contains(
      refused(R"({"eventName":"message.incoming","data":{"from":"5215500000001","body":["x"]}})",
              400, "invalid_field"),
      "data.body"));
  refused(R"({"eventName":"message.incoming","data":{"from":"5215500000001","body":")" +
              std::string(100000, 'a') + "\"}}",
          400, "invalid_field");
  refused(
      "{\"eventName\":\"message.incoming\",\"data\":{\"from\":\"5215500000001\",\"body\":"
      "\"\xff\xfe\"}}",
      400, "invalid_json");
  refused("[]", 400, "invalid_field");

  auto no_key = conn.request("POST", builderbot_path, incoming_body("5215500000001", "x"),
                             {{"Content-Type", "application/json"}});
  CHECK(no_key.status == 401);
  auto bad_key = conn.request("POST", builderbot_path, incoming_body("5215500000001", "x"),
                              {{"X-Account-Key", "nope"}, {"Content-Type", "application/json"}});
  CHECK(bad_key.status == 401);
  CHECK(contains(bad_key.body, R"("code":"unauthorized")"));
  // The key of an account of another provider is not a Builderbot key.
  auto other = conn.request(
      "POST", builderbot_path, incoming_body("5215500000001", "x"),
      {{"X-Account-Key", "elevenlabs_calls_main"}, {"Content-Type", "application/json"}});
  CHECK(other.status == 401);
  auto query_key = conn.request("POST", std::string{builderbot_path} + "?key=" + demo_account_key,
                                incoming_body("5215500000002", "por query"),
                                {{"Content-Type", "application/json"}});
  CHECK(query_key.status == 200);

  auto text = conn.request("POST", builderbot_path, "hola",
                           {{"X-Account-Key", demo_account_key}, {"Content-Type", "text/plain"}});
  CHECK(text.status == 415);
  CHECK(contains(text.body, "unsupported_media_type"));

  http_connection big_conn{"127.0.0.1", f.server.gateway_port()};
  auto big = post_builderbot(big_conn, std::string(2 * 1024 * 1024, 'a'));
  CHECK(big.status == 413);
  CHECK(contains(big.body, "payload_too_large"));

  auto wrong_method = conn.request("GET", builderbot_path);
  CHECK(wrong_method.status == 405);
  auto nowhere = conn.request("POST", "/webhooks/nowhere", "{}");
  CHECK(nowhere.status == 404);
}

TEST_CASE("an unknown event name is recorded and acknowledged as ignored",
          "[server][webhook][pg]") {
  server_fixture f;
  auto db = f.db.connect();
  http_connection conn{"127.0.0.1", f.server.gateway_port()};
  auto r = post_builderbot(conn, R"({"eventName":"message.reaction","data":{"emoji":"👍"}})");
  CHECK(r.status == 200);
  CHECK(contains(r.body, R"("status":"ignored")"));
  CHECK(query_value(db,
                    "SELECT count(*) FROM event_log WHERE event_name = 'message.reaction' "
                    "AND status = 'ignored'") == "1");
  auto again = post_builderbot(conn, R"({"eventName":"message.reaction","data":{"emoji":"👍"}})");
  CHECK(contains(again.body, R"("status":"duplicate")"));
}

TEST_CASE("line status events update the channel account", "[server][webhook][pg]") {
  server_fixture f;
  auto db = f.db.connect();
  http_connection conn{"127.0.0.1", f.server.gateway_port()};
  CHECK(post_builderbot(conn, R"({"eventName":"status.disconnect","data":{"reason":"logout"}})")
            .status == 200);
  CHECK(wait_for_value(db,
                       "SELECT status FROM channel_accounts WHERE account_key = "
                       "'builderbot_whatsapp_main'",
                       "disconnect") == "disconnect");
}

TEST_CASE("an outgoing message is stored as the bot's", "[server][webhook][pg]") {
  server_fixture f;
  auto db = f.db.connect();
  http_connection conn{"127.0.0.1", f.server.gateway_port()};
  CHECK(
      post_builderbot(
          conn,
          R"({"eventName":"message.outgoing","data":{"answer":"Tu pedido va en camino","to":"5215500000009"}})")
          .status == 200);
  CHECK(wait_for_value(db,
                       "SELECT direction || '/' || sender_type FROM messages WHERE body = "
                       "'Tu pedido va en camino'",
                       "out/bot") == "out/bot");
}

TEST_CASE("over the account's rate the webhook answers 429 with Retry-After",
          "[server][webhook][pg]") {
  test_database db{db_contents::seeded};
  server_process server{db.url(),
                        {{"CENTRALITA_ACCOUNT_RATE", "1"}, {"CENTRALITA_ACCOUNT_BURST", "3"}}};
  http_connection conn{"127.0.0.1", server.gateway_port()};
  int limited = 0;
  std::string retry_after;
  for (int i = 0; i < 10; ++i) {
    auto r = post_builderbot(conn, incoming_body("5215500000003", "msg " + std::to_string(i)));
    if (r.status == 429) {
      ++limited;
      retry_after = r.header("retry-after");
      CHECK(contains(r.body, "rate_limited"));
    }
  }
  CHECK(limited > 0);
  CHECK_FALSE(retry_after.empty());
}

TEST_CASE("the same event sent 50 times at once is stored once", "[server][webhook][pg]") {
  server_fixture f;
  auto db = f.db.connect();
  auto body = incoming_body("5215500000004", "concurrente");
  std::vector<std::thread> threads;
  std::atomic<int> accepted{0}, duplicates{0}, other{0};
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&] {
      http_connection conn{"127.0.0.1", f.server.gateway_port()};
      auto r = post_builderbot(conn, body);
      if (contains(r.body, "accepted"))
        ++accepted;
      else if (contains(r.body, "duplicate"))
        ++duplicates;
      else
        ++other;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(accepted == 1);
  CHECK(duplicates == 49);
  CHECK(other == 0);
  CHECK(wait_for_value(db, "SELECT count(*) FROM messages WHERE body = 'concurrente'", "1") == "1");
  // One event; the 49 repeats are logged as suppressed duplicates, never processed.
  CHECK(query_value(db,
                    "SELECT count(*) FROM event_log WHERE payload LIKE '%concurrente%' "
                    "AND status <> 'duplicate'") == "1");
  CHECK(wait_for_value(db,
                       "SELECT count(*) FROM event_log WHERE payload LIKE '%concurrente%' "
                       "AND status = 'duplicate'",
                       "49") == "49");
}

TEST_CASE("health, readiness and metrics answer on the API port", "[server][ops][pg]") {
  server_fixture f;
  CHECK(http_request(f.server.api_port(), "GET", "/healthz").status == 200);
  CHECK(http_request(f.server.api_port(), "GET", "/readyz").status == 200);
  http_connection conn{"127.0.0.1", f.server.gateway_port()};
  post_builderbot(conn, incoming_body("5215500000005", "métricas"));
  auto m = http_request(f.server.api_port(), "GET", "/metrics");
  CHECK(m.status == 200);
  CHECK(contains(m.body,
                 "centralita_http_requests_total{listener=\"gateway\",route=\"/webhooks/builderbot/"
                 "whatsapp\",status=\"200\"}"));
  CHECK(contains(m.body, "centralita_ingest_ack_seconds_bucket"));
  CHECK(contains(m.body, "centralita_events_total{outcome=\"accepted\"}"));
  CHECK(contains(m.body, "centralita_queue_depth{queue=\"ingest\"}"));
  CHECK(contains(m.body, "# TYPE centralita_ingest_ack_seconds histogram"));
}
