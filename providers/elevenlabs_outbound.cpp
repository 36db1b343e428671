#include "providers/elevenlabs_outbound.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <random>

#include "common/json_parse.hpp"
#include "providers/http_client.hpp"

namespace centralita::providers {

namespace {

constexpr size_t max_error_chars = 300;
constexpr const char* outbound_path = "/v1/convai/twilio/outbound-call";

void put(rapidjson::Writer<rapidjson::StringBuffer>& w, const std::string& s) {
  w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
}

std::string printable(const std::string& text) {
  std::string out;
  for (char c : text.substr(0, max_error_chars)) out += (c >= 0x20 && c < 0x7f) ? c : ' ';
  return out;
}

std::string string_member(const rapidjson::Value& v, const char* key) {
  if (!v.IsObject()) return {};
  auto it = v.FindMember(key);
  if (it == v.MemberEnd() || !it->value.IsString()) return {};
  return {it->value.GetString(), it->value.GetStringLength()};
}

// ElevenLabs' errors: `{"detail":"…"}`, `{"detail":{"message":"…"}}` or a validation list
// `{"detail":[{"loc":[…],"msg":"…"}]}`.
std::string error_text(const rapidjson::Document& d, const std::string& body) {
  if (d.IsObject()) {
    if (auto it = d.FindMember("detail"); it != d.MemberEnd()) {
      const auto& detail = it->value;
      if (detail.IsString()) return printable(detail.GetString());
      if (auto m = string_member(detail, "message"); !m.empty()) return printable(m);
      if (detail.IsArray() && !detail.Empty()) {
        std::string msg = string_member(detail[0], "msg");
        const auto& first = detail[0];
        if (auto loc = first.FindMember("loc"); loc != first.MemberEnd() && loc->value.IsArray()) {
          std::string where;
          for (const auto& part : loc->value.GetArray()) {
            if (part.IsString()) where = part.GetString();
          }
          if (!where.empty()) msg = where + ": " + msg;
        }
        if (!msg.empty()) return printable(msg);
      }
    }
    if (auto m = string_member(d, "message"); !m.empty()) return printable(m);
  }
  return printable(body);
}

std::string demo_id() {
  static thread_local std::mt19937_64 gen{std::random_device{}()};
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(gen()));
  return std::string{"demo-call-"} + buf;
}

}  // namespace

std::string outbound_call_body(const std::string& agent_id, const std::string& phone_number_id,
                               const outbound_call& call) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w{buf};
  w.StartObject();
  w.Key("agent_id");
  put(w, agent_id);
  w.Key("agent_phone_number_id");
  put(w, phone_number_id);
  w.Key("to_number");
  put(w, call.to_number);
  w.Key("conversation_initiation_client_data");
  w.StartObject();
  w.Key("dynamic_variables");
  w.StartObject();
  for (const auto& [name, value] : call.dynamic_variables) {
    w.Key(name.c_str(), static_cast<rapidjson::SizeType>(name.size()));
    put(w, value);
  }
  w.EndObject();
  w.EndObject();
  w.EndObject();
  return {buf.GetString(), buf.GetSize()};
}

call_start_result read_outbound_answer(int http_status, const std::string& body) {
  call_start_result r;
  r.http_status = http_status;
  rapidjson::Document d;
  const bool parsed = parse_json(d, body).ok();
  if (http_status >= 400 && http_status < 500) {
    r.status = call_start_status::refused;
    r.message = "ElevenLabs refused the call (HTTP " + std::to_string(http_status) +
                "): " + error_text(d, body);
    return r;
  }
  if (http_status < 200 || http_status >= 300) {
    r.status = call_start_status::failed;
    r.message = "ElevenLabs answered HTTP " + std::to_string(http_status);
    return r;
  }
  if (!parsed || !d.IsObject()) {
    r.status = call_start_status::failed;
    r.message = "ElevenLabs answered something that is not JSON";
    return r;
  }
  r.conversation_id = string_member(d, "conversation_id");
  r.call_sid = string_member(d, "callSid");
  r.message = string_member(d, "message");
  auto ok = d.FindMember("success");
  if (ok == d.MemberEnd() || !ok->value.IsBool() || !ok->value.GetBool()) {
    r.status = call_start_status::refused;
    r.message = "ElevenLabs did not start the call: " +
                (r.message.empty() ? std::string{"no reason given"} : printable(r.message));
    return r;
  }
  if (r.conversation_id.empty() && r.call_sid.empty()) {
    r.status = call_start_status::failed;
    r.message = "ElevenLabs started the call but named neither conversation_id nor callSid";
    return r;
  }
  r.status = call_start_status::started;
  return r;
}

elevenlabs_caller::elevenlabs_caller(const config::settings& s, const credentials& account)
    : api_url_(field_or(account, "api_url", s.elevenlabs_api_url)),
      api_key_(field_or(account, "api_key", "")),
      agent_id_(field_or(account, "agent_id", "")),
      phone_number_id_(field_or(account, "phone_number_id", "")),
      connect_timeout_(s.elevenlabs_connect_timeout_ms),
      timeout_(s.elevenlabs_timeout_ms) {}

call_start_result elevenlabs_caller::start(const outbound_call& call) const {
  if (demo()) {
    call_start_result r;
    r.status = call_start_status::started;
    r.conversation_id = demo_id();
    r.message = "demo mode: no call was placed";
    return r;
  }
  auto base = parse_url(api_url_);
  if (!base) return {call_start_status::failed, {}, {}, "the account's api_url is not a URL", 0};
  http_call req;
  req.target = *base;
  req.path = base->path + outbound_path;
  req.headers = {{"Content-Type", "application/json"}, {"xi-api-key", api_key_}};
  req.body = outbound_call_body(agent_id_, phone_number_id_, call);
  req.connect_timeout = connect_timeout_;
  req.timeout = timeout_;
  auto answer = http_send(req);
  if (!answer) {
    bool timed_out = answer.error().message.find("timed out") != std::string::npos;
    return {timed_out ? call_start_status::timed_out : call_start_status::failed,
            {},
            {},
            "ElevenLabs could not be reached: " + answer.error().message,
            0};
  }
  return read_outbound_answer(answer->status, answer->body);
}

}  // namespace centralita::providers
