#include "providers/builderbot_webhook.hpp"

#include <catch2/catch.hpp>

using namespace centralita;
using namespace centralita::providers;

TEST_CASE("an incoming message yields phone, name, text and attachments", "[providers]") {
  auto ev = parse_builderbot_webhook(
      R"({"eventName":"message.incoming","data":{"body":"Hola 📦","name":"Ana","from":"+52 155 9999 0001",)"
      R"("attachment":["https://x/a.jpg",{"payload":{"url":"https://x/b.pdf"}}],"projectId":"p"}})");
  REQUIRE(ev);
  CHECK(ev->kind == builderbot_kind::message_incoming);
  CHECK(ev->phone == "5215599990001");
  CHECK(ev->name == "Ana");
  CHECK(ev->text == "Hola 📦");
  CHECK(ev->attachments == R"(["https://x/a.jpg","https://x/b.pdf"])");
}

TEST_CASE("an outgoing message reads the customer from `to`, then `from`", "[providers]") {
  auto ev = parse_builderbot_webhook(
      R"({"eventName":"message.outgoing","data":{"answer":"Listo","from":"111111","to":"5215512345678"}})");
  REQUIRE(ev);
  CHECK(ev->kind == builderbot_kind::message_outgoing);
  CHECK(ev->phone == "5215512345678");
  CHECK(ev->text == "Listo");
}

TEST_CASE("bad input is refused with an error naming the field", "[providers]") {
  auto refused = [](const std::string& body) {
    auto ev = parse_builderbot_webhook(body);
    REQUIRE_FALSE(ev);
    CHECK(ev.error().code == errc::invalid_input);
    return ev.error();
  };
  CHECK(refused(R"({"eventName":)").detail == "invalid_json");
  CHECK(refused("[1,2]").message.find("body") != std::string::npos);
  CHECK(refused(R"({"eventName":"message.incoming","data":{"body":"x"}})")
            .message.find("data.from") == 0);
  CHECK(refused(R"({"eventName":7,"data":{}})").message.find("eventName") == 0);
  CHECK(refused(R"({"eventName":"message.incoming","data":{"from":"123456","body":5}})")
            .message.find("data.body") == 0);
  CHECK(refused(R"({"eventName":"message.incoming","data":{"from":"abc","body":"x"}})")
            .message.find("data.from") == 0);
  std::string huge = R"({"eventName":"message.incoming","data":{"from":"123456","body":")" +
                     std::string(max_text_bytes + 1, 'a') + "\"}}";
  CHECK(refused(huge).message.find("too long") != std::string::npos);
  CHECK(refused("{\"eventName\":\"message.incoming\",\"data\":{\"from\":\"123456\",\"body\":"
                "\"\xC3\x28\"}}")
            .detail == "invalid_json");
}

TEST_CASE("an unknown event name is kept, not refused", "[providers]") {
  auto ev = parse_builderbot_webhook(R"({"eventName":"message.reaction","data":{}})");
  REQUIRE(ev);
  CHECK(ev->kind == builderbot_kind::unknown);
  CHECK(ev->event_name == "message.reaction");
}

TEST_CASE("a message's own id is read when the payload carries one", "[providers]") {
  auto id_of = [](const std::string& data) {
    auto ev = parse_builderbot_webhook(
        R"({"eventName":"message.incoming","data":{"body":"ok","from":"5215500000001")" + data +
        "}}");
    REQUIRE(ev);
    return ev->provider_id;
  };
  CHECK(id_of("") == "");
  CHECK(id_of(R"(,"message_id":"wamid.A1")") == "wamid.A1");
  CHECK(id_of(R"(,"messageId":"B2")") == "B2");
  CHECK(id_of(R"(,"id":"C3")") == "C3");
  CHECK(id_of(R"(,"key":{"remoteJid":"x@s.whatsapp.net","id":"3EB0D4"})") == "3EB0D4");
  // Ids that cannot be one: not a string, empty, with spaces, too long.
  CHECK(id_of(R"(,"id":17)") == "");
  CHECK(id_of(R"(,"id":"")") == "");
  CHECK(id_of(R"(,"id":"a b")") == "");
  CHECK(id_of(R"(,"id":")" + std::string(129, 'x') + "\"") == "");
}

TEST_CASE("nesting past the JSON limit and text after the JSON are refused", "[providers]") {
  auto deep = R"({"eventName":"message.incoming","data":{"from":"1","body":)" +
              std::string(200000, '[') + std::string(200000, ']') + "}}";
  auto ev = parse_builderbot_webhook(deep);
  REQUIRE_FALSE(ev);
  CHECK(ev.error().detail == "too_deep");
  const std::string ok = R"({"eventName":"message.incoming","data":{"from":"123456","body":"x"}})";
  CHECK(parse_builderbot_webhook(ok + " \n"));
  CHECK_FALSE(parse_builderbot_webhook(ok + "x"));
  CHECK_FALSE(parse_builderbot_webhook(ok + std::string("\0{}", 3)));
}
