#pragma once
// Grounded replies by an OpenAI-compatible LLM: the request gives the knowledge passages found
// for the customer's question and asks for an answer taken only from them, citing the article;
// the answer is validated as external input. Plain functions over strings.

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "providers/openai_client.hpp"

namespace centralita::providers {

/// A knowledge passage the answer may use.
struct llm_passage {
  int64_t article_id = 0;
  std::string title;
  std::string text;
};

/// What the LLM answered, checked for shape (not yet for language or length).
struct llm_reply {
  bool answerable = false;  ///< false: the passages do not answer the question
  std::string text;         ///< the reply to the customer, without the citation
  int64_t article_id = 0;   ///< the article it is taken from
};

/// The chat request for a reply to `question` in `language` ("es" or "en").
chat_request reply_request(const std::string& question, const std::string& language,
                           const std::string& customer_name,
                           const std::vector<llm_passage>& passages);

/// Validates the JSON content of the answer: errc::unprocessable naming what is wrong.
result<llm_reply> parse_llm_reply(const std::string& content);

}  // namespace centralita::providers
