#pragma once
// Reading an LLM's answer under a JSON schema (the triage and the grounded reply): the answer
// must be one JSON object, and each field is there with its type or the answer is refused.

#include <rapidjson/document.h>

#include <string>

#include "common/json_parse.hpp"

namespace centralita::providers {

/// Parses `content` into `d`; false when it is not one JSON object.
inline bool parse_answer_object(rapidjson::Document& d, const std::string& content) {
  return parse_json(d, content) && d.IsObject();
}

/// The member `name` of an answer object when `is` (such as &rapidjson::Value::IsString) accepts
/// it; null when it is missing or of another type.
inline const rapidjson::Value* answer_field(const rapidjson::Value& answer, const char* name,
                                            bool (rapidjson::Value::*is)() const) {
  auto it = answer.FindMember(name);
  if (it == answer.MemberEnd() || !(it->value.*is)()) return nullptr;
  return &it->value;
}

}  // namespace centralita::providers
