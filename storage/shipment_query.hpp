#pragma once
// Reading a tenant's shipments: the list, and one shipment with its checkpoints.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"
#include "storage/record_filter.hpp"

namespace centralita::storage {

/// One checkpoint of a shipment (shipment_events).
struct checkpoint_record {
  std::string occurred_at;
  std::string status;
  std::string location;
  std::string description;
};

/// A shipment; checkpoints only when read one by one.
struct shipment_record {
  int64_t id = 0;
  std::string tracking_number;
  std::string carrier;
  std::string status;
  std::optional<int64_t> customer_id;
  std::optional<int64_t> conversation_id;
  std::optional<int64_t> ticket_id;
  std::optional<std::string> order_number;
  std::optional<std::string> eta;
  std::optional<std::string> last_checked_at;
  std::string created_at;
  std::string updated_at;
  std::vector<checkpoint_record> checkpoints;
};

/// Named queries over shipments and shipment_events, always within one tenant.
class shipment_query {
 public:
  /// Uses `db` for every statement; the connection must outlive the object.
  explicit shipment_query(pg_connection& db) : db_(db) {}

  /// Newest first.
  result<record_page<shipment_record>> list(int64_t tenant_id, const record_filter& f);
  /// One shipment with its checkpoints, oldest first; errc::not_found when there is none.
  result<shipment_record> find(int64_t tenant_id, int64_t id);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
