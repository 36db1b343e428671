#include "providers/elevenlabs_webhook.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <array>
#include <cctype>

#include "common/crypto.hpp"
#include "common/json_parse.hpp"

namespace centralita::providers {

namespace {

using rapidjson::Value;

error invalid(const std::string& field, const std::string& what,
              const char* detail = "invalid_field") {
  return make_error(errc::invalid_input, field + " " + what, detail);
}

const Value* member(const Value& obj, const char* key) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

std::string string_or_empty(const Value& obj, const char* key) {
  const auto* v = member(obj, key);
  return v && v->IsString() ? std::string{v->GetString(), v->GetStringLength()} : std::string{};
}

std::optional<int64_t> integer(const Value& obj, const char* key) {
  const auto* v = member(obj, key);
  if (v && v->IsInt64()) return v->GetInt64();
  // A fraction is cut; a number beyond int64 (casting it would be undefined) is no value.
  if (v && v->IsNumber()) {
    const double d = v->GetDouble();
    if (d >= -0x1p63 && d < 0x1p63) return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

// Digits only; empty when it is no phone number (a web call has none).
std::string phone_digits(const std::string& text) {
  std::string digits;
  for (char c : text) {
    auto ch = static_cast<unsigned char>(c);
    if (std::isdigit(ch)) {
      digits += c;
    } else if (c != '+' && c != ' ' && c != '-' && c != '(' && c != ')') {
      return {};
    }
  }
  return digits.size() >= 5 && digits.size() <= 20 ? digits : std::string{};
}

std::string caller_phone(const Value& data) {
  const auto* meta = member(data, "metadata");
  if (const auto* call = meta ? member(*meta, "phone_call") : nullptr) {
    if (auto p = phone_digits(string_or_empty(*call, "external_number")); !p.empty()) return p;
  }
  const auto* init = member(data, "conversation_initiation_client_data");
  if (const auto* vars = init ? member(*init, "dynamic_variables") : nullptr) {
    return phone_digits(string_or_empty(*vars, "system__caller_id"));
  }
  return {};
}

std::string direction_of(const Value& data) {
  const auto* meta = member(data, "metadata");
  const auto* call = meta ? member(*meta, "phone_call") : nullptr;
  auto d = call ? string_or_empty(*call, "direction") : std::string{};
  return d == "outbound" ? d : "inbound";
}

std::string language_of(const Value& data) {
  const auto* meta = member(data, "metadata");
  if (auto l = meta ? string_or_empty(*meta, "main_language") : ""; !l.empty()) return l;
  const auto* init = member(data, "conversation_initiation_client_data");
  const auto* over = init ? member(*init, "conversation_config_override") : nullptr;
  const auto* agent = over ? member(*over, "agent") : nullptr;
  return agent ? string_or_empty(*agent, "language") : std::string{};
}

// Only the turns' role, text and time: tool calls and metrics stay in the raw event.
std::string transcript_of(const Value& data) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w{buf};
  w.StartArray();
  const auto* turns = member(data, "transcript");
  if (turns && turns->IsArray()) {
    for (const auto& t : turns->GetArray()) {
      if (!t.IsObject()) continue;
      w.StartObject();
      w.Key("role");
      auto role = string_or_empty(t, "role");
      w.String(role.c_str(), static_cast<rapidjson::SizeType>(role.size()));
      w.Key("message");
      if (const auto* m = member(t, "message"); m && m->IsString()) {
        w.String(m->GetString(), m->GetStringLength());
      } else {
        w.Null();
      }
      w.Key("time_in_call_secs");
      w.Int64(integer(t, "time_in_call_secs").value_or(0));
      w.EndObject();
    }
  }
  w.EndArray();
  return {buf.GetString(), buf.GetSize()};
}

// The data-collection results as id -> value.
std::string collected_of(const Value& analysis) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w{buf};
  w.StartObject();
  const auto* results = member(analysis, "data_collection_results");
  if (results && results->IsObject()) {
    for (const auto& r : results->GetObject()) {
      w.Key(r.name.GetString(), r.name.GetStringLength());
      const auto* v = r.value.IsObject() ? member(r.value, "value") : nullptr;
      if (v) {
        v->Accept(w);
      } else {
        w.Null();
      }
    }
  }
  w.EndObject();
  return {buf.GetString(), buf.GetSize()};
}

bool is_call_status(const std::string& s) {
  return s == "initiated" || s == "in-progress" || s == "processing" || s == "done" ||
         s == "failed";
}

status read_transcription(const Value& data, elevenlabs_event& ev) {
  ev.status = string_or_empty(data, "status");
  if (!is_call_status(ev.status)) ev.status = "done";
  ev.phone = caller_phone(data);
  ev.direction = direction_of(data);
  ev.language = language_of(data);
  if (const auto* meta = member(data, "metadata")) {
    ev.started_at_s = integer(*meta, "start_time_unix_secs");
    ev.duration_s = integer(*meta, "call_duration_secs");
    if (ev.duration_s && *ev.duration_s < 0) ev.duration_s.reset();
  }
  if (const auto* analysis = member(data, "analysis")) {
    ev.summary = string_or_empty(*analysis, "transcript_summary");
    ev.collected_json = collected_of(*analysis);
  }
  ev.transcript_json = transcript_of(data);
  return ok_status();
}

status read_failure(const Value& data, elevenlabs_event& ev) {
  ev.status = "failed";
  ev.phone = caller_phone(data);
  ev.direction = direction_of(data);
  // The failure's fields are not documented: take the first reason-like text there is.
  for (const char* key : {"failure_reason", "reason", "error", "message"}) {
    ev.failure_reason = string_or_empty(data, key);
    if (!ev.failure_reason.empty()) break;
  }
  if (ev.failure_reason.empty()) ev.failure_reason = "call initiation failed";
  return ok_status();
}

status read_audio(const Value& data, elevenlabs_event& ev) {
  const auto* audio = member(data, "full_audio");
  if (!audio) return invalid("data.full_audio", "is required", "missing_field");
  if (!audio->IsString()) return invalid("data.full_audio", "must be a string");
  auto bytes = decode_base64({audio->GetString(), audio->GetStringLength()});
  if (!bytes) return invalid("data.full_audio", "must be base64");
  if (bytes->empty()) return invalid("data.full_audio", "must not be empty");
  ev.audio = std::move(*bytes);
  return ok_status();
}

}  // namespace

result<std::string> decode_base64(std::string_view text) {
  auto bytes = base64_decode(text, base64_alphabet::standard);
  if (!bytes) return invalid("base64", "is not canonical base64");
  return std::move(*bytes);
}

result<elevenlabs_event> parse_elevenlabs_webhook(std::string_view body) {
  rapidjson::Document doc;
  if (auto s = parse_json(doc, body); !s) return s.error();
  if (!doc.IsObject()) return invalid("body", "must be a JSON object");
  elevenlabs_event ev;
  const auto* type = member(doc, "type");
  if (!type) return invalid("type", "is required", "missing_field");
  if (!type->IsString()) return invalid("type", "must be a string");
  ev.type.assign(type->GetString(), type->GetStringLength());
  if (ev.type == "post_call_transcription") {
    ev.kind = elevenlabs_kind::transcription;
  } else if (ev.type == "post_call_audio") {
    ev.kind = elevenlabs_kind::audio;
  } else if (ev.type == "call_initiation_failure") {
    ev.kind = elevenlabs_kind::initiation_failure;
  } else {
    return make_error(errc::unprocessable, "type '" + ev.type.substr(0, 64) + "' is not handled",
                      "unknown_type");
  }
  const auto* data = member(doc, "data");
  if (!data) return invalid("data", "is required", "missing_field");
  if (!data->IsObject()) return invalid("data", "must be an object");
  const auto* id = member(*data, "conversation_id");
  if (!id) return invalid("data.conversation_id", "is required", "missing_field");
  if (!id->IsString() || id->GetStringLength() == 0) {
    return invalid("data.conversation_id", "must be a non-empty string");
  }
  if (id->GetStringLength() > max_conversation_id_bytes) {
    return invalid("data.conversation_id", "is longer than 128 bytes");
  }
  ev.conversation_id.assign(id->GetString(), id->GetStringLength());
  ev.agent_id = string_or_empty(*data, "agent_id");
  status s = ok_status();
  switch (ev.kind) {
    case elevenlabs_kind::transcription:
      s = read_transcription(*data, ev);
      break;
    case elevenlabs_kind::audio:
      s = read_audio(*data, ev);
      break;
    case elevenlabs_kind::initiation_failure:
      s = read_failure(*data, ev);
      break;
  }
  if (!s) return s.error();
  return ev;
}

}  // namespace centralita::providers
