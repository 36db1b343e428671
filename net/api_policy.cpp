#include "net/api_policy.hpp"

#include "net/json_reply.hpp"

namespace centralita::net {

namespace {

constexpr const char* allowed_methods = "GET, POST, PUT, PATCH, DELETE";
constexpr const char* allowed_headers = "Authorization, Content-Type, Idempotency-Key";
constexpr const char* exposed_headers = "Retry-After, WWW-Authenticate";
constexpr const char* preflight_max_age = "600";

// The dashboard loads only its own modules and styles (no inline script, no CDN) and talks to
// its own origin, the WebSocket included: `ws:`/`wss:` of the Host it was served from, because
// older browsers do not count those schemes as 'self'. Media are fetched with the bearer token
// and shown from `blob:` URLs (web/js/pages/inbox_media.js).
std::string content_security_policy(const std::string& host) {
  std::string connect = "'self'";
  bool plain_host = !host.empty() && host.size() <= 255 &&
                    host.find_first_not_of(
                        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                        "0123456789.-:[]") == std::string::npos;
  if (plain_host) connect += " ws://" + host + " wss://" + host;
  return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
         "media-src 'self' blob:; font-src 'self'; connect-src " +
         connect +
         "; object-src 'none'; base-uri 'none'; form-action 'self'; "
         "frame-ancestors 'none'";
}

bool has_header(const response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return true;
  }
  return false;
}

void set_header(response& r, const std::string& name, const std::string& value) {
  for (auto& [k, v] : r.headers) {
    if (k == name) {
      v = value;
      return;
    }
  }
  r.headers.emplace_back(name, value);
}

}  // namespace

http_policy api_policy(const std::string& cors_origin) {
  http_policy p;
  p.before = [cors_origin](const request& req) -> std::optional<response> {
    if (req.method != "OPTIONS") return std::nullopt;
    const auto origin = req.header("origin");
    if (origin.empty() || req.header("access-control-request-method").empty()) {
      return std::nullopt;  // not a preflight: the router answers (405)
    }
    if (cors_origin.empty() || origin != cors_origin) {
      return error_response(errc::forbidden, "origin " + origin + " may not call this API",
                            "origin_not_allowed");
    }
    response r;
    r.status = 204;
    r.content_type.clear();
    r.headers = {{"Access-Control-Allow-Methods", allowed_methods},
                 {"Access-Control-Allow-Headers", allowed_headers},
                 {"Access-Control-Max-Age", preflight_max_age}};
    return r;
  };
  p.after = [cors_origin](const request& req, response& r) {
    set_header(r, "X-Content-Type-Options", "nosniff");
    set_header(r, "X-Frame-Options", "DENY");
    set_header(r, "Referrer-Policy", "no-referrer");
    // A route with a stricter policy of its own (a media file: sandboxed) keeps it.
    if (!has_header(r, "Content-Security-Policy")) {
      set_header(r, "Content-Security-Policy", content_security_policy(req.header("host")));
    }
    if (req.path.empty() || req.path.rfind("/api/", 0) == 0) {
      set_header(r, "Cache-Control", "no-store");
    }
    if (cors_origin.empty()) return;
    set_header(r, "Vary", "Origin");
    if (req.header("origin") == cors_origin) {
      set_header(r, "Access-Control-Allow-Origin", cors_origin);
      set_header(r, "Access-Control-Expose-Headers", exposed_headers);
    }
  };
  return p;
}

}  // namespace centralita::net
