#pragma once
// A fake ElevenLabs outbound-call API (docs/protocols.md §2c, Twilio variant) on 127.0.0.1: a
// small real HTTP/1.1 server (one request per connection) that records every request as received
// and answers as told: 200 with a conversation id and callSid, any status and body, or no
// answer at all (held until the client gives up).

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace centralita::testkit {

/// One request as received.
struct fake_call_request {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  ///< names lower-cased
  std::string body;
};

/// The fake; stops (joining every connection) when destroyed.
class fake_elevenlabs {
 public:
  fake_elevenlabs();
  ~fake_elevenlabs();
  fake_elevenlabs(const fake_elevenlabs&) = delete;
  fake_elevenlabs& operator=(const fake_elevenlabs&) = delete;

  /// `http://127.0.0.1:<port>`, for ELEVENLABS_API_URL.
  std::string url() const;
  /// The environment a server needs to call here (key, agent, phone number id, URL, timeout).
  std::vector<std::pair<std::string, std::string>> environment() const;

  /// Answers the next requests with this status and body (default: 200, a started call).
  void answer(int status, std::string body);
  /// Answers nothing: each request is held until the client goes away.
  void hold();
  /// Every request so far.
  std::vector<fake_call_request> received() const;

 private:
  void accept_loop();
  void serve(int fd);

  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  mutable std::mutex mutex_;
  std::vector<std::thread> connections_;
  std::vector<fake_call_request> received_;
  int status_ = 200;
  std::string body_;
  bool hold_ = false;
};

}  // namespace centralita::testkit
