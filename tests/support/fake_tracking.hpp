#pragma once
// Fake AfterShip (2025-01) and 17TRACK (v2.2) APIs on a fake_http_server for the tracking tests:
// they check each vendor's auth header and request shape (docs/protocols.md §4a, §4b), keep the
// trackings they were given, and answer in the vendor's envelope. A tracking's status and
// checkpoints are set by the test.

#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/fake_http_server.hpp"

namespace centralita::testkit {

/// Which vendor the fake speaks.
enum class fake_vendor { aftership, seventeentrack };

/// One request as the fake received it.
struct fake_tracking_request : fake_http_request {
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

  /// `http://127.0.0.1:<port>` plus the vendor's base path ("" or "/track/v2.2").
  std::string url() const;
  /// Sets (or adds) what the fake knows of `number`.
  void set(const std::string& number, fake_tracking_state state);
  /// Every request so far.
  std::vector<fake_tracking_request> received() const;
  /// Numbers created/registered through the API.
  std::vector<std::string> created() const;

 private:
  fake_answer on_request(const fake_http_request& request);
  std::pair<int, std::string> aftership(const fake_tracking_request& r);
  std::pair<int, std::string> seventeentrack(const fake_tracking_request& r);

  fake_vendor vendor_;
  std::string api_key_;
  mutable std::mutex mutex_;
  std::vector<fake_tracking_request> received_;
  std::vector<std::string> created_;
  std::map<std::string, fake_tracking_state> trackings_;
  fake_http_server server_;  ///< last: stops before the state above goes away
};

}  // namespace centralita::testkit
