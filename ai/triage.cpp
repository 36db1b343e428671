#include "ai/triage.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "ai/language.hpp"
#include "ai/linear_model.hpp"
#include "ai/pre_rules.hpp"
#include "ai/risk.hpp"
#include "ai/text_fold.hpp"
#include "common/categories.hpp"

namespace centralita::ai {

std::string_view builtin_model_text();  // generated from ai/model/triage.model at build time

namespace {

constexpr std::size_t complaint_index = 4;  // "COMPLAINT" in centralita::categories
constexpr std::size_t human_index = 5;      // "HUMAN" in centralita::categories

std::string percent(double p) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", p * 100);
  return buf;
}

std::string describe_entities(const triage_entities& e) {
  std::string out;
  auto add = [&](const char* what, const std::string& v) {
    if (v.empty()) return;
    out += out.empty() ? "; found " : ", ";
    out += what;
    out += " " + v;
  };
  add("order", e.order_number);
  add("tracking number", e.tracking_number);
  add("invoice", e.invoice_number);
  add("e-mail", e.email);
  add("amount", e.amount);
  return out;
}

}  // namespace

triage_model::triage_model(std::shared_ptr<const linear_model> model) : model_(std::move(model)) {}

result<triage_model> triage_model::parse(std::string_view model_text) {
  auto m = parse_model(model_text);
  if (!m) return m.error();
  return triage_model{std::make_shared<const linear_model>(std::move(*m))};
}

result<triage_model> triage_model::load_file(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in) return make_error(errc::not_found, "triage model: cannot open " + path, "no_model");
  std::ostringstream text;
  text << in.rdbuf();
  auto m = parse(text.str());
  if (!m) return make_error(m.error().code, path + ": " + m.error().message, m.error().detail);
  return m;
}

const triage_model& triage_model::builtin() {
  static const triage_model model = [] {
    auto m = parse(builtin_model_text());
    // The embedded model is checked by the tests; failing here means a broken build.
    if (!m) {
      std::fprintf(stderr, "embedded %s\n", m.error().message.c_str());
      std::abort();
    }
    return std::move(*m);
  }();
  return model;
}

triage_result triage_model::classify(std::string_view text) const {
  triage_result r;
  auto folded = fold_text(text);
  r.entities = extract_entities(text);
  r.language = std::string{detect_language(text, folded)};
  bool angry = shows_anger(text, folded);

  auto rule = apply_pre_rules(folded, r.entities);
  if (!rule.category.empty()) {
    r.category = rule.category;
    r.confidence = rule.confidence;
    r.rule = rule.rule;
    r.reason = "Rule " + rule.rule + " gave " + r.category;
  } else if (folded.empty()) {
    r.category = "OTHER";
    r.confidence = 0.9;
    r.rule = "rule.no_words";
    r.reason = "The message has no words (only emoji or punctuation)";
  } else {
    thread_local std::vector<feature> x;
    extract_features(folded, model_->features, x);
    std::array<bool, class_count> masked{};
    masked[human_index] = rule.forbid_human;
    masked[complaint_index] = rule.forbid_complaint;
    auto p = softmax(model_->logits(x), model_->temperature, masked);
    std::size_t best = 0;
    for (std::size_t k = 1; k < class_count; ++k) best = p[k] > p[best] ? k : best;
    r.category = std::string{categories[best]};
    r.confidence = p[best];
    r.rule = "model";
    r.reason = "The local model rated " + r.category + " at " + percent(r.confidence);
    if (rule.forbid_human) r.reason += " (a request for a person was negated)";
    if (rule.forbid_complaint) r.reason += " (the customer says it is no complaint)";
  }
  r.risk = assess_risk(r.category, angry);
  r.reason += describe_entities(r.entities);
  if (angry) r.reason += "; the customer sounds angry";
  r.reason += ".";
  return r;
}

}  // namespace centralita::ai
