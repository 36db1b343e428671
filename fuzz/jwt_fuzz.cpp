// Fuzz target: the bearer token of every API call, and its base64url decoder.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "net/jwt.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace centralita::net;
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  (void)verify_jwt(text, "test_secret_0123456789abcdef", 1739537297);
  if (auto bytes = base64url_decode(text)) {
    // Decoding is the inverse of encoding for what decodes.
    auto again = base64url_decode(base64url_encode(*bytes));
    if (!again || *again != *bytes) std::abort();
  }
  auto round = base64url_decode(base64url_encode(text));
  if (!round || *round != text) std::abort();
  return 0;
}
