#pragma once
// The embedder of the knowledge index, chosen by the installation's settings: the local hashing
// embedder (the default), or with CENTRALITA_EMBEDDER=openai and an OPENAI_API_KEY the
// OpenAI-compatible embeddings endpoint at OPENAI_BASE_URL, named after OPENAI_EMBEDDING_MODEL
// so that chunks of another embedder are embedded again. The node and the search bench choose
// it the same way, so the bench measures the embedder the server would use.

#include <memory>

#include "common/result.hpp"
#include "config/settings.hpp"
#include "vectorindex/embedder.hpp"

namespace centralita::actors {

/// errc::invalid_input (code "bad_config") when OPENAI_BASE_URL is not an http(s) URL.
result<std::shared_ptr<const vectorindex::embedder>> knowledge_embedder(const config::settings& s);

}  // namespace centralita::actors
