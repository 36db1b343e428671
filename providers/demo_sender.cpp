#include "providers/demo_sender.hpp"

#include "common/ids.hpp"
#include "common/log.hpp"
#include "providers/http_send_result.hpp"

namespace centralita::providers {

send_result demo_sender::send(const outbound_message& message) {
  if (auto refused = without_number(message.number)) return *refused;
  send_result r;
  r.status = send_status::sent;
  r.provider_message_id = "demo-" + random_hex(8);
  log::info("outbox: demo provider delivered outbox row {} as {}", message.outbox_id,
            *r.provider_message_id);
  return r;
}

send_result demo_sender::blacklist(const std::string& number, bool add) {
  if (auto refused = without_number(number)) return *refused;
  log::info("outbox: demo provider {} a number on its blacklist", add ? "put" : "took");
  return {send_status::sent, std::nullopt, {}, 200, std::nullopt};
}

}  // namespace centralita::providers
