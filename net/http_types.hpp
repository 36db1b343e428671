#pragma once
// Requests and responses as handlers see them: plain data, no Beast. The session converts.

#include <functional>
#include <map>
#include <memory>
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

/// Takes the next piece of a streamed body: `piece` empty means the producer failed and the
/// body ends cut short (the headers are already out); `last` ends it.
using body_piece_fn = std::function<void(std::optional<std::string> piece, bool last)>;

/// A body sent in pieces with chunked transfer encoding (an export of any size): the session
/// asks for the next piece only once the previous one is written, so a slow client holds back
/// the producer and only one piece is ever in memory.
struct body_stream {
  /// Produces the next piece and calls `deliver` exactly once, from any thread.
  std::function<void(body_piece_fn deliver)> next;
};

/// What a handler answers.
struct response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  /// When set, the body is this stream (chunked) and `body` is ignored.
  std::shared_ptr<body_stream> stream;
};

/// Sends the response; callable from any thread, exactly once.
using respond_fn = std::function<void(response)>;
/// Handles one request; may answer later, from another thread.
using handler = std::function<void(const request&, respond_fn)>;

}  // namespace centralita::net
