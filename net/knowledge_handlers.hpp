#pragma once
// The knowledge base: articles (reads for every user of the tenant, writes for admins, each
// write audited and handed to the search index before it is answered) and semantic search.

#include <memory>

#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds GET and POST /api/v1/knowledge/articles, GET, PUT and DELETE
/// /api/v1/knowledge/articles/{id} and GET /api/v1/knowledge/search?q=&k=.
void add_knowledge_routes(router& routes, const std::shared_ptr<const api_env>& env);

}  // namespace centralita::net
