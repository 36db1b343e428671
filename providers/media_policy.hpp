#pragma once
// Which files Centralita takes as media, in and out (docs/architecture.md §Media): a
// content-type allow-list close to what WhatsApp itself carries, and a size cap
// (CENTRALITA_MEDIA_MAX_BYTES). Pure functions, shared by the media fetcher and the upload route.

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace centralita::providers {

/// The media type without parameters, lower-cased: "Audio/OGG; codecs=opus" -> "audio/ogg".
std::string bare_mime(std::string_view content_type);

/// The kind a media type is shown as: image, audio, video or document; empty when the type is
/// not on the allow-list. Stickers are WebP images the provider names as such.
std::string kind_for_mime(std::string_view mime);

/// ok when `mime` is on the allow-list and `size` is 1..max_bytes; otherwise
/// errc::unsupported_media
/// ("media type text/html is not accepted") or errc::payload_too_large, with a message that
/// can be shown to an agent.
status check_media(std::string_view mime, size_t size, size_t max_bytes);

/// A file name safe to store and show: at most 200 bytes (cut on a character), its letters
/// kept in any language ("Cotización año 2024.pdf") when it is valid UTF-8; control
/// characters, quotes, slashes, backslashes, semicolons and the bidirectional overrides that
/// can disguise an extension become '_' (every byte past ASCII too when it is not UTF-8);
/// `fallback` when nothing is left.
std::string safe_filename(std::string_view name, std::string_view fallback);

/// The Content-Disposition value for a safe_filename: `inline` or `attachment`, an ASCII
/// `filename` for old clients and, for a name past ASCII, its UTF-8 in `filename*` (RFC 6266).
std::string content_disposition(bool attachment, std::string_view safe_name);

/// A file name for a media type when the provider gives none, e.g. "image.jpg".
std::string default_filename(std::string_view kind, std::string_view mime);

}  // namespace centralita::providers
