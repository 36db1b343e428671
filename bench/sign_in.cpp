#include "bench/sign_in.hpp"

#include <rapidjson/document.h>

#include <chrono>
#include <cstdio>

#include "tests/support/http_client.hpp"

namespace centralita::bench {

std::string json_string(const std::string& body, const char* key) {
  rapidjson::Document d;
  d.Parse(body.data(), body.size());
  if (d.HasParseError() || !d.IsObject()) return {};
  auto it = d.FindMember(key);
  return it != d.MemberEnd() && it->value.IsString() ? it->value.GetString() : std::string{};
}

std::optional<std::string> sign_in(const http_target& api, const std::string& email,
                                   const std::string& password, const char* who) {
  try {
    testkit::http_connection conn{api.host, api.port, std::chrono::seconds(10)};
    auto r = conn.request("POST", api.base + "/api/v1/auth/login",
                          R"({"email":")" + email + R"(","password":")" + password + R"("})");
    auto token = json_string(r.body, "token");
    if (r.status == 200 && !token.empty()) return token;
    std::fprintf(stderr, "%s: login as %s: HTTP %d %s\n", who, email.c_str(), r.status,
                 r.body.c_str());
  } catch (const testkit::http_error& e) {
    std::fprintf(stderr, "%s: login: %s\n", who, e.what());
  }
  return std::nullopt;
}

}  // namespace centralita::bench
