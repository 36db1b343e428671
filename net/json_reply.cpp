#include "net/json_reply.hpp"

#include "common/log.hpp"

namespace centralita::net {

namespace {

// Each error code's HTTP status and the code an answer carries when the error names none.
struct http_mapping {
  int status;
  const char* detail;
};

http_mapping mapping_of(errc code) {
  switch (code) {
    case errc::invalid_input:
      return {400, "bad_request"};
    case errc::unauthorized:
      return {401, "unauthorized"};
    case errc::forbidden:
      return {403, "forbidden"};
    case errc::not_found:
      return {404, "not_found"};
    case errc::conflict:
      return {409, "conflict"};
    case errc::payload_too_large:
      return {413, "payload_too_large"};
    case errc::unsupported_media:
      return {415, "unsupported_media_type"};
    case errc::unprocessable:
      return {422, "unprocessable"};
    case errc::rate_limited:
      return {429, "rate_limited"};
    case errc::unavailable:
      return {503, "unavailable"};
    case errc::internal:
      return {500, "internal"};
  }
  return {500, "internal"};
}

}  // namespace

int http_status(errc code) { return mapping_of(code).status; }

response error_response(const error& e) {
  response r;
  r.status = http_status(e.code);
  // An internal error's text is for the log: the caller learns only that it happened.
  if (e.code == errc::internal) {
    log::error("http: internal error answered 500: {}", e.message);
    r.body = R"({"error":{"code":"internal","message":"internal error"}})";
    return r;
  }
  const std::string code = e.detail.empty() ? mapping_of(e.code).detail : e.detail;
  r.body =
      "{\"error\":{\"code\":" + json_string(code) + ",\"message\":" + json_string(e.message) + "}}";
  if (e.code == errc::unavailable || e.code == errc::rate_limited) {
    r.headers.emplace_back("Retry-After", "1");
  }
  return r;
}

response error_response(errc code, const std::string& message, const std::string& detail) {
  return error_response(make_error(code, message, detail));
}

}  // namespace centralita::net
