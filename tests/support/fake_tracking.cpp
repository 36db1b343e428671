#include "tests/support/fake_tracking.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <stdexcept>

namespace centralita::testkit {

namespace {

constexpr int poll_ms = 50;
using writer = rapidjson::Writer<rapidjson::StringBuffer>;

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

bool read_request(int fd, fake_tracking_request& out, const std::atomic<bool>& stopping) {
  std::string data;
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::array<char, 8192> chunk{};
  for (;;) {
    auto head_end = data.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      std::string head = data.substr(0, head_end);
      auto line_end = head.find("\r\n");
      auto request_line = head.substr(0, line_end);
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
      size_t length =
          out.headers.count("content-length") ? std::stoul(out.headers["content-length"]) : 0;
      if (data.size() >= head_end + 4 + length) {
        out.body = data.substr(head_end + 4, length);
        return true;
      }
    }
    if (stopping || std::chrono::steady_clock::now() > until) return false;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, poll_ms) <= 0) continue;
    ssize_t n = ::recv(fd, chunk.data(), chunk.size(), 0);
    if (n <= 0) return false;
    data.append(chunk.data(), static_cast<size_t>(n));
  }
}

void str(writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void aftership_tracking_json(writer& w, const std::string& number, const fake_tracking_state& t) {
  w.StartObject();
  str(w, "id", t.id);
  str(w, "tracking_number", number);
  str(w, "slug", "dhl");
  str(w, "tag", t.status);
  str(w, "subtag", t.status + "_001");
  w.Key("checkpoints");
  w.StartArray();
  for (const auto& c : t.checkpoints) {
    w.StartObject();
    str(w, "checkpoint_time", c[0]);
    str(w, "tag", c[1]);
    str(w, "location", c[2]);
    str(w, "message", c[3]);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

std::string aftership_envelope(int code, const std::string& data_json) {
  return R"({"meta":{"code":)" + std::to_string(code) + R"(,"message":"","type":""},"data":)" +
         data_json + "}";
}

}  // namespace

fake_tracking_api::fake_tracking_api(fake_vendor vendor, std::string api_key)
    : vendor_(vendor), api_key_(std::move(api_key)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(listen_fd_, 64) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error("fake tracking api: cannot listen");
  }
  socklen_t len = sizeof(addr);
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

fake_tracking_api::~fake_tracking_api() {
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

std::string fake_tracking_api::url() const {
  return "http://127.0.0.1:" + std::to_string(port_) +
         (vendor_ == fake_vendor::seventeentrack ? "/track/v2.2" : "");
}

void fake_tracking_api::set(const std::string& number, fake_tracking_state state) {
  std::lock_guard<std::mutex> lock{mutex_};
  if (state.id.empty()) state.id = "as-" + number;
  trackings_[number] = std::move(state);
}

std::vector<fake_tracking_request> fake_tracking_api::received() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return received_;
}

std::vector<std::string> fake_tracking_api::created() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return created_;
}

void fake_tracking_api::accept_loop() {
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

void fake_tracking_api::serve(int fd) {
  fake_tracking_request r;
  if (!read_request(fd, r, stopping_)) return;
  std::pair<int, std::string> out;
  {
    std::lock_guard<std::mutex> lock{mutex_};
    out = answer(r);
    r.status = out.first;
    received_.push_back(r);
  }
  std::string wire = "HTTP/1.1 " + std::to_string(out.first) +
                     " Status\r\nContent-Type: application/json\r\nConnection: close\r\n"
                     "Content-Length: " +
                     std::to_string(out.second.size()) + "\r\n\r\n" + out.second;
  size_t sent = 0;
  while (sent < wire.size()) {
    ssize_t n = ::send(fd, wire.data() + sent, wire.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<size_t>(n);
  }
}

std::pair<int, std::string> fake_tracking_api::answer(const fake_tracking_request& r) {
  return vendor_ == fake_vendor::aftership ? aftership(r) : seventeentrack(r);
}

std::pair<int, std::string> fake_tracking_api::aftership(const fake_tracking_request& r) {
  auto header = r.headers.find("as-api-key");
  if (header == r.headers.end() || header->second != api_key_) {
    return {401, aftership_envelope(401, "{}")};
  }
  const std::string base = "/tracking/2025-01/trackings";
  rapidjson::StringBuffer buf;
  writer w{buf};
  if (r.method == "POST" && r.target == base) {
    rapidjson::Document d;
    d.Parse(r.body.c_str());
    if (d.HasParseError() || !d.IsObject() || !d.HasMember("tracking_number") ||
        !d["tracking_number"].IsString()) {
      return {400, aftership_envelope(400, "{}")};
    }
    std::string number = d["tracking_number"].GetString();
    // AfterShip refuses a number no courier's pattern matches (meta code 4012).
    if (number.rfind("NOCOURIER", 0) == 0) return {400, aftership_envelope(4012, "{}")};
    created_.push_back(number);
    auto& t = trackings_[number];
    if (t.id.empty()) t = {"as-" + number, "Pending", {}};
    aftership_tracking_json(w, number, t);
    return {201, aftership_envelope(201, buf.GetString())};
  }
  if (r.method == "GET" && r.target.rfind(base + "?tracking_numbers=", 0) == 0) {
    auto number = r.target.substr(base.size() + 18);
    w.StartObject();
    w.Key("trackings");
    w.StartArray();
    if (auto it = trackings_.find(number); it != trackings_.end()) {
      aftership_tracking_json(w, number, it->second);
    }
    w.EndArray();
    w.EndObject();
    return {200, aftership_envelope(200, buf.GetString())};
  }
  if (r.method == "GET" && r.target.rfind(base + "/", 0) == 0) {
    auto id = r.target.substr(base.size() + 1);
    for (const auto& [number, t] : trackings_) {
      if (t.id != id) continue;
      aftership_tracking_json(w, number, t);
      return {200, aftership_envelope(200, buf.GetString())};
    }
    return {404, aftership_envelope(4004, "{}")};
  }
  return {404, aftership_envelope(404, "{}")};
}

std::pair<int, std::string> fake_tracking_api::seventeentrack(const fake_tracking_request& r) {
  auto header = r.headers.find("17token");
  if (header == r.headers.end() || header->second != api_key_) {
    return {401, R"({"code":-18010002,"data":{"errors":[{"code":-18010002}]}})"};
  }
  rapidjson::Document d;
  d.Parse(r.body.c_str());
  if (r.method != "POST" || d.HasParseError() || !d.IsArray() || d.Empty() || !d[0].IsObject() ||
      !d[0].HasMember("number") || !d[0]["number"].IsString()) {
    return {400, R"({"code":-18010001,"data":{}})"};
  }
  std::string number = d[0]["number"].GetString();
  rapidjson::StringBuffer buf;
  writer w{buf};
  w.StartObject();
  w.Key("code");
  w.Int(0);
  w.Key("data");
  w.StartObject();
  auto it = trackings_.find(number);
  const bool registering = r.target == "/track/v2.2/register";
  if (!registering && r.target != "/track/v2.2/gettrackinfo") return {404, "{}"};
  if (registering) {
    created_.push_back(number);
    if (it == trackings_.end())
      it = trackings_.emplace(number, fake_tracking_state{number, "NotFound", {}}).first;
  }
  w.Key("accepted");
  w.StartArray();
  if (it != trackings_.end()) {
    w.StartObject();
    str(w, "number", number);
    w.Key("carrier");
    w.Int(3011);
    if (!registering) {
      const auto& t = it->second;
      w.Key("track_info");
      w.StartObject();
      w.Key("latest_status");
      w.StartObject();
      str(w, "status", t.status);
      w.EndObject();
      if (!t.checkpoints.empty()) {
        const auto& last = t.checkpoints.back();
        w.Key("latest_event");
        w.StartObject();
        str(w, "time_utc", last[0]);
        str(w, "description", last[3]);
        str(w, "location", last[2]);
        w.EndObject();
      }
      w.Key("tracking");
      w.StartObject();
      w.Key("providers");
      w.StartArray();
      w.StartObject();
      w.Key("events");
      w.StartArray();
      for (auto c = t.checkpoints.rbegin(); c != t.checkpoints.rend(); ++c) {
        w.StartObject();
        str(w, "time_utc", (*c)[0]);
        str(w, "sub_status", (*c)[1] + "_Other");
        str(w, "location", (*c)[2]);
        str(w, "description", (*c)[3]);
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
      w.EndArray();
      w.EndObject();
      w.EndObject();
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("rejected");
  w.StartArray();
  if (it == trackings_.end()) {
    w.StartObject();
    str(w, "number", number);
    w.Key("error");
    w.StartObject();
    w.Key("code");
    w.Int(-18019902);
    str(w, "message", "The tracking number does not register, please register first.");
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndObject();
  return {200, buf.GetString()};
}

}  // namespace centralita::testkit
