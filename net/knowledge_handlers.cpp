#include "net/knowledge_handlers.hpp"

#include "actors/knowledge_change.hpp"
#include "net/api_routes.hpp"
#include "net/knowledge_codecs.hpp"
#include "vectorindex/article_chunks.hpp"

namespace centralita::net {

namespace {

constexpr size_t max_query_chars = 500;
constexpr int default_k = 5;
constexpr int max_k = 50;

error no_such_article() {
  return make_error(errc::not_found, "no such article", "article_not_found");
}

result<std::vector<storage::chunk_row>> chunk_rows(const storage::article_input& a,
                                                   const vectorindex::embedder& e) {
  auto prepared = vectorindex::prepare_chunks(a.title, a.body, e);
  if (!prepared) return prepared.error();
  std::vector<storage::chunk_row> rows;
  rows.reserve(prepared->size());
  for (auto& p : *prepared) rows.push_back({p.ordinal, std::move(p.text), std::move(p.vector)});
  return rows;
}

// After the commit, before the answer: the index learns the article as it is now.
status reindex(storage::pg_connection& db, actors::node& node,
               const storage::knowledge_article& a) {
  auto chunks = storage::knowledge_repo{db}.chunks(a.tenant_id, a.id);
  if (!chunks) return chunks.error();
  node.knowledge_changed(actors::change_of(a, std::move(*chunks)));
  return ok_status();
}

result<storage::article_filter> parse_filter(const request& req) {
  storage::article_filter f;
  if (auto status = req.query_param("status"); !status.empty()) {
    if (status != "draft" && status != "published" && status != "archived") {
      return make_error(errc::invalid_input, "status must be draft, published or archived",
                        "invalid_query");
    }
    f.status = status;
  }
  if (auto s = query_page(req, f.before_id, f.limit); !s) return s.error();
  return f;
}

struct search_params {
  std::string q;
  int k = default_k;
};

result<search_params> parse_search(const request& req) {
  search_params p;
  p.q = req.query_param("q");
  if (p.q.find_first_not_of(" \t\r\n") == std::string::npos) {
    return make_error(errc::invalid_input, "q must not be empty", "invalid_query");
  }
  if (utf8_length(p.q) > max_query_chars) {
    return make_error(errc::invalid_input, "q is longer than 500 characters", "invalid_query");
  }
  if (auto k = req.query_param("k"); !k.empty()) {
    auto n = parse_id(k);
    if (!n || *n > max_k) {
      return make_error(errc::invalid_input, "k must be an integer from 1 to 50", "invalid_query");
    }
    p.k = static_cast<int>(*n);
  }
  return p;
}

// A new article's body, checked whole (a new article has no stored fields to fall back on).
result<storage::article_input> parse_new_article(const std::string& body) {
  auto b = parse_article_body(body);
  if (!b) return b.error();
  auto input = merge_article(*b);
  if (auto s = storage::validate_article(input); !s) return s.error();
  return input;
}

void add_search_route(router& routes, const std::shared_ptr<const api_env>& env) {
  routes.add(
      "GET", "/api/v1/knowledge/search",
      authenticated(env, [env](const request& req, const principal& who, respond_fn respond) {
        auto p = parse_search(req);
        if (!p) return respond(error_response(p.error()));
        env->node.search_knowledge(
            who.tenant_id, std::move(p->q), p->k,
            [respond = std::move(respond)](result<std::vector<vectorindex::search_hit>> hits) {
              if (!hits) {
                return respond(error_response(errc::unavailable,
                                              "knowledge search is unavailable; retry later",
                                              "search_unavailable"));
              }
              respond(json_response(200, search_results_json(*hits)));
            });
      }));
}

}  // namespace

void add_knowledge_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  add_search_route(routes, env);

  routes.add("GET", "/api/v1/knowledge/articles",
             list_route<storage::knowledge_repo>(env, parse_filter, write_article));

  routes.add("POST", "/api/v1/knowledge/articles",
             input_route(admin_only, env, parse_new_article,
                         [env](storage::pg_connection& db, const principal& who,
                               const storage::article_input& input) -> result<response> {
                           auto embedder = env->node.embedder();
                           auto rows = chunk_rows(input, *embedder);
                           if (!rows) return rows.error();
                           auto created = storage::knowledge_repo{db}.create(
                               who.tenant_id, storage::actor::user(who.user_id), input, *rows,
                               embedder->name());
                           if (!created) return created.error();
                           if (auto s = reindex(db, env->node, *created); !s) return s.error();
                           return json_response(201, json_text(*created, write_article));
                         }));

  routes.add("GET", "/api/v1/knowledge/articles/{id}",
             find_route<storage::knowledge_repo>(env, no_such_article(), write_article));

  routes.add("PUT", "/api/v1/knowledge/articles/{id}",
             id_input_route(
                 admin_only, env, no_such_article(), parse_article_body,
                 [env](storage::pg_connection& db, const principal& who, int64_t id,
                       const article_body& b) -> result<response> {
                   storage::knowledge_repo repo{db};
                   auto current = repo.find(who.tenant_id, id);
                   if (!current) return current.error();
                   auto input = merge_article(b, {current->title, current->body, current->language,
                                                  current->tags, current->status});
                   if (auto s = storage::validate_article(input); !s) return s.error();
                   auto embedder = env->node.embedder();
                   auto rows = chunk_rows(input, *embedder);
                   if (!rows) return rows.error();
                   auto updated = repo.update(who.tenant_id, id, storage::actor::user(who.user_id),
                                              input, *rows, embedder->name());
                   if (!updated) return updated.error();
                   if (auto s = reindex(db, env->node, *updated); !s) return s.error();
                   return json_response(200, json_text(*updated, write_article));
                 }));

  routes.add("DELETE", "/api/v1/knowledge/articles/{id}",
             id_route(admin_only, env, no_such_article(),
                      [env](storage::pg_connection& db, const principal& who,
                            int64_t id) -> result<response> {
                        auto gone = storage::knowledge_repo{db}.remove(
                            who.tenant_id, id, storage::actor::user(who.user_id));
                        if (!gone) return gone.error();
                        env->node.knowledge_changed(actors::removal_of(*gone));
                        return json_response(200, deleted_json(gone->id));
                      }));
}

}  // namespace centralita::net
