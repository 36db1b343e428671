#pragma once
// JSON for the agents' API: writing answers with RapidJSON's Writer, and reading request bodies
// into typed fields with 400 errors that name the field.

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "net/http_types.hpp"

namespace centralita::net {

/// Writes one JSON document; `field` overloads write a key and its value (empty optional: null).
class json_builder {
 public:
  json_builder() : w_(buf_) {}

  /// Containers: every begin has its end.
  json_builder& begin_object() { return ok(w_.StartObject()); }
  json_builder& end_object() { return ok(w_.EndObject()); }
  json_builder& begin_array() { return ok(w_.StartArray()); }
  json_builder& end_array() { return ok(w_.EndArray()); }
  /// Writes a key; the value follows.
  json_builder& key(std::string_view k);
  /// Values; a C string is a string (never the bool a pointer would convert to).
  json_builder& value(std::string_view v);
  json_builder& value(const char* v) { return value(std::string_view{v}); }
  json_builder& value(int64_t v) { return ok(w_.Int64(v)); }
  json_builder& value(double v) { return ok(w_.Double(v)); }
  json_builder& value(bool v) { return ok(w_.Bool(v)); }
  json_builder& null() { return ok(w_.Null()); }
  /// Writes JSON text as it is (a jsonb column's text); "null" when empty.
  json_builder& raw(const std::optional<std::string>& json);

  /// A key and its value.
  json_builder& field(std::string_view k, std::string_view v) { return key(k).value(v); }
  json_builder& field(std::string_view k, const std::string& v) { return key(k).value(v); }
  json_builder& field(std::string_view k, const char* v) { return key(k).value(v); }
  json_builder& field(std::string_view k, int64_t v) { return key(k).value(v); }
  json_builder& field(std::string_view k, double v) { return key(k).value(v); }
  json_builder& field(std::string_view k, bool v) { return key(k).value(v); }
  json_builder& field(std::string_view k, const std::optional<int64_t>& v);
  json_builder& field(std::string_view k, const std::optional<std::string>& v);
  json_builder& field(std::string_view k, const std::optional<double>& v);

  /// The text written so far.
  std::string str() const { return {buf_.GetString(), buf_.GetSize()}; }

 private:
  json_builder& ok(bool /*written*/) { return *this; }
  rapidjson::StringBuffer buf_;
  rapidjson::Writer<rapidjson::StringBuffer> w_;
};

/// A JSON response with this status.
response json_response(int status, std::string body);

/// A nullable field of a body: absent, null, or a value.
template <class T>
struct nullable {
  bool present = false;
  std::optional<T> value;  ///< empty when the field was null
};

/// A request body that is a JSON object, read field by field. Errors are errc::invalid_input
/// with detail invalid_json, missing_field, invalid_field or unknown_field, naming the field.
class json_body {
 public:
  /// Parses (UTF-8 validated); an empty body or a non-object is an error.
  static result<json_body> parse(const std::string& body);

  /// Refuses a member not named in `allowed` (a typo must not be silently ignored).
  status only(std::initializer_list<std::string_view> allowed) const;
  /// True when at least one of the names is present.
  bool any_of(std::initializer_list<const char*> names) const;

  /// A string member that must be there.
  result<std::string> required_string(const char* name) const;
  /// A string member, absent or null: empty.
  result<std::optional<std::string>> optional_string(const char* name) const;
  /// An id (positive integer) member, absent or null: empty.
  result<std::optional<int64_t>> optional_id(const char* name) const;
  /// An id member where null means "none" (e.g. unassign).
  result<nullable<int64_t>> nullable_id(const char* name) const;
  /// A number member, absent or null: empty.
  /// A boolean member, absent or null as empty.
  result<std::optional<bool>> optional_bool(const char* name) const;
  result<std::optional<double>> optional_number(const char* name) const;
  /// An array of strings, absent or null: empty.
  result<std::optional<std::vector<std::string>>> optional_strings(const char* name) const;
  /// A member as parsed (null when absent), for shapes the readers above do not cover.
  const rapidjson::Value* raw_member(const char* name) const { return member(name); }

 private:
  const rapidjson::Value* member(const char* name) const;
  std::shared_ptr<rapidjson::Document> doc_;
};

/// An error about a field, detail invalid_field.
error invalid_field(const std::string& name, const std::string& what);

/// A body `{"text": …}` (an agent's reply, a private note): the text, not blank, at most 4096
/// characters; 400 naming `text` otherwise.
result<std::string> parse_text_body(const std::string& body);

/// The number of characters (UTF-8 code points) of a valid UTF-8 text.
size_t utf8_length(std::string_view text);

/// A path id (`{id}`): digits only, positive, fits in int64; empty otherwise (answered 404, as
/// an id that cannot exist names nothing).
std::optional<int64_t> parse_id(std::string_view text);

/// A list's `cursor` query parameter: the last id of the previous page, empty when absent;
/// errc::invalid_input (detail invalid_cursor) when it is not an id.
result<std::optional<int64_t>> query_cursor(const request& req);

/// A page of a list as every list route answers it: `{"items":[...],"next_cursor":"<id>"|null}`,
/// with `write(json_builder&, item)` for each item.
template <class Items, class Write>
std::string page_json(const Items& items, const std::optional<int64_t>& next, Write write) {
  json_builder j;
  j.begin_object().key("items").begin_array();
  for (const auto& item : items) write(j, item);
  j.end_array().key("next_cursor");
  if (next) {
    j.value(std::to_string(*next));
  } else {
    j.null();
  }
  j.end_object();
  return j.str();
}

/// A list's `limit` query parameter: 1..200, `fallback` when absent; 400 naming it otherwise.
result<int> query_limit(const request& req, int fallback = 50);

/// A list's `q` query parameter, trimmed; empty when absent; errc::invalid_input (detail
/// invalid_query) over 200 characters.
result<std::string> query_search(const request& req);

/// An `assignee` query parameter: a user id, `me` (the caller) or `none` (unassigned).
struct assignee_filter {
  std::optional<int64_t> user_id;
  bool unassigned = false;
};

/// Reads `assignee`; 400 naming it when it is none of the three forms.
result<assignee_filter> query_assignee(const request& req, int64_t caller_id);

}  // namespace centralita::net
