#include "providers/builderbot_webhook.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "common/json_parse.hpp"
#include "providers/channel_media.hpp"
#include "providers/location_attachment.hpp"

namespace centralita::providers {

namespace {

using rapidjson::Value;

error invalid(std::string field, const std::string& what, const char* detail = "invalid_field") {
  return make_error(errc::invalid_input, field + " " + what, detail);
}

result<std::string> phone_field(const Value& v, const std::string& field) {
  if (!v.IsString()) return invalid(field, "must be a string");
  return providers::normalize_phone(std::string_view{v.GetString(), v.GetStringLength()}, field);
}

result<std::string> optional_text(const Value& data, const char* key, size_t limit) {
  auto it = data.FindMember(key);
  if (it == data.MemberEnd() || it->value.IsNull()) return std::string{};
  if (!it->value.IsString()) return invalid(std::string{"data."} + key, "must be a string");
  if (it->value.GetStringLength() > limit) {
    return invalid(std::string{"data."} + key,
                   "is too long (at most " + std::to_string(limit) + " bytes)");
  }
  return std::string{it->value.GetString(), it->value.GetStringLength()};
}

result<std::string> required_text(const Value& data, const char* key, size_t limit) {
  if (!data.HasMember(key)) {
    return invalid(std::string{"data."} + key, "is required", "missing_field");
  }
  return optional_text(data, key, limit);
}

// Attachment items come as URL strings or as objects with a url somewhere; keep the URLs.
std::string attachment_urls(const Value& data) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w{buf};
  w.StartArray();
  auto add = [&](const Value& v) {
    if (v.IsString() && v.GetStringLength() > 0) w.String(v.GetString(), v.GetStringLength());
  };
  auto it = data.FindMember("attachment");
  if (it != data.MemberEnd() && it->value.IsArray()) {
    for (const auto& item : it->value.GetArray()) {
      if (item.IsString()) add(item);
      if (!item.IsObject()) continue;
      for (const char* k : {"url", "urltemp"}) {
        if (item.HasMember(k)) add(item[k]);
      }
      if (item.HasMember("payload") && item["payload"].IsObject() &&
          item["payload"].HasMember("url")) {
        add(item["payload"]["url"]);
      }
    }
  }
  auto tmp = data.FindMember("urlTempFile");
  if (tmp != data.MemberEnd()) add(tmp->value);
  // A shared location (the framework's `latitude`/`longitude`): kept, never downloaded.
  write_location(w, data);
  w.EndArray();
  return buf.GetString();
}

// Builderbot documents no message id, but some payloads carry one (the framework's message_id,
// or the raw Baileys key leaking through); a printable one of at most 128 bytes is used.
std::string provider_id_of(const Value& data) {
  auto usable = [](const Value* v) {
    if (v == nullptr || !v->IsString() || v->GetStringLength() == 0 || v->GetStringLength() > 128) {
      return false;
    }
    std::string_view s{v->GetString(), v->GetStringLength()};
    return std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
  };
  auto find = [](const Value& obj, const char* key) -> const Value* {
    auto it = obj.FindMember(key);
    return it == obj.MemberEnd() ? nullptr : &it->value;
  };
  for (const char* key : {"message_id", "messageId", "id"}) {
    if (const auto* v = find(data, key); usable(v)) return v->GetString();
  }
  if (const auto* k = find(data, "key"); k != nullptr && k->IsObject()) {
    if (const auto* v = find(*k, "id"); usable(v)) return v->GetString();
  }
  return {};
}

}  // namespace

result<builderbot_event> parse_builderbot_webhook(std::string_view body) {
  rapidjson::Document doc;
  if (auto s = parse_json(doc, body); !s) return s.error();
  if (!doc.IsObject()) return invalid("body", "must be a JSON object");
  auto name_it = doc.FindMember("eventName");
  if (name_it == doc.MemberEnd()) return invalid("eventName", "is required", "missing_field");
  if (!name_it->value.IsString()) return invalid("eventName", "must be a string");
  if (name_it->value.GetStringLength() == 0 || name_it->value.GetStringLength() > 100) {
    return invalid("eventName", "must have 1 to 100 characters");
  }
  auto data_it = doc.FindMember("data");
  if (data_it == doc.MemberEnd()) return invalid("data", "is required", "missing_field");
  if (!data_it->value.IsObject()) return invalid("data", "must be an object");
  const Value& data = data_it->value;

  builderbot_event ev;
  ev.event_name = name_it->value.GetString();
  if (ev.event_name == "message.incoming") {
    ev.kind = builderbot_kind::message_incoming;
    if (!data.HasMember("from")) return invalid("data.from", "is required", "missing_field");
    auto phone = phone_field(data["from"], "data.from");
    if (!phone) return phone.error();
    auto text = required_text(data, "body", max_text_bytes);
    if (!text) return text.error();
    auto name = optional_text(data, "name", max_name_bytes);
    if (!name) return name.error();
    ev.phone = *phone;
    ev.text = placeholder_text(*text);  // a media message's body is a generated placeholder
    ev.name = *name;
  } else if (ev.event_name == "message.outgoing") {
    ev.kind = builderbot_kind::message_outgoing;
    // The customer is `to` when present, else `from` (docs/protocols.md §1a: semantics
    // unconfirmed).
    const char* who = data.HasMember("to") ? "to" : "from";
    if (!data.HasMember(who)) return invalid("data.to", "is required", "missing_field");
    auto phone = phone_field(data[who], std::string{"data."} + who);
    if (!phone) return phone.error();
    auto text = required_text(data, "answer", max_text_bytes);
    if (!text) return text.error();
    ev.phone = *phone;
    ev.text = *text;
  } else if (ev.event_name == "status.ready" || ev.event_name == "status.disconnect") {
    ev.kind = builderbot_kind::status;
    ev.line_status = ev.event_name.substr(7);
    return ev;
  } else {
    ev.kind = builderbot_kind::unknown;
    return ev;
  }
  ev.attachments = attachment_urls(data);
  ev.provider_id = provider_id_of(data);
  return ev;
}

std::optional<channel_message> channel_message_of(const builderbot_event& ev) {
  if (ev.kind != builderbot_kind::message_incoming &&
      ev.kind != builderbot_kind::message_outgoing) {
    return std::nullopt;
  }
  return channel_message{ev.kind == builderbot_kind::message_incoming, ev.phone, ev.name, ev.text,
                         ev.attachments};
}

}  // namespace centralita::providers
