// The optional LLM's settings: defaults, overrides, and refusals that name the key.
#include <catch2/catch.hpp>

#include <map>

#include "tests/config/settings_from.hpp"

using namespace centralita;
using namespace centralita::config_test;

TEST_CASE("OpenAI defaults: no key, the public API, small models, local embedder",
          "[config][openai]") {
  auto s = accepted({});
  CHECK(s.openai_api_key.empty());
  CHECK(s.openai_base_url == "https://api.openai.com/v1");
  CHECK(s.openai_chat_model == "gpt-4o-mini");
  CHECK(s.openai_embedding_model == "text-embedding-3-small");
  CHECK(s.openai_timeout_ms == 8000);
  CHECK(s.embedder == "local");
}

TEST_CASE("OpenAI settings are read from the environment", "[config][openai]") {
  auto s = accepted({{"OPENAI_API_KEY", "sk-test"},
                     {"OPENAI_BASE_URL", "http://127.0.0.1:9/v1"},
                     {"OPENAI_CHAT_MODEL", "llama-3.1-8b"},
                     {"OPENAI_EMBEDDING_MODEL", "bge-m3"},
                     {"OPENAI_TIMEOUT_MS", "2500"},
                     {"CENTRALITA_EMBEDDER", "openai"}});
  CHECK(s.openai_chat_model == "llama-3.1-8b");
  CHECK(s.openai_embedding_model == "bge-m3");
  CHECK(s.openai_timeout_ms == 2500);
  CHECK(s.embedder == "openai");
}

TEST_CASE("bad OpenAI settings are refused naming the key", "[config][openai]") {
  CHECK(refused_with({{"OPENAI_BASE_URL", "api.openai.com"}}, "OPENAI_BASE_URL"));
  CHECK(refused_with({{"OPENAI_BASE_URL", "https://x/v1?a=b"}}, "OPENAI_BASE_URL"));
  CHECK(refused_with({{"OPENAI_TIMEOUT_MS", "0"}}, "OPENAI_TIMEOUT_MS"));
  CHECK(refused_with({{"OPENAI_TIMEOUT_MS", "fast"}}, "OPENAI_TIMEOUT_MS"));
  CHECK(refused_with({{"OPENAI_CHAT_MODEL", ""}}, "OPENAI_CHAT_MODEL"));
  CHECK(refused_with({{"OPENAI_EMBEDDING_MODEL", "a b"}}, "OPENAI_EMBEDDING_MODEL"));
  CHECK(refused_with({{"CENTRALITA_EMBEDDER", "bert"}}, "CENTRALITA_EMBEDDER"));
  CHECK(refused_with({{"CENTRALITA_EMBEDDER", "openai"}}, "OPENAI_API_KEY"));
}
