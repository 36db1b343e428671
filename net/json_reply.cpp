#include "net/json_reply.hpp"

#include "common/log.hpp"

namespace centralita::net {

int http_status(errc code) {
  switch (code) {
    case errc::invalid_input:
      return 400;
    case errc::unauthorized:
      return 401;
    case errc::forbidden:
      return 403;
    case errc::not_found:
      return 404;
    case errc::conflict:
      return 409;
    case errc::payload_too_large:
      return 413;
    case errc::unsupported_media:
      return 415;
    case errc::unprocessable:
      return 422;
    case errc::rate_limited:
      return 429;
    case errc::unavailable:
      return 503;
    case errc::internal:
      return 500;
  }
  return 500;
}

namespace {
const char* default_detail(errc code) {
  switch (code) {
    case errc::invalid_input:
      return "bad_request";
    case errc::unauthorized:
      return "unauthorized";
    case errc::forbidden:
      return "forbidden";
    case errc::not_found:
      return "not_found";
    case errc::conflict:
      return "conflict";
    case errc::payload_too_large:
      return "payload_too_large";
    case errc::unsupported_media:
      return "unsupported_media_type";
    case errc::unprocessable:
      return "unprocessable";
    case errc::rate_limited:
      return "rate_limited";
    case errc::unavailable:
      return "unavailable";
    case errc::internal:
      return "internal";
  }
  return "internal";
}
}  // namespace

response error_response(const error& e) {
  response r;
  r.status = http_status(e.code);
  // An internal error's text is for the log: the caller learns only that it happened.
  if (e.code == errc::internal) {
    log::error("http: internal error answered 500: {}", e.message);
    r.body = R"({"error":{"code":"internal","message":"internal error"}})";
    return r;
  }
  const std::string code = e.detail.empty() ? default_detail(e.code) : e.detail;
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
