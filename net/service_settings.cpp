#include "net/service_settings.hpp"

#include <rapidjson/document.h>

#include "common/json_parse.hpp"
#include "net/api_json.hpp"
#include "storage/away_reply_repo.hpp"

namespace centralita::net {

namespace {

constexpr size_t max_message_chars = 1000;

// The one variable an away message may use; any other {{...}} is refused.
status check_variables(const std::string& field, const std::string& text) {
  for (size_t at = text.find("{{"); at != std::string::npos; at = text.find("{{", at + 2)) {
    const auto end = text.find("}}", at);
    const std::string name =
        end == std::string::npos ? text.substr(at) : text.substr(at + 2, end - at - 2);
    if (end == std::string::npos || name != "next_open") {
      return make_error(
          errc::unprocessable,
          field + ": unknown variable {{" + name + "}}; the only one is {{next_open}}",
          "invalid_value");
    }
  }
  return ok_status();
}

result<std::string> message_of(const rapidjson::Value& messages, const char* lang,
                               const std::string& current) {
  auto it = messages.FindMember(lang);
  if (it == messages.MemberEnd()) return current;
  const std::string field = std::string{"away_message."} + lang;
  if (!it->value.IsString()) return invalid_field(field, "must be a string");
  std::string text{it->value.GetString(), it->value.GetStringLength()};
  if (utf8_length(text) > max_message_chars) {
    return make_error(errc::unprocessable, field + " is longer than 1000 characters",
                      "invalid_value");
  }
  if (auto s = check_variables(field, text); !s) return s.error();
  return text;
}

}  // namespace

service_settings service_from_stored(std::string_view stored_json) {
  service_settings s;
  rapidjson::Document doc;
  if (!parse_json(doc, stored_json) || !doc.IsObject()) return s;
  auto svc = doc.FindMember("service");
  if (svc == doc.MemberEnd() || !svc->value.IsObject()) return s;
  const auto& v = svc->value;
  if (auto it = v.FindMember("csat_enabled"); it != v.MemberEnd() && it->value.IsBool()) {
    s.csat_enabled = it->value.GetBool();
  }
  if (auto it = v.FindMember("away_enabled"); it != v.MemberEnd() && it->value.IsBool()) {
    s.away_enabled = it->value.GetBool();
  }
  if (auto m = v.FindMember("away_message"); m != v.MemberEnd() && m->value.IsObject()) {
    if (auto es = m->value.FindMember("es"); es != m->value.MemberEnd() && es->value.IsString()) {
      s.away_message_es = es->value.GetString();
    }
    if (auto en = m->value.FindMember("en"); en != m->value.MemberEnd() && en->value.IsString()) {
      s.away_message_en = en->value.GetString();
    }
  }
  return s;
}

result<service_settings> apply_service_patch(const service_settings& current,
                                             const std::string& body) {
  auto b = json_body::parse(body);
  if (!b) return b.error();
  if (auto s = b->only({"csat_enabled", "away_enabled", "away_message"}); !s) return s.error();
  if (!b->any_of({"csat_enabled", "away_enabled", "away_message"})) {
    return make_error(errc::invalid_input,
                      "nothing to change: give csat_enabled, away_enabled or away_message",
                      "missing_field");
  }
  service_settings s = current;
  auto csat = b->optional_bool("csat_enabled");
  if (!csat) return csat.error();
  if (*csat) s.csat_enabled = **csat;
  auto away = b->optional_bool("away_enabled");
  if (!away) return away.error();
  if (*away) s.away_enabled = **away;
  if (const auto* m = b->raw_member("away_message"); m && !m->IsNull()) {
    if (!m->IsObject()) return invalid_field("away_message", "must be an object {\"es\",\"en\"}");
    for (const auto& member : m->GetObject()) {
      const std::string_view name{member.name.GetString(), member.name.GetStringLength()};
      if (name != "es" && name != "en") {
        return make_error(errc::invalid_input,
                          "away_message." + std::string{name} + " is not a language (es, en)",
                          "unknown_field");
      }
    }
    auto es = message_of(*m, "es", s.away_message_es);
    if (!es) return es.error();
    auto en = message_of(*m, "en", s.away_message_en);
    if (!en) return en.error();
    s.away_message_es = std::move(*es);
    s.away_message_en = std::move(*en);
  }
  return s;
}

namespace {

std::string write(const service_settings& s, bool fill_defaults) {
  auto text = [&](const std::string& t, const char* lang) {
    return t.empty() && fill_defaults ? storage::default_away_text(lang) : t;
  };
  json_builder j;
  j.begin_object()
      .field("csat_enabled", s.csat_enabled)
      .field("away_enabled", s.away_enabled)
      .key("away_message")
      .begin_object()
      .field("es", text(s.away_message_es, "es"))
      .field("en", text(s.away_message_en, "en"))
      .end_object()
      .end_object();
  return j.str();
}

}  // namespace

std::string to_json(const service_settings& s) { return write(s, true); }

std::string stored_service_json(const service_settings& s) {
  return "{\"service\":" + write(s, false) + "}";
}

}  // namespace centralita::net
