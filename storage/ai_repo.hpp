#pragma once
// What the AI pipeline reads and writes: the tenant's AI settings as stored, the facts of the
// conversations it decides for, shipments it quotes, and the decisions it applies (decision,
// suggestion, ticket, hand-off, reply) inside the caller's transaction.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

struct audit_entry;

/// tenants.settings' AI fields as stored; absent or malformed ones are empty.
struct stored_ai_settings {
  std::optional<std::string> ai_mode;
  std::optional<std::string> confidence_threshold;  ///< the JSON number's text
  std::optional<std::vector<std::string>> autopilot_categories;
  std::optional<std::vector<std::string>> high_risk_categories;
};

/// What the pipeline needs to know about a message's conversation.
struct conversation_facts_row {
  int64_t conversation_id = 0;
  int64_t customer_id = 0;
  std::string customer_name;
  bool bot_active = true;
};

/// A shipment's current state, for a tracking answer.
struct shipment_state {
  std::string tracking_number;
  std::string status;    ///< AfterShip tag
  std::string location;  ///< of the latest checkpoint, may be empty
  std::string eta;       ///< YYYY-MM-DD, may be empty
};

/// One of a customer's invoices, for a BILLING draft.
struct invoice_state {
  std::string number;
  std::string status;
  std::string currency;
  int64_t amount_cents = 0;
  std::string due_date;  ///< YYYY-MM-DD, may be empty
};

/// An inbound message still waiting for its decision.
struct undecided_message {
  int64_t tenant_id = 0;
  int64_t conversation_id = 0;
  int64_t message_id = 0;
  std::string text;
};

/// One decision to apply; the optional parts say what it does besides being recorded.
struct decision_record {
  int64_t tenant_id = 0;
  int64_t conversation_id = 0;
  int64_t message_id = 0;
  std::string category;
  double confidence = 0;
  std::string risk;           ///< low | medium | high
  std::string entities_json;  ///< a JSON object
  std::string rule;
  std::string reason;
  std::string reason_code;           ///< what the dashboard translates (the rule)
  std::string reason_params_json;    ///< a JSON object: the values the translation shows
  std::string action;                ///< ai::action's name
  std::string inputs_json;           ///< a JSON object: what the decision looked at
  std::optional<std::string> draft;  ///< a suggestion for an agent
  std::optional<std::string> reply;  ///< a message to the customer, sent through the outbox
  bool open_ticket = false;          ///< open a ticket unless the conversation has one open
  std::string ticket_subject;
  std::string ticket_priority = "normal";
  bool pause_bot = false;  ///< hand the conversation to people
  bool assign = false;     ///< a person is needed: assign the conversation if nobody has it
};

/// What applying a decision changed (fresh is false when the message was already decided).
struct applied_decision {
  bool fresh = false;
  int64_t decision_id = 0;
  std::optional<int64_t> suggestion_id;
  std::optional<int64_t> ticket_id;  ///< a ticket opened by this decision
  std::optional<int64_t> reply_message_id;
  bool bot_paused = false;
  bool blacklist_queued = false;           ///< a Builderbot blacklist call waits in the outbox
  std::optional<int64_t> assignee_id;      ///< the user the conversation was just assigned to
  std::vector<int64_t> superseded;         ///< pending suggestions this message made out of date
  std::optional<std::string> labels_json;  ///< the AI labelled the conversation: all its labels
};

/// Reads and writes for the AI pipeline.
class ai_repo {
 public:
  /// Uses `db` for every statement; the connection must outlive the repository.
  explicit ai_repo(pg_connection& db) : db_(db) {}
  /// `presence_away_s`: CENTRALITA_PRESENCE_AWAY_S, for choosing whom to assign.
  ai_repo(pg_connection& db, int presence_away_s) : db_(db), presence_away_s_(presence_away_s) {}

  /// The tenant's stored AI settings (errc::not_found for no such tenant).
  result<stored_ai_settings> settings(int64_t tenant_id);
  /// The facts of these conversations of the tenant, in no particular order.
  result<std::vector<conversation_facts_row>> facts(int64_t tenant_id,
                                                    const std::vector<int64_t>& conversation_ids);
  /// The tenant's newest shipment with each (tenant, tracking or order number), if any, in one
  /// statement; in the order asked.
  result<std::vector<std::optional<shipment_state>>> find_shipments(
      const std::vector<std::pair<int64_t, std::string>>& numbers);
  /// Each (tenant, customer)'s latest `limit` invoices (void ones left out), newest first, in
  /// one statement; in the order asked.
  result<std::vector<std::vector<invoice_state>>> recent_invoices(
      const std::vector<std::pair<int64_t, int64_t>>& customers, int limit);
  /// Inbound messages younger than `max_age_s` with no decision, of the conversations whose
  /// id modulo `shards` is `shard`, oldest first.
  result<std::vector<undecided_message>> undecided(int shard, int shards, int max_age_s, int limit);
  /// True when a message of the conversation was triaged as `category` (e.g. BILLING: the
  /// agent then sees the customer's invoices).
  result<bool> conversation_has_category(int64_t tenant_id, int64_t conversation_id,
                                         const std::string& category);
  /// Records and carries out one decision, inside the caller's transaction. A message already
  /// decided changes nothing (fresh false).
  result<applied_decision> apply(const decision_record& d);
  /// Applies `ds` in order, each as apply() would, with one statement each for the decisions,
  /// the suggestions and the machine's audit rows (hand-offs, tickets and replies go one by
  /// one).
  result<std::vector<applied_decision>> apply_all(const std::vector<decision_record>& ds);

 private:
  status insert_decisions(const std::vector<decision_record>& ds,
                          std::vector<applied_decision>& out);
  // The machine's audit rows of a batch (hand-offs, assignments, drafts made and superseded) are
  // gathered in `audits` and appended with one statement at the end of apply_all.

  /// (tenant, conversation) pairs.
  using conversation_set = std::set<std::pair<int64_t, int64_t>>;

  /// A fresh decision's pause of the bot, assignment and ticket.
  /// `anyone_online`: a user of the decision's tenant is online to be assigned it; `ticketed`:
  /// the conversations with a ticket open, which a ticket opened here joins.
  status hand_off(const decision_record& d, bool anyone_online, conversation_set& ticketed,
                  applied_decision& out, std::vector<audit_entry>& audits);
  /// The tenants among `ds` that have a user online.
  result<std::unordered_set<int64_t>> online_tenants(const std::vector<decision_record>& ds);
  /// The conversations of the fresh decisions that would open a ticket which have one open.
  result<conversation_set> ticketed_conversations(const std::vector<decision_record>& ds,
                                                  const std::vector<applied_decision>& out);
  /// The category's label on each fresh decision's conversation, where the tenant wants it.
  status label_by_category(const std::vector<decision_record>& ds,
                           std::vector<applied_decision>& out);
  status insert_suggestions(const std::vector<decision_record>& ds,
                            std::vector<applied_decision>& out, std::vector<audit_entry>& audits);
  /// A newer customer message supersedes its conversation's pending drafts for older messages.
  status supersede(const std::vector<decision_record>& ds, std::vector<applied_decision>& out,
                   std::vector<audit_entry>& audits);

  pg_connection& db_;
  int presence_away_s_ = 60;
};

}  // namespace centralita::storage
