// Which embedder the knowledge index gets from the settings: the local one unless
// CENTRALITA_EMBEDDER=openai comes with a key, then the embeddings endpoint (a fake OpenAI API on
// loopback), named after its model; a bad OPENAI_BASE_URL is a configuration error.
#include "actors/knowledge_embedder.hpp"

#include <catch2/catch.hpp>

#include "tests/support/fake_openai.hpp"

using namespace centralita;

TEST_CASE("the knowledge embedder is local unless the settings ask for the API with a key",
          "[actors][embedder]") {
  config::settings s;
  auto local = actors::knowledge_embedder(s);
  REQUIRE(local);
  CHECK((*local)->name().rfind("local-hash-", 0) == 0);

  s.embedder = "openai";  // no key: still local
  auto keyless = actors::knowledge_embedder(s);
  REQUIRE(keyless);
  CHECK((*keyless)->name() == (*local)->name());

  s.openai_api_key = "sk-unit";
  s.openai_base_url = "ftp://example.test/v1";
  auto bad = actors::knowledge_embedder(s);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == errc::invalid_input);
  CHECK(bad.error().message.find("OPENAI_BASE_URL") != std::string::npos);
}

TEST_CASE("with CENTRALITA_EMBEDDER=openai the knowledge embedder asks the embeddings endpoint",
          "[actors][embedder]") {
  testkit::fake_openai fake{"sk-unit", 24};
  config::settings s;
  s.embedder = "openai";
  s.openai_api_key = "sk-unit";
  s.openai_base_url = fake.base_url();
  s.openai_embedding_model = "multilingual-test";
  auto e = actors::knowledge_embedder(s);
  REQUIRE(e);
  CHECK((*e)->name() == "openai:multilingual-test");
  auto v = (*e)->embed_query("¿cuándo llega mi pedido?");
  REQUIRE(v);
  CHECK(v->size() == 24);
  CHECK((*e)->dimension() == 24);
  const auto asked = fake.received();
  REQUIRE_FALSE(asked.empty());
  CHECK(asked.back().endpoint == "embeddings");
  CHECK(asked.back().inputs == std::vector<std::string>{"¿cuándo llega mi pedido?"});
}
