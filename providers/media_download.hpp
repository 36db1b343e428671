#pragma once
// Downloading one inbound media file (docs/protocols.md §1a, §3): a Builderbot attachment by its
// (temporary, public) URL, or a WhatsApp Cloud media id resolved with `GET /{version}/{media-id}`
// and then downloaded from the URL Graph gives, both with the account's access token. Blocking
// and bounded by timeouts; called only by the media fetcher's detached actors. The bytes are
// checked against the allow-list and the size cap (providers/media_policy.hpp) before anyone
// keeps them.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "providers/http_client.hpp"

namespace centralita::providers {

/// How a download ended.
enum class download_outcome {
  ok,       ///< bytes and type are good
  retry,    ///< may work later: timeouts, connection errors, 408/429/5xx
  refused,  ///< will not work: other 4xx, a type not accepted, too large, a bad URL
};

/// One download's result; `error` is safe to store and show (no tokens, no bodies).
struct media_download {
  download_outcome what = download_outcome::retry;
  std::string bytes;
  std::string mime;  ///< bare, lower-cased
  std::string error;
  std::optional<std::chrono::seconds> retry_after;
};

/// Timeouts and the size cap of one download.
struct download_limits {
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds timeout{30000};
  size_t max_bytes = size_t{16} << 20;
  /// Download only from public addresses (the URLs come from webhooks): refused otherwise.
  bool public_only = true;
};

/// Where a WhatsApp Cloud account's media are resolved.
struct graph_media_source {
  url_parts base;  ///< WHATSAPP_CLOUD_API_URL
  std::string version = "v21.0";
  std::string access_token;
};

/// Downloads `url` (http or https; a query is kept), with `bearer` as a token when not empty.
/// `declared_mime` stands in for an answer typed application/octet-stream (or untyped).
media_download download_url(const std::string& url, const download_limits& limits,
                            const std::string& bearer = {}, const std::string& declared_mime = {});

/// Resolves `media_id` through Graph and downloads it with the account's token.
media_download download_graph_media(const graph_media_source& graph, const std::string& media_id,
                                    const download_limits& limits);

}  // namespace centralita::providers
