// The AI pipeline with an OpenAI-compatible LLM configured (a fake API on loopback): triage and
// INFO replies come from the LLM when its answers are valid, and every failure (content that is
// not JSON, a cut-off answer, an unknown category, a confidence out of range, a missing field,
// HTTP 500, 429, a slow answer, a reply in the wrong language or citing no passage) falls back
// to the local model or the template reply, with the decision's reason saying so. With
// CENTRALITA_EMBEDDER=openai the knowledge base is embedded and searched through the fake. A
// shard held up by a slow answer then decides the messages that queued behind it as one batch,
// and that batch's searches each wait for the ones ahead of them at the knowledge actor.
#include <catch2/catch.hpp>

#include <regex>
#include <thread>

#include "tests/server/api_helpers.hpp"
#include "tests/support/fake_openai.hpp"

using namespace centralita;
using namespace centralita::testkit;

namespace {

constexpr const char* openai_key = "sk-fake-pipeline-0001";
const std::string question =
    "Tienen politica de devoluciones? cuantos dias tengo para cambiar un producto";
const std::string llm_words = "Tienes 30 días para cambiar tu producto, sin costo y con ticket.";

std::string triage_json(const std::string& category, const std::string& confidence,
                        const std::string& risk = R"("risk":"low",)") {
  return R"({"category":")" + category + R"(","confidence":)" + confidence + "," + risk +
         R"("entities":{"order_number":null,"tracking_number":null,"invoice_number":null,)"
         R"("email":null,"amount":null}})";
}

// The fake's behaviour, chosen by a marker in the customer's text.
openai_answer script(const openai_request& r) {
  auto has = [&](const char* marker) { return r.user.find(marker) != std::string::npos; };
  if (r.schema == "triage") {
    if (has("[malformado]")) return openai_answer::chat("Claro: es una pregunta INFO");
    if (has("[cortado]")) return openai_answer::chat(triage_json("INFO", "0.9"), "length");
    if (has("[categoria]")) return openai_answer::chat(triage_json("SALES", "0.9"));
    if (has("[confianza]")) return openai_answer::chat(triage_json("INFO", "1.7"));
    if (has("[faltante]")) return openai_answer::chat(triage_json("INFO", "0.9", ""));
    if (has("[error500]")) return openai_answer::http(500);
    if (has("[limite]")) return openai_answer::http(429, {{"Retry-After", "1"}});
    if (has("[lento]")) {
      return openai_answer::slow(std::chrono::seconds(4),
                                 openai_answer::chat(triage_json("INFO", "0.9")));
    }
    if (has("[queja-lenta]")) {
      return openai_answer::slow(std::chrono::seconds(5),
                                 openai_answer::chat(triage_json("COMPLAINT", "0.95")));
    }
    if (has("[queja]")) return openai_answer::chat(triage_json("COMPLAINT", "0.95"));
    return openai_answer::chat(triage_json("INFO", "0.93"));
  }
  if (r.schema == "grounded_reply") {
    std::smatch m;
    std::string article = std::regex_search(r.user, m, std::regex{R"(\[article_id (\d+)\])"})
                              ? m[1].str()
                              : std::string{"0"};
    if (has("[ingles]")) {
      return openai_answer::chat(
          R"({"answerable":true,"reply":"You have 30 days to return it, and the shipping is free.","article_id":)" +
          article + "}");
    }
    if (has("[sin-cita]")) article = "999999";
    return openai_answer::chat(R"({"answerable":true,"reply":")" + llm_words +
                               R"(","article_id":)" + article + "}");
  }
  return openai_answer::embeddings();
}

struct llm_fixture {
  fake_openai fake{openai_key};
  test_database db{db_contents::seeded};
  storage::pg_connection sql = db.connect();
  server_process server;
  std::string supervisor = login(server.api_port(), "supervisor@demo.com");
  http_connection api{"127.0.0.1", server.api_port()};
  http_connection gateway{"127.0.0.1", server.gateway_port()};

  explicit llm_fixture(const environment_vars& extra = {})
      : server(db.url(), environment(fake, extra)) {
    fake.set_script(script);
  }

  static environment_vars environment(const fake_openai& f, const environment_vars& extra) {
    auto env = f.environment();
    bool timeout_given = false;
    for (const auto& [key, v] : extra) timeout_given = timeout_given || key == "OPENAI_TIMEOUT_MS";
    if (!timeout_given) env.emplace_back("OPENAI_TIMEOUT_MS", "1500");
    env.insert(env.end(), extra.begin(), extra.end());
    return env;
  }

  std::string value(const std::string& q) { return query_value(sql, q); }

  void autopilot() {
    auto r =
        api.request("PATCH", "/api/v1/settings", R"({"ai_mode":"AUTOPILOT"})", bearer(supervisor));
    REQUIRE(r.status == 200);
  }

  void post(const std::string& phone, const std::string& text) {
    REQUIRE(post_builderbot(gateway, incoming_body(phone, text, "Prueba LLM")).status == 200);
  }

  std::string conversation(const std::string& phone) {
    return "(SELECT c.id FROM conversations c JOIN customers cu ON cu.id = c.customer_id "
           "WHERE cu.phone = '" +
           phone + "')";
  }

  // The decision's column once it is there.
  std::string decision(const std::string& phone, const std::string& column) {
    auto where = " FROM ai_decisions WHERE conversation_id = " + conversation(phone);
    REQUIRE(wait_for_value(sql, "SELECT count(*)" + where, "1") == "1");
    return value("SELECT " + column + where);
  }

  // Waits until the customer's message is stored (and so handed to the AI pipeline).
  void stored(const std::string& phone) {
    auto count = "SELECT count(*) FROM messages WHERE conversation_id = " + conversation(phone);
    REQUIRE(wait_for_value(sql, count, "1") == "1");
  }

  // With CENTRALITA_EMBEDDER=openai: whether every chunk is embedded by the remote model.
  bool embedded_remotely() {
    auto all_remote =
        "SELECT count(*) > 0 AND count(*) = count(*) FILTER (WHERE embedder = "
        "'openai:text-embedding-3-small') FROM knowledge_chunks";
    return wait_for_value(sql, all_remote, "t") == "t";
  }

  // Searches for the returns policy until its article is found (the index is built right after
  // the chunks are stored: the first searches may be empty) or the search fails.
  http_response search_returns() {
    http_response r;
    for (int i = 0; i < 100; ++i) {
      r = api.request("GET", "/api/v1/knowledge/search?q=politica%20de%20devoluciones&k=3", "",
                      bearer(supervisor));
      if (r.status != 200 || contains(r.body, "Cambios y devoluciones")) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return r;
  }

  std::string reply(const std::string& phone) {
    return value("SELECT body FROM messages WHERE direction = 'out' AND conversation_id = " +
                 conversation(phone) + " ORDER BY id DESC LIMIT 1");
  }
};

}  // namespace

TEST_CASE_METHOD(llm_fixture, "the LLM classifies and drafts the INFO reply from the passages",
                 "[server][ai][llm]") {
  autopilot();
  post("5215591000001", question);
  CHECK(decision("5215591000001", "category") == "INFO");
  CHECK(decision("5215591000001", "action") == "autopilot_reply");
  auto reason = decision("5215591000001", "reason");
  CHECK(contains(reason, "Triage by the LLM (gpt-4o-mini)."));
  CHECK(contains(reason, "Reply drafted by the LLM from article"));
  CHECK(contains(decision("5215591000001", "inputs::text"), R"("triage_rule": "llm")"));
  CHECK(reply("5215591000001") == llm_words + "\n\n(Fuente: «Cambios y devoluciones»).");

  // The LLM's category drives the policy: a complaint goes to a person.
  post("5215591000002", question + " [queja]");
  CHECK(decision("5215591000002", "category") == "COMPLAINT");
  CHECK(decision("5215591000002", "action") == "ticket");

  int triages = 0;
  int replies = 0;
  for (const auto& r : fake.received()) {
    CHECK(r.problem.empty());
    triages += r.schema == "triage";
    replies += r.schema == "grounded_reply";
  }
  CHECK(triages == 2);
  CHECK(replies >= 1);
}

TEST_CASE_METHOD(llm_fixture, "every LLM failure falls back to the local model, saying why",
                 "[server][ai][llm]") {
  autopilot();
  struct failure_case {
    std::string marker;
    std::string reason;
  };
  const std::vector<failure_case> cases = {
      {"[malformado]", "not a JSON object"},
      {"[cortado]", "cut off (finish_reason length)"},
      {"[categoria]", "unknown category 'SALES'"},
      {"[confianza]", "confidence out of [0,1]"},
      {"[faltante]", "missing field 'risk'"},
      {"[error500]", "HTTP 500"},
      {"[limite]", "HTTP 429"},
      {"[lento]", "timed out"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    post("52155920000" + std::to_string(10 + i), question + " " + cases[i].marker);
  }
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto phone = "52155920000" + std::to_string(10 + i);
    INFO(cases[i].marker);
    auto reason = decision(phone, "reason");
    CHECK(contains(reason, "The LLM's triage was not used ("));
    CHECK(contains(reason, cases[i].reason));
    CHECK(contains(reason, "the local model classified it."));
    // The local triage: the question is about the return window, which a pre-rule reads (one
    // the LLM may override, so the LLM was asked first).
    CHECK(contains(decision(phone, "inputs::text"), R"("triage_rule": "rule.return_policy")"));
    // The local model still answers the question.
    CHECK(decision(phone, "category") == "INFO");
    CHECK(decision(phone, "action") == "autopilot_reply");
  }
  for (const auto& r : fake.received()) CHECK(r.problem.empty());
}

TEST_CASE_METHOD(llm_fixture, "an LLM reply in another language or citing nothing is not sent",
                 "[server][ai][llm]") {
  autopilot();
  post("5215593000001", question + " [ingles]");
  post("5215593000002", question + " [sin-cita]");
  for (const auto& [phone, why] :
       {std::pair{"5215593000001", "not in the customer's language"},
        std::pair{"5215593000002", "it cites no passage it was given"}}) {
    INFO(phone);
    auto reason = decision(phone, "reason");
    INFO(reason);
    CHECK(contains(reason, "Triage by the LLM"));
    CHECK(contains(reason, std::string{"The LLM's reply was not used ("} + why));
    CHECK(decision(phone, "action") == "autopilot_reply");
    auto text = reply(phone);
    CHECK(contains(text, "«Cambios y devoluciones»"));
    CHECK(contains(text, "¿Te ayudo con algo más?"));  // the template's words
    CHECK_FALSE(contains(text, llm_words));
  }
}

TEST_CASE("with CENTRALITA_EMBEDDER=openai the knowledge base is embedded by the API",
          "[server][ai][llm]") {
  llm_fixture f{{{"CENTRALITA_EMBEDDER", "openai"}}};
  // The seeded articles are embedded again with the remote model at start-up.
  CHECK(f.embedded_remotely());
  CHECK(f.value("SELECT DISTINCT array_length(embedding, 1) FROM knowledge_chunks") == "32");
  auto r = f.search_returns();
  REQUIRE(r.status == 200);
  CHECK(contains(r.body, "Cambios y devoluciones"));
  bool searched = false;
  for (const auto& req : f.fake.received()) {
    CHECK(req.problem.empty());
    if (req.endpoint == "embeddings" && req.inputs.size() == 1 &&
        req.inputs[0] == "politica de devoluciones") {
      searched = true;
    }
  }
  CHECK(searched);

  // With the embeddings endpoint down, searches still rank by their words.
  f.fake.set_script([](const openai_request&) { return openai_answer::http(500); });
  r = f.api.request("GET", "/api/v1/knowledge/search?q=politica%20de%20devoluciones&k=3", "",
                    bearer(f.supervisor));
  REQUIRE(r.status == 200);
  CHECK(contains(r.body, "Cambios y devoluciones"));
}

TEST_CASE("an autopilot shard that was busy decides what queued up meanwhile in one batch",
          "[server][ai][llm]") {
  // One shard, and an LLM slow to answer the first message, so the others queue behind it. All
  // are complaints: nothing is searched, so the shard never waits with its mailbox open.
  llm_fixture f{{{"CENTRALITA_AI_WORKERS", "1"}, {"OPENAI_TIMEOUT_MS", "8000"}}};
  auto batches = [&] {
    auto body = http_request(f.server.api_port(), "GET", "/metrics").body;
    std::smatch m;
    static const std::regex counter{R"(centralita_ai_batches_total ([0-9]+))"};
    return std::regex_search(body, m, counter) ? std::stoi(m[1]) : -1;
  };
  auto complaints = [&] {
    return std::stoi(f.value("SELECT count(*) FROM ai_decisions WHERE category = 'COMPLAINT'"));
  };
  const int batches_before = batches();
  REQUIRE(batches_before >= 0);
  const int complaints_before = complaints();
  f.post("5215591000100", question + " [queja-lenta]");
  f.stored("5215591000100");
  // Each stored before the next is posted: each reaches the shard as a batch of its own.
  const int queued = 8;
  for (int i = 1; i <= queued; ++i) {
    auto phone = "521559100010" + std::to_string(i);
    f.post(phone, question + " [queja] " + std::to_string(i));
    f.stored(phone);
  }
  const auto all = std::to_string(complaints_before + queued + 1);
  REQUIRE(wait_for_value(f.sql, "SELECT count(*) FROM ai_decisions WHERE category = 'COMPLAINT'",
                         all) == all);
  // The slow one, then the others together (a third if one was stored just as it ended).
  CHECK(batches() - batches_before <= 3);
}

TEST_CASE("a batch's knowledge searches wait for the ones queued ahead of them",
          "[server][ai][llm]") {
  // A remote embedder that takes 2 s per question: the knowledge actor answers the searches of
  // a batch one after another, so the third of a batch is answered after 6 s.
  llm_fixture f{{{"CENTRALITA_AI_WORKERS", "1"},
                 {"CENTRALITA_EMBEDDER", "openai"},
                 {"OPENAI_TIMEOUT_MS", "3000"}}};
  REQUIRE(f.embedded_remotely());
  REQUIRE(contains(f.search_returns().body, "Cambios y devoluciones"));
  f.fake.set_script([](const openai_request& q) {
    if (q.endpoint == "embeddings") {
      return openai_answer::slow(std::chrono::seconds(2), openai_answer::embeddings());
    }
    if (q.schema == "triage" && q.user.find("[info-lenta]") != std::string::npos) {
      return openai_answer::slow(std::chrono::milliseconds(2500),
                                 openai_answer::chat(triage_json("INFO", "0.93")));
    }
    return script(q);
  });
  // The first holds the shard; the three after it queue up and go through as one batch.
  std::vector<std::string> phones{"5215591000200", "5215591000201", "5215591000202",
                                  "5215591000203"};
  for (size_t i = 0; i < phones.size(); ++i) {
    f.post(phones[i], question + (i == 0 ? " [info-lenta]" : " " + std::to_string(i)));
    f.stored(phones[i]);
  }
  for (const auto& phone : phones) {
    CAPTURE(phone);
    CHECK(f.decision(phone, "category") == "INFO");
    CHECK(f.decision(phone, "jsonb_array_length(inputs->'knowledge') > 0") == "t");
  }
}
