#include "providers/whatsapp_cloud_sender.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <fstream>
#include <iterator>

#include "common/ids.hpp"
#include "common/json_parse.hpp"
#include "providers/http_send_result.hpp"
#include "providers/send_policy.hpp"

namespace centralita::providers {

namespace {

constexpr size_t max_error_text = 200;

std::string digits_of(const std::string& number) {
  std::string out;
  for (char c : number) {
    if (c >= '0' && c <= '9') out += c;
  }
  return out;
}

// The media type of a link, by its extension (the path before any query); documents otherwise.
std::string media_type(const std::string& url) {
  auto path = url.substr(0, url.find_first_of("?#"));
  auto dot = path.rfind('.');
  std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == "jpg" || ext == "jpeg" || ext == "png" || ext == "webp") return "image";
  if (ext == "mp4" || ext == "3gp") return "video";
  if (ext == "mp3" || ext == "ogg" || ext == "aac" || ext == "amr" || ext == "m4a") return "audio";
  return "document";
}

// Printable ASCII only, cut short: safe to store and show.
std::string printable(const std::string& s) {
  std::string out;
  for (char c : s.substr(0, max_error_text)) out += (c >= 0x20 && c < 0x7f) ? c : ' ';
  return out;
}

void write_string(rapidjson::Writer<rapidjson::StringBuffer>& w, const std::string& s) {
  w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
}

// Opens a Graph message object with what every message to one customer starts with.
void start_message(rapidjson::Writer<rapidjson::StringBuffer>& w, const std::string& number) {
  w.StartObject();
  w.Key("messaging_product");
  w.String("whatsapp");
  w.Key("recipient_type");
  w.String("individual");
  w.Key("to");
  write_string(w, digits_of(number));
}

}  // namespace

std::string whatsapp_cloud_media_path(const whatsapp_cloud_config& c) {
  return c.base.path + "/" + c.version + "/" + c.phone_number_id + "/media";
}

std::string whatsapp_cloud_upload_body(const outbound_file& file, const std::string& bytes,
                                       const std::string& boundary) {
  std::string out;
  auto part = [&](const std::string& head, const std::string& value) {
    out += "--" + boundary + "\r\n" + head + "\r\n\r\n" + value + "\r\n";
  };
  part("Content-Disposition: form-data; name=\"messaging_product\"", "whatsapp");
  part("Content-Disposition: form-data; name=\"type\"", file.mime);
  part("Content-Disposition: form-data; name=\"file\"; filename=\"" + file.filename +
           "\"\r\nContent-Type: " + file.mime,
       bytes);
  out += "--" + boundary + "--\r\n";
  return out;
}

std::string whatsapp_cloud_media_body(const outbound_message& m, const std::string& media_id) {
  const auto& file = *m.file;
  std::string type = file.kind.empty() ? "document" : file.kind;
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w{buf};
  start_message(w, m.number);
  w.Key("type");
  write_string(w, type);
  w.Key(type.c_str());
  w.StartObject();
  w.Key("id");
  write_string(w, media_id);
  // Audio and stickers take no caption (their text would be lost).
  if (type != "audio" && type != "sticker" && !m.content.empty() && m.content != " ") {
    w.Key("caption");
    write_string(w, m.content);
  }
  if (type == "document" && !file.filename.empty()) {
    w.Key("filename");
    write_string(w, file.filename);
  }
  w.EndObject();
  w.EndObject();
  return {buf.GetString(), buf.GetSize()};
}

whatsapp_cloud_config whatsapp_cloud_config_from(const config::settings& s, const credentials& a) {
  auto field = [&a](const char* name) {
    auto it = a.find(name);
    return it == a.end() ? std::string{} : it->second;
  };
  whatsapp_cloud_config c;
  auto base = parse_url(s.whatsapp_cloud_api_url);
  if (base) c.base = *base;
  c.version = s.whatsapp_cloud_api_version;
  c.access_token = field("access_token");
  c.phone_number_id = field("phone_number_id");
  c.connect_timeout = std::chrono::milliseconds(s.whatsapp_cloud_connect_timeout_ms);
  c.timeout = std::chrono::milliseconds(s.whatsapp_cloud_timeout_ms);
  return c;
}

std::string whatsapp_cloud_send_path(const whatsapp_cloud_config& c) {
  return c.base.path + "/" + c.version + "/" + c.phone_number_id + "/messages";
}

std::string whatsapp_cloud_send_body(const outbound_message& m) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w{buf};
  start_message(w, m.number);
  if (m.template_json) {
    // Stored by the outbox as valid JSON (jsonb); written as it is.
    w.Key("type");
    w.String("template");
    w.Key("template");
    w.RawValue(m.template_json->c_str(), m.template_json->size(), rapidjson::kObjectType);
  } else if (m.media_url && !m.media_url->empty()) {
    auto type = media_type(*m.media_url);
    w.Key("type");
    write_string(w, type);
    w.Key(type.c_str());
    w.StartObject();
    w.Key("link");
    write_string(w, *m.media_url);
    // Audio takes no caption; its text would be lost, so a text message is better there.
    if (type != "audio" && !m.content.empty() && m.content != " ") {
      w.Key("caption");
      write_string(w, m.content);
    }
    w.EndObject();
  } else {
    w.Key("type");
    w.String("text");
    w.Key("text");
    w.StartObject();
    w.Key("preview_url");
    w.Bool(false);
    w.Key("body");
    write_string(w, m.content);
    w.EndObject();
  }
  w.EndObject();
  return {buf.GetString(), buf.GetSize()};
}

send_result whatsapp_cloud_result(const http_answer& answer) {
  send_result r;
  r.http_status = answer.status;
  r.status = classify_http_status(answer.status);
  rapidjson::Document d;
  const bool object = parse_json(d, answer.body) && d.IsObject();
  if (r.status == send_status::sent) {
    if (object && d.HasMember("messages") && d["messages"].IsArray() && !d["messages"].Empty()) {
      const auto& first = d["messages"][0];
      if (first.IsObject() && first.HasMember("id") && first["id"].IsString()) {
        r.provider_message_id = first["id"].GetString();
      }
    }
    return r;
  }
  r.error = "HTTP " + std::to_string(answer.status);
  // Graph errors: {"error":{"message":"…","type":"…","code":131047,…}}.
  if (object && d.HasMember("error") && d["error"].IsObject()) {
    const auto& e = d["error"];
    if (e.HasMember("code") && e["code"].IsInt64()) {
      r.error += " code " + std::to_string(e["code"].GetInt64());
    }
    if (e.HasMember("message") && e["message"].IsString()) {
      r.error += ": " + printable(e["message"].GetString());
    }
  } else if (auto body = printable(answer.body); !body.empty()) {
    r.error += ": " + body;
  }
  if (r.status == send_status::retryable) {
    if (auto it = answer.headers.find("retry-after"); it != answer.headers.end()) {
      r.retry_after = parse_retry_after(it->second, std::time(nullptr));
    }
  }
  return r;
}

// Uploads the message's file (POST /{phone-number-id}/media); its Graph media id, or the
// result to record when the upload failed.
std::variant<std::string, send_result> whatsapp_cloud_sender::upload(const outbound_file& file) {
  std::ifstream in{file.path, std::ios::binary};
  if (!in) {
    return send_result{send_status::permanent, std::nullopt, "the attachment's file is gone", 0,
                       std::nullopt};
  }
  std::string bytes{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
  const std::string boundary = "centralita-" + random_hex(12);
  http_call call;
  call.target = config_.base;
  call.path = whatsapp_cloud_media_path(config_);
  call.headers = {{"Content-Type", "multipart/form-data; boundary=" + boundary},
                  {"Authorization", "Bearer " + config_.access_token}};
  call.body = whatsapp_cloud_upload_body(file, bytes, boundary);
  call.connect_timeout = config_.connect_timeout;
  call.timeout = config_.timeout;
  auto answer = http_send(call);
  if (!answer) {
    return send_result{send_status::retryable, std::nullopt,
                       "media upload: " + answer.error().message, 0, std::nullopt};
  }
  auto r = whatsapp_cloud_result(*answer);
  if (r.status != send_status::sent) {
    r.error = "media upload: " + r.error;
    return r;
  }
  rapidjson::Document d;
  if (!parse_json(d, answer->body) || !d.IsObject() || !d.HasMember("id") || !d["id"].IsString()) {
    return send_result{send_status::retryable, std::nullopt, "media upload: no id in the answer",
                       answer->status, std::nullopt};
  }
  return std::string{d["id"].GetString()};
}

send_result whatsapp_cloud_sender::send(const outbound_message& message) {
  if (auto refused = without_number(message.number)) return *refused;
  http_call call;
  call.target = config_.base;
  call.path = whatsapp_cloud_send_path(config_);
  call.headers = {{"Content-Type", "application/json"},
                  {"Authorization", "Bearer " + config_.access_token}};
  if (message.file) {
    auto uploaded = upload(*message.file);
    if (auto* failed = std::get_if<send_result>(&uploaded)) return *failed;
    call.body = whatsapp_cloud_media_body(message, std::get<std::string>(uploaded));
  } else {
    call.body = whatsapp_cloud_send_body(message);
  }
  call.connect_timeout = config_.connect_timeout;
  call.timeout = config_.timeout;
  return send_and_read(call, whatsapp_cloud_result);
}

}  // namespace centralita::providers
