#pragma once
// A fake OpenAI-compatible API (docs/protocols.md §5) on a fake_http_server for the LLM tests,
// serving `POST /v1/chat/completions` and `POST /v1/embeddings`. It checks what the real API
// checks (the bearer key, JSON bodies, the model, messages, a response_format whose JSON mode is
// asked for in a message, a schema name, the embeddings input), answers a malformed request 400
// with the API's error shape, records every request, and answers a well-formed one as a script
// says: a completion with any content and finish_reason, embeddings (in reversed `index` order,
// as the API is free to), any status with headers (429 with Retry-After, 500), after a delay.

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/fake_http_server.hpp"

namespace centralita::testkit {

/// One request as the fake received it.
struct openai_request : fake_http_request {
  std::string endpoint;  ///< "chat", "embeddings" or "" (unknown path)
  std::string model;
  std::string schema;               ///< json_schema name, "json_object", or "" (none)
  std::string system;               ///< chat: the system message
  std::string user;                 ///< chat: the last user message
  std::vector<std::string> inputs;  ///< embeddings: the texts
  std::string problem;              ///< why it breaks §5; empty when well-formed
};

/// How to answer one request.
struct openai_answer {
  enum class kind { chat, embeddings, http };
  kind what = kind::chat;
  std::string content;                 ///< chat: message.content
  std::string finish_reason = "stop";  ///< chat
  int status = 200;                    ///< http
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  ///< http: empty gives the API's error shape
  std::chrono::milliseconds delay{0};

  static openai_answer chat(std::string content, std::string finish = "stop") {
    openai_answer a;
    a.content = std::move(content);
    a.finish_reason = std::move(finish);
    return a;
  }
  static openai_answer embeddings() {
    openai_answer a;
    a.what = kind::embeddings;
    return a;
  }
  static openai_answer http(int status, std::vector<std::pair<std::string, std::string>> h = {}) {
    openai_answer a;
    a.what = kind::http;
    a.status = status;
    a.headers = std::move(h);
    return a;
  }
  /// `inner`, written after `d`.
  static openai_answer slow(std::chrono::milliseconds d, openai_answer inner) {
    inner.delay = d;
    return inner;
  }
};

/// Decides the answer to a well-formed request.
using openai_script = std::function<openai_answer(const openai_request&)>;

/// The fake server (with no script: embeddings for embeddings, `{}` for chat); stops (joining
/// every connection) when destroyed.
class fake_openai : public scripted_fake<openai_request, openai_script> {
 public:
  /// `dimension`: the length of the embeddings it returns.
  explicit fake_openai(std::string api_key, int dimension = 32);

  /// `http://127.0.0.1:<port>/v1`, for OPENAI_BASE_URL.
  std::string base_url() const;
  /// OPENAI_API_KEY and OPENAI_BASE_URL.
  std::vector<std::pair<std::string, std::string>> environment() const;

  /// The fake's vector for a text: words hashed into `dimension` buckets, not normalised.
  std::vector<float> vector_of(const std::string& text) const;

 private:
  fake_answer on_request(const fake_http_request& request);
  void check(openai_request& r) const;
  std::string answer_body(const openai_request& r, const openai_answer& a) const;

  std::string api_key_;
  int dimension_;
  fake_http_server server_;  ///< last: stops before the state above goes away
};

}  // namespace centralita::testkit
