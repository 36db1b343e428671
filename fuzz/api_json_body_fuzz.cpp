// Fuzz target: an API request body read as the handlers read it: the allow-list check, then
// every field reader on names the seeds use (and one no body has).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "net/api_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using centralita::net::json_body;
  const std::string text{reinterpret_cast<const char*>(data), size};
  (void)centralita::net::utf8_length(text);
  auto body = json_body::parse(text);
  if (!body) return 0;
  (void)body->only({"status", "assignee_id", "bot_active", "body", "tags", "amount"});
  (void)body->any_of({"status", "assignee_id"});
  for (const char* name : {"status", "assignee_id", "bot_active", "body", "tags", "amount", "x"}) {
    (void)body->required_string(name);
    (void)body->optional_string(name);
    (void)body->optional_id(name);
    (void)body->nullable_id(name);
    (void)body->optional_bool(name);
    (void)body->optional_number(name);
    (void)body->optional_strings(name);
  }
  return 0;
}
