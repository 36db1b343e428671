#include "storage/login_attempt_repo.hpp"

#include <algorithm>

namespace centralita::storage {

namespace {

// Keys in a fixed order, so two attempts sharing keys lock them in the same order.
constexpr const char* lock_sql =
    "SELECT pg_advisory_xact_lock(hashtextextended(k, 46)) FROM unnest($1::text[]) k ORDER BY k";

constexpr const char* expire_sql =
    "DELETE FROM login_attempts WHERE at <= now() - make_interval(secs => $1::int)";

// Per key: attempts within the window, and the seconds until the oldest of them leaves it.
constexpr const char* count_sql = R"sql(
SELECT k.key, count(a.id),
       coalesce(ceil(extract(epoch FROM min(a.at) + make_interval(secs => $2::int) - now())), 0)
FROM unnest($1::text[]) WITH ORDINALITY AS k(key, n)
LEFT JOIN login_attempts a ON a.key = k.key AND a.at > now() - make_interval(secs => $2::int)
GROUP BY k.key, k.n ORDER BY k.n
)sql";

constexpr const char* insert_sql =
    "INSERT INTO login_attempts (key) SELECT unnest($1::text[]) RETURNING id, key";

}  // namespace

result<attempt_slots> login_attempt_repo::take(const std::vector<attempt_limit>& keys,
                                               int window_s) {
  std::vector<std::string> names;
  for (const auto& k : keys) names.push_back(k.key);
  const auto array = text_array(names);
  const auto window = std::to_string(window_s);
  return in_transaction(db_, [&]() -> result<attempt_slots> {
    if (auto r = db_.exec(lock_sql, {array}); !r) return r.error();
    if (auto r = db_.exec_prepared("login_expire", expire_sql, {window}); !r) return r.error();
    auto counts = db_.exec_prepared("login_count", count_sql, {array, window});
    if (!counts) return counts.error();
    attempt_slots out;
    for (int i = 0; i < counts->rows() && i < static_cast<int>(keys.size()); ++i) {
      if (counts->i64(i, 1) < keys[i].most) continue;
      out.wait_s = std::max(out.wait_s, std::max(1, static_cast<int>(counts->i64(i, 2))));
    }
    if (out.wait_s > 0) return out;
    auto inserted = db_.exec_prepared("login_insert", insert_sql, {array});
    if (!inserted) return inserted.error();
    for (const auto& name : names) {
      for (int i = 0; i < inserted->rows(); ++i) {
        if (inserted->str(i, 1) == name) out.ids.push_back(inserted->i64(i, 0));
      }
    }
    return out;
  });
}

status login_attempt_repo::forget(const std::string& key, const std::vector<int64_t>& ids) {
  auto r = db_.exec("DELETE FROM login_attempts WHERE key = $1 OR id = ANY($2::bigint[])",
                    {key, int_array(ids)});
  if (!r) return r.error();
  return ok_status();
}

status login_attempt_repo::give_back(const std::vector<int64_t>& ids) {
  auto r = db_.exec("DELETE FROM login_attempts WHERE id = ANY($1::bigint[])", {int_array(ids)});
  if (!r) return r.error();
  return ok_status();
}

}  // namespace centralita::storage
