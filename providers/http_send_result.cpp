#include "providers/http_send_result.hpp"

namespace centralita::providers {

std::optional<send_result> without_number(std::string_view number) {
  if (number.find_first_of("0123456789") != std::string_view::npos) return std::nullopt;
  return send_result{send_status::permanent, std::nullopt, "no phone number to send to", 0,
                     std::nullopt};
}

send_result send_and_read(const http_call& call, send_result (*read)(const http_answer&)) {
  auto answer = http_send(call);
  if (!answer) {
    return {send_status::retryable, std::nullopt, answer.error().message, 0, std::nullopt};
  }
  return read(*answer);
}

}  // namespace centralita::providers
