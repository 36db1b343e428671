#pragma once
// Starting an outbound phone call through ElevenLabs' Twilio outbound-call API (docs/protocols.md
// §2c): `POST {ELEVENLABS_API_URL}/v1/convai/twilio/outbound-call` with `xi-api-key`, the
// agent, the agent's phone number id, the customer's E.164 number and the conversation's
// context as dynamic variables. Blocking, bounded by the configured timeouts. With no API key
// the demo mode starts nothing and answers a generated id, so the rest of the flow runs.

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "config/settings.hpp"
#include "providers/outbound_sender.hpp"

namespace centralita::providers {

/// What to call and with which context (scalar string values; names without `system__`).
struct outbound_call {
  std::string to_number;  ///< E.164, "+5215512345678"
  std::vector<std::pair<std::string, std::string>> dynamic_variables;
};

/// How a start attempt ended.
enum class call_start_status {
  started,    ///< ElevenLabs took it (or the demo mode did)
  refused,    ///< ElevenLabs answered 4xx (validation: 422) or success false
  failed,     ///< 5xx, an unreadable answer, or no connection
  timed_out,  ///< no answer within the timeout
};

/// The outcome; `message` is safe to show (no keys).
struct call_start_result {
  call_start_status status = call_start_status::failed;
  std::string conversation_id;  ///< ElevenLabs' conversation id (may be empty)
  std::string call_sid;         ///< Twilio's call id (may be empty)
  std::string message;
  int http_status = 0;
};

/// The request body of §2c for `call` (agent and phone number id from the settings).
std::string outbound_call_body(const std::string& agent_id, const std::string& phone_number_id,
                               const outbound_call& call);
/// Reads ElevenLabs' answer (status and body) into a result.
call_start_result read_outbound_answer(int http_status, const std::string& body);

/// Starts calls with one ElevenLabs channel account's credentials (api_key, agent_id,
/// phone_number_id, and api_url, which defaults to ELEVENLABS_API_URL); timeouts from the
/// settings.
class elevenlabs_caller {
 public:
  elevenlabs_caller(const config::settings& s, const credentials& account);
  /// True when no API key is configured: nothing goes over the network.
  bool demo() const { return api_key_.empty(); }
  /// Starts one call; blocking.
  call_start_result start(const outbound_call& call) const;
  /// The agent the calls go through.
  const std::string& agent_id() const { return agent_id_; }

 private:
  std::string api_url_;
  std::string api_key_;
  std::string agent_id_;
  std::string phone_number_id_;
  std::chrono::milliseconds connect_timeout_;
  std::chrono::milliseconds timeout_;
};

}  // namespace centralita::providers
