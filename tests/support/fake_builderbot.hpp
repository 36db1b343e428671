#pragma once
// A fake Builderbot Cloud send API (docs/protocols.md §1b) and blacklist API (§1c) for the
// outbound tests, on a fake_http_server: it checks the method, the path with the bot id, the
// `x-api-builderbot` key, the content type and the JSON body, records every request, and answers
// as a script says: a status with headers and body, after a delay, a connection reset, or no
// answer at all (held until the client goes away).

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/fake_http_server.hpp"

namespace centralita::testkit {

/// One request as the fake received it.
struct fake_send : fake_http_request {
  std::string number;   ///< body.number
  std::string content;  ///< body.messages.content
  std::string intent;   ///< a blacklist call's body.intent (add | remove); empty for a message
  std::optional<std::string> media_url;
  std::string problem;  ///< why the request breaks §1b; empty when it is well-formed
  int nth = 0;          ///< 1 for the first request with this content, 2 for the next...
};

/// Decides the answer to a well-formed request (a malformed one gets a 400 by itself).
using fake_script = std::function<fake_answer(const fake_send&)>;

/// The fake server (with no script, every request answered 200); stops (joining every
/// connection) when destroyed.
class fake_builderbot : public scripted_fake<fake_send, fake_script> {
 public:
  fake_builderbot(std::string api_key, std::string bot_id);

  uint16_t port() const { return server_.port(); }
  /// `http://127.0.0.1:<port>`, for BUILDERBOT_API_URL.
  std::string url() const { return server_.url(); }
  /// The environment a server needs to send here.
  std::vector<std::pair<std::string, std::string>> environment() const;

  /// How many 2xx answers were written, by content.
  std::map<std::string, int> delivered() const;
  /// Requests being held unanswered right now.
  int holding() const { return server_.holding(); }
  /// Serves `bytes` as `mime` at `GET <url()>/files/<name>` (Builderbot's temporary attachment
  /// URLs), through the script too: a `hold` answer makes a download time out.
  void add_file(const std::string& name, const std::string& mime, std::string bytes);
  /// `<url()>/files/<name>`.
  std::string file_url(const std::string& name) const { return url() + "/files/" + name; }

 private:
  fake_answer on_request(const fake_http_request& request);
  void check(fake_send& s) const;
  fake_answer file_answer(fake_send& s);

  std::string api_key_;
  std::string bot_id_;
  std::map<std::string, int> delivered_;
  std::map<std::string, int> seen_;
  int next_id_ = 1;
  std::map<std::string, std::pair<std::string, std::string>> files_;  ///< name -> type, bytes
  fake_http_server server_;  ///< last: stops before the state above goes away
};

}  // namespace centralita::testkit
