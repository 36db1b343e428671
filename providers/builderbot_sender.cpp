#include "providers/builderbot_sender.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <array>
#include <ctime>

#include "common/json_parse.hpp"
#include "providers/http_send_result.hpp"
#include "providers/send_policy.hpp"

namespace centralita::providers {

namespace {

constexpr size_t max_error_body = 200;

std::optional<std::string> id_of(const rapidjson::Value& v) {
  if (v.IsString() && v.GetStringLength() > 0 && v.GetStringLength() <= 200) {
    return std::string{v.GetString(), v.GetStringLength()};
  }
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  return std::nullopt;
}

// The start of a body for an error text, printable ASCII only.
std::string excerpt(const std::string& body) {
  std::string out;
  for (char c : body.substr(0, max_error_body)) out += (c >= 0x20 && c < 0x7f) ? c : ' ';
  return out;
}

std::string digits_of(const std::string& number) {
  std::string digits;
  for (char c : number) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return digits;
}

}  // namespace

std::string builderbot_blacklist_path(const url_parts& base, const std::string& bot_id) {
  return base.path + "/api/v2/" + bot_id + "/blacklist";
}

std::string builderbot_blacklist_body(const std::string& number, bool add) {
  const std::string digits = digits_of(number);
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w{buf};
  w.StartObject();
  w.Key("number");
  w.String(digits.c_str(), static_cast<rapidjson::SizeType>(digits.size()));
  w.Key("intent");
  w.String(add ? "add" : "remove");
  w.EndObject();
  return {buf.GetString(), buf.GetSize()};
}

std::string builderbot_send_path(const url_parts& base, const std::string& bot_id) {
  return base.path + "/api/v2/" + bot_id + "/messages";
}

std::string builderbot_send_body(const outbound_message& m) {
  const std::string digits = digits_of(m.number);
  bool media = m.media_url && !m.media_url->empty();
  std::string content = m.content.empty() && media ? " " : m.content;
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w{buf};
  w.StartObject();
  w.Key("messages");
  w.StartObject();
  w.Key("content");
  w.String(content.c_str(), static_cast<rapidjson::SizeType>(content.size()));
  if (media) {
    w.Key("mediaUrl");
    w.String(m.media_url->c_str(), static_cast<rapidjson::SizeType>(m.media_url->size()));
  }
  w.EndObject();
  w.Key("number");
  w.String(digits.c_str(), static_cast<rapidjson::SizeType>(digits.size()));
  w.Key("checkIfExists");
  w.Bool(false);
  w.EndObject();
  return {buf.GetString(), buf.GetSize()};
}

std::optional<std::string> builderbot_message_id(const std::string& body) {
  rapidjson::Document d;
  if (!parse_json(d, body) || !d.IsObject()) return std::nullopt;
  const rapidjson::Value* data = nullptr;
  if (auto it = d.FindMember("data"); it != d.MemberEnd() && it->value.IsObject())
    data = &it->value;
  const std::array<const rapidjson::Value*, 2> scopes{&d, data};
  for (const auto* scope : scopes) {
    if (scope == nullptr) continue;
    for (const char* key : {"id", "messageId", "message_id"}) {
      if (auto it = scope->FindMember(key); it != scope->MemberEnd()) {
        if (auto id = id_of(it->value)) return id;
      }
    }
  }
  return std::nullopt;
}

send_result builderbot_result(const http_answer& answer) {
  send_result r;
  r.http_status = answer.status;
  r.status = classify_http_status(answer.status);
  if (r.status == send_status::sent) {
    r.provider_message_id = builderbot_message_id(answer.body);
    return r;
  }
  r.error = "HTTP " + std::to_string(answer.status);
  if (auto body = excerpt(answer.body); !body.empty()) r.error += ": " + body;
  if (r.status == send_status::retryable) {
    if (auto it = answer.headers.find("retry-after"); it != answer.headers.end()) {
      r.retry_after = parse_retry_after(it->second, std::time(nullptr));
    }
  }
  return r;
}

send_result builderbot_sender::send(const outbound_message& message) {
  if (auto refused = without_number(message.number)) return *refused;
  return post(builderbot_send_path(config_.base, config_.bot_id), builderbot_send_body(message));
}

send_result builderbot_sender::blacklist(const std::string& number, bool add) {
  if (auto refused = without_number(number)) return *refused;
  auto r = post(builderbot_blacklist_path(config_.base, config_.bot_id),
                builderbot_blacklist_body(number, add));
  r.provider_message_id.reset();  // the answer names no message
  return r;
}

send_result builderbot_sender::post(const std::string& path, std::string body) {
  http_call call;
  call.target = config_.base;
  call.path = path;
  call.headers = {{"Content-Type", "application/json"}, {"x-api-builderbot", config_.api_key}};
  call.body = std::move(body);
  call.connect_timeout = config_.connect_timeout;
  call.timeout = config_.timeout;
  return send_and_read(call, builderbot_result);
}

}  // namespace centralita::providers
