// `centralita-bench ws`: the sockets are WebSocket clients spread over a few io threads
// (each thread its own io_context, so a socket's state is only touched by its thread); the
// webhooks go out from a few sender threads on a fixed schedule. A webhook's body carries a
// marker with its index, which the frame's `text` repeats; the send time of each index is
// shared, so each socket computes its own delivery latency when the frame arrives (after the
// warm-up: the schedule's first --warmup seconds are checked but not timed).
#include "bench/ws_bench.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench/http_target.hpp"
#include "bench/stats.hpp"
#include "common/fd_limit.hpp"
#include "common/live_batch.hpp"
#include "tests/support/http_client.hpp"

namespace centralita::bench {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using steady = std::chrono::steady_clock;

/// Latency histogram: 10 µs buckets up to 20 s (the last bucket takes everything slower).
constexpr int64_t bucket_ns = 10'000;
constexpr size_t bucket_count = 2'000'000;

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(steady::now().time_since_epoch())
      .count();
}

/// What the sender threads and every socket share.
struct run_state {
  std::string marker;  ///< "wsb-<run id>-", followed in each body by the event's index
  int events = 0;
  int senders = 1;
  int timed_from = 0;  ///< the first index whose delivery is timed (the rest is warm-up)
  std::unique_ptr<std::atomic<int64_t>[]> sent_ns;  ///< when each index was sent; 0: not yet
  std::vector<uint8_t> accepted;                    ///< per index, written by its sender
  std::atomic<int64_t> delivered{0}, duplicates{0}, out_of_order{0}, closed{0};
};

class ws_conn;

/// One io thread: its sockets, its histogram, and the opening of its share of sockets.
struct io_worker {
  asio::io_context io{1};
  tcp::endpoint endpoint;
  std::string host;
  std::string target;
  std::vector<uint32_t> histogram = std::vector<uint32_t>(bucket_count, 0);
  std::vector<std::shared_ptr<ws_conn>> conns;
  size_t next_to_open = 0;
  std::atomic<int> connected{0}, failed{0};

  void open_next();
};

/// At most this many handshakes in flight per thread: thousands at once overflow the server's
/// listen backlog, and a refused SYN waits a second before it is retried.
constexpr size_t handshake_window = 32;

/// A dashboard socket. Beast's WebSocket stream validates and copies every message; at
/// millions of frames a second that would be the bench's own bottleneck, so the socket does
/// the upgrade by hand and reads the server's frames (never masked) straight off its buffer.
class ws_conn : public std::enable_shared_from_this<ws_conn> {
 public:
  ws_conn(io_worker& worker, run_state& run)
      : stream_(worker.io),
        worker_(worker),
        run_(run),
        seen_((static_cast<size_t>(run.events) + 63) / 64, 0),
        last_index_(static_cast<size_t>(run.senders), -1) {}

  void start() {
    stream_.expires_after(std::chrono::seconds(30));
    stream_.async_connect(worker_.endpoint,
                          beast::bind_front_handler(&ws_conn::on_connect, shared_from_this()));
  }

  bool connected() const { return connected_; }
  bool saw(int index) const { return (seen_[index / 64] >> (index % 64)) & 1U; }

 private:
  void on_connect(beast::error_code ec) {
    if (ec) return on_failed();
    request_ = "GET " + worker_.target + " HTTP/1.1\r\nHost: " + worker_.host +
               "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: Y2VudHJhbGl0YWJlbmNoIQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    asio::async_write(stream_, asio::buffer(request_),
                      beast::bind_front_handler(&ws_conn::on_request, shared_from_this()));
  }

  void on_request(beast::error_code ec, size_t) {
    if (ec) return on_failed();
    asio::async_read_until(stream_.socket(), asio::dynamic_buffer(head_), "\r\n\r\n",
                           beast::bind_front_handler(&ws_conn::on_upgrade, shared_from_this()));
  }

  void on_upgrade(beast::error_code ec, size_t n) {
    if (ec) return on_failed();
    if (head_.compare(0, 12, "HTTP/1.1 101") != 0) return on_failed();
    // Bytes read past the answer are frames already.
    auto rest = head_.size() - n;
    asio::buffer_copy(buffer_.prepare(rest), asio::buffer(head_.data() + n, rest));
    buffer_.commit(rest);
    head_.clear();
    stream_.expires_never();
    connected_ = true;
    open_ = true;
    ++worker_.connected;
    worker_.open_next();
    on_read({}, 0);
  }

  void on_failed() {
    ++worker_.failed;
    worker_.open_next();
  }

  void do_read() {
    stream_.socket().async_read_some(
        buffer_.prepare(64 * 1024),
        beast::bind_front_handler(&ws_conn::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, size_t n) {
    if (ec) return on_closed();
    buffer_.commit(n);
    for (;;) {
      const auto* p = static_cast<const uint8_t*>(buffer_.cdata().data());
      const size_t size = buffer_.size();
      auto h = read_ws_frame_header(p, size);
      if (!h || size < h->header_size + h->payload_size) break;
      const std::string_view payload{reinterpret_cast<const char*>(p + h->header_size),
                                     static_cast<size_t>(h->payload_size)};
      if (h->opcode == 1) {
        on_frame(payload);
      } else if (h->opcode == 9) {
        send_pong(payload);
      } else if (h->opcode == 8) {
        return on_closed();
      }
      buffer_.consume(h->header_size + payload.size());
    }
    do_read();
  }

  void on_closed() {
    if (open_) ++run_.closed;
    open_ = false;
  }

  // A client's frame is masked; a zero mask leaves the payload as it is.
  void send_pong(std::string_view payload) {
    if (writing_) return;  // a pong is already on its way; the server only needs one
    writing_ = true;
    pong_ = {static_cast<char>(0x8A), static_cast<char>(0x80 | payload.size()), 0, 0, 0, 0};
    pong_.append(payload);
    asio::async_write(
        stream_, asio::buffer(pong_),
        [self = shared_from_this()](beast::error_code, size_t) { self->writing_ = false; });
  }

  // `{"seq":N,"type":"message.created","data":{... "text":"... wsb-<run>-<index> ..."}}`
  void on_frame(std::string_view frame) {
    constexpr std::string_view seq_prefix = "{\"seq\":";
    constexpr std::string_view created = ",\"type\":\"message.created\"";
    if (frame.substr(0, seq_prefix.size()) != seq_prefix) return;
    int64_t seq = 0;
    size_t i = seq_prefix.size();
    for (; i < frame.size() && frame[i] >= '0' && frame[i] <= '9'; ++i)
      seq = seq * 10 + (frame[i] - '0');
    if (seq <= last_seq_) ++run_.out_of_order;
    last_seq_ = std::max(last_seq_, seq);
    if (frame.substr(i, created.size()) != created) return;
    auto at = frame.find(run_.marker, i + created.size());
    if (at == std::string_view::npos) return;
    const int64_t received = now_ns();
    int64_t index = 0;
    for (size_t k = at + run_.marker.size(); k < frame.size() && frame[k] >= '0' && frame[k] <= '9';
         ++k) {
      index = index * 10 + (frame[k] - '0');
    }
    if (index >= run_.events) return;
    auto& word = seen_[index / 64];
    const uint64_t bit = uint64_t{1} << (index % 64);
    if (word & bit) {
      ++run_.duplicates;
      return;
    }
    word |= bit;
    ++run_.delivered;
    // One customer's messages must arrive in the order that customer sent them.
    auto& last = last_index_[static_cast<size_t>(index % run_.senders)];
    if (index / run_.senders <= last) ++run_.out_of_order;
    last = std::max<int64_t>(last, index / run_.senders);
    const int64_t sent = run_.sent_ns[index].load(std::memory_order_acquire);
    if (sent == 0 || index < run_.timed_from) return;
    auto bucket = static_cast<size_t>(std::max<int64_t>(received - sent, 0) / bucket_ns);
    ++worker_.histogram[std::min(bucket, bucket_count - 1)];
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string request_;
  std::string head_;  ///< the upgrade answer as it is read
  std::string pong_;
  io_worker& worker_;
  run_state& run_;
  std::vector<uint64_t> seen_;
  std::vector<int64_t> last_index_;  ///< per sender (customer), the last index / senders seen
  int64_t last_seq_ = 0;
  bool connected_ = false;
  bool open_ = false;
  bool writing_ = false;
};

void io_worker::open_next() {
  if (next_to_open < conns.size()) conns[next_to_open++]->start();
}

std::string make_run_id() {
  std::array<char, 16> buf{};
  std::snprintf(buf.data(), buf.size(), "%08x", static_cast<unsigned>(std::random_device{}()));
  return buf.data();
}

std::string json_value(const std::string& body, const char* key) {
  rapidjson::Document d;
  d.Parse(body.data(), body.size());
  if (d.HasParseError() || !d.IsObject()) return {};
  auto it = d.FindMember(key);
  return it != d.MemberEnd() && it->value.IsString() ? it->value.GetString() : std::string{};
}

std::optional<std::string> login(const http_target& api, const ws_options& o) {
  try {
    testkit::http_connection conn{api.host, api.port, std::chrono::seconds(10)};
    auto r = conn.request("POST", api.base + "/api/v1/auth/login",
                          R"({"email":")" + o.email + R"(","password":")" + o.password + R"("})");
    auto token = json_value(r.body, "token");
    if (r.status == 200 && !token.empty()) return token;
    std::fprintf(stderr, "ws: login as %s: HTTP %d %s\n", o.email.c_str(), r.status,
                 r.body.c_str());
  } catch (const testkit::http_error& e) {
    std::fprintf(stderr, "ws: login: %s\n", e.what());
  }
  return std::nullopt;
}

/// Sender `s` posts indexes s, s + senders, ... each at start + index / rate, as customer phone
/// 5216600000<s>, one after the other (so the server must keep their order).
void run_sender(const http_target& gateway, const ws_options& o, run_state& run, int s,
                steady::time_point start, std::atomic<int64_t>& errors) {
  testkit::http_connection conn{gateway.host, gateway.port, std::chrono::seconds(30)};
  const testkit::http_headers headers{{"Content-Type", "application/json"},
                                      {"X-Account-Key", o.account_key}};
  std::array<char, 24> phone{};
  std::snprintf(phone.data(), phone.size(), "5216600000%03d", s);
  for (int i = s; i < run.events; i += run.senders) {
    std::this_thread::sleep_until(start + std::chrono::duration_cast<steady::duration>(
                                              std::chrono::duration<double>(i / o.rate)));
    const std::string body = R"({"eventName":"message.incoming","data":{"body":"ws bench )" +
                             run.marker + std::to_string(i) + R"( hola","name":"WS Bench )" +
                             std::to_string(s) + R"(","from":")" + phone.data() +
                             R"(","attachment":[]}})";
    run.sent_ns[i].store(now_ns(), std::memory_order_release);
    try {
      auto r = conn.request("POST", gateway.base + "/webhooks/builderbot/whatsapp", body, headers);
      if (r.status == 200 && json_value(r.body, "status") == "accepted") {
        run.accepted[i] = 1;
      } else if (errors++ == 0) {
        std::fprintf(stderr, "ws: webhook: HTTP %d %s\n", r.status, r.body.c_str());
      }
    } catch (const testkit::http_error& e) {
      if (errors++ == 0) std::fprintf(stderr, "ws: webhook: %s\n", e.what());
    }
  }
}

/// The q-quantile of the merged histogram, in ms (bucket midpoints).
double histogram_ms(const std::vector<uint64_t>& h, uint64_t total, double q) {
  if (total == 0) return 0;
  auto rank = static_cast<uint64_t>(std::ceil(q * static_cast<double>(total)));
  uint64_t seen = 0;
  for (size_t b = 0; b < h.size(); ++b) {
    seen += h[b];
    if (seen >= std::max<uint64_t>(rank, 1)) {
      return (static_cast<double>(b) + 0.5) * static_cast<double>(bucket_ns) / 1e6;
    }
  }
  return static_cast<double>(h.size()) * static_cast<double>(bucket_ns) / 1e6;
}

}  // namespace

int run_ws(const ws_options& o) {
  auto api = parse_http_url(o.api_url);
  auto gateway = parse_http_url(o.gateway_url);
  if (!api || !gateway) {
    std::fprintf(stderr, "ws: --api-url and --gateway-url must be http://host:port\n");
    return 2;
  }
  const long fds = raise_fd_limit();
  if (fds >= 0 && fds < o.sockets + 64) {
    std::fprintf(stderr, "ws: the open-file limit is %ld, too low for %d sockets\n", fds,
                 o.sockets);
    return 2;
  }
  auto token = login(*api, o);
  if (!token) return 2;

  run_state run;
  run.marker = "wsb-" + make_run_id() + "-";
  run.events = o.events;
  run.senders = std::max(1, o.senders);
  run.timed_from = std::min(o.events - 1, static_cast<int>(o.warmup_s * o.rate));
  run.sent_ns = std::make_unique<std::atomic<int64_t>[]>(static_cast<size_t>(o.events));
  for (int i = 0; i < o.events; ++i) run.sent_ns[i].store(0);
  run.accepted.assign(static_cast<size_t>(o.events), 0);

  tcp::endpoint endpoint;
  try {
    asio::io_context resolve_io;
    tcp::resolver resolver{resolve_io};
    endpoint = *resolver.resolve(api->host, std::to_string(api->port)).begin();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ws: %s: %s\n", api->host.c_str(), e.what());
    return 2;
  }

  const int threads = std::max(1, o.io_threads);
  std::vector<std::unique_ptr<io_worker>> workers;
  for (int t = 0; t < threads; ++t) {
    auto w = std::make_unique<io_worker>();
    w->endpoint = endpoint;
    w->host = api->host;
    w->target = api->base + "/ws?token=" + *token;
    for (int s = t; s < o.sockets; s += threads) {
      w->conns.push_back(std::make_shared<ws_conn>(*w, run));
    }
    workers.push_back(std::move(w));
  }
  const auto open_start = steady::now();
  std::vector<std::thread> io_threads;
  for (auto& w : workers) {
    asio::post(w->io, [&w = *w] {
      for (size_t i = 0; i < handshake_window; ++i) w.open_next();
    });
    io_threads.emplace_back([&w = *w] {
      auto guard = asio::make_work_guard(w.io);
      w.io.run();
    });
  }
  auto opened = [&] {
    int n = 0;
    for (auto& w : workers) n += w->connected + w->failed;
    return n;
  };
  auto connected = [&] {
    int n = 0;
    for (auto& w : workers) n += w->connected;
    return n;
  };
  while (opened() < o.sockets && steady::now() - open_start < std::chrono::seconds(120)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const double open_s = std::chrono::duration<double>(steady::now() - open_start).count();
  const int sockets_up = connected();
  std::fprintf(stderr, "ws: %d of %d sockets open in %.1f s\n", sockets_up, o.sockets, open_s);
  auto stop_all = [&] {
    for (auto& w : workers) w->io.stop();
    for (auto& t : io_threads) t.join();
  };
  if (sockets_up == 0) {
    stop_all();
    return 2;
  }
  // A new socket holds live frames for a moment, waiting for a resume; let that pass.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  std::atomic<int64_t> send_errors{0};
  const auto send_start = steady::now() + std::chrono::milliseconds(50);
  std::vector<std::thread> senders;
  for (int s = 0; s < run.senders; ++s) {
    senders.emplace_back(run_sender, std::cref(*gateway), std::cref(o), std::ref(run), s,
                         send_start, std::ref(send_errors));
  }
  for (auto& t : senders) t.join();
  const double send_s = std::chrono::duration<double>(steady::now() - send_start).count();
  int64_t accepted = 0;
  for (auto a : run.accepted) accepted += a;
  const int64_t expected = accepted * sockets_up;
  const auto deadline = steady::now() + std::chrono::duration_cast<steady::duration>(
                                            std::chrono::duration<double>(o.wait_s));
  while (run.delivered < expected && steady::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stop_all();

  int64_t lost = 0;
  std::vector<uint64_t> histogram(bucket_count, 0);
  uint64_t samples = 0;
  for (auto& w : workers) {
    for (auto& c : w->conns) {
      if (!c->connected()) continue;
      for (int i = 0; i < o.events; ++i) {
        if (run.accepted[i] && !c->saw(i)) ++lost;
      }
    }
    for (size_t b = 0; b < bucket_count; ++b) {
      histogram[b] += w->histogram[b];
      samples += w->histogram[b];
    }
  }

  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> jw{buf};
  auto count = [&](const char* key, int64_t v) {
    jw.Key(key);
    jw.Int64(v);
  };
  auto number = [&](const char* key, double v) {
    jw.Key(key);
    jw.Double(round3(v));
  };
  jw.StartObject();
  jw.Key("mode");
  jw.String("ws");
  count("sockets", o.sockets);
  count("connected", sockets_up);
  count("events", o.events);
  count("accepted", accepted);
  number("rate", o.rate);
  number("send_rate", static_cast<double>(o.events) / std::max(send_s, 1e-9));
  count("delivered", run.delivered);
  count("lost", lost);
  count("out_of_order", run.out_of_order);
  count("duplicates", run.duplicates);
  count("closed", run.closed);
  count("untimed_warmup", run.timed_from);
  jw.Key("latency_ms");
  jw.StartObject();
  number("p50", histogram_ms(histogram, samples, 0.50));
  number("p99", histogram_ms(histogram, samples, 0.99));
  number("p999", histogram_ms(histogram, samples, 0.999));
  jw.EndObject();
  jw.EndObject();
  std::printf("%s\n", buf.GetString());
  std::fflush(stdout);
  if (send_errors > 0 || sockets_up < o.sockets) return 1;
  return lost == 0 && run.out_of_order == 0 && run.duplicates == 0 ? 0 : 1;
}

}  // namespace centralita::bench
