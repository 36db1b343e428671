#include "tests/support/api_client.hpp"

namespace centralita::testkit {

std::string login_body(const std::string& email, const std::string& password) {
  return R"({"email":")" + email + R"(","password":")" + password + R"("})";
}

std::string login(uint16_t port, const std::string& email, const std::string& password) {
  auto r = http_request(port, "POST", "/api/v1/auth/login", login_body(email, password));
  // A JWT is base64url and dots: no quotes or escapes, so a search finds it whole.
  const std::string key = R"("token":")";
  auto at = r.body.find(key);
  if (r.status != 200 || at == std::string::npos) {
    throw http_error("login as " + email + " failed: " + std::to_string(r.status) + " " + r.body);
  }
  at += key.size();
  return r.body.substr(at, r.body.find('"', at) - at);
}

http_headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

}  // namespace centralita::testkit
