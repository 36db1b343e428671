#pragma once
// Writing quotes: a draft prepared in a conversation (by the AI from a QUOTE message, or by an
// agent), its lines and validity edited while it is a draft, and sending it once: the customer
// gets a WhatsApp message with its summary through the outbox, and the quote is marked sent.
// Totals are computed here, in cents, never taken from the caller. Every change is audited in
// its transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/audit_repo.hpp"
#include "storage/message_query.hpp"
#include "storage/pg.hpp"
#include "storage/quote_query.hpp"

namespace centralita::storage {

/// One line of a quote.
struct quote_line {
  std::string description;  ///< may be empty while a draft (an AI draft that read no items)
  int64_t quantity = 1;
  int64_t unit_price_cents = 0;
};

/// Limits of a quote's lines (the API validates against them too).
inline constexpr int64_t max_quote_lines = 50;
inline constexpr int64_t max_quote_quantity = 1000000;
inline constexpr int64_t max_unit_price_cents = 100000000000;  ///< 1,000 million in currency

/// A draft to create in a conversation (its customer is the conversation's).
struct new_quote {
  int64_t tenant_id = 0;
  int64_t conversation_id = 0;
  std::optional<int64_t> source_message_id;  ///< the customer's message it was drafted from
  std::vector<quote_line> lines;             ///< empty: one empty line
  std::optional<std::string> valid_until;    ///< YYYY-MM-DD; absent: 15 days from today
  std::string currency = "MXN";
  storage::actor actor;
};

/// What a PATCH changes; absent parts stay.
struct quote_patch {
  std::optional<std::vector<quote_line>> lines;
  bool set_valid_until = false;  ///< valid_until given (a null clears it)
  std::optional<std::string> valid_until;
};

/// A quote just sent and the message that carries it.
struct sent_quote {
  quote_record quote;
  message_record message;
};

/// Quote writes within one tenant.
class quote_repo {
 public:
  /// Uses `db` for every statement; the connection must outlive the repository.
  explicit quote_repo(pg_connection& db) : db_(db) {}

  /// Inside the caller's transaction, with one statement for their identities and one for the
  /// rows: drafts numbered "Q-<id>", in the order given. errc::not_found when a conversation is
  /// not its tenant's. A message already drafted from gives its quote.
  result<std::vector<quote_record>> create_all_within(const std::vector<new_quote>& qs);
  /// The tenant's quote (errc::not_found otherwise).
  result<quote_record> find(int64_t tenant_id, int64_t id);
  /// In its own transaction; errc::conflict unless the quote is a draft.
  result<quote_record> update(int64_t tenant_id, int64_t id, const quote_patch& p,
                              const actor& who);
  /// In its own transaction: queues the summary to the customer of the quote's conversation
  /// and marks the quote sent. errc::conflict unless it is a draft; errc::unprocessable when
  /// it has no conversation or a line without description.
  result<sent_quote> send(int64_t tenant_id, int64_t id, const actor& who);

 private:
  pg_connection& db_;
};

/// The JSON of a quote, as the API, the live events and the audit log show it.
std::string quote_json(const quote_record& q);
/// The JSON array stored for `lines`.
std::string quote_lines_json(const std::vector<quote_line>& lines);
/// Sum of quantity × unit price; errc::invalid_input when it overflows.
result<int64_t> quote_total(const std::vector<quote_line>& lines);
/// "$1,234.50" for 123450 cents.
std::string format_cents(int64_t cents);
/// The WhatsApp text of a quote: its number, one line per item, the total and the validity.
std::string quote_summary_text(const quote_record& q, const std::vector<quote_line>& lines);

}  // namespace centralita::storage
