#pragma once
// A committed change to a knowledge article, on its way to the knowledge actor's index. Plain
// data, so the networking layer and the CLI can build one without CAF.

#include <cstdint>
#include <string>
#include <vector>

#include "storage/knowledge_repo.hpp"

namespace centralita::actors {

/// The article as it is now: removed (deleted, or no longer published), or its chunks.
struct knowledge_change {
  int64_t tenant_id = 0;
  int64_t article_id = 0;
  int version = 0;       ///< an older version than the index holds is ignored
  bool removed = false;  ///< deleted, draft or archived: not searchable
  std::string title;
  std::string language;
  std::vector<storage::stored_chunk> chunks;
};

/// The change for an article after a write: `chunks` as stored, removed unless published.
knowledge_change change_of(const storage::knowledge_article& a,
                           std::vector<storage::stored_chunk> chunks);

/// The change for a deleted article.
knowledge_change removal_of(const storage::knowledge_article& a);

}  // namespace centralita::actors
