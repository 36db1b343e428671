#include "tests/support/fake_openai.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <regex>
#include <stdexcept>

namespace centralita::testkit {

namespace {

constexpr int poll_ms = 50;
constexpr auto read_deadline = std::chrono::seconds(10);
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

// Reads one request (head and Content-Length body) from a blocking socket, polling so that
// stopping the fake ends the wait.
bool read_request(int fd, const std::atomic<bool>& stopping, openai_request& out) {
  std::string data;
  auto until = std::chrono::steady_clock::now() + read_deadline;
  std::array<char, 8192> chunk;
  for (;;) {
    auto head_end = data.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      std::string head = data.substr(0, head_end);
      auto line_end = head.find("\r\n");
      std::string line = head.substr(0, line_end);
      auto sp1 = line.find(' ');
      auto sp2 = line.rfind(' ');
      out.method = line.substr(0, sp1);
      out.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
      size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
      while (pos < head.size()) {
        auto end = std::min(head.find("\r\n", pos), head.size());
        auto h = head.substr(pos, end - pos);
        if (auto colon = h.find(':'); colon != std::string::npos) {
          out.headers[lower(trim(h.substr(0, colon)))] = trim(h.substr(colon + 1));
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

std::string error_body(const std::string& message, const std::string& type) {
  rapidjson::StringBuffer buf;
  writer w{buf};
  w.StartObject();
  w.Key("error");
  w.StartObject();
  w.Key("message");
  w.String(message.c_str());
  w.Key("type");
  w.String(type.c_str());
  w.Key("param");
  w.Null();
  w.Key("code");
  w.Null();
  w.EndObject();
  w.EndObject();
  return buf.GetString();
}

void check_chat(const rapidjson::Document& d, openai_request& r) {
  auto fail = [&](const std::string& why) {
    if (r.problem.empty()) r.problem = why;
  };
  if (!d.HasMember("messages") || !d["messages"].IsArray() || d["messages"].Empty()) {
    return fail("messages");
  }
  std::string all_text;
  for (const auto& m : d["messages"].GetArray()) {
    if (!m.IsObject() || !m.HasMember("role") || !m["role"].IsString() || !m.HasMember("content") ||
        !m["content"].IsString()) {
      return fail("a message without role or content");
    }
    std::string role = m["role"].GetString();
    if (role != "system" && role != "user" && role != "assistant" && role != "tool") {
      return fail("role " + role);
    }
    std::string content = m["content"].GetString();
    all_text += lower(content);
    if (role == "system") r.system = content;
    if (role == "user") r.user = content;
  }
  if (!d.HasMember("response_format")) return;
  const auto& f = d["response_format"];
  if (!f.IsObject() || !f.HasMember("type") || !f["type"].IsString()) {
    return fail("response_format");
  }
  std::string type = f["type"].GetString();
  if (type == "json_object") {
    r.schema = type;
  } else if (type == "json_schema") {
    if (!f.HasMember("json_schema") || !f["json_schema"].IsObject()) return fail("json_schema");
    const auto& s = f["json_schema"];
    if (!s.HasMember("name") || !s["name"].IsString() ||
        !std::regex_match(std::string{s["name"].GetString()}, std::regex{"[a-zA-Z0-9_-]{1,64}"})) {
      return fail("json_schema.name");
    }
    if (!s.HasMember("schema") || !s["schema"].IsObject()) return fail("json_schema.schema");
    r.schema = s["name"].GetString();
  } else {
    return fail("response_format.type " + type);
  }
  // The API's own rule: JSON mode must be asked for in a message.
  if (all_text.find("json") == std::string::npos) {
    fail("'messages' must contain the word 'json' in some form");
  }
}

void check_embeddings(const rapidjson::Document& d, openai_request& r) {
  auto fail = [&](const std::string& why) {
    if (r.problem.empty()) r.problem = why;
  };
  if (!d.HasMember("input")) return fail("input");
  const auto& in = d["input"];
  if (in.IsString()) {
    r.inputs.emplace_back(in.GetString());
  } else if (in.IsArray() && !in.Empty()) {
    for (const auto& t : in.GetArray()) {
      if (!t.IsString()) return fail("input item");
      r.inputs.emplace_back(t.GetString());
    }
  } else {
    return fail("input");
  }
  for (const auto& t : r.inputs) {
    if (t.empty()) fail("empty input");
  }
  if (d.HasMember("encoding_format") &&
      (!d["encoding_format"].IsString() ||
       std::string{d["encoding_format"].GetString()} != "float")) {
    fail("encoding_format");
  }
}

}  // namespace

fake_openai::fake_openai(std::string api_key, int dimension)
    : api_key_(std::move(api_key)), dimension_(dimension) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(listen_fd_, 128) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error("fake openai: cannot listen");
  }
  socklen_t len = sizeof(addr);
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

fake_openai::~fake_openai() {
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

std::string fake_openai::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/v1";
}

std::vector<std::pair<std::string, std::string>> fake_openai::environment() const {
  return {{"OPENAI_API_KEY", api_key_}, {"OPENAI_BASE_URL", base_url()}};
}

void fake_openai::set_script(openai_script script) {
  std::lock_guard<std::mutex> lock{mutex_};
  script_ = std::move(script);
}

std::vector<openai_request> fake_openai::received() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return received_;
}

std::vector<float> fake_openai::vector_of(const std::string& text) const {
  std::vector<float> v(static_cast<size_t>(dimension_), 0.0f);
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    v[std::hash<std::string>{}(word) % v.size()] += 1.0f;
    word.clear();
  };
  for (char c : lower(text)) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
  v[0] += 0.01f;  // never the zero vector
  return v;
}

void fake_openai::accept_loop() {
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

void fake_openai::check(openai_request& r) const {
  auto fail = [&](const std::string& why) {
    if (r.problem.empty()) r.problem = why;
  };
  if (r.target == "/v1/chat/completions") r.endpoint = "chat";
  if (r.target == "/v1/embeddings") r.endpoint = "embeddings";
  if (r.method != "POST") fail("method " + r.method);
  if (r.endpoint.empty()) fail("path " + r.target);
  if (r.headers["content-type"].rfind("application/json", 0) != 0) fail("content-type");
  rapidjson::Document d;
  d.Parse(r.body.c_str(), r.body.size());
  if (d.HasParseError() || !d.IsObject()) return fail("body is not a JSON object");
  if (!d.HasMember("model") || !d["model"].IsString() || d["model"].GetStringLength() == 0) {
    return fail("model");
  }
  r.model = d["model"].GetString();
  if (r.endpoint == "chat") check_chat(d, r);
  if (r.endpoint == "embeddings") check_embeddings(d, r);
}

std::string fake_openai::answer_body(const openai_request& r, const openai_answer& a) const {
  rapidjson::StringBuffer buf;
  writer w{buf};
  w.StartObject();
  if (a.what == openai_answer::kind::embeddings) {
    w.Key("object");
    w.String("list");
    w.Key("data");
    w.StartArray();
    // Last index first: clients must order by `index`, not by position.
    for (size_t i = r.inputs.size(); i-- > 0;) {
      w.StartObject();
      w.Key("object");
      w.String("embedding");
      w.Key("index");
      w.Uint(static_cast<unsigned>(i));
      w.Key("embedding");
      w.StartArray();
      for (float x : vector_of(r.inputs[i])) w.Double(x);
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
  } else {
    w.Key("id");
    w.String("chatcmpl-fake");
    w.Key("object");
    w.String("chat.completion");
    w.Key("created");
    w.Int64(1700000000);
    w.Key("choices");
    w.StartArray();
    w.StartObject();
    w.Key("index");
    w.Int(0);
    w.Key("message");
    w.StartObject();
    w.Key("role");
    w.String("assistant");
    w.Key("content");
    w.String(a.content.c_str(), static_cast<rapidjson::SizeType>(a.content.size()));
    w.Key("refusal");
    w.Null();
    w.EndObject();
    w.Key("finish_reason");
    w.String(a.finish_reason.c_str());
    w.EndObject();
    w.EndArray();
  }
  w.Key("model");
  w.String(r.model.c_str());
  w.Key("usage");
  w.StartObject();
  w.Key("prompt_tokens");
  w.Int(10);
  w.Key("total_tokens");
  w.Int(20);
  w.EndObject();
  w.EndObject();
  return buf.GetString();
}

void fake_openai::serve(int fd) {
  openai_request r;
  if (!read_request(fd, stopping_, r)) return;
  openai_answer a = openai_answer::http(400);
  if (r.headers["authorization"] != "Bearer " + api_key_) {
    a = openai_answer::http(401);
    a.body = error_body(
        "Incorrect API key provided: " + r.headers["authorization"].substr(0, 12) + "***",
        "invalid_request_error");
  } else {
    check(r);
    if (!r.problem.empty()) {
      a.body = error_body(r.problem, "invalid_request_error");
    }
  }
  {
    std::lock_guard<std::mutex> lock{mutex_};
    if (r.problem.empty() && a.status != 401) {
      if (script_) {
        a = script_(r);
      } else {
        a = r.endpoint == "embeddings" ? openai_answer::embeddings() : openai_answer::chat("{}");
      }
    }
    received_.push_back(r);
  }
  auto until = std::chrono::steady_clock::now() + a.delay;
  while (!stopping_ && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  int status = a.what == openai_answer::kind::http ? a.status : 200;
  std::string body = a.body;
  if (a.what != openai_answer::kind::http) {
    body = answer_body(r, a);
  } else if (body.empty()) {
    body = error_body("injected failure", status == 429 ? "rate_limit_exceeded" : "server_error");
  }
  std::string wire = "HTTP/1.1 " + std::to_string(status) +
                     " Fake\r\nContent-Type: application/json\r\nConnection: close\r\n";
  for (const auto& [name, value] : a.headers) wire += name + ": " + value + "\r\n";
  wire += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  send_all(fd, wire);
}

}  // namespace centralita::testkit
