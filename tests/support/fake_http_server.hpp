#pragma once
// The one HTTP/1.1 server under every fake provider of the tests (Builderbot, Graph, ElevenLabs,
// tracking, OpenAI): it listens on 127.0.0.1 at a free port, reads one request per connection
// (Connection: close), asks its handler for the answer and writes it, or resets the connection,
// or holds it unanswered until the client goes away. Each fake only checks the wire format of
// its provider and decides answers.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace centralita::testkit {

/// One request as a fake server read it.
struct fake_http_request {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  ///< names lower-cased, values trimmed
  std::string body;
  std::chrono::steady_clock::time_point at;  ///< when it was read whole
};

/// `request` as a fake's own record type (one that derives from fake_http_request).
template <class Record>
Record record_of(const fake_http_request& request) {
  Record record;
  static_cast<fake_http_request&>(record) = request;
  return record;
}

/// How to answer one request.
struct fake_answer {
  enum class kind { respond, reset, hold };
  kind what = kind::respond;
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  ///< left empty by a script: the fake's default for its provider
  std::chrono::milliseconds delay{0};
  std::string content_type = "application/json";
  /// Runs once a 2xx answer was written whole to a client that was still there.
  std::function<void()> on_delivered;

  static fake_answer ok() { return {}; }
  static fake_answer http(int status, std::vector<std::pair<std::string, std::string>> h = {}) {
    fake_answer a;
    a.status = status;
    a.headers = std::move(h);
    return a;
  }
  static fake_answer json(int status, std::string body) {
    fake_answer a;
    a.status = status;
    a.body = std::move(body);
    return a;
  }
  static fake_answer slow(std::chrono::milliseconds d) {
    fake_answer a;
    a.delay = d;
    return a;
  }
  static fake_answer reset() {
    fake_answer a;
    a.what = kind::reset;
    return a;
  }
  static fake_answer hold() {
    fake_answer a;
    a.what = kind::hold;
    return a;
  }
  bool is_2xx() const { return status >= 200 && status < 300; }
};

/// The server; stops (joining the acceptor and every connection) when destroyed. A fake keeps
/// it as its last member, so that it stops before the state its handler uses goes away.
class fake_http_server {
 public:
  /// Decides the answer to each request; runs on the connection's own thread.
  using handler = std::function<fake_answer(const fake_http_request&)>;

  /// Listens at once (throws when it cannot); `name` names the fake in that error.
  fake_http_server(const std::string& name, handler on_request);
  ~fake_http_server();
  fake_http_server(const fake_http_server&) = delete;
  fake_http_server& operator=(const fake_http_server&) = delete;

  uint16_t port() const { return port_; }
  /// `http://127.0.0.1:<port>`.
  std::string url() const;
  /// Requests being held unanswered right now.
  int holding() const { return holding_.load(); }

 private:
  void accept_loop();
  void serve(int fd);
  bool read_request(int fd, fake_http_request& out) const;
  void hold(int fd);

  handler on_request_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> holding_{0};
  std::mutex mutex_;
  std::vector<std::thread> connections_;
  std::thread acceptor_;
};

/// What a scripted fake keeps of its traffic: every request it received and the script that
/// answers them, behind the one mutex the fake takes for the rest of its state too. A fake
/// derives from it and keeps its fake_http_server as its own last member, which stops before
/// this goes away.
template <class Request, class Script>
class scripted_fake {
 public:
  /// Replaces the script.
  void set_script(Script script) {
    std::lock_guard<std::mutex> lock{mutex_};
    script_ = std::move(script);
  }
  /// Every request so far.
  std::vector<Request> received() const {
    std::lock_guard<std::mutex> lock{mutex_};
    return received_;
  }

 protected:
  mutable std::mutex mutex_;
  std::vector<Request> received_;
  Script script_;
};

}  // namespace centralita::testkit
