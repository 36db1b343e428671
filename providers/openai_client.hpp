#pragma once
// An OpenAI-compatible client (docs/protocols.md §5): chat completions in JSON mode and
// embeddings, over providers/http_client (http and https). Blocking: it belongs in a detached
// actor.
//
// Every call has one time budget (OPENAI_TIMEOUT_MS) that covers its attempts and the waits
// between them: 429, 408 and 5xx answers and transport failures are retried with doubling
// backoff, honouring Retry-After, while the budget lasts and up to `max_attempts`; anything
// else fails at once. Error messages are safe to log and store: they never carry the key nor
// the provider's error text (which may echo part of the key), only the status and its code.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "providers/http_client.hpp"

namespace centralita::providers {

/// Where and how to reach the provider.
struct openai_config {
  url_parts base;  ///< OPENAI_BASE_URL, e.g. https://api.openai.com/v1
  std::string api_key;
  std::string chat_model = "gpt-4o-mini";
  std::string embedding_model = "text-embedding-3-small";
  std::chrono::milliseconds timeout{8000};  ///< one call, retries included
  int max_attempts = 3;
  std::chrono::milliseconds backoff{200};  ///< the first retry's delay; doubles
  int embedding_batch = 64;                ///< texts per embeddings request
  /// Waits between attempts; tests inject one that records instead of sleeping.
  std::function<void(std::chrono::milliseconds)> sleep;
};

/// One chat message.
struct chat_message {
  std::string role;  ///< system | user | assistant
  std::string content;
};

/// A chat completion that must answer with one JSON object.
struct chat_request {
  std::vector<chat_message> messages;  ///< one of them must ask for JSON (JSON mode requires it)
  double temperature = 0.0;
  int max_tokens = 400;
  /// With a name, `response_format` is a strict json_schema with `schema_json` (JSON text);
  /// without, plain JSON mode (`json_object`).
  std::string schema_name;
  std::string schema_json;
};

/// The client; const calls are thread-safe.
class openai_client {
 public:
  explicit openai_client(openai_config config);

  /// `choices[0].message.content` of a completion, checked to be a JSON object. Errors:
  /// unavailable (transport, timeout, 429/5xx after the retries), unauthorized (401/403),
  /// invalid_input (other 4xx), unprocessable (refusal, finish_reason other than "stop" such as
  /// "length", content that is not a JSON object, a malformed completion).
  result<std::string> chat_json(const chat_request& request) const;

  /// One vector per text, in the order of `texts` (the answer's `index` decides, not its
  /// order). Errors as chat_json; unprocessable when vectors are missing, repeated or of
  /// different lengths.
  result<std::vector<std::vector<float>>> embed(const std::vector<std::string>& texts) const;

  const openai_config& config() const { return config_; }

 private:
  result<std::string> post(const std::string& path, const std::string& body) const;
  result<std::vector<std::vector<float>>> embed_batch(const std::vector<std::string>& texts) const;

  openai_config config_;
};

/// The request body of a chat completion (exposed for the tests).
std::string chat_request_body(const std::string& model, const chat_request& request);

/// Reads a chat completion's answer body: the content of its first choice (see chat_json).
result<std::string> parse_chat_answer(const std::string& body);

/// Reads an embeddings answer body, ordered by `index`; `expected` vectors.
result<std::vector<std::vector<float>>> parse_embeddings_answer(const std::string& body,
                                                                size_t expected);

}  // namespace centralita::providers
