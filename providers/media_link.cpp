#include "providers/media_link.hpp"

#include "common/crypto.hpp"

namespace centralita::providers {

namespace {

std::string signature(std::string_view key, int64_t tenant_id, int64_t media_id,
                      int64_t expires_unix) {
  const std::string text = "media:" + std::to_string(tenant_id) + ":" + std::to_string(media_id) +
                           ":" + std::to_string(expires_unix);
  return to_hex(hmac_sha256(key, text));
}

}  // namespace

std::string media_link_base(const config::settings& settings) {
  if (!settings.public_url.empty()) return settings.public_url;
  return "http://" + settings.bind + ":" + std::to_string(settings.gateway_port);
}

std::string media_link(std::string_view base_url, std::string_view key, int64_t tenant_id,
                       int64_t media_id, int64_t expires_unix) {
  std::string base{base_url};
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/media/" + std::to_string(media_id) + "?tenant=" + std::to_string(tenant_id) +
         "&expires=" + std::to_string(expires_unix) +
         "&sig=" + signature(key, tenant_id, media_id, expires_unix);
}

status verify_media_link(std::string_view key, int64_t tenant_id, int64_t media_id,
                         int64_t expires_unix, std::string_view sig, int64_t now_unix) {
  if (expires_unix < now_unix ||
      !constant_time_equal(sig, signature(key, tenant_id, media_id, expires_unix))) {
    return make_error(errc::not_found, "no such media", "not_found");
  }
  return ok_status();
}

}  // namespace centralita::providers
