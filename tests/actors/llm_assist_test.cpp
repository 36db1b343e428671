// The LLM's place in the autopilot, without a server: what is taken from a valid triage, what
// is not (invented entities), the pre-rules that skip it, the breaker that stops asking a
// provider that keeps failing, and the checks on a grounded reply.
#include "actors/llm_assist.hpp"

#include <catch2/catch.hpp>

#include "tests/support/fake_openai.hpp"

using namespace centralita;
using namespace centralita::actors;
using centralita::testkit::fake_openai;
using centralita::testkit::openai_answer;
using centralita::testkit::openai_request;

namespace {

std::shared_ptr<providers::openai_client> client_for(const fake_openai& fake) {
  providers::openai_config c;
  c.base = *providers::parse_url(fake.base_url());
  c.api_key = "sk-unit";
  c.timeout = std::chrono::milliseconds(2000);
  c.max_attempts = 1;
  return std::make_shared<providers::openai_client>(std::move(c));
}

const ai::triage_model& local() { return ai::triage_model::builtin(); }

}  // namespace

TEST_CASE("a valid LLM triage replaces the local one, invented entities are dropped",
          "[actors][llm]") {
  fake_openai fake{"sk-unit"};
  fake.set_script([](const openai_request&) {
    return openai_answer::chat(
        R"({"category":"TRACKING","confidence":0.88,"risk":"medium","entities":{"order_number":"88123","tracking_number":"ZZ999","invoice_number":null,"email":null,"amount":null}})");
  });
  auto llm = client_for(fake);
  llm_breaker breaker;
  auto out = classify_assisted(llm.get(), local(),
                               "hola, me ayudan con lo de la referencia 88123 porfa", breaker);
  CHECK(out.triage.category == "TRACKING");
  CHECK(out.triage.confidence == Approx(0.88));
  CHECK(out.triage.rule == "llm");
  CHECK(out.triage.risk >= ai::risk_level::medium);
  CHECK(out.triage.entities.order_number == "88123");  // the local model missed it; it is written
  CHECK(out.triage.entities.tracking_number.empty());  // not in the text: invented
  CHECK(out.note == "Triage by the LLM (gpt-4o-mini).");
}

TEST_CASE("without an LLM, or when a pre-rule fires, the local model decides", "[actors][llm]") {
  llm_breaker breaker;
  auto none = classify_assisted(nullptr, local(), "hola, una pregunta", breaker);
  CHECK(none.note.empty());
  CHECK(none.triage.rule != "llm");

  fake_openai fake{"sk-unit"};
  auto llm = client_for(fake);
  auto rule = classify_assisted(llm.get(), local(), "CS1001", breaker);
  CHECK(rule.triage.rule != "model");
  CHECK(rule.note.find("pre-rule") != std::string::npos);
  CHECK(fake.received().empty());
}

TEST_CASE("after repeated transport failures the LLM is paused, then tried again",
          "[actors][llm]") {
  fake_openai fake{"sk-unit"};
  fake.set_script([](const openai_request&) { return openai_answer::http(503); });
  auto llm = client_for(fake);
  llm_breaker breaker;
  breaker.pause = std::chrono::hours(1);
  for (int i = 0; i < 3; ++i) {
    auto out = classify_assisted(llm.get(), local(), "me pueden dar informes de envios", breaker);
    CHECK(out.note.find("HTTP 503") != std::string::npos);
  }
  auto paused = classify_assisted(llm.get(), local(), "me pueden dar informes de envios", breaker);
  CHECK(paused.note.find("paused after repeated failures") != std::string::npos);
  CHECK(fake.received().size() == 3);
  // Once the pause is over, one answer (even a malformed one) closes the breaker.
  breaker.paused_until = std::chrono::steady_clock::now();
  fake.set_script([](const openai_request&) { return openai_answer::chat("{}"); });
  auto back = classify_assisted(llm.get(), local(), "me pueden dar informes de envios", breaker);
  CHECK(back.note.find("missing field 'category'") != std::string::npos);
  CHECK(breaker.failures == 0);
}

TEST_CASE("a grounded reply is checked before it is used", "[actors][llm]") {
  fake_openai fake{"sk-unit"};
  auto llm = client_for(fake);
  llm_breaker breaker;
  ai::triage_result t;
  t.category = "INFO";
  t.language = "es";
  const std::vector<ai::knowledge_passage> passages{
      {7, "Envíos", "Enviamos a todo México en 3 a 5 días hábiles.", 0.8},
      {9, "Pagos", "Aceptamos tarjeta y transferencia.", 0.1}};
  auto answer = [&](const std::string& content) {
    fake.set_script([content](const openai_request&) { return openai_answer::chat(content); });
    return draft_assisted(*llm, "hacen envios a monterrey?", t, "Ana", passages, 0.35, breaker);
  };
  auto good = answer(
      R"({"answerable":true,"reply":"¡Hola, Ana! Sí, enviamos a todo México en 3 a 5 días hábiles.","article_id":7})");
  REQUIRE(good.text);
  CHECK(*good.text ==
        "¡Hola, Ana! Sí, enviamos a todo México en 3 a 5 días hábiles.\n\n(Fuente: «Envíos»).");
  // Only the passage above the score was given to the model.
  auto last = fake.received().back();
  CHECK(last.user.find("[article_id 7]") != std::string::npos);
  CHECK(last.user.find("[article_id 9]") == std::string::npos);

  auto refused = [&](const std::string& content, const std::string& why) {
    auto r = answer(content);
    CHECK_FALSE(r.text);
    CHECK(r.note.find(why) != std::string::npos);
  };
  refused(R"({"answerable":false,"reply":"","article_id":0})", "found no answer");
  refused(R"({"answerable":true,"reply":"   ","article_id":7})", "empty");
  refused(R"({"answerable":true,"reply":")" + std::string(1300, 'a') + R"(","article_id":7})",
          "too long");
  refused(R"({"answerable":true,"reply":"Sí, enviamos.","article_id":9})", "cites no passage");
  refused(
      R"({"answerable":true,"reply":"Yes, we ship to all of Mexico in 3 to 5 days.","article_id":7})",
      "language");
  refused(R"({"answerable":true,"reply":"Sí\u0007 enviamos.","article_id":7})", "control");
  refused("Claro que sí", "not a JSON object");

  // Nothing good enough to quote: the LLM is not asked.
  auto before = fake.received().size();
  auto none = draft_assisted(*llm, "hola", t, "", {{9, "Pagos", "x", 0.1}}, 0.35, breaker);
  CHECK_FALSE(none.text);
  CHECK(none.note.empty());
  CHECK(fake.received().size() == before);
}
