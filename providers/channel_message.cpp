#include "providers/channel_message.hpp"

#include <cctype>

namespace centralita::providers {

result<std::string> normalize_phone(std::string_view value, const std::string& field) {
  std::string digits;
  for (char c : value) {
    unsigned char ch = static_cast<unsigned char>(c);
    if (std::isdigit(ch)) {
      digits += static_cast<char>(ch);
    } else if (ch != '+' && ch != ' ' && ch != '-' && ch != '(' && ch != ')') {
      return make_error(errc::invalid_input,
                        field + " must be a phone number in international format", "invalid_field");
    }
  }
  if (digits.size() < 5 || digits.size() > 20) {
    return make_error(errc::invalid_input, field + " must have 5 to 20 digits", "invalid_field");
  }
  return digits;
}

}  // namespace centralita::providers
