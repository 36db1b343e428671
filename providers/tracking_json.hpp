#pragma once
// Reading helpers shared by the AfterShip and 17TRACK codecs (RapidJSON stays in providers/).

#include <rapidjson/document.h>

#include <string>

#include "common/result.hpp"
#include "providers/http_client.hpp"

namespace centralita::providers::tracking_json {

/// The member when present and not null.
const rapidjson::Value* member(const rapidjson::Value& obj, const char* key);
/// The member's text when it is a string, else "".
std::string text(const rapidjson::Value& obj, const char* key);
/// The member's text when it is a string or an integer (17TRACK carriers are numbers), else "".
std::string text_or_number(const rapidjson::Value& obj, const char* key);
/// errc::invalid_input "<field> <what>" with the JSON error detail.
error invalid(const std::string& field, const std::string& what,
              const char* detail = "invalid_field");
/// Parses a whole body: errc::invalid_input "invalid_json" when it is not a JSON object.
status parse_object(rapidjson::Document& doc, std::string_view body);
/// True for a tracking number the shipments table accepts: 3-64 of [A-Za-z0-9-].
bool valid_tracking_number(const std::string& number);
/// Digits of a phone number, or "" when it is none (5-20 digits after + ( ) - and spaces).
std::string phone_digits(const std::string& text);
/// What a provider's HTTP status means when it is not 2xx: 404 not_found, 401/403
/// unauthorized, 429/5xx unavailable, other 4xx invalid_input; `what` names the call.
error http_failure(const http_answer& answer, const std::string& what);

}  // namespace centralita::providers::tracking_json
