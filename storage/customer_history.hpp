#pragma once
// A contact's history for the Contactos page: their conversations and tickets (calls,
// shipments, invoices and quotes come from their record queries, filtered by customer).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// A conversation of the customer, with its latest message and satisfaction rating.
struct customer_conversation {
  int64_t id = 0;
  std::string status;
  std::optional<int64_t> assignee_id;
  std::optional<std::string> last_message_at;
  std::string created_at;
  std::optional<std::string> last_text;
  std::optional<int64_t> csat_rating;
};

/// A ticket of the customer.
struct customer_ticket {
  int64_t id = 0;
  std::string subject;
  std::string status;
  std::string priority;
  std::optional<std::string> category;
  std::string created_at;
};

/// Reads a customer's conversations and tickets, newest first, at most `limit` each.
class customer_history {
 public:
  explicit customer_history(pg_connection& db) : db_(db) {}

  result<std::vector<customer_conversation>> conversations(int64_t tenant_id, int64_t customer_id,
                                                           int limit);
  result<std::vector<customer_ticket>> tickets(int64_t tenant_id, int64_t customer_id, int limit);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
