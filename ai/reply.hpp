#pragma once
// Reply composition: the words Centralita says to a customer, in the customer's language, from
// the facts the pipeline found (knowledge passages, a shipment's status). Pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ai/policy.hpp"
#include "ai/quote_items.hpp"
#include "ai/triage.hpp"

namespace centralita::ai {

/// A knowledge-base passage found for the message.
struct knowledge_passage {
  int64_t article_id = 0;
  std::string title;
  std::string text;
  double score = 0;
};

/// A shipment's state as the tracking adapter reports it; status is an AfterShip tag.
struct tracking_facts {
  std::string tracking_number;
  std::string status;    ///< Pending, InTransit, OutForDelivery, Delivered, ...
  std::string location;  ///< may be empty
  std::string eta;       ///< a date (YYYY-MM-DD), may be empty
};

/// One of the customer's invoices, newest first.
struct invoice_facts {
  std::string number;
  std::string status;  ///< draft, open, paid, overdue, void (invoices.status)
  std::string currency;
  int64_t amount_cents = 0;
  std::string due_date;  ///< YYYY-MM-DD, may be empty
};

/// What a reply is composed from.
struct reply_inputs {
  triage_result triage;
  std::string customer_name;
  std::vector<knowledge_passage> passages;  ///< best first
  std::optional<tracking_facts> tracking;
  /// When no shipment matched the number the customer gave: what the tracking provider said.
  number_lookup lookup = number_lookup::none;
  std::string looked_up;                ///< that number
  std::vector<invoice_facts> invoices;  ///< the customer's latest, for BILLING
  std::vector<quote_item> quote_items;  ///< what a QUOTE message asks for
  double min_passage_score = 0.0;       ///< a passage below this does not answer
};

/// A composed reply: `answered` is false when the facts were not enough to answer.
struct composed_reply {
  std::string text;
  bool answered = false;
  std::string source;  ///< what it quotes: "article:12", "shipment:CS1001", or empty
};

/// The answer to an INFO (best passage, citing its article) or TRACKING (the shipment's
/// status) message; unanswered for other categories or when the facts are missing.
composed_reply compose_answer(const reply_inputs& in);

/// A draft for an agent, always with the best grounded content there is (docs/architecture.md
/// §AI): the answer when there is one (passages cited, the shipment's status), the invoices for
/// BILLING, the items read for QUOTE, a passage good enough for any other category but
/// COMPLAINT; else what fits the category (an apology for a complaint, a question for what is
/// missing). Never a greeting alone. `answered` says it quotes facts; `source` names them.
composed_reply compose_draft(const reply_inputs& in);

/// Asks the customer, politely, for what is missing (the order number for tracking); for a
/// number the tracking provider could not find or did not answer about, says so instead of
/// asking for the number again.
std::string compose_ask_missing(const reply_inputs& in);

/// The question for what is missing, after the grounded content when there is any: what a
/// below-threshold decision drafts for an agent.
std::string compose_ask_missing_draft(const reply_inputs& in);

/// Tells the customer a person will take over.
std::string compose_handoff(const reply_inputs& in);

/// The citation of an article in the customer's language: "(Fuente: «title»)." or
/// "(Source: “title”)." (English for "en", Spanish otherwise).
std::string cite_source(const std::string& title, const std::string& language);

/// The first sentences of `text`, at most about `max_chars` long, cut at a sentence end.
std::string excerpt(const std::string& text, size_t max_chars);

}  // namespace centralita::ai
