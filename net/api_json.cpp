#include "net/api_json.hpp"

#include <algorithm>

#include "common/json_parse.hpp"

namespace centralita::net {

namespace {

error missing_field(const std::string& name) {
  return make_error(errc::invalid_input, name + " is required", "missing_field");
}

}  // namespace

json_builder& json_builder::key(std::string_view k) {
  w_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
  return *this;
}

json_builder& json_builder::value(std::string_view v) {
  w_.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  return *this;
}

json_builder& json_builder::raw(const std::optional<std::string>& json) {
  if (!json || json->empty()) return null();
  w_.RawValue(json->data(), json->size(), rapidjson::kObjectType);
  return *this;
}

json_builder& json_builder::field(std::string_view k, const std::optional<int64_t>& v) {
  key(k);
  return v ? value(*v) : null();
}

json_builder& json_builder::field(std::string_view k, const std::optional<std::string>& v) {
  key(k);
  return v ? value(std::string_view{*v}) : null();
}

json_builder& json_builder::field(std::string_view k, const std::optional<double>& v) {
  key(k);
  return v ? value(*v) : null();
}

response json_response(int status, std::string body) {
  response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

error invalid_field(const std::string& name, const std::string& what) {
  return make_error(errc::invalid_input, name + " " + what, "invalid_field");
}

result<json_body> json_body::parse(const std::string& body) {
  auto doc = std::make_shared<rapidjson::Document>();
  if (auto s = parse_json(*doc, body); !s) return s.error();
  if (!doc->IsObject()) {
    return make_error(errc::invalid_input, "the body must be a JSON object", "invalid_body");
  }
  json_body out;
  out.doc_ = std::move(doc);
  return out;
}

status json_body::only(std::initializer_list<std::string_view> allowed) const {
  for (const auto& m : doc_->GetObject()) {
    std::string_view name{m.name.GetString(), m.name.GetStringLength()};
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      return make_error(errc::invalid_input, "unknown field " + std::string{name}, "unknown_field");
    }
  }
  return ok_status();
}

bool json_body::any_of(std::initializer_list<const char*> names) const {
  return std::any_of(names.begin(), names.end(),
                     [this](const char* n) { return member(n) != nullptr; });
}

const rapidjson::Value* json_body::member(const char* name) const {
  auto it = doc_->FindMember(name);
  return it == doc_->MemberEnd() ? nullptr : &it->value;
}

result<std::string> json_body::required_string(const char* name) const {
  const auto* v = member(name);
  if (!v || v->IsNull()) return missing_field(name);
  if (!v->IsString()) return invalid_field(name, "must be a string");
  return std::string{v->GetString(), v->GetStringLength()};
}

result<std::optional<std::string>> json_body::optional_string(const char* name) const {
  const auto* v = member(name);
  if (!v || v->IsNull()) return std::optional<std::string>{};
  if (!v->IsString()) return invalid_field(name, "must be a string");
  return std::optional<std::string>{std::string{v->GetString(), v->GetStringLength()}};
}

result<std::optional<int64_t>> json_body::optional_id(const char* name) const {
  auto n = nullable_id(name);
  if (!n) return n.error();
  return n->value;
}

result<nullable<int64_t>> json_body::nullable_id(const char* name) const {
  const auto* v = member(name);
  nullable<int64_t> out;
  if (!v) return out;
  out.present = true;
  if (v->IsNull()) return out;
  if (!v->IsInt64() || v->GetInt64() <= 0)
    return invalid_field(name, "must be a positive integer id");
  out.value = v->GetInt64();
  return out;
}

result<std::optional<double>> json_body::optional_number(const char* name) const {
  const auto* v = member(name);
  if (!v || v->IsNull()) return std::optional<double>{};
  if (!v->IsNumber()) return invalid_field(name, "must be a number");
  return std::optional<double>{v->GetDouble()};
}

result<std::optional<bool>> json_body::optional_bool(const char* name) const {
  const auto* v = member(name);
  if (!v || v->IsNull()) return std::optional<bool>{};
  if (!v->IsBool()) return invalid_field(name, "must be true or false");
  return std::optional<bool>{v->GetBool()};
}

result<std::optional<std::vector<std::string>>> json_body::optional_strings(
    const char* name) const {
  const auto* v = member(name);
  if (!v || v->IsNull()) return std::optional<std::vector<std::string>>{};
  if (!v->IsArray()) return invalid_field(name, "must be an array of strings");
  std::vector<std::string> out;
  for (const auto& item : v->GetArray()) {
    if (!item.IsString()) return invalid_field(name, "must be an array of strings");
    out.emplace_back(item.GetString(), item.GetStringLength());
  }
  return std::optional<std::vector<std::string>>{std::move(out)};
}

size_t utf8_length(std::string_view text) {
  size_t n = 0;
  for (char c : text) {
    // Continuation bytes are 10xxxxxx; every other byte starts a code point.
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::optional<int64_t> parse_id(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t out = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    out = out * 10 + (c - '0');
  }
  if (out <= 0) return std::nullopt;
  return out;
}

result<std::optional<int64_t>> query_cursor(const request& req) {
  const auto text = req.query_param("cursor");
  if (text.empty()) return std::optional<int64_t>{};
  auto id = parse_id(text);
  if (!id) return make_error(errc::invalid_input, "cursor is not valid", "invalid_cursor");
  return std::optional<int64_t>{*id};
}

result<int> query_limit(const request& req, int fallback) {
  const auto text = req.query_param("limit");
  if (text.empty()) return fallback;
  auto n = parse_id(text);
  if (!n || *n > 200) {
    return make_error(errc::invalid_input, "limit must be an integer from 1 to 200",
                      "invalid_query");
  }
  return static_cast<int>(*n);
}

result<std::string> query_search(const request& req) {
  auto q = req.query_param("q");
  auto first = q.find_first_not_of(" \t");
  if (first == std::string::npos) return std::string{};
  q = q.substr(first, q.find_last_not_of(" \t") - first + 1);
  if (utf8_length(q) > 200) {
    return make_error(errc::invalid_input, "q is longer than 200 characters", "invalid_query");
  }
  return q;
}

result<assignee_filter> query_assignee(const request& req, int64_t caller_id) {
  const auto text = req.query_param("assignee");
  assignee_filter out;
  if (text.empty()) return out;
  if (text == "me") {
    out.user_id = caller_id;
  } else if (text == "none") {
    out.unassigned = true;
  } else if (auto id = parse_id(text)) {
    out.user_id = *id;
  } else {
    return make_error(errc::invalid_input, "assignee must be a user id, me or none",
                      "invalid_query");
  }
  return out;
}

result<std::string> parse_text_body(const std::string& body) {
  constexpr size_t max_chars = 4096;
  auto b = json_body::parse(body);
  if (!b) return b.error();
  if (auto s = b->only({"text"}); !s) return s.error();
  auto text = b->required_string("text");
  if (!text) return text.error();
  if (text->find_first_not_of(" \t\r\n") == std::string::npos) {
    return invalid_field("text", "must not be empty");
  }
  if (utf8_length(*text) > max_chars)
    return invalid_field("text", "is longer than 4096 characters");
  return text;
}

}  // namespace centralita::net
