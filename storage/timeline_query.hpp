#pragma once
// What a conversation's timeline shows besides messages and tickets: the AI's decisions, the
// customer's shipments, calls and invoices.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// One decision of the AI pipeline; entities and inputs are jsonb texts.
struct decision_row {
  int64_t id = 0;
  std::optional<int64_t> message_id;
  std::string category;
  double confidence = 0;
  std::string risk;
  std::string entities_json;
  std::string rule;
  std::string reason;
  std::string action;
  std::string inputs_json;
  std::string created_at;
  std::optional<std::string> reason_code;  ///< absent on rows older than reason codes
  std::string reason_params_json;          ///< a JSON object, "{}" when absent
};

/// A shipment of the customer, with its latest checkpoint.
struct shipment_row {
  int64_t id = 0;
  std::string tracking_number;
  std::string carrier;
  std::string status;
  std::optional<std::string> order_number;
  std::optional<std::string> eta;
  std::optional<std::string> last_location;
  std::optional<std::string> last_description;
  std::string updated_at;
};

/// A voice call linked to the conversation; transcript and collected data are jsonb texts.
struct call_row {
  int64_t id = 0;
  std::string direction;
  std::string status;
  std::optional<int64_t> duration_s;
  std::optional<std::string> summary;
  std::string transcript_json;
  std::string collected_json;
  std::string created_at;
};

/// An invoice of the customer.
struct invoice_row {
  int64_t id = 0;
  std::string number;
  std::string status;
  std::string currency;
  int64_t amount_cents = 0;
  std::optional<std::string> due_date;
  std::optional<std::string> pdf_url;
};

/// Everything above for one conversation.
struct timeline_extras {
  std::vector<decision_row> decisions;
  std::vector<shipment_row> shipments;
  std::vector<call_row> calls;
  std::vector<invoice_row> invoices;
};

/// Reads a conversation's timeline extras within one tenant.
class timeline_query {
 public:
  /// Uses `db` for every statement; the connection must outlive the object.
  explicit timeline_query(pg_connection& db) : db_(db) {}

  /// The extras of the conversation (decisions, calls) and of its customer (shipments,
  /// invoices), oldest first.
  result<timeline_extras> load(int64_t tenant_id, int64_t conversation_id, int64_t customer_id);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
