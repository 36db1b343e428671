#include "storage/knowledge_repo.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <regex>

#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

constexpr size_t max_title_chars = 300;
constexpr size_t max_body_bytes = 200000;
constexpr size_t max_tags = 20;
constexpr size_t max_tag_bytes = 50;

#define CENTRALITA_ARTICLE_COLUMNS                                                           \
  "id, tenant_id, title, body, language, tags::text, status, version, rfc3339(created_at), " \
  "rfc3339(updated_at) "
// The audited image of an article (the same for before and after).
#define CENTRALITA_ARTICLE_JSON                                                           \
  "jsonb_build_object('title', title, 'body', body, 'language', language, 'tags', tags, " \
  "'status', status, 'version', version)"

constexpr const char* find_sql =
    "SELECT " CENTRALITA_ARTICLE_COLUMNS "FROM knowledge_articles WHERE tenant_id = $1 AND id = $2";
constexpr const char* list_sql = "SELECT " CENTRALITA_ARTICLE_COLUMNS
                                 "FROM knowledge_articles WHERE tenant_id = $1 "
                                 " AND ($2::text IS NULL OR status = $2) "
                                 " AND ($3::bigint IS NULL OR id < $3) "
                                 "ORDER BY id DESC LIMIT $4";
constexpr const char* lock_json_sql = "SELECT " CENTRALITA_ARTICLE_JSON
                                      "::text FROM knowledge_articles "
                                      "WHERE tenant_id = $1 AND id = $2 FOR UPDATE";
constexpr const char* insert_sql =
    "INSERT INTO knowledge_articles (tenant_id, title, body, language, tags, status, created_by, "
    " updated_by) "
    "VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $7) "
    "RETURNING id, rfc3339(created_at), rfc3339(updated_at)";
constexpr const char* update_sql =
    "UPDATE knowledge_articles SET title = $3, body = $4, language = $5, tags = $6::text[], "
    " status = $7, updated_by = $8, version = version + 1, updated_at = now() "
    "WHERE tenant_id = $1 AND id = $2 RETURNING version";
constexpr const char* delete_sql =
    "DELETE FROM knowledge_articles WHERE tenant_id = $1 AND id = $2";
constexpr const char* audit_sql =
    "INSERT INTO audit_log (tenant_id, actor_type, actor_user_id, entity_type, entity_id, action, "
    " before, after) "
    "SELECT $1::bigint, $3::text, $4::bigint, 'knowledge_article', $2::bigint::text, $5::text, "
    " $6::jsonb, (SELECT " CENTRALITA_ARTICLE_JSON
    " FROM knowledge_articles WHERE tenant_id = $1::bigint AND id = $2::bigint)";
// Imports: a batch of articles is four statements, whatever its size. Ids are taken first, so
// the rows and their chunks are matched by id, not by the order RETURNING happens to give.
constexpr const char* take_ids_sql =
    "SELECT nextval(pg_get_serial_sequence('knowledge_articles', 'id')) "
    "FROM generate_series(1, $1::int)";
constexpr const char* insert_many_sql =
    "INSERT INTO knowledge_articles (id, tenant_id, title, body, language, tags, status, "
    " created_by, updated_by) OVERRIDING SYSTEM VALUE "
    "SELECT u.id, $1::bigint, u.title, u.body, u.language, u.tags::text[], u.status, $8::bigint, "
    " $8::bigint "
    "FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) "
    " AS u(id, title, body, language, tags, status) "
    "RETURNING id, rfc3339(created_at), rfc3339(updated_at)";
constexpr const char* insert_many_chunks_sql =
    "INSERT INTO knowledge_chunks (tenant_id, article_id, article_version, ordinal, text, "
    " embedding, embedder) "
    "SELECT $1::bigint, u.article_id, 1, u.ordinal, u.text, u.embedding::real[], $6::text "
    "FROM unnest($2::bigint[], $3::int[], $4::text[], $5::text[]) "
    " AS u(article_id, ordinal, text, embedding)";
constexpr const char* audit_many_sql =
    "INSERT INTO audit_log (tenant_id, actor_type, actor_user_id, entity_type, entity_id, action, "
    " before, after) "
    "SELECT $1::bigint, $2::text, $3::bigint, 'knowledge_article', id::text, "
    " 'knowledge_article.created', NULL, " CENTRALITA_ARTICLE_JSON
    " FROM knowledge_articles WHERE tenant_id = $1::bigint AND id = ANY($4::bigint[]) ORDER BY id";
#undef CENTRALITA_ARTICLE_COLUMNS
#undef CENTRALITA_ARTICLE_JSON

constexpr const char* delete_chunks_sql =
    "DELETE FROM knowledge_chunks WHERE tenant_id = $1 AND article_id = $2";
constexpr const char* insert_chunks_sql =
    "INSERT INTO knowledge_chunks (tenant_id, article_id, article_version, ordinal, text, "
    " embedding, embedder) "
    "SELECT $1::bigint, $2::bigint, $3::int, u.ordinal, u.text, u.embedding::real[], $7::text "
    "FROM unnest($4::int[], $5::text[], $6::text[]) AS u(ordinal, text, embedding)";
constexpr const char* chunks_sql =
    "SELECT id, ordinal, text, embedding::text, coalesce(embedder, '') FROM knowledge_chunks "
    "WHERE tenant_id = $1 AND article_id = $2 ORDER BY ordinal";
constexpr const char* version_sql =
    "SELECT version FROM knowledge_articles WHERE tenant_id = $1 AND id = $2 FOR UPDATE";
constexpr const char* published_sql =
    "SELECT a.tenant_id, a.id, a.version, a.title, a.body, a.language, c.id, c.ordinal, c.text, "
    " c.embedding::text, coalesce(c.embedder, '') "
    "FROM knowledge_articles a "
    "LEFT JOIN knowledge_chunks c ON c.tenant_id = a.tenant_id AND c.article_id = a.id "
    "WHERE a.status = 'published' AND ($1::bigint IS NULL OR a.tenant_id = $1) "
    " AND ($2::bigint[] IS NULL OR a.id = ANY($2::bigint[])) "
    "ORDER BY a.tenant_id, a.id, c.ordinal";
constexpr const char* manifest_sql =
    "SELECT a.id, a.version, "
    " coalesce(array_agg(c.id ORDER BY c.id) FILTER (WHERE c.id IS NOT NULL), '{}')::text, "
    " count(c.id) > 0 AND bool_and(c.embedder IS NOT DISTINCT FROM $2 "
    "  AND coalesce(array_length(c.embedding, 1), 0) = $3::int) "
    "FROM knowledge_articles a "
    "LEFT JOIN knowledge_chunks c ON c.tenant_id = a.tenant_id AND c.article_id = a.id "
    "WHERE a.status = 'published' AND a.tenant_id = $1 "
    "GROUP BY a.id, a.version ORDER BY a.id";

constexpr const char* signatures_sql =
    "SELECT tenant_id, count(*), coalesce(sum(version), 0) FROM knowledge_articles "
    "WHERE status = 'published' GROUP BY tenant_id";

error not_found() { return make_error(errc::not_found, "no such article", "article_not_found"); }

// The article as JSON, its row locked for a change (the audit row's `before`); not_found when
// the tenant has no such article.
result<std::string> lock_article(pg_connection& db, const std::string& tid,
                                 const std::string& aid) {
  auto before = db.exec(lock_json_sql, {tid, aid});
  if (!before) return before.error();
  if (before->rows() == 0) return not_found();
  return before->str(0, 0);
}

error unprocessable(const std::string& field, const std::string& what) {
  return make_error(errc::unprocessable, field + " " + what, "invalid_value");
}

size_t utf8_chars(const std::string& s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

knowledge_article read_article(const pg_result& r, int row) {
  knowledge_article a;
  a.id = r.i64(row, 0);
  a.tenant_id = r.i64(row, 1);
  a.title = r.str(row, 2);
  a.body = r.str(row, 3);
  a.language = r.str(row, 4);
  a.tags = parse_text_array(r.text(row, 5));
  a.status = r.str(row, 6);
  a.version = static_cast<int>(r.i64(row, 7));
  a.created_at = r.str(row, 8);
  a.updated_at = r.str(row, 9);
  return a;
}

}  // namespace

std::string real_array(const std::vector<float>& v) {
  std::string out = "{";
  out.reserve(v.size() * 14 + 2);
  char buf[32];
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    // The shortest text that reads back as the same float; far cheaper than printf.
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v[i]);
    out.append(buf, ec == std::errc{} ? end : buf);
  }
  out += '}';
  return out;
}

std::vector<float> parse_real_array(std::string_view literal) {
  std::vector<float> out;
  if (literal.size() < 2 || literal.front() != '{' || literal.back() != '}') return out;
  std::string s{literal.substr(1, literal.size() - 2)};
  const char* p = s.c_str();
  while (*p != '\0') {
    char* end = nullptr;
    const float x = std::strtof(p, &end);
    if (end == p) return {};
    out.push_back(x);
    p = end;
    if (*p == ',') ++p;
  }
  return out;
}

std::vector<std::string> parse_text_array(std::string_view literal) {
  std::vector<std::string> out;
  if (literal.size() < 2 || literal.front() != '{') return out;
  std::string current;
  bool quoted = false;
  bool any = false;
  for (size_t i = 1; i + 1 < literal.size(); ++i) {
    const char c = literal[i];
    if (quoted) {
      if (c == '\\' && i + 2 < literal.size()) {
        current += literal[++i];
      } else if (c == '"') {
        quoted = false;
      } else {
        current += c;
      }
    } else if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      out.push_back(std::move(current));
      current.clear();
      any = false;
    } else {
      current += c;
      any = true;
    }
  }
  if (any || !current.empty()) out.push_back(std::move(current));
  return out;
}

status validate_article(const article_input& a) {
  if (a.title.find_first_not_of(" \t\r\n") == std::string::npos) {
    return unprocessable("title", "must not be empty");
  }
  if (utf8_chars(a.title) > max_title_chars) {
    return unprocessable("title", "is longer than 300 characters");
  }
  if (a.body.size() > max_body_bytes) return unprocessable("body", "is longer than 200000 bytes");
  static const std::regex language_re{"^[a-z]{2}(-[A-Z]{2})?$"};
  if (!std::regex_match(a.language, language_re)) {
    return unprocessable("language", "must be a language code like es, en or es-MX");
  }
  if (a.status != "draft" && a.status != "published" && a.status != "archived") {
    return unprocessable("status", "must be draft, published or archived");
  }
  if (a.tags.size() > max_tags) return unprocessable("tags", "has more than 20 tags");
  for (const auto& t : a.tags) {
    if (t.empty() || t.size() > max_tag_bytes) {
      return unprocessable("tags", "must be 1 to 50 bytes each");
    }
  }
  return ok_status();
}

result<knowledge_article> knowledge_repo::find(int64_t tenant_id, int64_t id) {
  return read_one(db_.exec(find_sql, {std::to_string(tenant_id), std::to_string(id)}), read_article,
                  not_found());
}

result<article_page> knowledge_repo::list(int64_t tenant_id, const article_filter& f) {
  const int limit = std::clamp(f.limit, 1, 200);
  auto r = db_.exec(list_sql, {std::to_string(tenant_id), f.status, nullable_param(f.before_id),
                               std::to_string(limit + 1)});
  return read_page<article_page>(r, limit, read_article);
}

status knowledge_repo::write_chunks(int64_t tenant_id, int64_t article_id, int version,
                                    const std::vector<chunk_row>& chunks,
                                    const std::string& embedder) {
  const std::string tid = std::to_string(tenant_id);
  const std::string aid = std::to_string(article_id);
  if (auto r = db_.exec(delete_chunks_sql, {tid, aid}); !r) return r.error();
  if (chunks.empty()) return ok_status();
  std::vector<int64_t> ordinals;
  std::vector<std::string> texts;
  std::vector<std::string> vectors;
  for (const auto& c : chunks) {
    ordinals.push_back(c.ordinal);
    texts.push_back(c.text);
    vectors.push_back(real_array(c.embedding));
  }
  auto r = db_.exec(insert_chunks_sql, {tid, aid, std::to_string(version), int_array(ordinals),
                                        text_array(texts), text_array(vectors), embedder});
  if (!r) return r.error();
  return ok_status();
}

result<knowledge_article> knowledge_repo::insert(int64_t tenant_id, const actor& who,
                                                 const article_input& a,
                                                 const std::vector<chunk_row>& chunks,
                                                 const std::string& embedder) {
  if (auto s = validate_article(a); !s) return s.error();
  const std::string tid = std::to_string(tenant_id);
  auto inserted = db_.exec(insert_sql, {tid, a.title, a.body, a.language, text_array(a.tags),
                                        a.status, nullable_param(who.user_id)});
  if (!inserted) return inserted.error();
  const auto id = inserted->i64(0, 0);
  if (auto s = write_chunks(tenant_id, id, 1, chunks, embedder); !s) return s.error();
  auto audit = db_.exec(audit_sql, {tid, std::to_string(id), who.type, nullable_param(who.user_id),
                                    std::string{"knowledge_article.created"}, std::nullopt});
  if (!audit) return audit.error();
  // What was inserted, without reading it back (imports write hundreds per second).
  return knowledge_article{id,
                           tenant_id,
                           a.title,
                           a.body,
                           a.language,
                           a.tags,
                           a.status,
                           1,
                           inserted->str(0, 1),
                           inserted->str(0, 2)};
}

result<knowledge_article> knowledge_repo::create(int64_t tenant_id, const actor& who,
                                                 const article_input& a,
                                                 const std::vector<chunk_row>& chunks,
                                                 const std::string& embedder) {
  return in_transaction(db_, [&] { return insert(tenant_id, who, a, chunks, embedder); });
}

result<std::vector<knowledge_article>> knowledge_repo::create_many(
    int64_t tenant_id, const actor& who, const std::vector<article_input>& articles,
    const std::vector<std::vector<chunk_row>>& chunks, const std::string& embedder) {
  if (chunks.size() != articles.size()) {
    return make_error(errc::invalid_input, "one chunk list per article", "bad_batch");
  }
  for (const auto& a : articles) {
    if (auto s = validate_article(a); !s) return s.error();
  }
  if (articles.empty()) return std::vector<knowledge_article>{};
  return in_transaction(db_, [&]() -> result<std::vector<knowledge_article>> {
    const std::string tid = std::to_string(tenant_id);
    auto taken = db_.exec(take_ids_sql, {std::to_string(articles.size())});
    if (!taken) return taken.error();
    if (taken->rows() != static_cast<int>(articles.size())) {
      return make_error(errc::internal, "could not take article ids", "internal");
    }
    std::vector<int64_t> ids;
    std::vector<std::string> titles, bodies, languages, tags, statuses;
    std::vector<int64_t> chunk_articles, ordinals;
    std::vector<std::string> texts, vectors;
    for (size_t i = 0; i < articles.size(); ++i) {
      const auto& a = articles[i];
      ids.push_back(taken->i64(static_cast<int>(i), 0));
      titles.push_back(a.title);
      bodies.push_back(a.body);
      languages.push_back(a.language);
      tags.push_back(text_array(a.tags));
      statuses.push_back(a.status);
      for (const auto& c : chunks[i]) {
        chunk_articles.push_back(ids.back());
        ordinals.push_back(c.ordinal);
        texts.push_back(c.text);
        vectors.push_back(real_array(c.embedding));
      }
    }
    const std::string id_list = int_array(ids);
    auto inserted = db_.exec(insert_many_sql, {tid, id_list, text_array(titles), text_array(bodies),
                                               text_array(languages), text_array(tags),
                                               text_array(statuses), nullable_param(who.user_id)});
    if (!inserted) return inserted.error();
    if (!chunk_articles.empty()) {
      auto r =
          db_.exec(insert_many_chunks_sql, {tid, int_array(chunk_articles), int_array(ordinals),
                                            text_array(texts), text_array(vectors), embedder});
      if (!r) return r.error();
    }
    auto audit = db_.exec(audit_many_sql, {tid, who.type, nullable_param(who.user_id), id_list});
    if (!audit) return audit.error();
    std::map<int64_t, int> row_of;
    for (int row = 0; row < inserted->rows(); ++row) row_of[inserted->i64(row, 0)] = row;
    std::vector<knowledge_article> out;
    out.reserve(articles.size());
    for (size_t i = 0; i < articles.size(); ++i) {
      const auto& a = articles[i];
      const int row = row_of.at(ids[i]);
      out.push_back(knowledge_article{ids[i], tenant_id, a.title, a.body, a.language, a.tags,
                                      a.status, 1, inserted->str(row, 1), inserted->str(row, 2)});
    }
    return out;
  });
}

result<knowledge_article> knowledge_repo::update(int64_t tenant_id, int64_t id, const actor& who,
                                                 const article_input& a,
                                                 const std::vector<chunk_row>& chunks,
                                                 const std::string& embedder) {
  if (auto s = validate_article(a); !s) return s.error();
  return in_transaction(db_, [&]() -> result<knowledge_article> {
    const std::string tid = std::to_string(tenant_id);
    const std::string aid = std::to_string(id);
    auto before = lock_article(db_, tid, aid);
    if (!before) return before.error();
    auto updated = db_.exec(update_sql, {tid, aid, a.title, a.body, a.language, text_array(a.tags),
                                         a.status, nullable_param(who.user_id)});
    if (!updated) return updated.error();
    const auto version = static_cast<int>(updated->i64(0, 0));
    if (auto s = write_chunks(tenant_id, id, version, chunks, embedder); !s) return s.error();
    auto audit = db_.exec(audit_sql, {tid, aid, who.type, nullable_param(who.user_id),
                                      std::string{"knowledge_article.updated"}, *before});
    if (!audit) return audit.error();
    return find(tenant_id, id);
  });
}

result<knowledge_article> knowledge_repo::remove(int64_t tenant_id, int64_t id, const actor& who) {
  return in_transaction(db_, [&]() -> result<knowledge_article> {
    const std::string tid = std::to_string(tenant_id);
    const std::string aid = std::to_string(id);
    auto before = lock_article(db_, tid, aid);
    if (!before) return before.error();
    auto gone = find(tenant_id, id);
    if (!gone) return gone.error();
    if (auto r = db_.exec(delete_sql, {tid, aid}); !r) return r.error();
    // After the delete, the audit row's `after` sub-select finds nothing: null.
    auto audit = db_.exec(audit_sql, {tid, aid, who.type, nullable_param(who.user_id),
                                      std::string{"knowledge_article.deleted"}, *before});
    if (!audit) return audit.error();
    return gone;
  });
}

result<std::vector<stored_chunk>> knowledge_repo::chunks(int64_t tenant_id, int64_t article_id) {
  auto r = db_.exec(chunks_sql, {std::to_string(tenant_id), std::to_string(article_id)});
  if (!r) return r.error();
  std::vector<stored_chunk> out;
  for (int i = 0; i < r->rows(); ++i) {
    out.push_back(stored_chunk{
        r->i64(i, 0), static_cast<int>(r->i64(i, 1)), r->str(i, 2),
        r->is_null(i, 3) ? std::vector<float>{} : parse_real_array(r->text(i, 3)), r->str(i, 4)});
  }
  return out;
}

status knowledge_repo::replace_chunks(int64_t tenant_id, int64_t article_id, int version,
                                      const std::vector<chunk_row>& chunks,
                                      const std::string& embedder) {
  return in_transaction(db_, [&]() -> status {
    auto v = db_.exec(version_sql, {std::to_string(tenant_id), std::to_string(article_id)});
    if (!v) return v.error();
    if (v->rows() == 0) return not_found();
    if (v->i64(0, 0) != version) {
      return make_error(errc::conflict, "the article changed meanwhile", "version_changed");
    }
    return write_chunks(tenant_id, article_id, version, chunks, embedder);
  });
}

result<std::vector<published_signature>> knowledge_repo::signatures() {
  return read_rows(db_.exec(signatures_sql), [](const pg_result& r, int i) {
    return published_signature{r.i64(i, 0), r.i64(i, 1), r.i64(i, 2)};
  });
}

result<std::vector<article_manifest>> knowledge_repo::manifest(int64_t tenant_id,
                                                               const std::string& embedder,
                                                               int dimension) {
  auto r = db_.exec(manifest_sql, {std::to_string(tenant_id), embedder, std::to_string(dimension)});
  if (!r) return r.error();
  std::vector<article_manifest> out;
  out.reserve(static_cast<size_t>(r->rows()));
  for (int i = 0; i < r->rows(); ++i) {
    article_manifest m;
    m.article_id = r->i64(i, 0);
    m.version = static_cast<int>(r->i64(i, 1));
    for (const auto& id : parse_text_array(r->text(i, 2))) m.chunk_ids.push_back(std::stoll(id));
    m.embedded = r->boolean(i, 3);
    out.push_back(std::move(m));
  }
  return out;
}

result<std::vector<indexable_article>> knowledge_repo::published(
    std::optional<int64_t> tenant_id, const std::optional<std::vector<int64_t>>& article_ids) {
  auto r = db_.exec(published_sql, {nullable_param(tenant_id),
                                    article_ids ? param{int_array(*article_ids)} : param{}});
  if (!r) return r.error();
  std::vector<indexable_article> out;
  for (int i = 0; i < r->rows(); ++i) {
    const auto tenant = r->i64(i, 0);
    const auto article = r->i64(i, 1);
    if (out.empty() || out.back().tenant_id != tenant || out.back().article_id != article) {
      out.push_back(indexable_article{tenant,
                                      article,
                                      static_cast<int>(r->i64(i, 2)),
                                      r->str(i, 3),
                                      r->str(i, 4),
                                      r->str(i, 5),
                                      {}});
    }
    if (r->is_null(i, 6)) continue;
    out.back().chunks.push_back(stored_chunk{
        r->i64(i, 6), static_cast<int>(r->i64(i, 7)), r->str(i, 8),
        r->is_null(i, 9) ? std::vector<float>{} : parse_real_array(r->text(i, 9)), r->str(i, 10)});
  }
  return out;
}

}  // namespace centralita::storage
