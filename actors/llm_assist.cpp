#include "actors/llm_assist.hpp"

#include <algorithm>
#include <cctype>

#include "ai/language.hpp"
#include "ai/pre_rules.hpp"
#include "ai/text_fold.hpp"
#include "providers/llm_reply.hpp"
#include "providers/llm_triage.hpp"

namespace centralita::actors {

namespace {

using clock = std::chrono::steady_clock;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// An entity is taken only when the customer wrote it: the LLM must not invent order numbers.
void fill_from(std::string& local, const std::string& llm, const std::string& text_lower) {
  if (!local.empty() || llm.empty()) return;
  if (text_lower.find(lower(llm)) != std::string::npos) local = llm;
}

ai::risk_level risk_of(const std::string& name) {
  if (name == "high") return ai::risk_level::high;
  if (name == "medium") return ai::risk_level::medium;
  return ai::risk_level::low;
}

// Why the LLM's answer was not used, for the decision's reason.
std::string fallback(const std::string& why, const char* what) {
  return std::string{"The LLM's "} + what + " was not used (" + why + "); ";
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

bool has_control(const std::string& s) {
  return std::any_of(s.begin(), s.end(),
                     [](unsigned char c) { return (c < 0x20 && c != '\n') || c == 0x7f; });
}

}  // namespace

bool llm_breaker::allows(clock::time_point now) const {
  return failures < threshold || now >= paused_until;
}

void llm_breaker::failed(clock::time_point now) {
  if (++failures >= threshold) paused_until = now + pause;
}

assisted_triage classify_assisted(const providers::openai_client* llm,
                                  const ai::triage_model& local, const std::string& text,
                                  llm_breaker& breaker) {
  assisted_triage out{local.classify(text), {}};
  if (llm == nullptr) return out;
  const std::string local_note = "the local model classified it.";
  if (out.triage.rule != "model" && !ai::llm_may_override(out.triage.rule)) {
    out.note = "A pre-rule decided the category (" + out.triage.rule + "); the LLM was not asked.";
    out.code = "llm.pre_rule";
    return out;
  }
  if (!breaker.allows(clock::now())) {
    out.note = fallback("paused after repeated failures", "triage") + local_note;
    out.code = "llm.triage_fallback";
    return out;
  }
  auto content = llm->chat_json(providers::triage_request(text));
  if (!content) {
    if (content.error().code == errc::unavailable) {
      breaker.failed(clock::now());
    } else {
      breaker.succeeded();
    }
    out.note = fallback(content.error().message, "triage") + local_note;
    out.code = "llm.triage_fallback";
    return out;
  }
  breaker.succeeded();
  auto parsed = providers::parse_llm_triage(*content);
  if (!parsed) {
    out.note = fallback(parsed.error().message, "triage") + local_note;
    out.code = "llm.triage_fallback";
    return out;
  }
  auto& t = out.triage;
  t.category = parsed->category;
  t.confidence = parsed->confidence;
  t.risk = std::max(t.risk, risk_of(parsed->risk));
  const auto text_lower = lower(text);
  fill_from(t.entities.order_number, parsed->entities.order_number, text_lower);
  fill_from(t.entities.tracking_number, parsed->entities.tracking_number, text_lower);
  fill_from(t.entities.invoice_number, parsed->entities.invoice_number, text_lower);
  fill_from(t.entities.email, parsed->entities.email, text_lower);
  fill_from(t.entities.amount, parsed->entities.amount, text_lower);
  t.rule = "llm";
  t.reason = "Classified by the LLM (" + llm->config().chat_model + ").";
  out.note = "Triage by the LLM (" + llm->config().chat_model + ").";
  out.code = "llm.triage";
  return out;
}

assisted_reply draft_assisted(const providers::openai_client& llm, const std::string& question,
                              const ai::triage_result& triage, const std::string& customer_name,
                              const std::vector<ai::knowledge_passage>& passages, double min_score,
                              llm_breaker& breaker) {
  const std::string local_note = "the template reply quotes the best passage.";
  std::vector<providers::llm_passage> given;
  for (const auto& p : passages) {
    if (p.score >= min_score) given.push_back({p.article_id, p.title, p.text});
  }
  if (given.empty()) return {};
  if (!breaker.allows(clock::now())) {
    return {std::nullopt, fallback("paused after repeated failures", "reply") + local_note,
            "llm.reply_fallback"};
  }
  auto content =
      llm.chat_json(providers::reply_request(question, triage.language, customer_name, given));
  if (!content) {
    if (content.error().code == errc::unavailable) {
      breaker.failed(clock::now());
    } else {
      breaker.succeeded();
    }
    return {std::nullopt, fallback(content.error().message, "reply") + local_note,
            "llm.reply_fallback"};
  }
  breaker.succeeded();
  auto reply = providers::parse_llm_reply(*content);
  if (!reply) {
    return {std::nullopt, fallback(reply.error().message, "reply") + local_note,
            "llm.reply_fallback"};
  }
  auto refuse = [&](const std::string& why) {
    return assisted_reply{std::nullopt, fallback(why, "reply") + local_note, "llm.reply_fallback"};
  };
  if (!reply->answerable) return refuse("it found no answer in the passages");
  std::string text = trim(reply->text);
  if (text.empty()) return refuse("empty");
  if (text.size() > max_llm_reply_bytes) return refuse("too long");
  if (has_control(text)) return refuse("control characters");
  auto cited = std::find_if(given.begin(), given.end(), [&](const providers::llm_passage& p) {
    return p.article_id == reply->article_id;
  });
  if (cited == given.end()) return refuse("it cites no passage it was given");
  if (ai::detect_language(text, ai::fold_text(text)) != triage.language) {
    return refuse("not in the customer's language");
  }
  return {text + "\n\n" + ai::cite_source(cited->title, triage.language),
          "Reply drafted by the LLM from article " + std::to_string(cited->article_id) + ".",
          "llm.reply"};
}

}  // namespace centralita::actors
