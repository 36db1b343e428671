#include "actors/knowledge_embedder.hpp"

#include "common/log.hpp"
#include "providers/http_client.hpp"
#include "providers/openai_client.hpp"
#include "vectorindex/local_embedder.hpp"
#include "vectorindex/remote_embedder.hpp"

namespace centralita::actors {

result<std::shared_ptr<const vectorindex::embedder>> knowledge_embedder(const config::settings& s) {
  if (s.openai_api_key.empty() || s.embedder != "openai") {
    return std::shared_ptr<const vectorindex::embedder>{
        std::make_shared<vectorindex::local_embedder>()};
  }
  auto base = providers::parse_url(s.openai_base_url);
  if (!base) {
    return make_error(errc::invalid_input, "configuration OPENAI_BASE_URL: " + base.error().message,
                      "bad_config");
  }
  providers::openai_config c;
  c.base = *base;
  c.api_key = s.openai_api_key;
  c.chat_model = s.openai_chat_model;
  c.embedding_model = s.openai_embedding_model;
  c.timeout = std::chrono::milliseconds(s.openai_timeout_ms);
  auto llm = std::make_shared<const providers::openai_client>(std::move(c));
  log::info("knowledge embeddings come from {} at {}", s.openai_embedding_model, base->host);
  return std::shared_ptr<const vectorindex::embedder>{
      std::make_shared<vectorindex::remote_embedder>(
          "openai:" + s.openai_embedding_model,
          [llm](const std::vector<std::string>& texts) { return llm->embed(texts); })};
}

}  // namespace centralita::actors
