#pragma once
// A tenant's knowledge articles and their chunks. A change to an article, its chunks (with
// their embeddings, so the search index can be rebuilt from here) and its audit row is one
// transaction. Chunks are derived data: callers chunk and embed, this stores.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/audit_repo.hpp"
#include "storage/pg.hpp"
#include "storage/rows.hpp"

namespace centralita::storage {

/// One article; times are RFC 3339 UTC.
struct knowledge_article {
  int64_t id = 0;
  int64_t tenant_id = 0;
  std::string title;
  std::string body;  ///< Markdown
  std::string language;
  std::vector<std::string> tags;
  std::string status;  ///< draft | published | archived
  int version = 1;
  std::string created_at;
  std::string updated_at;
};

/// What a create or a full replace (PUT) gives.
struct article_input {
  std::string title;
  std::string body;
  std::string language = "es";
  std::vector<std::string> tags;
  std::string status = "published";
};

/// One chunk to store: its text and its vector from the embedder named at the write.
struct chunk_row {
  int ordinal = 0;
  std::string text;
  std::vector<float> embedding;
};

/// A stored chunk of an article, for the search index.
struct stored_chunk {
  int64_t id = 0;
  int ordinal = 0;
  std::string text;
  std::vector<float> embedding;  ///< empty when stored without one
  std::string embedder;
};

/// A published article with its chunks, as the index is rebuilt from them.
struct indexable_article {
  int64_t tenant_id = 0;
  int64_t article_id = 0;
  int version = 1;
  std::string title;
  std::string body;
  std::string language;
  std::vector<stored_chunk> chunks;
};

/// How many published articles a tenant has and the sum of their versions: a cheap check of
/// whether an index is behind the database (a `kb import` from another process).
struct published_signature {
  int64_t tenant_id = 0;
  int64_t articles = 0;
  int64_t version_sum = 0;
};

/// What the index must hold of one published article: its version and chunk ids, and whether
/// every chunk has a vector of the current embedder (otherwise it must be re-embedded).
struct article_manifest {
  int64_t article_id = 0;
  int version = 1;
  std::vector<int64_t> chunk_ids;  ///< ascending
  bool embedded = false;
};

/// What to list: newest first, keyset-paged on id.
struct article_filter {
  std::optional<std::string> status;
  std::optional<int64_t> before_id;
  int limit = 50;  ///< 1..200
};

/// A page of the list and the cursor of the next one.
using article_page = record_page<knowledge_article>;

/// errc::unprocessable naming the field: title 1..300 characters, body up to 200,000 bytes,
/// language like "es" or "en-US", status draft|published|archived, up to 20 tags of 1..50 bytes.
status validate_article(const article_input& a);

/// Reads and changes articles within one tenant; errc::not_found for another tenant's article.
class knowledge_repo {
 public:
  /// Uses `db` for every statement; the connection must outlive the repository.
  explicit knowledge_repo(pg_connection& db) : db_(db) {}

  /// The article with this id in the tenant.
  result<knowledge_article> find(int64_t tenant_id, int64_t id);
  /// A page of the tenant's articles, newest first.
  result<article_page> list(int64_t tenant_id, const article_filter& filter);
  /// Creates the article with its chunks and its audit row, in one transaction.
  result<knowledge_article> create(int64_t tenant_id, const actor& who, const article_input& a,
                                   const std::vector<chunk_row>& chunks,
                                   const std::string& embedder);
  /// Creates many articles in one transaction (imports); all or none.
  result<std::vector<knowledge_article>> create_many(
      int64_t tenant_id, const actor& who, const std::vector<article_input>& articles,
      const std::vector<std::vector<chunk_row>>& chunks, const std::string& embedder);
  /// Replaces the article (version + 1) and its chunks, audited with before and after.
  result<knowledge_article> update(int64_t tenant_id, int64_t id, const actor& who,
                                   const article_input& a, const std::vector<chunk_row>& chunks,
                                   const std::string& embedder);
  /// Deletes the article and its chunks, audited; returns what was deleted.
  result<knowledge_article> remove(int64_t tenant_id, int64_t id, const actor& who);

  /// The chunks of an article, in order.
  result<std::vector<stored_chunk>> chunks(int64_t tenant_id, int64_t article_id);
  /// Replaces an article's chunks at `version` (no audit: derived data); errc::conflict when
  /// the article moved on to another version meanwhile.
  status replace_chunks(int64_t tenant_id, int64_t article_id, int version,
                        const std::vector<chunk_row>& chunks, const std::string& embedder);
  /// The signature of every tenant with published articles.
  result<std::vector<published_signature>> signatures();
  /// Every published article of every tenant (or of one, when given) with its chunks; only the
  /// articles listed in `article_ids`, when given.
  result<std::vector<indexable_article>> published(
      std::optional<int64_t> tenant_id = {},
      const std::optional<std::vector<int64_t>>& article_ids = {});
  /// The manifest of every published article of the tenant, by article id, without texts or
  /// vectors: cheap enough to check an index snapshot against at every start.
  result<std::vector<article_manifest>> manifest(int64_t tenant_id, const std::string& embedder,
                                                 int dimension);

 private:
  result<knowledge_article> insert(int64_t tenant_id, const actor& who, const article_input& a,
                                   const std::vector<chunk_row>& chunks,
                                   const std::string& embedder);
  status write_chunks(int64_t tenant_id, int64_t article_id, int version,
                      const std::vector<chunk_row>& chunks, const std::string& embedder);
  pg_connection& db_;
};

/// A real[] literal of a vector, and back; an unparsable literal gives an empty vector.
std::string real_array(const std::vector<float>& v);
std::vector<float> parse_real_array(std::string_view literal);
/// A text[] literal back to its strings.
std::vector<std::string> parse_text_array(std::string_view literal);

}  // namespace centralita::storage
