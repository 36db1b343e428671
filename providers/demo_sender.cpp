#include "providers/demo_sender.hpp"

#include "common/ids.hpp"
#include "common/log.hpp"

namespace centralita::providers {

send_result demo_sender::send(const outbound_message& message) {
  if (message.number.find_first_of("0123456789") == std::string::npos) {
    return {send_status::permanent, std::nullopt, "no phone number to send to", 0, std::nullopt};
  }
  send_result r;
  r.status = send_status::sent;
  r.provider_message_id = "demo-" + random_hex(8);
  log::info("outbox: demo provider delivered outbox row {} as {}", message.outbox_id,
            *r.provider_message_id);
  return r;
}

send_result demo_sender::blacklist(const std::string& number, bool add) {
  if (number.find_first_of("0123456789") == std::string::npos) {
    return {send_status::permanent, std::nullopt, "no phone number to send to", 0, std::nullopt};
  }
  log::info("outbox: demo provider {} a number on its blacklist", add ? "put" : "took");
  return {send_status::sent, std::nullopt, {}, 200, std::nullopt};
}

}  // namespace centralita::providers
