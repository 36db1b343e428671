#pragma once
// Routes (method, path pattern) to handlers. Patterns are literal segments and `{name}`
// parameters; a path that matches with another method answers 405. A path no route has goes
// to the fallback when one is set (the dashboard's files), else answers 404.

#include <string>
#include <vector>

#include "net/http_types.hpp"

namespace centralita::net {

/// The outcome of matching a request.
struct route_match {
  const handler* target = nullptr;  ///< null: no route
  std::string name;                 ///< the pattern, for metrics ("unmatched" when none)
  bool method_mismatch = false;     ///< the path exists, with other methods
  std::map<std::string, std::string> params;
};

/// A set of routes of one listener.
class router {
 public:
  /// Adds a route; `pattern` like "/api/v1/tickets/{id}".
  void add(std::string method, std::string pattern, handler h);
  /// Answers requests whose path no route has (any method); its route name is "static".
  void set_fallback(handler h);
  route_match match(const std::string& method, const std::string& path) const;
  /// Every (method, pattern), for documentation and its test.
  std::vector<std::pair<std::string, std::string>> routes() const;

 private:
  struct route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    handler h;
  };
  std::vector<route> routes_;
  handler fallback_;
};

}  // namespace centralita::net
