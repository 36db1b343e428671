// The WhatsApp Cloud API send client (docs/protocols.md §3): the wire format, the wamid of a 2xx,
// Graph errors mapped to retryable (429, 5xx, transport) and permanent (other 4xx), against a
// fake Graph API on 127.0.0.1; and the sender chosen per channel provider.
#include "providers/whatsapp_cloud_sender.hpp"

#include <catch2/catch.hpp>

#include "tests/support/fake_graph.hpp"

using namespace centralita;
using namespace centralita::providers;
using namespace centralita::testkit;
using namespace std::chrono_literals;

namespace {

whatsapp_cloud_sender sender_for(const fake_graph& fake) {
  whatsapp_cloud_config c;
  c.base = *parse_url(fake.url());
  c.access_token = "EAAG-test-token";
  c.phone_number_id = "106540352242922";
  c.connect_timeout = 1s;
  c.timeout = 2s;
  return whatsapp_cloud_sender{c};
}

}  // namespace

TEST_CASE("the send request follows §3", "[providers][whatsapp_cloud]") {
  whatsapp_cloud_config c;
  c.base = *parse_url("https://graph.facebook.com");
  c.phone_number_id = "106540352242922";
  CHECK(whatsapp_cloud_send_path(c) == "/v21.0/106540352242922/messages");
  CHECK(whatsapp_cloud_send_body({1, "+52 1 55 1234-5678", "Hola \"Ana\" ✅", std::nullopt}) ==
        R"({"messaging_product":"whatsapp","recipient_type":"individual","to":"5215512345678",)"
        R"("type":"text","text":{"preview_url":false,"body":"Hola \"Ana\" ✅"}})");
  CHECK(
      whatsapp_cloud_send_body({1, "5215512345678", "Tu factura", "https://x.test/f.PDF?v=1"}) ==
      R"({"messaging_product":"whatsapp","recipient_type":"individual","to":"5215512345678",)"
      R"("type":"document","document":{"link":"https://x.test/f.PDF?v=1","caption":"Tu factura"}})");
  CHECK(whatsapp_cloud_send_body({1, "5215512345678", "", "https://x.test/a.jpg"}) ==
        R"({"messaging_product":"whatsapp","recipient_type":"individual","to":"5215512345678",)"
        R"("type":"image","image":{"link":"https://x.test/a.jpg"}})");
}

TEST_CASE("answers map to sent with the wamid, retryable and permanent",
          "[providers][whatsapp_cloud]") {
  auto sent = whatsapp_cloud_result(
      {200, {}, R"({"messaging_product":"whatsapp","messages":[{"id":"wamid.HBg1"}]})"});
  CHECK(sent.status == send_status::sent);
  CHECK(sent.provider_message_id == std::optional<std::string>{"wamid.HBg1"});
  auto limited = whatsapp_cloud_result({429, {{"retry-after", "7"}}, "{}"});
  CHECK(limited.status == send_status::retryable);
  CHECK(limited.retry_after == std::optional<std::chrono::seconds>{7s});
  CHECK(whatsapp_cloud_result({503, {}, ""}).status == send_status::retryable);
  auto refused = whatsapp_cloud_result(
      {400, {}, R"({"error":{"message":"Re-engagement message","code":131047}})"});
  CHECK(refused.status == send_status::permanent);
  CHECK(refused.error == "HTTP 400 code 131047: Re-engagement message");
  CHECK(whatsapp_cloud_result({401, {}, "nope"}).status == send_status::permanent);
}

TEST_CASE("a send reaches the fake Graph API with the token, and a reset is retryable",
          "[providers][whatsapp_cloud]") {
  fake_graph fake{"EAAG-test-token", "106540352242922"};
  auto sender = sender_for(fake);
  auto r = sender.send({7, "5215512345678", "Hola", std::nullopt});
  CHECK(r.status == send_status::sent);
  REQUIRE(r.provider_message_id);
  CHECK(r.provider_message_id->rfind("wamid.OUT", 0) == 0);
  auto got = fake.received();
  REQUIRE(got.size() == 1);
  CHECK(got[0].problem.empty());
  CHECK(got[0].number == "5215512345678");
  CHECK(got[0].content == "Hola");

  fake.set_script([](const fake_send&) { return fake_answer::reset(); });
  CHECK(sender.send({8, "5215512345678", "otra", std::nullopt}).status == send_status::retryable);
  fake.set_script([](const fake_send&) { return fake_answer::http(500); });
  auto down = sender.send({9, "5215512345678", "tres", std::nullopt});
  CHECK(down.status == send_status::retryable);
  CHECK(down.error.find("131000") != std::string::npos);
  CHECK(sender.send({10, "no digits", "x", std::nullopt}).status == send_status::permanent);
}

TEST_CASE("each channel account gets its sender from its own credentials, demo without keys",
          "[providers][outbox]") {
  config::settings s;
  s.builderbot_api_key = "process-wide-key";  // never used: only the account's own count
  s.whatsapp_cloud_access_token = "process-wide-token";
  CHECK(make_outbound_sender(s, "builderbot", {})->name() == "demo");
  CHECK(make_outbound_sender(s, "whatsapp_cloud", {})->name() == "demo");
  CHECK(make_outbound_sender(s, "elevenlabs", {}) == nullptr);
  credentials cloud{{"access_token", "t"}, {"phone_number_id", "1"}};
  CHECK(make_outbound_sender(s, "whatsapp_cloud", cloud)->name() == "whatsapp_cloud");
  CHECK(make_outbound_sender(s, "builderbot", cloud)->name() == "demo");
  credentials bot{{"api_key", "k"}, {"bot_id", "b"}};
  CHECK(make_outbound_sender(s, "builderbot", bot)->name() == "builderbot");
}
