#include "providers/whatsapp_templates.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <set>

#include "common/json_parse.hpp"
#include "providers/send_policy.hpp"

namespace centralita::providers {

namespace {

using writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_string(writer& w, const std::string& s) {
  w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
}

std::string string_at(const rapidjson::Value& v, const char* key) {
  if (!v.IsObject() || !v.HasMember(key) || !v[key].IsString()) return {};
  return v[key].GetString();
}

// How many distinct {{n}} the body names (Graph numbers them from 1, without gaps).
int count_variables(const std::string& body) {
  std::set<std::string> seen;
  for (size_t at = body.find("{{"); at != std::string::npos; at = body.find("{{", at + 2)) {
    auto close = body.find("}}", at + 2);
    if (close == std::string::npos) break;
    auto inner = body.substr(at + 2, close - at - 2);
    if (!inner.empty() && inner.size() <= 3 &&
        inner.find_first_not_of("0123456789") == std::string::npos) {
      seen.insert(inner);
    }
  }
  return static_cast<int>(seen.size());
}

std::string json_of(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  writer w{buf};
  v.Accept(w);
  return {buf.GetString(), buf.GetSize()};
}

}  // namespace

std::string whatsapp_templates_path(const whatsapp_cloud_config& c,
                                    const std::string& business_account_id) {
  return c.base.path + "/" + c.version + "/" + business_account_id +
         "/message_templates?limit=" + std::to_string(template_page) +
         "&fields=name,language,status,category,components";
}

result<std::vector<storage::message_template>> parse_whatsapp_templates(std::string_view body) {
  rapidjson::Document d;
  if (auto s = parse_json(d, body); !s) return s.error();
  if (!d.IsObject() || !d.HasMember("data") || !d["data"].IsArray()) {
    return make_error(errc::invalid_input, "Graph's template list has no data array");
  }
  std::vector<storage::message_template> out;
  for (const auto& t : d["data"].GetArray()) {
    storage::message_template m;
    m.name = string_at(t, "name");
    m.language = string_at(t, "language");
    if (m.name.empty() || m.language.empty()) continue;
    m.status = string_at(t, "status");
    m.category = string_at(t, "category");
    if (t.HasMember("components") && t["components"].IsArray()) {
      m.components_json = json_of(t["components"]);
      for (const auto& c : t["components"].GetArray()) {
        if (string_at(c, "type") == "BODY") m.body = string_at(c, "text");
      }
    }
    m.variables = count_variables(m.body);
    out.push_back(std::move(m));
  }
  return out;
}

result<std::vector<storage::message_template>> fetch_whatsapp_templates(
    const whatsapp_cloud_config& config, const std::string& business_account_id) {
  if (business_account_id.empty() ||
      business_account_id.find_first_not_of("0123456789") != std::string::npos) {
    return make_error(errc::invalid_input, "the business account id must be digits");
  }
  http_call call;
  call.method = "GET";
  call.target = config.base;
  call.path = whatsapp_templates_path(config, business_account_id);
  call.headers = {{"Authorization", "Bearer " + config.access_token}};
  call.connect_timeout = config.connect_timeout;
  call.timeout = config.timeout;
  auto answer = http_send(call);
  if (!answer) return make_error(errc::unavailable, "Graph templates: " + answer.error().message);
  if (answer->status < 200 || answer->status >= 300) {
    // The same reading of a Graph error as a send's (code and message, printable, short).
    auto r = whatsapp_cloud_result(*answer);
    auto code = r.status == send_status::retryable ? errc::unavailable : errc::unprocessable;
    return make_error(code, "Graph templates: " + r.error, "provider_refused");
  }
  return parse_whatsapp_templates(answer->body);
}

std::string whatsapp_template_object(const std::string& name, const std::string& language,
                                     const std::vector<std::string>& values) {
  rapidjson::StringBuffer buf;
  writer w{buf};
  w.StartObject();
  w.Key("name");
  write_string(w, name);
  w.Key("language");
  w.StartObject();
  w.Key("code");
  write_string(w, language);
  w.EndObject();
  if (!values.empty()) {
    w.Key("components");
    w.StartArray();
    w.StartObject();
    w.Key("type");
    w.String("body");
    w.Key("parameters");
    w.StartArray();
    for (const auto& v : values) {
      w.StartObject();
      w.Key("type");
      w.String("text");
      w.Key("text");
      write_string(w, v);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    w.EndArray();
  }
  w.EndObject();
  return {buf.GetString(), buf.GetSize()};
}

}  // namespace centralita::providers
