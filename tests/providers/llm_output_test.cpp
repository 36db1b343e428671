// The LLM's answers are external input: a triage or a reply is taken only when every field is
// there, of the right type and in range.
#include <catch2/catch.hpp>

#include "providers/llm_reply.hpp"
#include "providers/llm_triage.hpp"

using namespace centralita;
using namespace centralita::providers;

namespace {
const char* entities_null =
    R"("entities":{"order_number":null,"tracking_number":"CS1002","invoice_number":null,"email":null,"amount":null})";

std::string triage(const std::string& fields) { return "{" + fields + "," + entities_null + "}"; }

std::string why(const result<llm_triage>& r) { return r ? std::string{} : r.error().message; }
}  // namespace

TEST_CASE("a well-formed triage is read whole", "[providers][llm]") {
  auto r = parse_llm_triage(triage(R"("category":"TRACKING","confidence":0.92,"risk":"low")"));
  REQUIRE(r);
  CHECK(r->category == "TRACKING");
  CHECK(r->confidence == Approx(0.92));
  CHECK(r->risk == "low");
  CHECK(r->entities.tracking_number == "CS1002");
  CHECK(r->entities.order_number.empty());
}

TEST_CASE("a triage that breaks the schema is refused, naming what", "[providers][llm]") {
  auto refused = [](const std::string& content, const std::string& part) {
    auto r = parse_llm_triage(content);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::unprocessable);
    CHECK(why(r).find(part) != std::string::npos);
  };
  refused("no json", "not a JSON object");
  refused("[1,2]", "not a JSON object");
  refused(triage(R"("category":"SALES","confidence":0.9,"risk":"low")"), "unknown category");
  refused(triage(R"("category":"info","confidence":0.9,"risk":"low")"), "unknown category");
  refused(triage(R"("category":"INFO","confidence":1.5,"risk":"low")"), "confidence");
  refused(triage(R"("category":"INFO","confidence":-0.1,"risk":"low")"), "confidence");
  refused(triage(R"("category":"INFO","confidence":"high","risk":"low")"), "confidence");
  refused(triage(R"("confidence":0.9,"risk":"low")"), "'category'");
  refused(triage(R"("category":"INFO","confidence":0.9)"), "'risk'");
  refused(triage(R"("category":"INFO","confidence":0.9,"risk":"extreme")"), "unknown risk");
  refused(R"({"category":"INFO","confidence":0.9,"risk":"low"})", "'entities'");
  refused(R"({"category":"INFO","confidence":0.9,"risk":"low","entities":{"email":7}})", "entity");
}

TEST_CASE("the triage request asks for JSON with a strict schema", "[providers][llm]") {
  auto r = triage_request("donde esta mi pedido");
  REQUIRE(r.messages.size() == 2);
  CHECK(r.messages[0].content.find("JSON") != std::string::npos);
  CHECK(r.messages[1].content == "donde esta mi pedido");
  CHECK(r.schema_name == "triage");
  auto body = chat_request_body("m", r);
  CHECK(body.find(R"("type":"json_schema")") != std::string::npos);
  CHECK(body.find(R"("strict":true)") != std::string::npos);
}

TEST_CASE("a grounded reply is read, or refused when malformed", "[providers][llm]") {
  auto ok = parse_llm_reply(R"({"answerable":true,"reply":"Enviamos en 3 días.","article_id":7})");
  REQUIRE(ok);
  CHECK(ok->answerable);
  CHECK(ok->text == "Enviamos en 3 días.");
  CHECK(ok->article_id == 7);
  auto no = parse_llm_reply(R"({"answerable":false,"reply":"","article_id":0})");
  REQUIRE(no);
  CHECK_FALSE(no->answerable);
  CHECK_FALSE(parse_llm_reply("plain words"));
  CHECK_FALSE(parse_llm_reply(R"({"reply":"x","article_id":7})"));
  CHECK_FALSE(parse_llm_reply(R"({"answerable":true,"article_id":7})"));
  CHECK_FALSE(parse_llm_reply(R"({"answerable":true,"reply":"x","article_id":"7"})"));
}

TEST_CASE("the reply request gives the passages with their article ids", "[providers][llm]") {
  auto r =
      reply_request("¿hacen envíos?", "es", "Ana", {{12, "Envíos", "Enviamos a todo México."}});
  REQUIRE(r.messages.size() == 2);
  CHECK(r.messages[0].content.find("ONLY") != std::string::npos);
  CHECK(r.messages[0].content.find("Spanish") != std::string::npos);
  CHECK(r.messages[1].content.find("[article_id 12] Envíos") != std::string::npos);
  CHECK(r.messages[1].content.find("¿hacen envíos?") != std::string::npos);
}
