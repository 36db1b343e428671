#pragma once
// Signed, expiring links to one media file of one tenant, which Builderbot downloads when it
// sends an agent's attachment (docs/protocols.md §1b): the gateway serves
// `GET /media/{id}?tenant=T&expires=E&sig=S` where S is hex HMAC-SHA256 over
// "media:<T>:<id>:<E>" with a key derived from the installation's secret key. The tenant is
// part of what is signed, and the file is looked up by tenant and id, so a link made for one
// tenant never serves another's file; past E it serves nothing.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "config/settings.hpp"

namespace centralita::providers {

/// Where providers reach the gateway: CENTRALITA_PUBLIC_URL, else http://<bind>:<gateway port>.
std::string media_link_base(const config::settings& settings);

/// The link: `<base_url>/media/<id>?tenant=<tenant>&expires=<expires>&sig=<hex>`.
std::string media_link(std::string_view base_url, std::string_view key, int64_t tenant_id,
                       int64_t media_id, int64_t expires_unix);

/// ok when `sig` signs (tenant, id, expires) and `expires` is not before `now_unix`;
/// errc::not_found otherwise (a refused link says nothing of why).
status verify_media_link(std::string_view key, int64_t tenant_id, int64_t media_id,
                         int64_t expires_unix, std::string_view sig, int64_t now_unix);

}  // namespace centralita::providers
