#pragma once
// Media routes (docs/architecture.md §Media):
//   GET  /api/v1/media/{id}                     the file, for signed-in users of its tenant
//   POST /api/v1/media/{id}/retry               a failed download, due again
//   POST /api/v1/conversations/{id}/attachments an agent's file sent as a reply (raw body)
// and, on the gateway, `GET /media/{id}?tenant=&expires=&sig=`: the signed, expiring link
// Builderbot downloads an agent's attachment from (providers/media_link.hpp).

#include <memory>

#include "config/settings.hpp"
#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// The API routes above; files are read from and written under `settings.data_dir`.
void add_media_routes(router& routes, const std::shared_ptr<const api_env>& env,
                      const config::settings& settings);

/// The gateway's signed-link route.
void add_media_link_route(router& gateway, actors::node& node, const config::settings& settings);

}  // namespace centralita::net
