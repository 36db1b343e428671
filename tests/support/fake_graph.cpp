#include "tests/support/fake_graph.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <rapidjson/document.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
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

// Reads one request (head and Content-Length body); false when the peer or the deadline ends it.
bool read_request(int fd, fake_send& out, const std::atomic<bool>& stopping) {
  std::string data;
  auto until = std::chrono::steady_clock::now() + read_deadline;
  std::array<char, 8192> chunk;
  for (;;) {
    auto head_end = data.find("\r\n\r\n");
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
      size_t length =
          std::stoul(out.headers.count("content-length") != 0 ? out.headers["content-length"]
                                                              : std::string{"0"});
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

bool send_all(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

std::string string_at(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject() || !obj.HasMember(key) || !obj[key].IsString()) return {};
  return obj[key].GetString();
}

}  // namespace

fake_graph::fake_graph(std::string access_token, std::string phone_number_id, std::string version)
    : token_(std::move(access_token)),
      phone_number_id_(std::move(phone_number_id)),
      version_(std::move(version)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(listen_fd_, 128) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error("fake graph: cannot listen");
  }
  socklen_t len = sizeof(addr);
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

fake_graph::~fake_graph() {
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

std::string fake_graph::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::vector<std::pair<std::string, std::string>> fake_graph::environment() const {
  return {{"WHATSAPP_CLOUD_API_URL", url()},
          {"WHATSAPP_CLOUD_API_VERSION", version_},
          {"WHATSAPP_CLOUD_ACCESS_TOKEN", token_},
          {"WHATSAPP_CLOUD_PHONE_NUMBER_ID", phone_number_id_}};
}

void fake_graph::set_script(fake_script script) {
  std::lock_guard<std::mutex> lock{mutex_};
  script_ = std::move(script);
}

std::vector<fake_send> fake_graph::received() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return received_;
}

void fake_graph::set_templates(std::string business_account_id, std::string templates_json) {
  std::lock_guard<std::mutex> lock{mutex_};
  waba_id_ = std::move(business_account_id);
  templates_json_ = std::move(templates_json);
}

std::pair<int, std::string> fake_graph::templates_answer(const fake_send& s) const {
  const std::string path = "/" + version_ + "/" + waba_id_ + "/message_templates";
  if (s.method != "GET" || s.target.rfind(path, 0) != 0) return {0, {}};
  auto auth = s.headers.find("authorization");
  if (auth == s.headers.end() || auth->second != "Bearer " + token_) {
    return {401, R"({"error":{"message":"Invalid OAuth access token","code":190}})"};
  }
  return {200, R"({"data":)" + templates_json_ + R"(,"paging":{"cursors":{}}})"};
}

std::map<std::string, std::string> fake_graph::wamids() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return wamids_;
}

void fake_graph::accept_loop() {
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

void fake_graph::check(fake_send& s) const {
  auto fail = [&](const std::string& why) {
    if (s.problem.empty()) s.problem = why;
  };
  if (s.method != "POST") fail("method " + s.method);
  if (s.target != "/" + version_ + "/" + phone_number_id_ + "/messages") fail("path " + s.target);
  if (s.headers["authorization"] != "Bearer " + token_) fail("authorization header");
  if (s.headers["content-type"].rfind("application/json", 0) != 0) fail("content-type");
  rapidjson::Document d;
  d.Parse(s.body.c_str(), s.body.size());
  if (d.HasParseError() || !d.IsObject()) return fail("body is not a JSON object");
  if (string_at(d, "messaging_product") != "whatsapp") fail("messaging_product");
  if (string_at(d, "recipient_type") != "individual") fail("recipient_type");
  s.number = string_at(d, "to");
  if (s.number.empty() || s.number.find_first_not_of("0123456789") != std::string::npos) {
    fail("to is not digits only");
  }
  auto type = string_at(d, "type");
  if (type.empty() || !d.HasMember(type.c_str()) || !d[type.c_str()].IsObject()) {
    return fail("type and its object");
  }
  const auto& body = d[type.c_str()];
  if (type == "template") {
    const auto name = string_at(body, "name");
    const auto language =
        body.HasMember("language") ? string_at(body["language"], "code") : std::string{};
    if (name.empty() || language.empty()) return fail("template.name and template.language.code");
    s.content = "template:" + name + ":" + language + ":";
    if (!body.HasMember("components")) return;
    if (!body["components"].IsArray()) return fail("template.components");
    for (const auto& c : body["components"].GetArray()) {
      if (string_at(c, "type") != "body" || !c.HasMember("parameters") ||
          !c["parameters"].IsArray()) {
        return fail("template component");
      }
      bool first = true;
      for (const auto& p : c["parameters"].GetArray()) {
        if (string_at(p, "type") != "text") return fail("template parameter type");
        s.content += (first ? "" : "|") + string_at(p, "text");
        first = false;
      }
    }
    return;
  }
  if (type == "text") {
    if (!body.HasMember("body") || !body["body"].IsString()) return fail("text.body");
    if (!body.HasMember("preview_url") || !body["preview_url"].IsBool()) fail("text.preview_url");
    s.content = body["body"].GetString();
    return;
  }
  s.media_url = string_at(body, "link");
  if (s.media_url->empty()) {
    auto id = string_at(body, "id");
    if (id.empty()) fail(type + ".link or " + type + ".id");
    s.media_url = "id:" + id;
  }
  s.content = string_at(body, "caption");
}

void fake_graph::add_media(fake_media media) {
  std::lock_guard<std::mutex> lock{mutex_};
  auto id = media.id;
  media_[id] = std::move(media);
}

std::vector<fake_media> fake_graph::uploads() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return uploads_;
}

// GET /{version}/{id}: the media's URL and type; GET /files/{id}: its bytes. False when the
// request is neither (then it is a send, checked as such).
bool fake_graph::serve_media(int fd, fake_send& s) {
  if (s.method != "GET") return false;
  const std::string lookup = "/" + version_ + "/", files = "/files/";
  const bool is_file = s.target.rfind(files, 0) == 0;
  if (!is_file && s.target.rfind(lookup, 0) != 0) return false;
  std::string id = s.target.substr(is_file ? files.size() : lookup.size());
  fake_answer answer = fake_answer::ok();
  fake_media media;
  bool known = false;
  {
    std::lock_guard<std::mutex> lock{mutex_};
    s.nth = ++seen_[s.target];
    if (script_) answer = script_(s);
    received_.push_back(s);
    if (auto it = media_.find(id); it != media_.end()) {
      media = it->second;
      known = true;
    }
  }
  if (answer.what == fake_answer::kind::hold) {
    std::array<char, 256> sink;
    while (!stopping_) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, poll_ms) <= 0) continue;
      if (::recv(fd, sink.data(), sink.size(), 0) <= 0) break;
    }
    return true;
  }
  std::string type = "application/json", body;
  int status = answer.status;
  if (s.headers["authorization"] != "Bearer " + token_) {
    status = 401;
    body = R"({"error":{"message":"Invalid OAuth access token","code":190}})";
  } else if (!known) {
    status = 404;
    body = R"({"error":{"message":"Unsupported get request","code":100}})";
  } else if (status >= 200 && status < 300 && is_file) {
    type = media.mime;
    body = media.bytes;
  } else if (status >= 200 && status < 300) {
    body = R"({"messaging_product":"whatsapp","url":")" + url() + files + id +
           R"(","mime_type":")" + media.mime + R"(","sha256":"x","file_size":)" +
           std::to_string(media.bytes.size()) + R"(,"id":")" + id + R"("})";
  } else {
    body = R"({"error":{"message":"injected","code":1}})";
  }
  send_all(fd, "HTTP/1.1 " + std::to_string(status) + " Status\r\nContent-Type: " + type +
                   "\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) +
                   "\r\n\r\n" + body);
  return true;
}

// POST /{version}/{phone number id}/media, multipart/form-data: messaging_product, type, file.
void fake_graph::serve_upload(int fd, fake_send& s) {
  auto field = [&](const std::string& name) -> std::string {
    auto at = s.body.find("name=\"" + name + "\"");
    if (at == std::string::npos) return {};
    auto start = s.body.find("\r\n\r\n", at);
    auto boundary_at = s.body.find("\r\n--", start + 4);
    if (start == std::string::npos || boundary_at == std::string::npos) return {};
    return s.body.substr(start + 4, boundary_at - start - 4);
  };
  fake_media up;
  up.mime = field("type");
  up.bytes = field("file");
  auto fn = s.body.find("filename=\"");
  if (fn != std::string::npos)
    up.filename = s.body.substr(fn + 10, s.body.find('"', fn + 10) - fn - 10);
  bool ok = s.headers["authorization"] == "Bearer " + token_ &&
            s.headers["content-type"].rfind("multipart/form-data; boundary=", 0) == 0 &&
            field("messaging_product") == "whatsapp" && !up.mime.empty() && !up.bytes.empty();
  fake_answer answer = fake_answer::http(400);
  {
    std::lock_guard<std::mutex> lock{mutex_};
    s.nth = ++seen_[s.target];
    if (ok) answer = script_ ? script_(s) : fake_answer::ok();
    received_.push_back(s);
    if (ok && answer.status >= 200 && answer.status < 300) {
      up.id = "UP" + std::to_string(next_id_++);
      uploads_.push_back(up);
    }
  }
  std::string body = !up.id.empty() ? R"({"id":")" + up.id + R"("})"
                                    : R"({"error":{"message":"bad upload","code":100}})";
  send_all(fd, "HTTP/1.1 " + std::to_string(up.id.empty() ? (ok ? answer.status : 400) : 200) +
                   " Status\r\nContent-Type: application/json\r\nConnection: close\r\n"
                   "Content-Length: " +
                   std::to_string(body.size()) + "\r\n\r\n" + body);
}

void fake_graph::serve(int fd) {
  fake_send s;
  if (!read_request(fd, s, stopping_)) return;
  s.at = std::chrono::steady_clock::now();
  std::pair<int, std::string> listed;
  {
    std::lock_guard<std::mutex> lock{mutex_};
    listed = templates_answer(s);
  }
  if (listed.first != 0) {
    send_all(fd, "HTTP/1.1 " + std::to_string(listed.first) +
                     " Status\r\nContent-Type: application/json\r\nConnection: close\r\n"
                     "Content-Length: " +
                     std::to_string(listed.second.size()) + "\r\n\r\n" + listed.second);
    return;
  }
  // After the template list, whose path a media look-up (GET /{version}/{id}) would also take.
  if (serve_media(fd, s)) return;
  if (s.method == "POST" && s.target == "/" + version_ + "/" + phone_number_id_ + "/media") {
    return serve_upload(fd, s);
  }
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
  bool ok = answer.status >= 200 && answer.status < 300;
  std::string wamid = "wamid.OUT" + std::to_string(id);
  std::string body = answer.body;
  if (body.empty()) {
    body = ok ? R"({"messaging_product":"whatsapp","contacts":[{"input":")" + s.number +
                    R"(","wa_id":")" + s.number + R"("}],"messages":[{"id":")" + wamid + R"("}]})"
              : R"({"error":{"message":"(#131000) Something went wrong","type":"OAuthException",)"
                R"("code":131000,"fbtrace_id":"fake"}})";
  }
  std::string wire = "HTTP/1.1 " + std::to_string(answer.status) +
                     " Status\r\nContent-Type: application/json\r\nConnection: close\r\n";
  for (const auto& [name, value] : answer.headers) wire += name + ": " + value + "\r\n";
  wire += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  if (send_all(fd, wire) && ok) {
    std::lock_guard<std::mutex> lock{mutex_};
    wamids_[s.content] = wamid;
  }
}

}  // namespace centralita::testkit
