// The sockets are WebSocket clients spread over a few io threads (each thread its own
// io_context, so a socket's state is only touched by its thread). The send time of each index is
// shared, so each socket computes its own delivery latency when the frame arrives.
#include "bench/ws_fleet.hpp"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <cmath>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <utility>

#include "common/live_batch.hpp"

namespace centralita::bench {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using steady = std::chrono::steady_clock;

constexpr int64_t bucket_ns = 10'000;
constexpr size_t bucket_count = 2'000'000;

/// At most this many handshakes in flight per thread: thousands at once overflow the server's
/// listen backlog, and a refused SYN waits a second before it is retried.
constexpr size_t handshake_window = 32;

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

/// A dashboard socket. Beast's WebSocket stream validates and copies every message; at
/// millions of frames a second that would be the bench's own bottleneck, so the socket does
/// the upgrade by hand and reads the server's frames (never masked) straight off its buffer.
class ws_conn : public std::enable_shared_from_this<ws_conn> {
 public:
  ws_conn(io_worker& worker, ws_run& run)
      : stream_(worker.io),
        worker_(worker),
        run_(run),
        seen_((static_cast<size_t>(run.events) + 63) / 64, 0),
        last_index_(static_cast<size_t>(std::max(run.customers, 1)), -1) {}

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
        run_.frames.fetch_add(1, std::memory_order_relaxed);
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

  // `{"seq":N,"type":"message.created","data":{... "text":"... <marker><index> ..."}}`
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
    const int64_t received = steady_ns();
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
    const auto customers = static_cast<int64_t>(last_index_.size());
    auto& last = last_index_[static_cast<size_t>(index % customers)];
    if (index / customers <= last) ++run_.out_of_order;
    last = std::max<int64_t>(last, index / customers);
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
  ws_run& run_;
  std::vector<uint64_t> seen_;
  std::vector<int64_t> last_index_;  ///< per customer, the last index / customers seen
  int64_t last_seq_ = 0;
  bool connected_ = false;
  bool open_ = false;
  bool writing_ = false;
};

void io_worker::open_next() {
  if (next_to_open < conns.size()) conns[next_to_open++]->start();
}

}  // namespace

int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(steady::now().time_since_epoch())
      .count();
}

void ws_run::reset(std::string run_marker, int run_events, int run_customers, int run_timed_from) {
  marker = std::move(run_marker);
  events = run_events;
  customers = std::max(1, run_customers);
  timed_from = run_timed_from;
  sent_ns = std::make_unique<std::atomic<int64_t>[]>(static_cast<size_t>(events));
  for (int i = 0; i < events; ++i) sent_ns[i].store(0);
  accepted.assign(static_cast<size_t>(events), 0);
}

double latency_histogram::quantile_ms(double q) const {
  if (samples == 0) return 0;
  auto rank = static_cast<uint64_t>(std::ceil(q * static_cast<double>(samples)));
  uint64_t seen = 0;
  for (size_t b = 0; b < buckets.size(); ++b) {
    seen += buckets[b];
    if (seen >= std::max<uint64_t>(rank, 1)) {
      return (static_cast<double>(b) + 0.5) * static_cast<double>(bucket_ns) / 1e6;
    }
  }
  return static_cast<double>(buckets.size()) * static_cast<double>(bucket_ns) / 1e6;
}

struct ws_fleet::impl {
  impl(ws_run& r, int t) : run(r), threads(t) {}

  ws_run& run;
  int threads;
  std::vector<std::unique_ptr<io_worker>> workers;
  std::vector<std::thread> io_threads;
  bool stopped = false;

  int count(bool failed_too) const {
    int n = 0;
    for (const auto& w : workers) n += w->connected + (failed_too ? w->failed.load() : 0);
    return n;
  }
};

ws_fleet::ws_fleet(ws_run& run, int io_threads)
    : impl_(std::make_unique<impl>(run, std::max(1, io_threads))) {}

ws_fleet::~ws_fleet() { stop(); }

int ws_fleet::open(const http_target& api, const std::string& token, int sockets,
                   std::chrono::seconds timeout) {
  tcp::endpoint endpoint;
  try {
    asio::io_context resolve_io;
    tcp::resolver resolver{resolve_io};
    endpoint = *resolver.resolve(api.host, std::to_string(api.port)).begin();
  } catch (const std::exception& e) {
    throw std::runtime_error(api.host + ": " + e.what());
  }
  for (int t = 0; t < impl_->threads; ++t) {
    auto w = std::make_unique<io_worker>();
    w->endpoint = endpoint;
    w->host = api.host;
    w->target = api.base + "/ws?token=" + token;
    for (int s = t; s < sockets; s += impl_->threads) {
      w->conns.push_back(std::make_shared<ws_conn>(*w, impl_->run));
    }
    impl_->workers.push_back(std::move(w));
  }
  for (auto& w : impl_->workers) {
    asio::post(w->io, [&w = *w] {
      for (size_t i = 0; i < handshake_window; ++i) w.open_next();
    });
    impl_->io_threads.emplace_back([&w = *w] {
      auto guard = asio::make_work_guard(w.io);
      w.io.run();
    });
  }
  const auto deadline = steady::now() + timeout;
  while (impl_->count(true) < sockets && steady::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return impl_->count(false);
}

void ws_fleet::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  for (auto& w : impl_->workers) w->io.stop();
  for (auto& t : impl_->io_threads) t.join();
}

int64_t ws_fleet::lost() const {
  int64_t lost = 0;
  for (const auto& w : impl_->workers) {
    for (const auto& c : w->conns) {
      if (!c->connected()) continue;
      for (int i = 0; i < impl_->run.events; ++i) {
        if (impl_->run.accepted[i] && !c->saw(i)) ++lost;
      }
    }
  }
  return lost;
}

latency_histogram ws_fleet::histogram() const {
  latency_histogram out;
  out.buckets.assign(bucket_count, 0);
  for (const auto& w : impl_->workers) {
    for (size_t b = 0; b < bucket_count; ++b) {
      out.buckets[b] += w->histogram[b];
      out.samples += w->histogram[b];
    }
  }
  return out;
}

}  // namespace centralita::bench
