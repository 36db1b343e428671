#include "tests/support/fake_builderbot.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <rapidjson/document.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

namespace centralita::testkit {

namespace {

constexpr int poll_ms = 50;
constexpr auto read_deadline = std::chrono::seconds(10);

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

bool send_all(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

const char* reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

}  // namespace

fake_builderbot::fake_builderbot(std::string api_key, std::string bot_id)
    : api_key_(std::move(api_key)), bot_id_(std::move(bot_id)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(listen_fd_, 128) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error("fake builderbot: cannot listen");
  }
  socklen_t len = sizeof(addr);
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

fake_builderbot::~fake_builderbot() {
  stopping_ = true;
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock{mutex_};
    threads.swap(connections_);
  }
  for (auto& t : threads) t.join();
  ::close(listen_fd_);
}

std::string fake_builderbot::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::vector<std::pair<std::string, std::string>> fake_builderbot::environment() const {
  return {{"BUILDERBOT_API_URL", url()},
          {"BUILDERBOT_API_KEY", api_key_},
          {"BUILDERBOT_BOT_ID", bot_id_}};
}

void fake_builderbot::set_script(fake_script script) {
  std::lock_guard<std::mutex> lock{mutex_};
  script_ = std::move(script);
}

std::vector<fake_send> fake_builderbot::received() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return received_;
}

std::map<std::string, int> fake_builderbot::delivered() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return delivered_;
}

void fake_builderbot::accept_loop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, poll_ms) <= 0) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::lock_guard<std::mutex> lock{mutex_};
    connections_.emplace_back([this, fd] {
      serve(fd);
      ::close(fd);
    });
  }
}

bool fake_builderbot::read_request(int fd, fake_send& out) {
  std::string data;
  auto until = std::chrono::steady_clock::now() + read_deadline;
  size_t head_end = std::string::npos;
  size_t length = 0;
  std::array<char, 8192> chunk;
  for (;;) {
    if (head_end == std::string::npos) {
      head_end = data.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        std::string head = data.substr(0, head_end);
        auto line_end = head.find("\r\n");
        std::string request_line = head.substr(0, line_end);
        auto sp1 = request_line.find(' ');
        auto sp2 = request_line.rfind(' ');
        out.method = request_line.substr(0, sp1);
        out.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
        size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
        while (pos < head.size()) {
          auto end = head.find("\r\n", pos);
          if (end == std::string::npos) end = head.size();
          auto line = head.substr(pos, end - pos);
          auto colon = line.find(':');
          if (colon != std::string::npos) {
            out.headers[lower(trim(line.substr(0, colon)))] = trim(line.substr(colon + 1));
          }
          pos = end + 2;
        }
        length = std::stoul(out.headers.count("content-length") != 0 ? out.headers["content-length"]
                                                                     : std::string{"0"});
      }
    }
    if (head_end != std::string::npos && data.size() >= head_end + 4 + length) {
      out.body = data.substr(head_end + 4, length);
      return true;
    }
    if (stopping_ || std::chrono::steady_clock::now() > until) return false;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, poll_ms) <= 0) continue;
    ssize_t n = ::recv(fd, chunk.data(), chunk.size(), 0);
    if (n <= 0) return false;
    data.append(chunk.data(), static_cast<size_t>(n));
  }
}

void fake_builderbot::check(fake_send& s) const {
  auto fail = [&](const std::string& why) {
    if (s.problem.empty()) s.problem = why;
  };
  const bool blacklist = s.target == "/api/v2/" + bot_id_ + "/blacklist";
  if (s.method != "POST") fail("method " + s.method);
  if (!blacklist && s.target != "/api/v2/" + bot_id_ + "/messages") fail("path " + s.target);
  if (s.headers["x-api-builderbot"] != api_key_) fail("x-api-builderbot header");
  if (s.headers["content-type"].rfind("application/json", 0) != 0) fail("content-type");
  rapidjson::Document d;
  d.Parse(s.body.c_str(), s.body.size());
  if (d.HasParseError() || !d.IsObject()) return fail("body is not a JSON object");
  if (!d.HasMember("number") || !d["number"].IsString()) return fail("number");
  s.number = d["number"].GetString();
  if (s.number.empty() || s.number.find_first_not_of("0123456789") != std::string::npos) {
    fail("number is not digits only");
  }
  if (blacklist) {
    if (!d.HasMember("intent") || !d["intent"].IsString()) return fail("intent");
    s.intent = d["intent"].GetString();
    if (s.intent != "add" && s.intent != "remove") fail("intent is not add or remove");
    return;
  }
  if (!d.HasMember("checkIfExists") || !d["checkIfExists"].IsBool()) fail("checkIfExists");
  if (!d.HasMember("messages") || !d["messages"].IsObject()) return fail("messages");
  const auto& m = d["messages"];
  if (!m.HasMember("content") || !m["content"].IsString()) return fail("messages.content");
  s.content = m["content"].GetString();
  if (m.HasMember("mediaUrl")) {
    if (!m["mediaUrl"].IsString()) return fail("messages.mediaUrl");
    s.media_url = m["mediaUrl"].GetString();
  }
}

void fake_builderbot::add_file(const std::string& name, const std::string& mime,
                               std::string bytes) {
  std::lock_guard<std::mutex> lock{mutex_};
  files_[name] = {mime, std::move(bytes)};
}

// No answer: wait until the client gives up or goes away (or the fake stops).
void fake_builderbot::hold(int fd) {
  ++holding_;
  std::array<char, 256> sink;
  while (!stopping_) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, poll_ms) <= 0) continue;
    if (::recv(fd, sink.data(), sink.size(), 0) <= 0) break;
  }
  --holding_;
}

// GET /files/<name>: an attachment's bytes; false for any other request.
bool fake_builderbot::serve_file(int fd, fake_send& s) {
  if (s.method != "GET" || s.target.rfind("/files/", 0) != 0) return false;
  fake_answer answer = fake_answer::ok();
  std::optional<std::pair<std::string, std::string>> file;
  {
    std::lock_guard<std::mutex> lock{mutex_};
    s.nth = ++seen_[s.target];
    if (script_) answer = script_(s);
    received_.push_back(s);
    if (auto it = files_.find(s.target.substr(7)); it != files_.end()) file = it->second;
  }
  if (answer.what == fake_answer::kind::hold) {
    hold(fd);
    return true;
  }
  int status = file ? answer.status : 404;
  bool ok = status >= 200 && status < 300;
  std::string type = ok ? file->first : "text/plain";
  std::string body = ok ? file->second : "not found";
  send_all(fd, "HTTP/1.1 " + std::to_string(status) + " " + reason(status) +
                   "\r\nContent-Type: " + type + "\r\nConnection: close\r\nContent-Length: " +
                   std::to_string(body.size()) + "\r\n\r\n" + body);
  return true;
}

void fake_builderbot::serve(int fd) {
  fake_send s;
  if (!read_request(fd, s)) return;
  s.at = std::chrono::steady_clock::now();
  if (serve_file(fd, s)) return;
  check(s);
  fake_answer answer = fake_answer::http(400);
  int id = 0;
  {
    std::lock_guard<std::mutex> lock{mutex_};
    s.nth = ++seen_[s.content];
    if (s.problem.empty()) answer = script_ ? script_(s) : fake_answer::ok();
    id = next_id_++;
    received_.push_back(s);
  }
  if (answer.what == fake_answer::kind::reset) {
    linger l{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
    return;  // close() now sends a RST
  }
  if (answer.what == fake_answer::kind::hold) {
    // No answer: wait until the client gives up or goes away (or the fake stops).
    ++holding_;
    std::array<char, 256> sink;
    while (!stopping_) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, poll_ms) <= 0) continue;
      if (::recv(fd, sink.data(), sink.size(), 0) <= 0) break;
    }
    --holding_;
    return;
  }
  auto until = std::chrono::steady_clock::now() + answer.delay;
  while (!stopping_ && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::string body = answer.body;
  bool ok = answer.status >= 200 && answer.status < 300;
  if (body.empty()) {
    body = ok ? R"({"id":"bb-)" + std::to_string(id) + R"("})" : R"({"error":"injected"})";
  }
  std::string wire = "HTTP/1.1 " + std::to_string(answer.status) + " " + reason(answer.status) +
                     "\r\nContent-Type: application/json\r\nConnection: close\r\n";
  for (const auto& [name, value] : answer.headers) wire += name + ": " + value + "\r\n";
  wire += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  // A client that timed out has closed its end: what is written then was not delivered.
  pollfd p{fd, POLLIN, 0};
  bool peer_gone = ::poll(&p, 1, 0) == 1;
  if (!peer_gone && send_all(fd, wire) && ok) {
    std::lock_guard<std::mutex> lock{mutex_};
    ++delivered_[s.content];
  }
}

}  // namespace centralita::testkit
