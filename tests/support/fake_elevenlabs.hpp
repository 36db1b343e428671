#pragma once
// A fake ElevenLabs outbound-call API (docs/protocols.md §2c, Twilio variant) on a
// fake_http_server: it records every request as received and answers as told: 200 with a
// conversation id and callSid, any status and body, or no answer at all (held until the client
// gives up).

#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/fake_http_server.hpp"

namespace centralita::testkit {

/// One request as received.
using fake_call_request = fake_http_request;

/// The fake; stops (joining every connection) when destroyed.
class fake_elevenlabs {
 public:
  fake_elevenlabs();

  /// `http://127.0.0.1:<port>`, for ELEVENLABS_API_URL.
  std::string url() const { return server_.url(); }
  /// The environment a server needs to call here (key, agent, phone number id, URL, timeout).
  std::vector<std::pair<std::string, std::string>> environment() const;

  /// Answers the next requests with this status and body (default: 200, a started call).
  void answer(int status, std::string body);
  /// Answers nothing: each request is held until the client goes away.
  void hold();
  /// Every request so far.
  std::vector<fake_call_request> received() const;

 private:
  fake_answer on_request(const fake_http_request& request);

  mutable std::mutex mutex_;
  std::vector<fake_call_request> received_;
  fake_answer answer_ = fake_answer::json(
      200,
      R"({"success":true,"message":"Success","conversation_id":"conv_out_1","callSid":"CA0001"})");
  fake_http_server server_;  ///< last: stops before the state above goes away
};

}  // namespace centralita::testkit
