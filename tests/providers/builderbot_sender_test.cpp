// The Builderbot send API client (docs/protocols.md §1b): the wire format, answers mapped to
// sent / retryable / permanent, and transport failures, against a fake Builderbot on 127.0.0.1.
#include "providers/builderbot_sender.hpp"

#include <catch2/catch.hpp>

#include "providers/demo_sender.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/fake_builderbot.hpp"

using namespace centralita::providers;
using namespace centralita::testkit;
using namespace std::chrono_literals;

namespace {

builderbot_sender sender_for(const fake_builderbot& fake, std::chrono::milliseconds timeout = 2s) {
  builderbot_config c;
  c.base = *parse_url(fake.url());
  c.api_key = "bb-test-key";
  c.bot_id = "bot-123";
  c.connect_timeout = 1s;
  c.timeout = timeout;
  return builderbot_sender{c};
}

outbound_message message(const std::string& content) {
  return {1, "+52 1 55 1234-5678", content, std::nullopt};
}

}  // namespace

TEST_CASE("the send request follows §1b", "[providers][outbox]") {
  auto base = parse_url("https://app.builderbot.cloud/");
  REQUIRE(base);
  CHECK(base->tls);
  CHECK(base->port == 443);
  CHECK(base->host == "app.builderbot.cloud");
  CHECK(builderbot_send_path(*base, "b1") == "/api/v2/b1/messages");
  auto prefixed = parse_url("http://127.0.0.1:9000/proxy");
  REQUIRE(prefixed);
  CHECK(prefixed->port == 9000);
  CHECK(builderbot_send_path(*prefixed, "b1") == "/proxy/api/v2/b1/messages");
  for (const char* bad : {"ftp://x", "http://", "http://u@h/", "http://h:0/", "http://h:x/",
                          "http://h/p?q=1", "app.builderbot.cloud"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_url(bad));
  }

  CHECK(builderbot_send_body(message("Tu pedido \"1001\" ✅")) ==
        R"({"messages":{"content":"Tu pedido \"1001\" ✅"},"number":"5215512345678",)"
        R"("checkIfExists":false})");
  outbound_message media{1, "5215512345678", "", std::string{"https://x.test/a.pdf"}};
  CHECK(builderbot_send_body(media) ==
        R"({"messages":{"content":" ","mediaUrl":"https://x.test/a.pdf"},)"
        R"("number":"5215512345678","checkIfExists":false})");
}

TEST_CASE("answers map to sent, retryable and permanent", "[providers][outbox]") {
  auto sent = builderbot_result({200, {}, R"({"data":{"messageId":"wamid.1"}})"});
  CHECK(sent.status == send_status::sent);
  CHECK(sent.provider_message_id == "wamid.1");
  CHECK(builderbot_result({201, {}, R"({"id":42})"}).provider_message_id == "42");
  CHECK_FALSE(builderbot_result({200, {}, "sended"}).provider_message_id);

  auto limited = builderbot_result({429, {{"retry-after", "7"}}, "slow down"});
  CHECK(limited.status == send_status::retryable);
  CHECK(limited.retry_after == std::chrono::seconds(7));
  CHECK(limited.error == "HTTP 429: slow down");
  CHECK(builderbot_result({503, {}, ""}).status == send_status::retryable);
  auto refused = builderbot_result({400, {{"retry-after", "7"}}, "bad number"});
  CHECK(refused.status == send_status::permanent);
  CHECK_FALSE(refused.retry_after);
  CHECK(builderbot_result({401, {}, ""}).status == send_status::permanent);
}

TEST_CASE("the client talks to a Builderbot server and reads its answers", "[providers][outbox]") {
  fake_builderbot fake{"bb-test-key", "bot-123"};
  fake.set_script([](const fake_send& s) {
    if (s.content == "e500") return fake_answer::http(500);
    if (s.content == "e429") return fake_answer::http(429, {{"Retry-After", "3"}});
    if (s.content == "e400") return fake_answer::http(400);
    if (s.content == "slow") return fake_answer::slow(1500ms);
    if (s.content == "reset") return fake_answer::reset();
    return fake_answer::ok();
  });
  auto sender = sender_for(fake, 300ms);

  auto ok = sender.send(message("hola"));
  CHECK(ok.status == send_status::sent);
  CHECK(ok.provider_message_id.value_or("").rfind("bb-", 0) == 0);
  auto got = fake.received();
  REQUIRE(got.size() == 1);
  CHECK(got[0].problem.empty());
  CHECK(got[0].number == "5215512345678");
  CHECK(got[0].content == "hola");

  CHECK(sender.send(message("e500")).status == send_status::retryable);
  auto limited = sender.send(message("e429"));
  CHECK(limited.status == send_status::retryable);
  CHECK(limited.retry_after == std::chrono::seconds(3));
  CHECK(sender.send(message("e400")).status == send_status::permanent);
  auto slow = sender.send(message("slow"));
  CHECK(slow.status == send_status::retryable);
  CHECK(slow.error.find("timed out") != std::string::npos);
  CHECK(sender.send(message("reset")).status == send_status::retryable);
  CHECK(sender.send({1, "no digits", "x", std::nullopt}).status == send_status::permanent);
  for (const auto& s : fake.received()) CHECK(s.problem.empty());
  CHECK(fake.delivered() == std::map<std::string, int>{{"hola", 1}});

  // The fake refuses a wrong key by itself: a 400, which is permanent.
  builderbot_config wrong;
  wrong.base = *parse_url(fake.url());
  wrong.api_key = "other";
  wrong.bot_id = "bot-123";
  CHECK(builderbot_sender{wrong}.send(message("hola")).status == send_status::permanent);
}

TEST_CASE("a server that is not there is a retryable failure", "[providers][outbox]") {
  builderbot_config c;
  c.base = *parse_url("http://127.0.0.1:" + std::to_string(free_port()));
  c.api_key = "k";
  c.bot_id = "b";
  auto r = builderbot_sender{c}.send(message("hola"));
  CHECK(r.status == send_status::retryable);
  CHECK(r.error.find("connect") != std::string::npos);
  CHECK(r.http_status == 0);
}

TEST_CASE("the demo provider delivers locally with a generated id", "[providers][outbox]") {
  demo_sender demo;
  auto r = demo.send(message("hola"));
  CHECK(r.status == send_status::sent);
  CHECK(r.provider_message_id.value_or("").rfind("demo-", 0) == 0);
  CHECK(demo.send(message("hola")).provider_message_id != r.provider_message_id);
  CHECK(demo.send({1, "", "x", std::nullopt}).status == send_status::permanent);
}
