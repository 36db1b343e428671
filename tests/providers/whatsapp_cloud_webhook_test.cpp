// The WhatsApp Cloud API webhook: the X-Hub-Signature-256 against the test vector of
// docs/protocols.md §3, forged and malformed signatures, and the parsing of messages and
// delivery receipts, one item each, with the fields named in every refusal.
#include <catch2/catch.hpp>

#include "providers/whatsapp_cloud_signature.hpp"
#include "providers/whatsapp_cloud_webhook.hpp"

using namespace centralita;
using namespace centralita::providers;

namespace {

// The vector: app secret, the exact body bytes (446, no trailing newline) and the header.
constexpr const char* vector_secret = "test_app_secret";
constexpr const char* vector_body =
    R"({"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Juan Perez"},"wa_id":"5215512345678"}],"messages":[{"from":"5215512345678","id":"wamid.TEST1","timestamp":"1739537297","type":"text","text":{"body":"Hola, donde esta mi pedido?"}}]},"field":"messages"}]}]})";
constexpr const char* vector_header =
    "sha256=06b0424a580b75859d43b9508901df34df54e08d0e2f496c101dbcd60713ee64";

std::string envelope(const std::string& value) {
  return R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":)" +
         value + "}]}]}";
}

error refused(const std::string& body) {
  auto ev = parse_whatsapp_cloud_webhook(body);
  REQUIRE_FALSE(ev);
  CHECK(ev.error().code == errc::invalid_input);
  return ev.error();
}

}  // namespace

TEST_CASE("the published vector verifies and signs to the published header",
          "[providers][whatsapp_cloud]") {
  CHECK(std::string{vector_body}.size() == 446);
  CHECK(verify_whatsapp_cloud_signature(vector_header, vector_body, vector_secret));
  CHECK(sign_whatsapp_cloud(vector_body, vector_secret) == vector_header);
  // The independent cross-check: HMAC-SHA256(key "secret", "test").
  CHECK(sign_whatsapp_cloud("test", "secret") ==
        "sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914");
  // Upper-case hex is the same hash.
  std::string upper = vector_header;
  for (size_t i = 7; i < upper.size(); ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
  CHECK(verify_whatsapp_cloud_signature(upper, vector_body, vector_secret));
}

TEST_CASE("forged, re-serialized, truncated and unprefixed signatures are refused",
          "[providers][whatsapp_cloud]") {
  auto why = [](const std::string& header, const std::string& body, const std::string& secret) {
    auto s = verify_whatsapp_cloud_signature(header, body, secret);
    REQUIRE_FALSE(s);
    CHECK(s.error().code == errc::unauthorized);
    return s.error().message;
  };
  CHECK(why(vector_header, vector_body, "other_secret").find("does not match") !=
        std::string::npos);
  std::string changed = vector_body;
  changed.replace(changed.find("pedido"), 6, "PEDIDO");
  CHECK(why(vector_header, changed, vector_secret).find("does not match") != std::string::npos);
  // The same JSON with a space added (a re-serialization) is not the body that was signed.
  std::string spaced = vector_body;
  spaced.insert(1, " ");
  CHECK(why(vector_header, spaced, vector_secret).find("does not match") != std::string::npos);
  CHECK(why(std::string{vector_header}.substr(0, 40), vector_body, vector_secret)
            .find("does not match") != std::string::npos);
  CHECK(why(std::string{vector_header}.substr(7), vector_body, vector_secret).find("sha256=") !=
        std::string::npos);
  CHECK(why("sha1=06b0424a580b75859d43b9508901df34df54e08d0e2f496c101dbcd60713ee64", vector_body,
            vector_secret)
            .find("sha256=") != std::string::npos);
  CHECK(why("", vector_body, vector_secret).find("missing") != std::string::npos);
  CHECK(why(vector_header, vector_body, "").find("no app secret") != std::string::npos);
}

TEST_CASE("the vector's message is one item: phone, name, text, and the raw body as payload",
          "[providers][whatsapp_cloud]") {
  auto ev = parse_whatsapp_cloud_webhook(vector_body);
  REQUIRE(ev);
  CHECK(ev->field == "messages");
  REQUIRE(ev->items.size() == 1);
  const auto& item = ev->items[0];
  CHECK(item.kind == whatsapp_cloud_kind::message);
  CHECK(item.id == "wamid.TEST1");
  CHECK(item.message.incoming);
  CHECK(item.message.phone == "5215512345678");
  CHECK(item.message.name == "Juan Perez");
  CHECK(item.message.text == "Hola, donde esta mi pedido?");
  CHECK(item.message.attachments == "[]");
  CHECK(item.payload == vector_body);
  CHECK(whatsapp_cloud_event_name(item) == "message");
  CHECK(whatsapp_cloud_provider_id(item) == "message:wamid.TEST1");
}

TEST_CASE("a webhook with several items is split into one payload per item",
          "[providers][whatsapp_cloud]") {
  auto body = envelope(
      R"({"messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242922"},)"
      R"("contacts":[{"profile":{"name":"Ana"},"wa_id":"5215500000001"},{"profile":{"name":"Luis"},"wa_id":"5215500000002"}],)"
      R"("messages":[{"from":"5215500000001","id":"wamid.A","timestamp":"1","type":"text","text":{"body":"uno"}},)"
      R"({"from":"5215500000002","id":"wamid.B","timestamp":"2","type":"image","image":{"id":"media-9","mime_type":"image/jpeg","caption":"foto"}}],)"
      R"("statuses":[{"id":"wamid.OUT","status":"read","timestamp":"3","recipient_id":"5215500000001"},)"
      R"({"id":"wamid.OUT","status":"deleted","timestamp":"4","recipient_id":"5215500000001"}]})");
  auto ev = parse_whatsapp_cloud_webhook(body);
  REQUIRE(ev);
  REQUIRE(ev->items.size() == 3);  // the unknown status "deleted" is skipped
  CHECK(ev->items[1].message.name == "Luis");
  CHECK(ev->items[1].message.text == "foto");
  CHECK(ev->items[1].message.attachments ==
        R"([{"type":"image","media_id":"media-9","mime_type":"image/jpeg"}])");
  CHECK(ev->items[2].kind == whatsapp_cloud_kind::receipt);
  CHECK(ev->items[2].receipt.status == "read");
  CHECK(ev->items[2].receipt.phone == "5215500000001");
  CHECK(whatsapp_cloud_provider_id(ev->items[2]) == "status:wamid.OUT:read");
  CHECK(whatsapp_cloud_event_name(ev->items[2]) == "status.read");
  // Each payload parses back to exactly its item, with its own contact and the metadata.
  for (const auto& item : ev->items) {
    auto again = parse_whatsapp_cloud_webhook(item.payload);
    REQUIRE(again);
    REQUIRE(again->items.size() == 1);
    CHECK(again->items[0].id == item.id);
    CHECK(again->items[0].message.name == item.message.name);
    CHECK(again->items[0].message.text == item.message.text);
    CHECK(item.payload.find("106540352242922") != std::string::npos);
  }
  CHECK(ev->items[0].payload.find("Luis") == std::string::npos);
}

TEST_CASE("message types become text an agent can read", "[providers][whatsapp_cloud]") {
  auto text_of = [](const std::string& message) {
    auto ev = parse_whatsapp_cloud_webhook(envelope(R"({"messages":[)" + message + "]}"));
    REQUIRE(ev);
    REQUIRE(ev->items.size() == 1);
    return ev->items[0].message.text;
  };
  const std::string head = R"({"from":"5215500000001","id":"wamid.X","timestamp":"1",)";
  CHECK(text_of(head + R"("type":"button","button":{"text":"Sí","payload":"yes"}})") == "Sí");
  CHECK(
      text_of(
          head +
          R"("type":"interactive","interactive":{"type":"list_reply","list_reply":{"id":"1","title":"Envío"}}})") ==
      "Envío");
  CHECK(text_of(head + R"("type":"document","document":{"id":"m1","filename":"factura.pdf"}})") ==
        "[document] factura.pdf");
  CHECK(text_of(head + R"("type":"reaction","reaction":{"message_id":"wamid.Y","emoji":"👍"}})") ==
        "👍");
  CHECK(text_of(head + R"("type":"location","location":{"latitude":19.5,"longitude":-99.25}})")
            .rfind("[location] 19.5", 0) == 0);
  CHECK(text_of(head + R"("type":"unsupported"})") == "[unsupported]");
}

TEST_CASE("failed receipts carry the provider's reason, other fields are not ours",
          "[providers][whatsapp_cloud]") {
  auto ev = parse_whatsapp_cloud_webhook(envelope(
      R"({"statuses":[{"id":"wamid.F","status":"failed","timestamp":"1","recipient_id":"5215500000001",)"
      R"("errors":[{"code":131047,"title":"Re-engagement message"}]}]})"));
  REQUIRE(ev);
  REQUIRE(ev->items.size() == 1);
  CHECK(ev->items[0].receipt.error == "131047 Re-engagement message");

  auto other = parse_whatsapp_cloud_webhook(
      R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"account_update","value":{"event":"VERIFIED_ACCOUNT"}}]}]})");
  REQUIRE(other);
  CHECK(other->field == "account_update");
  CHECK(other->items.empty());
}

TEST_CASE("malformed webhooks are refused naming the field", "[providers][whatsapp_cloud]") {
  CHECK(refused(R"({"object":)").detail == "invalid_json");
  CHECK(refused("[1]").message.find("body") == 0);
  CHECK(refused(R"({"entry":[]})").message.find("object is required") == 0);
  CHECK(refused(R"({"object":"page","entry":[]})").message.find("object") == 0);
  CHECK(refused(R"({"object":"whatsapp_business_account"})").message.find("entry") == 0);
  CHECK(refused(R"({"object":"whatsapp_business_account","entry":[{"id":"1"}]})")
            .message.find("entry[0].changes") == 0);
  CHECK(refused(envelope(R"({"messages":[{"id":"wamid.X","type":"text"}]})"))
            .message.find("entry[0].changes[0].value.messages[0].from") == 0);
  CHECK(refused(envelope(R"({"messages":[{"from":"abc","id":"wamid.X","type":"text"}]})"))
            .message.find("entry[0].changes[0].value.messages[0].from") == 0);
  CHECK(refused(envelope(R"({"messages":[{"from":"5215500000001","type":"text"}]})"))
            .message.find("messages[0].id") != std::string::npos);
  CHECK(refused(envelope(R"({"statuses":[{"id":"wamid.X","status":"read"}]})"))
            .message.find("statuses[0].recipient_id") != std::string::npos);
  CHECK(refused(envelope(R"({"messages":{}})")).message.find("value.messages must be") !=
        std::string::npos);
  CHECK(refused("{\"object\":\"whatsapp_business_account\",\"entry\":[\"\xC3\x28\"]}").detail ==
        "invalid_json");
}
