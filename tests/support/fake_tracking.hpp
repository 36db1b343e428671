#pragma once
// Fake AfterShip (2025-01) and 17TRACK (v2.2) APIs on 127.0.0.1 for the tracking tests: a small
// real HTTP/1.1 server (one request per connection) that checks each vendor's auth header and
// request shape (docs/protocols.md §4a, §4b), keeps the trackings it was given, and answers in
// the vendor's envelope. A tracking's status and checkpoints are set by the test.

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace centralita::testkit {

/// Which vendor the fake speaks.
enum class fake_vendor { aftership, seventeentrack };

/// One request as the fake received it.
struct fake_tracking_request {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  ///< names lower-cased
  std::string body;
  int status = 0;  ///< what the fake answered
};

/// One tracking the fake knows: the vendor's own status value and checkpoints.
struct fake_tracking_state {
  std::string id;      ///< AfterShip's id
  std::string status;  ///< the vendor's vocabulary (AfterShip tag / 17TRACK main status)
  /// (time, vendor status, location, message), oldest first.
  std::vector<std::vector<std::string>> checkpoints;
};

/// The fake server; stops (joining every connection) when destroyed.
class fake_tracking_api {
 public:
  fake_tracking_api(fake_vendor vendor, std::string api_key);
  ~fake_tracking_api();
  fake_tracking_api(const fake_tracking_api&) = delete;
  fake_tracking_api& operator=(const fake_tracking_api&) = delete;

  /// `http://127.0.0.1:<port>` plus the vendor's base path ("" or "/track/v2.2").
  std::string url() const;
  /// Sets (or adds) what the fake knows of `number`.
  void set(const std::string& number, fake_tracking_state state);
  /// Every request so far.
  std::vector<fake_tracking_request> received() const;
  /// Numbers created/registered through the API.
  std::vector<std::string> created() const;

 private:
  void accept_loop();
  void serve(int fd);
  std::pair<int, std::string> answer(const fake_tracking_request& r);
  std::pair<int, std::string> aftership(const fake_tracking_request& r);
  std::pair<int, std::string> seventeentrack(const fake_tracking_request& r);

  fake_vendor vendor_;
  std::string api_key_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  mutable std::mutex mutex_;
  std::vector<std::thread> connections_;
  std::vector<fake_tracking_request> received_;
  std::vector<std::string> created_;
  std::map<std::string, fake_tracking_state> trackings_;
};

}  // namespace centralita::testkit
