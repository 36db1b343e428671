#include "providers/media_policy.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <utility>

#include "common/text_checks.hpp"

namespace centralita::providers {

namespace {

// A C1 control (U+0080..U+009F) or a bidirectional mark or override (U+200E, U+200F,
// U+202A..U+202E, U+2066..U+2069), as its UTF-8 bytes: none belongs in a file name.
bool is_invisible_control(std::string_view ch) {
  auto at = [&](size_t i) { return static_cast<unsigned char>(ch[i]); };
  if (ch.size() == 2) return at(0) == 0xc2 && at(1) < 0xa0;
  if (ch.size() != 3 || at(0) != 0xe2) return false;
  if (at(1) == 0x80) return at(2) == 0x8e || at(2) == 0x8f || (at(2) >= 0xaa && at(2) <= 0xae);
  return at(1) == 0x81 && at(2) >= 0xa6 && at(2) <= 0xa9;
}

struct allowed_type {
  const char* mime;
  const char* kind;
  const char* extension;
};

// What WhatsApp carries (images, voice notes, videos, stickers, documents), minus anything a
// browser would run: no HTML, SVG or scripts.
constexpr allowed_type allowed[] = {
    {"image/jpeg", "image", "jpg"},
    {"image/png", "image", "png"},
    {"image/webp", "image", "webp"},
    {"image/gif", "image", "gif"},
    {"audio/ogg", "audio", "ogg"},
    {"audio/opus", "audio", "opus"},
    {"audio/mpeg", "audio", "mp3"},
    {"audio/mp4", "audio", "m4a"},
    {"audio/aac", "audio", "aac"},
    {"audio/amr", "audio", "amr"},
    {"audio/wav", "audio", "wav"},
    {"audio/webm", "audio", "weba"},
    {"video/mp4", "video", "mp4"},
    {"video/3gpp", "video", "3gp"},
    {"video/webm", "video", "webm"},
    {"application/pdf", "document", "pdf"},
    {"text/plain", "document", "txt"},
    {"text/csv", "document", "csv"},
    {"application/msword", "document", "doc"},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "document", "docx"},
    {"application/vnd.ms-excel", "document", "xls"},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "document", "xlsx"},
    {"application/vnd.ms-powerpoint", "document", "ppt"},
    {"application/vnd.openxmlformats-officedocument.presentationml.presentation", "document",
     "pptx"},
};

const allowed_type* find(std::string_view mime) {
  for (const auto& a : allowed) {
    if (mime == a.mime) return &a;
  }
  return nullptr;
}

}  // namespace

std::string bare_mime(std::string_view content_type) {
  auto semi = content_type.find(';');
  std::string out{content_type.substr(0, semi)};
  out.erase(
      std::remove_if(out.begin(), out.end(), [](unsigned char c) { return std::isspace(c) != 0; }),
      out.end());
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string kind_for_mime(std::string_view mime) {
  const auto* a = find(mime);
  return a == nullptr ? std::string{} : std::string{a->kind};
}

status check_media(std::string_view mime, size_t size, size_t max_bytes) {
  if (find(mime) == nullptr) {
    std::string shown = mime.empty() ? "(none)" : std::string{mime.substr(0, 100)};
    return make_error(errc::unsupported_media, "media type " + shown + " is not accepted",
                      "unsupported_media_type");
  }
  if (size == 0) return make_error(errc::invalid_input, "the file is empty", "empty_media");
  if (size > max_bytes) {
    return make_error(errc::payload_too_large,
                      "the file has " + std::to_string(size) + " bytes, more than the " +
                          std::to_string(max_bytes) + " allowed",
                      "media_too_large");
  }
  return ok_status();
}

std::string safe_filename(std::string_view name, std::string_view fallback) {
  const bool utf8 = is_valid_utf8(name);
  std::string out;
  for (size_t i = 0; i < name.size();) {
    const auto c = static_cast<unsigned char>(name[i]);
    size_t len = 1;
    if (utf8 && c >= 0x80) len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    if (out.size() + len > 200) break;
    auto ch = name.substr(i, len);
    i += len;
    bool bad = c < 0x20 || c == 0x7f || c == '"' || c == '/' || c == '\\' || c == ';' ||
               (c >= 0x80 && !utf8) || is_invisible_control(ch);
    if (bad) {
      out += '_';
    } else {
      out.append(ch);
    }
  }
  auto first = out.find_first_not_of(" ._");
  if (first == std::string::npos) return std::string{fallback};
  return out;
}

std::string content_disposition(bool attachment, std::string_view safe_name) {
  std::string ascii;
  std::string encoded;
  bool plain = true;
  for (char ch : safe_name) {
    const auto c = static_cast<unsigned char>(ch);
    plain = plain && c < 0x80;
    // A run of bytes past ASCII is one '_' in the ASCII name (one per character).
    if (c < 0x80) {
      ascii += ch;
    } else if ((c & 0xc0) != 0x80) {
      ascii += '_';
    }
    if (std::isalnum(c) || std::strchr("!#$&+-.^_`|~", ch) != nullptr) {
      encoded += ch;
    } else {
      static constexpr char hex[] = "0123456789ABCDEF";
      encoded += '%';
      encoded += hex[c >> 4];
      encoded += hex[c & 15];
    }
  }
  std::string out =
      std::string{attachment ? "attachment" : "inline"} + "; filename=\"" + ascii + "\"";
  if (!plain) out += "; filename*=UTF-8''" + encoded;
  return out;
}

std::string default_filename(std::string_view kind, std::string_view mime) {
  const auto* a = find(mime);
  std::string stem = kind.empty() ? "file" : std::string{kind};
  return a == nullptr ? stem : stem + "." + a->extension;
}

}  // namespace centralita::providers
