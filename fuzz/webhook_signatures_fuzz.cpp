// Fuzz target: the four webhook signature headers. Input: one selector byte (which vendor),
// the header up to the first newline, then the raw body. Secrets and clock are the test
// vectors', so the seeds that carry those vectors reach the hash comparison.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "providers/elevenlabs_signature.hpp"
#include "providers/tracking_signature.hpp"
#include "providers/whatsapp_cloud_signature.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace centralita::providers;
  if (size == 0) return 0;
  const uint8_t which = data[0] % 4;
  std::string_view rest{reinterpret_cast<const char*>(data + 1), size - 1};
  const auto nl = rest.find('\n');
  const auto header = rest.substr(0, nl);
  const auto body = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
  switch (which) {
    case 0:
      (void)verify_elevenlabs_signature(header, body, "wsec_test_0123456789abcdef", 1739537297);
      break;
    case 1:
      (void)verify_whatsapp_cloud_signature(header, body, "test_app_secret");
      break;
    case 2:
      (void)verify_aftership_signature(header, body, "as_webhook_secret_test");
      break;
    default:
      (void)verify_17track_signature(header, body, "17track_key_test");
      break;
  }
  return 0;
}
