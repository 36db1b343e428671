#include "actors/call_starter.hpp"

namespace centralita::actors {

const account* call_account(const account_directory& accounts, int64_t tenant_id) {
  auto mine = accounts.of_tenant(tenant_id, "elevenlabs");
  return mine.empty() ? nullptr : mine.front();
}

caf::behavior call_starter(caf::event_based_actor*, std::shared_ptr<node_context> ctx) {
  return {
      [ctx](call_start& req) {
        const auto accounts = ctx->accounts.get();
        const auto* account = call_account(*accounts, req.tenant_id);
        if (account == nullptr) {
          return req.reply->deliver(make_error(errc::unprocessable,
                                               "this tenant has no enabled ElevenLabs account",
                                               "no_call_account"));
        }
        const providers::elevenlabs_caller caller{ctx->settings, account->credentials};
        req.reply->deliver(call_attempt{caller.start(req.call), caller.agent_id()});
      },
  };
}

}  // namespace centralita::actors
