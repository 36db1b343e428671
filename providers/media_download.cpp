#include "providers/media_download.hpp"

#include <rapidjson/document.h>

#include <ctime>

#include "common/json_parse.hpp"
#include "providers/media_policy.hpp"
#include "providers/send_policy.hpp"

namespace centralita::providers {

namespace {

media_download refused(std::string why) {
  media_download d;
  d.what = download_outcome::refused;
  d.error = std::move(why);
  return d;
}

// A non-2xx answer: retried when the status says it may pass, refused otherwise.
media_download from_status(const http_answer& answer, const char* what) {
  media_download d;
  d.what = classify_http_status(answer.status) == send_status::retryable
               ? download_outcome::retry
               : download_outcome::refused;
  d.error = std::string{what} + ": HTTP " + std::to_string(answer.status);
  if (auto it = answer.headers.find("retry-after"); it != answer.headers.end()) {
    d.retry_after = parse_retry_after(it->second, std::time(nullptr));
  }
  return d;
}

// A transport failure: too long an answer is refused, anything else may pass.
media_download from_error(const error& e) {
  media_download d;
  bool final = e.code == errc::payload_too_large || e.code == errc::forbidden;
  d.what = final ? download_outcome::refused : download_outcome::retry;
  d.error = e.message;
  return d;
}

// `url` as a target and the path with its query (parse_url takes no query).
result<std::pair<url_parts, std::string>> split(const std::string& url) {
  auto cut = url.find_first_of("?#");
  std::string query;
  if (cut != std::string::npos && url[cut] == '?') {
    query = url.substr(cut, url.find('#', cut) - cut);
  }
  auto parts = parse_url(url.substr(0, cut));
  if (!parts) return parts.error();
  for (char c : query) {
    if (c <= 0x20 || c >= 0x7f) return make_error(errc::invalid_input, "bad URL", "invalid_url");
  }
  std::string path = parts->path.empty() ? "/" : parts->path;
  return std::make_pair(*parts, path + query);
}

}  // namespace

media_download download_url(const std::string& url, const download_limits& limits,
                            const std::string& bearer, const std::string& declared_mime) {
  auto target = split(url);
  if (!target) return refused("the media URL is not an http(s) URL");
  http_call call;
  call.method = "GET";
  call.target = target->first;
  call.path = target->second;
  if (!bearer.empty()) call.headers = {{"Authorization", "Bearer " + bearer}};
  call.connect_timeout = limits.connect_timeout;
  call.timeout = limits.timeout;
  call.max_answer_bytes = limits.max_bytes;
  call.public_only = limits.public_only;
  auto answer = http_send(call);
  if (!answer) {
    auto d = from_error(answer.error());
    if (answer.error().code == errc::forbidden) {
      d.error = "the media URL does not point to a public address";
    } else if (answer.error().code == errc::payload_too_large) {
      d.error =
          "the file is larger than the " + std::to_string(limits.max_bytes) + " bytes allowed";
    }
    return d;
  }
  if (answer->status < 200 || answer->status >= 300) return from_status(*answer, "download");
  media_download d;
  auto type = answer->headers.find("content-type");
  d.mime = bare_mime(type == answer->headers.end() ? "" : type->second);
  // Meta's download host may answer application/octet-stream; the look-up's type decides then.
  if ((d.mime.empty() || d.mime == "application/octet-stream") && !declared_mime.empty()) {
    d.mime = declared_mime;
  }
  if (auto s = check_media(d.mime, answer->body.size(), limits.max_bytes); !s) {
    return refused(s.error().message);
  }
  d.what = download_outcome::ok;
  d.bytes = std::move(answer->body);
  return d;
}

media_download download_graph_media(const graph_media_source& graph, const std::string& media_id,
                                    const download_limits& limits) {
  if (media_id.empty() || media_id.size() > 128 ||
      media_id.find_first_not_of(
          "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-.") !=
          std::string::npos) {
    return refused("the media id is malformed");
  }
  if (graph.access_token.empty()) return refused("the account has no access token");
  http_call call;
  call.method = "GET";
  call.target = graph.base;
  call.path = graph.base.path + "/" + graph.version + "/" + media_id;
  call.headers = {{"Authorization", "Bearer " + graph.access_token}};
  call.connect_timeout = limits.connect_timeout;
  call.timeout = limits.timeout;
  auto answer = http_send(call);
  if (!answer) return from_error(answer.error());
  if (answer->status < 200 || answer->status >= 300) return from_status(*answer, "media look-up");
  rapidjson::Document doc;
  if (!parse_json(doc, answer->body) || !doc.IsObject() || !doc.HasMember("url") ||
      !doc["url"].IsString()) {
    return refused("the media look-up answer has no url");
  }
  std::string declared;
  if (doc.HasMember("mime_type") && doc["mime_type"].IsString()) {
    declared = bare_mime(doc["mime_type"].GetString());
  }
  if (doc.HasMember("file_size") && doc["file_size"].IsUint64() &&
      doc["file_size"].GetUint64() > limits.max_bytes) {
    return refused("the file is larger than the " + std::to_string(limits.max_bytes) +
                   " bytes allowed");
  }
  return download_url(doc["url"].GetString(), limits, graph.access_token, declared);
}

}  // namespace centralita::providers
