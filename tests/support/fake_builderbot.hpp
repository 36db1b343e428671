#pragma once
// A fake Builderbot Cloud send API (docs/protocols.md §1b) and blacklist API (§1c) on 127.0.0.1
// for the outbound tests: a
// small real HTTP/1.1 server (one request per connection) that checks the method, the path
// with the bot id, the `x-api-builderbot` key, the content type and the JSON body, records
// every request, and answers as a script says: a status with headers and body, after a delay,
// a connection reset, or no answer at all (held until the client goes away).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace centralita::testkit {

/// One request as the fake received it.
struct fake_send {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  ///< names lower-cased
  std::string body;
  std::string number;   ///< body.number
  std::string content;  ///< body.messages.content
  std::string intent;   ///< a blacklist call's body.intent (add | remove); empty for a message
  std::optional<std::string> media_url;
  std::string problem;  ///< why the request breaks §1b; empty when it is well-formed
  int nth = 0;          ///< 1 for the first request with this content, 2 for the next...
  std::chrono::steady_clock::time_point at;
};

/// How to answer one request.
struct fake_answer {
  enum class kind { respond, reset, hold };
  kind what = kind::respond;
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  ///< empty: `{"id":"bb-<n>"}` for a 2xx
  std::chrono::milliseconds delay{0};

  static fake_answer ok() { return {}; }
  static fake_answer http(int status, std::vector<std::pair<std::string, std::string>> h = {}) {
    return {kind::respond, status, std::move(h), {}, std::chrono::milliseconds(0)};
  }
  static fake_answer slow(std::chrono::milliseconds d) { return {kind::respond, 200, {}, {}, d}; }
  static fake_answer reset() { return {kind::reset, 0, {}, {}, std::chrono::milliseconds(0)}; }
  static fake_answer hold() { return {kind::hold, 0, {}, {}, std::chrono::milliseconds(0)}; }
};

/// Decides the answer to a well-formed request (a malformed one gets a 400 by itself).
using fake_script = std::function<fake_answer(const fake_send&)>;

/// The fake server; stops (joining every connection) when destroyed.
class fake_builderbot {
 public:
  fake_builderbot(std::string api_key, std::string bot_id);
  ~fake_builderbot();
  fake_builderbot(const fake_builderbot&) = delete;
  fake_builderbot& operator=(const fake_builderbot&) = delete;

  uint16_t port() const { return port_; }
  /// `http://127.0.0.1:<port>`, for BUILDERBOT_API_URL.
  std::string url() const;
  /// The environment a server needs to send here.
  std::vector<std::pair<std::string, std::string>> environment() const;

  /// Replaces the script (default: every request answered 200).
  void set_script(fake_script script);
  /// Every request so far.
  std::vector<fake_send> received() const;
  /// How many 2xx answers were written, by content.
  std::map<std::string, int> delivered() const;
  /// Requests being held unanswered right now.
  int holding() const { return holding_.load(); }
  /// Serves `bytes` as `mime` at `GET <url()>/files/<name>` (Builderbot's temporary attachment
  /// URLs), through the script too: a `hold` answer makes a download time out.
  void add_file(const std::string& name, const std::string& mime, std::string bytes);
  /// `<url()>/files/<name>`.
  std::string file_url(const std::string& name) const { return url() + "/files/" + name; }

 private:
  void accept_loop();
  void serve(int fd);
  bool read_request(int fd, fake_send& out);
  void check(fake_send& s) const;
  bool serve_file(int fd, fake_send& s);
  void hold(int fd);

  std::string api_key_;
  std::string bot_id_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> holding_{0};
  std::thread acceptor_;
  mutable std::mutex mutex_;
  std::vector<std::thread> connections_;
  std::vector<fake_send> received_;
  std::map<std::string, int> delivered_;
  std::map<std::string, int> seen_;
  fake_script script_;
  int next_id_ = 1;
  std::map<std::string, std::pair<std::string, std::string>> files_;  ///< name -> type, bytes
};

}  // namespace centralita::testkit
