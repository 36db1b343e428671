#include "storage/media_repo.hpp"

#include "storage/audit_repo.hpp"
#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

constexpr const char* row_columns =
    "m.id, m.tenant_id, m.message_id, coalesce(g.conversation_id, 0), m.channel_account_id, "
    "m.direction, m.kind, coalesce(m.source_url, ''), coalesce(m.source_media_id, ''), "
    "coalesce(m.mime, ''), coalesce(m.size_bytes, 0), coalesce(m.sha256, ''), "
    "coalesce(m.filename, ''), m.status, m.attempts";

// Due rows, oldest first, locked so that two fetchers never download the same file at once.
constexpr const char* claim_sql =
    "WITH due AS (SELECT id FROM media WHERE status = 'fetching' AND next_attempt_at <= now() "
    "  ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED), "
    "m AS (UPDATE media x SET attempts = x.attempts + 1, "
    "  next_attempt_at = now() + $2::bigint * interval '1 ms', updated_at = now() "
    "  FROM due WHERE x.id = due.id RETURNING x.*) "
    "SELECT m.id, m.tenant_id, m.message_id, coalesce(g.conversation_id, 0), "
    " m.channel_account_id, m.direction, m.kind, coalesce(m.source_url, ''), "
    " coalesce(m.source_media_id, ''), coalesce(m.mime, ''), coalesce(m.size_bytes, 0), "
    " coalesce(m.sha256, ''), coalesce(m.filename, ''), m.status, m.attempts "
    "FROM m LEFT JOIN messages g ON g.tenant_id = m.tenant_id AND g.id = m.message_id";

constexpr const char* ready_sql =
    "UPDATE media SET status = 'ready', kind = $3, mime = $4, size_bytes = $5, sha256 = $6, "
    " error = NULL, updated_at = now() "
    "WHERE tenant_id = $1 AND id = $2 AND status = 'fetching' "
    "RETURNING media_descriptor(media)::text";

constexpr const char* attempt_failed_sql =
    "UPDATE media SET status = CASE WHEN $4 THEN 'failed' ELSE 'fetching' END, error = $3, "
    " next_attempt_at = now() + $5::bigint * interval '1 ms', updated_at = now() "
    "WHERE tenant_id = $1 AND id = $2 AND status = 'fetching' "
    "RETURNING media_descriptor(media)::text";

constexpr const char* retry_sql =
    "UPDATE media SET status = 'fetching', attempts = 0, error = NULL, next_attempt_at = now(), "
    " updated_at = now() "
    "WHERE tenant_id = $1 AND id = $2 AND status = 'failed' "
    "RETURNING media_descriptor(media)::text";

constexpr const char* exists_sql = "SELECT status FROM media WHERE tenant_id = $1 AND id = $2";

constexpr const char* insert_upload_sql =
    "INSERT INTO media (tenant_id, direction, kind, mime, size_bytes, sha256, filename, status) "
    "VALUES ($1, 'out', $2, $3, $4, $5, $6, 'ready') RETURNING id";

constexpr const char* attach_sql =
    "UPDATE media SET message_id = $3, updated_at = now() "
    "WHERE tenant_id = $1 AND id = $2 AND message_id IS NULL";

constexpr const char* descriptors_sql = "SELECT message_media($1, $2)::text";

media_row read_row(const pg_result& r, int i) {
  media_row m;
  read_columns(r, i, m.id, m.tenant_id, m.message_id, m.conversation_id, m.channel_account_id,
               m.direction, m.kind, m.source_url, m.source_media_id, m.mime, m.size, m.sha256,
               m.filename, m.status, m.attempts);
  return m;
}

std::string first_or_empty(const pg_result& r) { return r.rows() == 0 ? "" : r.str(0, 0); }

}  // namespace

result<std::vector<media_row>> media_repo::claim_due(int limit, std::chrono::milliseconds lease) {
  return read_rows(db_.exec(claim_sql, {std::to_string(limit), std::to_string(lease.count())}),
                   read_row);
}

result<std::string> media_repo::mark_ready(const media_row& row, const std::string& kind,
                                           const std::string& mime, int64_t size,
                                           const std::string& sha256) {
  auto r = db_.exec(ready_sql, {std::to_string(row.tenant_id), std::to_string(row.id), kind, mime,
                                std::to_string(size), sha256});
  if (!r) return r.error();
  return first_or_empty(*r);
}

result<std::string> media_repo::mark_attempt_failed(const media_row& row, const std::string& error,
                                                    std::chrono::milliseconds delay, bool final) {
  auto r = db_.exec(attempt_failed_sql,
                    {std::to_string(row.tenant_id), std::to_string(row.id), error.substr(0, 300),
                     final ? "true" : "false", std::to_string(final ? 0 : delay.count())});
  if (!r) return r.error();
  return final ? first_or_empty(*r) : std::string{};
}

result<std::string> media_repo::retry(int64_t tenant_id, int64_t id, int64_t user_id) {
  return in_transaction(db_, [&]() -> result<std::string> {
    const auto tid = std::to_string(tenant_id), mid = std::to_string(id);
    auto r = db_.exec(retry_sql, {tid, mid});
    if (!r) return r.error();
    if (r->rows() == 0) {
      auto e = db_.exec(exists_sql, {tid, mid});
      if (!e) return e.error();
      if (e->rows() == 0) return make_error(errc::not_found, "no such media", "not_found");
      return make_error(errc::conflict, "only a failed download can be retried", "not_failed");
    }
    std::string descriptor = r->str(0, 0);
    audit_entry a{tenant_id,       actor::user(user_id), "media",   mid,
                  "media.retried", std::nullopt,         descriptor};
    if (auto s = audit_repo{db_}.append(a); !s) return s.error();
    return descriptor;
  });
}

result<media_row> media_repo::find(int64_t tenant_id, int64_t id) {
  static const std::string sql = std::string{"SELECT "} + row_columns +
                                 " FROM media m LEFT JOIN messages g ON g.tenant_id = m.tenant_id"
                                 " AND g.id = m.message_id WHERE m.tenant_id = $1 AND m.id = $2";
  return read_one(db_.exec(sql.c_str(), {std::to_string(tenant_id), std::to_string(id)}), read_row,
                  make_error(errc::not_found, "no such media", "not_found"));
}

result<int64_t> media_repo::insert_upload(const uploaded_media& m) {
  auto r = db_.exec(insert_upload_sql, {std::to_string(m.tenant_id), m.kind, m.mime,
                                        std::to_string(m.size), m.sha256, m.filename});
  if (!r) return r.error();
  return r->i64(0, 0);
}

status media_repo::attach(int64_t tenant_id, int64_t media_id, int64_t message_id) {
  auto r = db_.exec(attach_sql, {std::to_string(tenant_id), std::to_string(media_id),
                                 std::to_string(message_id)});
  if (!r) return r.error();
  return ok_status();
}

result<std::string> media_repo::descriptors(int64_t tenant_id, int64_t message_id) {
  auto r = db_.exec(descriptors_sql, {std::to_string(tenant_id), std::to_string(message_id)});
  if (!r) return r.error();
  return first_or_empty(*r);
}

}  // namespace centralita::storage
