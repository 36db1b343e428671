#include "net/readiness.hpp"

#include "common/json_text.hpp"

namespace centralita::net {

std::string ready_body(const std::vector<std::string>& degraded) {
  if (degraded.empty()) return R"({"status":"ready"})";
  std::string out = R"({"status":"ready","degraded":[)";
  for (size_t i = 0; i < degraded.size(); ++i) {
    if (i > 0) out += ',';
    out += json_string(degraded[i]);
  }
  out += "]}";
  return out;
}

}  // namespace centralita::net
