#include "providers/tracking_json.hpp"

#include <cctype>

#include "common/json_parse.hpp"

namespace centralita::providers::tracking_json {

const rapidjson::Value* member(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

std::string text(const rapidjson::Value& obj, const char* key) {
  const auto* v = member(obj, key);
  return v && v->IsString() ? std::string{v->GetString(), v->GetStringLength()} : std::string{};
}

std::string text_or_number(const rapidjson::Value& obj, const char* key) {
  const auto* v = member(obj, key);
  if (v && v->IsInt64()) return std::to_string(v->GetInt64());
  return text(obj, key);
}

error invalid(const std::string& field, const std::string& what, const char* detail) {
  return make_error(errc::invalid_input, field + " " + what, detail);
}

status parse_object(rapidjson::Document& doc, std::string_view body) {
  if (auto s = parse_json(doc, body); !s) return s;
  if (!doc.IsObject()) {
    return make_error(errc::invalid_input, "the body is not a JSON object", "invalid_json");
  }
  return ok_status();
}

bool valid_tracking_number(const std::string& number) {
  if (number.size() < 3 || number.size() > 64) return false;
  for (unsigned char c : number) {
    if (!std::isalnum(c) && c != '-') return false;
  }
  return true;
}

std::string phone_digits(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits += c;
    } else if (c != '+' && c != ' ' && c != '-' && c != '(' && c != ')') {
      return {};
    }
  }
  return digits.size() >= 5 && digits.size() <= 20 ? digits : std::string{};
}

error http_failure(const http_answer& answer, const std::string& what) {
  auto message = what + ": HTTP " + std::to_string(answer.status);
  if (answer.status == 404) return make_error(errc::not_found, message, "tracking_not_found");
  if (answer.status == 401 || answer.status == 403) {
    return make_error(errc::unauthorized, message, "provider_refused_key");
  }
  if (answer.status == 429 || answer.status >= 500) {
    return make_error(errc::unavailable, message, "provider_unavailable");
  }
  return make_error(errc::invalid_input, message, "provider_refused");
}

}  // namespace centralita::providers::tracking_json
