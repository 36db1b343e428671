#pragma once
// Bringing a tenant's knowledge index up to date with PostgreSQL, from a snapshot file or from
// nothing. The database's manifest of published articles (id, version, chunk ids, embedded by
// the current embedder) is compared with what the index holds: articles that differ are read
// (re-embedded when needed) and replaced, articles gone are removed. A start therefore loads the
// tenant's snapshot (CENTRALITA_DATA_DIR/knowledge/tenant-<id>.kix) and patches it, or, when
// there is no usable snapshot (missing, corrupt, another format or embedder), rebuilds the index
// from the vectors stored in PostgreSQL. A snapshot is trusted only after its checksum and
// stamp check out and it names this database and tenant as its origin (a restore, a recreated
// database or a second database on the machine leave files that look valid but describe other
// rows), and then only as far as the manifest agrees with it: a snapshot that still disagrees
// after patching is dropped and the tenant rebuilt.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "storage/database_identity.hpp"
#include "storage/knowledge_repo.hpp"
#include "storage/pg.hpp"
#include "vectorindex/embedder.hpp"
#include "vectorindex/knowledge_index.hpp"

namespace centralita::actors {

/// An article's stored chunks as the index takes them, each embedded with the article's title.
std::vector<vectorindex::indexed_chunk> to_indexed(const std::string& title,
                                                   std::vector<storage::stored_chunk> chunks);

/// Where a tenant's index came from at start.
enum class index_source { snapshot, patched, rebuilt };

/// A tenant's index and the version of each article it holds.
struct tenant_index {
  vectorindex::knowledge_index index;
  std::map<int64_t, int> versions;  ///< article id -> version
  index_source source = index_source::rebuilt;
  size_t changed = 0;  ///< articles read from the database to patch or build it
};

/// The snapshot file of a tenant under the data directory.
std::string snapshot_path(const std::string& data_dir, int64_t tenant_id);

/// Brings `t` in line with the tenant's published articles in the database; returns how many
/// articles were added, replaced or removed.
result<size_t> sync_tenant(storage::pg_connection& db, const vectorindex::embedder& e,
                           int64_t tenant_id, tenant_index& t);

/// The origin a snapshot of the tenant records: the parts of the database's identity and the
/// tenant id, as (part, value) pairs.
std::vector<std::pair<std::string, std::string>> snapshot_origin(
    const storage::database_identity& db, int64_t tenant_id);

/// The first part in which a snapshot's origin differs from `expected` (e.g. "database_oid"),
/// empty when they agree.
std::string origin_mismatch(const std::vector<std::pair<std::string, std::string>>& found,
                            const std::vector<std::pair<std::string, std::string>>& expected);

/// The tenant's index from its snapshot, patched, or rebuilt from the database (a rejected
/// snapshot is logged and left for the next write to replace). Without `identity` (it could not
/// be read, or snapshots are not to be used) no file is read and the index is rebuilt.
result<tenant_index> open_tenant(storage::pg_connection& db, const vectorindex::embedder& e,
                                 const std::string& data_dir, int64_t tenant_id,
                                 const std::optional<storage::database_identity>& identity);

/// Writes the tenant's snapshot (directory created when missing), stamped with the database it
/// was read from.
status write_snapshot(const std::string& data_dir, int64_t tenant_id, const tenant_index& t,
                      const vectorindex::embedder& e, const storage::database_identity& identity);

}  // namespace centralita::actors
