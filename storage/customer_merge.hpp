#pragma once
// Merging two customers of a tenant into one (docs/architecture.md §Contacts). Everything that
// points at the merged customer moves to the one kept, in one transaction; the merged
// customer's row stays as a tombstone (merged_into_id) so that its phone keeps leading to the
// person. Nothing is deleted, so the merge loses nothing.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "storage/audit_repo.hpp"
#include "storage/customer_repo.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// What a merge did: the customer kept, as it is now, and the rows moved per table.
struct merge_outcome {
  customer into;
  std::vector<std::pair<std::string, int64_t>> moved;  ///< table name, rows moved
  /// The merged customer's open conversation, resolved because the kept customer had one too
  /// (one open conversation per customer); 0 when none was.
  int64_t resolved_conversation_id = 0;
};

/// The tables whose customer_id the merge moves, in the order it moves them.
const std::vector<std::string>& customer_tables();

/// Merges customer `from` into customer `into` of the tenant, audited as customer.merged by
/// `who` with both customers before and after. errc::not_found when either is not a current
/// (unmerged) customer of the tenant; errc::unprocessable when they are the same.
/// The kept customer keeps its fields and takes the merged one's where its own are empty;
/// notes are joined and custom attributes combined (the kept customer's win).
result<merge_outcome> merge_customers(pg_connection& db, int64_t tenant_id, int64_t into,
                                      int64_t from, const actor& who);

}  // namespace centralita::storage
