#pragma once
// Customer satisfaction (docs/architecture.md §CSAT): the question asked once when a
// conversation is resolved, the customer's rating recorded from their next reply, and the
// summaries the dashboard shows.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/outbound_repo.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// A customer message that reads as a rating (common/csat_rating.hpp), before it is stored.
struct csat_reply {
  std::string event_id;
  int64_t tenant_id = 0;
  std::string phone;
  std::string body;
  int rating = 0;
};

/// A reply recorded as the rating of the conversation that asked for it.
struct recorded_rating {
  std::string event_id;
  int64_t tenant_id = 0;
  int64_t conversation_id = 0;
  int64_t message_id = 0;
  int rating = 0;
  std::optional<int64_t> agent_id;
  std::string body;
};

/// What record() did: the ratings recorded, and every event it consumed (those, and replayed
/// events whose message is stored already).
struct csat_outcome {
  std::vector<recorded_rating> rated;
  std::vector<std::string> consumed_events;
};

/// The question and answer of one conversation.
struct conversation_csat {
  std::string asked_at;
  std::optional<int> rating;
  std::optional<std::string> rated_at;
};

/// Ratings given in a period, and in the period of the same length just before.
struct csat_summary {
  int64_t asked = 0;  ///< questions asked in the period
  int64_t rated = 0;
  std::optional<double> average;
  std::array<int64_t, 5> distribution{};  ///< ratings 1..5
  int64_t previous_rated = 0;
  std::optional<double> previous_average;
  struct agent_row {
    std::optional<int64_t> agent_id;
    std::string name;
    int64_t rated = 0;
    double average = 0;
  };
  std::vector<agent_row> by_agent;
};

/// The question's text in a language ("es" or "en").
const std::string& csat_question(const std::string& language);

/// Reads and writes csat_ratings within a tenant.
class csat_repo {
 public:
  /// Uses `db` for every statement; the connection must outlive the repository.
  explicit csat_repo(pg_connection& db) : db_(db) {}

  /// In the caller's transaction, for a conversation just resolved: asks its customer to rate
  /// it through the outbox, in their language, unless the tenant switched CSAT off, the
  /// customer never wrote in it, or it was asked before. The question sent, or nothing.
  result<std::optional<enqueued_reply>> ask_within(int64_t tenant_id, int64_t conversation_id);
  /// In its own transaction: each reply that answers a question still waiting (asked in the
  /// last 3 days, and the customer's first message since) is stored in the rated conversation
  /// as the rating, and its event marked processed. The others are left to the caller.
  result<csat_outcome> record(const std::vector<csat_reply>& replies);
  /// The conversation's question and rating, or nothing when none was asked.
  result<std::optional<conversation_csat>> of_conversation(int64_t tenant_id,
                                                           int64_t conversation_id);
  /// Ratings given in [from, to] (days, YYYY-MM-DD, UTC, both included).
  result<csat_summary> summary(int64_t tenant_id, const std::string& from, const std::string& to);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
