// Fuzz target: a request's query string (after '?'): the URL decoding of query_param and the
// list parameters every list route reads (cursor, limit, assignee).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "net/api_json.hpp"
#include "net/http_types.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace centralita::net;
  request req;
  req.query.assign(reinterpret_cast<const char*>(data), size);
  (void)req.query_param("q");
  (void)req.query_param("");
  (void)req.unclean_query_param();
  if (auto cursor = query_cursor(req); cursor && *cursor && **cursor <= 0) std::abort();
  if (auto limit = query_limit(req); limit && (*limit < 1 || *limit > 200)) std::abort();
  (void)query_assignee(req, 7);
  (void)parse_id(req.query);
  return 0;
}
