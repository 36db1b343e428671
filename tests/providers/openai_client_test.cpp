// The OpenAI-compatible client against the fake API on loopback: JSON mode, truncation,
// malformed content, retries on 429 (Retry-After) and 500, the time budget, a refused key that
// never shows in the error, and embeddings put back in `index` order.
#include "providers/openai_client.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <mutex>

#include "tests/support/fake_openai.hpp"

using namespace centralita;
using namespace centralita::providers;
using centralita::testkit::fake_openai;
using centralita::testkit::openai_answer;
using centralita::testkit::openai_request;
using std::chrono::milliseconds;

namespace {

constexpr const char* key = "sk-test-secret-123456";

struct client_fixture {
  fake_openai fake{key, 8};
  std::mutex mutex;
  std::vector<milliseconds> slept;

  openai_client client(milliseconds timeout = milliseconds(5000), int attempts = 3,
                       std::string api_key = key) {
    openai_config c;
    c.base = *parse_url(fake.base_url());
    c.api_key = std::move(api_key);
    c.timeout = timeout;
    c.max_attempts = attempts;
    c.embedding_batch = 2;
    // Waits are recorded, not slept: the test checks what was asked, not how long it took.
    c.sleep = [this](milliseconds d) {
      std::lock_guard<std::mutex> lock{mutex};
      slept.push_back(d);
    };
    return openai_client{std::move(c)};
  }
};

chat_request json_request() {
  chat_request r;
  r.messages = {{"system", "Answer with a JSON object."}, {"user", "hola"}};
  return r;
}

bool has(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE_METHOD(client_fixture, "chat in JSON mode returns the content's JSON text",
                 "[providers][openai]") {
  fake.set_script([](const openai_request&) { return openai_answer::chat(R"({"ok":true})"); });
  auto r = json_request();
  r.schema_name = "triage";
  r.schema_json = R"({"type":"object"})";
  auto out = client().chat_json(r);
  REQUIRE(out);
  CHECK(*out == R"({"ok":true})");
  auto got = fake.received();
  REQUIRE(got.size() == 1);
  CHECK(got[0].problem.empty());
  CHECK(got[0].endpoint == "chat");
  CHECK(got[0].schema == "triage");
  CHECK(got[0].model == "gpt-4o-mini");
  CHECK(got[0].headers["authorization"] == std::string{"Bearer "} + key);
}

TEST_CASE_METHOD(client_fixture, "content that is not JSON, a cut-off answer, a refused request",
                 "[providers][openai]") {
  SECTION("malformed content") {
    fake.set_script([](const openai_request&) { return openai_answer::chat("Sure! {category"); });
    auto out = client().chat_json(json_request());
    REQUIRE_FALSE(out);
    CHECK(out.error().code == errc::unprocessable);
    CHECK(has(out.error().message, "not a JSON object"));
  }
  SECTION("finish_reason length, even when the text parses") {
    fake.set_script(
        [](const openai_request&) { return openai_answer::chat(R"({"a":1})", "length"); });
    auto out = client().chat_json(json_request());
    REQUIRE_FALSE(out);
    CHECK(out.error().code == errc::unprocessable);
    CHECK(has(out.error().message, "cut off"));
  }
  SECTION("JSON mode without asking for JSON is a 400, not retried") {
    chat_request r;
    r.messages = {{"user", "hola"}};
    auto out = client().chat_json(r);
    REQUIRE_FALSE(out);
    CHECK(out.error().code == errc::invalid_input);
    CHECK(has(out.error().message, "HTTP 400"));
    CHECK(fake.received().size() == 1);
  }
  CHECK(slept.empty());
}

TEST_CASE_METHOD(client_fixture, "429 is retried after its Retry-After", "[providers][openai]") {
  // The script runs under the fake's lock: it counts by itself.
  auto calls = std::make_shared<int>(0);
  fake.set_script([calls](const openai_request&) {
    if (++*calls == 1) return openai_answer::http(429, {{"Retry-After", "2"}});
    return openai_answer::chat(R"({"ok":1})");
  });
  auto out = client().chat_json(json_request());
  REQUIRE(out);
  CHECK(fake.received().size() == 2);
  REQUIRE(slept.size() == 1);
  CHECK(slept[0] == milliseconds(2000));
}

TEST_CASE_METHOD(client_fixture, "a Retry-After beyond the time budget ends the call at once",
                 "[providers][openai]") {
  fake.set_script([](const openai_request&) {
    return openai_answer::http(429, {{"Retry-After", "60"}});
  });
  auto out = client(milliseconds(3000)).chat_json(json_request());
  REQUIRE_FALSE(out);
  CHECK(out.error().code == errc::unavailable);
  CHECK(has(out.error().message, "HTTP 429"));
  CHECK(has(out.error().message, "Retry-After"));
  CHECK(fake.received().size() == 1);
  CHECK(slept.empty());
}

TEST_CASE_METHOD(client_fixture, "500 is retried with doubling backoff, then given up",
                 "[providers][openai]") {
  fake.set_script([](const openai_request&) { return openai_answer::http(500); });
  auto out = client().chat_json(json_request());
  REQUIRE_FALSE(out);
  CHECK(out.error().code == errc::unavailable);
  CHECK(has(out.error().message, "HTTP 500"));
  CHECK(has(out.error().message, "3 attempts"));
  CHECK(fake.received().size() == 3);
  CHECK(slept == std::vector<milliseconds>{milliseconds(200), milliseconds(400)});
}

TEST_CASE_METHOD(client_fixture, "a slow answer times out within the budget",
                 "[providers][openai]") {
  fake.set_script([](const openai_request&) {
    return openai_answer::slow(std::chrono::seconds(5), openai_answer::chat("{}"));
  });
  auto out = client(milliseconds(300), 1).chat_json(json_request());
  REQUIRE_FALSE(out);
  CHECK(out.error().code == errc::unavailable);
  CHECK(has(out.error().message, "timed out"));
}

TEST_CASE_METHOD(client_fixture, "a refused key is unauthorized and never quoted",
                 "[providers][openai]") {
  auto out = client(milliseconds(3000), 3, "sk-wrong-key-987654").chat_json(json_request());
  REQUIRE_FALSE(out);
  CHECK(out.error().code == errc::unauthorized);
  CHECK(has(out.error().message, "HTTP 401"));
  CHECK_FALSE(has(out.error().message, "sk-"));
  CHECK_FALSE(has(out.error().message, "Incorrect"));
  CHECK(fake.received().size() == 1);
}

TEST_CASE_METHOD(client_fixture, "embeddings come back in index order, in batches",
                 "[providers][openai]") {
  std::vector<std::string> texts{"envios a monterrey", "refund policy", "horario de atencion",
                                 "garantia", "facturas"};
  auto out = client().embed(texts);
  REQUIRE(out);
  REQUIRE(out->size() == texts.size());
  for (size_t i = 0; i < texts.size(); ++i) CHECK((*out)[i] == fake.vector_of(texts[i]));
  auto got = fake.received();
  REQUIRE(got.size() == 3);  // batches of 2, 2 and 1
  CHECK(got[0].endpoint == "embeddings");
  CHECK(got[0].model == "text-embedding-3-small");
  CHECK(got[0].inputs == std::vector<std::string>{texts[0], texts[1]});
  for (const auto& r : got) CHECK(r.problem.empty());
}

TEST_CASE("embeddings answers are validated", "[providers][openai]") {
  CHECK(parse_embeddings_answer(
            R"({"data":[{"index":1,"embedding":[1]},{"index":0,"embedding":[2]}]})", 2)
            .ok());
  CHECK_FALSE(parse_embeddings_answer(R"({"data":[{"index":0,"embedding":[1]}]})", 2));
  CHECK_FALSE(parse_embeddings_answer(
      R"({"data":[{"index":0,"embedding":[1]},{"index":0,"embedding":[2]}]})", 2));
  CHECK_FALSE(parse_embeddings_answer(
      R"({"data":[{"index":0,"embedding":[1,2]},{"index":1,"embedding":[2]}]})", 2));
  CHECK_FALSE(parse_embeddings_answer(R"({"data":[{"index":0,"embedding":["x"]}]})", 1));
  CHECK_FALSE(parse_embeddings_answer("not json", 1));
}
