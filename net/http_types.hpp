#pragma once
// Requests and responses as handlers see them: plain data, no Beast. The session converts.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace centralita::net {

/// A request after it was read in full and routed.
struct request {
  std::string method;
  std::string path;
  std::string query;                           ///< without '?'
  std::map<std::string, std::string> headers;  ///< names in lower case
  std::map<std::string, std::string> params;   ///< `{name}` segments of the route
  std::string body;
  std::string remote_address;  ///< the peer's IP address (no proxy headers are trusted)

  /// A header's value, or empty.
  std::string header(const std::string& lower_name) const;
  /// A query parameter's decoded value, or empty.
  std::string query_param(std::string_view name) const;
  /// The name of the first query parameter whose decoded name or value is not valid UTF-8 or
  /// holds a control character; empty when every one is clean.
  std::optional<std::string> unclean_query_param() const;
};

/// What a handler answers.
struct response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

/// Sends the response; callable from any thread, exactly once.
using respond_fn = std::function<void(response)>;
/// Handles one request; may answer later, from another thread.
using handler = std::function<void(const request&, respond_fn)>;

}  // namespace centralita::net
