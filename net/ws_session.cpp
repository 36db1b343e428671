#include "net/ws_session.hpp"

#include <rapidjson/document.h>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <cstdlib>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string_view>

#include "common/json_parse.hpp"
#include "common/text_checks.hpp"

namespace centralita::net {

namespace websocket = beast::websocket;

namespace {

/// Frames waiting to be written to one socket; a socket that falls further behind is closed.
constexpr size_t ws_max_queue = 1000;
/// The kernel's send buffer of a socket (fixed, not grown by autotuning): a socket that stops
/// reading holds at most this much there, and the queue above decides when it is dropped.
constexpr int ws_send_buffer = 128 * 1024;
/// Frames gathered into one write.
constexpr size_t ws_write_batch = 256;
/// The largest message a client may send (a resume, or a presence frame).
constexpr size_t ws_max_message = 64 * 1024;
/// Presence frames one socket may send (net/presence_hub.hpp): more are dropped.
constexpr int ws_presence_burst = 10;
constexpr auto ws_presence_window = std::chrono::seconds(5);
/// How often a socket's silence is checked: silent this long, it is pinged; silent for four
/// checks (two minutes), it is gone. A peer that answers only pings therefore answers each one
/// before the next check and is never dropped (checking every minute for a minute's silence let
/// such a peer fall between two checks and be dropped at the third).
constexpr auto ws_keepalive_check = std::chrono::seconds(30);
constexpr auto ws_gone_after = 4 * ws_keepalive_check;
/// How long a closing handshake may take before the socket is just closed.
constexpr auto ws_close_wait = std::chrono::seconds(5);

/// RFC 6455 opcodes.
enum ws_opcode : uint8_t {
  ws_continuation = 0,
  ws_text = 1,
  ws_binary = 2,
  ws_close = 8,
  ws_ping = 9,
  ws_pong = 10
};

/// Bytes to send, kept alive by `owner`: one control or replayed frame (its header, then its
/// payload), or a slice of a live batch (frames already encoded, shared by every socket).
struct ws_out {
  ws_frame_header header;  ///< size 0 for a slice of a batch
  std::shared_ptr<const void> owner;
  std::string_view data;
  size_t frames = 1;
};

ws_out ws_frame(uint8_t opcode, std::shared_ptr<const std::string> payload) {
  ws_out out;
  out.header = make_ws_frame_header(opcode, payload->size());
  out.data = *payload;
  out.owner = std::move(payload);
  return out;
}

/// How long live frames wait for a first `{"type":"resume"}` before flowing; any other first
/// message (the dashboard's `{"type":"live"}`) starts them at once. Frames are held meanwhile,
/// up to ws_max_queue, so a longer wait would close a silent client that a burst reaches first.
constexpr auto ws_resume_wait = std::chrono::milliseconds(250);
/// Waits for a first message that has arrived but not been read yet (a busy node).
constexpr int ws_resume_waits = 8;
/// How long a replay may take before the socket is closed.
constexpr auto ws_replay_deadline = std::chrono::seconds(10);

/// The seq of a frame `{"seq":N,...}`; 0 when it has none.
int64_t frame_seq(const std::string& frame) {
  constexpr std::string_view prefix = "{\"seq\":";
  if (frame.compare(0, prefix.size(), prefix) != 0) return 0;
  return std::strtoll(frame.c_str() + prefix.size(), nullptr, 10);
}

/// A close frame's body (RFC 6455 §5.5.1, §7.4): empty, or a code a peer may send followed by a
/// UTF-8 reason.
bool valid_close_payload(std::string_view payload) {
  if (payload.empty()) return true;
  if (payload.size() < 2) return false;
  const int code = (static_cast<uint8_t>(payload[0]) << 8) | static_cast<uint8_t>(payload[1]);
  const bool sendable = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
                        (code >= 3000 && code <= 4999);
  return sendable && is_valid_utf8(payload.substr(2));
}

/// Tells a resuming client that the events after its seq `after` are no longer kept.
std::string resync_frame(int64_t after) {
  return R"({"type":"resync","data":{"after":)" + std::to_string(after) + "}}";
}

/// `after` of a first message `{"type":"resume","after":N}`, or nullopt.
std::optional<int64_t> resume_after(const std::string& text) {
  rapidjson::Document doc;
  if (!parse_json(doc, text) || !doc.IsObject()) return std::nullopt;
  auto type = doc.FindMember("type");
  auto after = doc.FindMember("after");
  if (type == doc.MemberEnd() || !type->value.IsString() ||
      std::string_view{type->value.GetString()} != "resume" || after == doc.MemberEnd() ||
      !after->value.IsInt64()) {
    return std::nullopt;
  }
  return after->value.GetInt64();
}

/// One upgraded connection: subscribes to its tenant's live events, answers a first resume
/// with a replay (no gap, no duplicate), then forwards live frames through a bounded queue.
///
/// Beast does the handshake; after it the session speaks RFC 6455 itself. Beast's stream
/// writes one message per operation, and a dashboard feed sends many small messages to
/// thousands of sockets: here the live events come as batches already encoded as frames, the
/// same bytes for every socket of the tenant, and whatever is queued for a socket goes out in
/// one gather write. The queue bound counts frames. Reading takes what a browser sends (a
/// resume, pings, pongs, a close; client frames masked).
class ws_session : public std::enable_shared_from_this<ws_session> {
 public:
  ws_session(beast::tcp_stream&& stream, beast::flat_buffer&& buffer,
             std::shared_ptr<http_server::shared> shared, int64_t tenant, std::string token,
             std::optional<int64_t> after)
      : ws_(std::move(stream)),
        buffer_(std::move(buffer)),
        timer_(ws_.get_executor()),
        keepalive_(ws_.get_executor()),
        shared_(std::move(shared)),
        tenant_(tenant),
        token_(std::move(token)),
        resume_from_(after) {}

  ~ws_session() {
    unsubscribe();
    forget();
    leave_presence();
    untrack();
  }

  /// Answers the upgrade request `req`.
  void run(http::request<http::string_body> req) {
    req_ = std::move(req);
    beast::get_lowest_layer(ws_).expires_never();
    beast::error_code ignored;
    socket().set_option(asio::socket_base::send_buffer_size(ws_send_buffer), ignored);
    socket().non_blocking(true, ignored);
    ws_.set_option(websocket::stream_base::timeout{std::chrono::seconds(30),
                                                   websocket::stream_base::none(), false});
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "centralita"); }));
    ws_.async_accept(req_, beast::bind_front_handler(&ws_session::on_accept, shared_from_this()));
  }

 private:
  enum class phase { waiting, replaying, live };
  enum class parsed { need_more, frame, failed };

  tcp::socket& socket() { return beast::get_lowest_layer(ws_).socket(); }

  void on_accept(beast::error_code ec) {
    if (ec) return;
    track();
    if (!shared_->feed.admit) {
      admitted_ = true;
      return start();
    }
    // Watched before the session is checked, so that an end between the check and the watch
    // is not missed. Subscribed at once (no event is missed while the check runs), but nothing
    // is sent until it answers (docs/architecture.md, invariant 12).
    std::weak_ptr<ws_session> weak = shared_from_this();
    auto ex = ws_.get_executor();
    watch_ = shared_->feed.admit(
        token_,
        [weak, ex](ws_admission a) {
          asio::post(ex, [weak, a] {
            if (auto self = weak.lock()) self->on_admission(a);
          });
        },
        [weak, ex] {
          asio::post(ex, [weak] {
            if (auto self = weak.lock()) self->on_session_ended();
          });
        });
    start();
  }

  void on_admission(ws_admission a) {
    if (admitted_ || closing_) return;
    if (a == ws_admission::unavailable) return do_close(websocket::close_code::try_again_later);
    if (a == ws_admission::refused || ended_) return on_session_ended();
    admitted_ = true;
    begin_feed();
  }

  // Once admitted: the replay the upgrade asked for, or the first message (the one that came
  // before admission, or the one awaited).
  void begin_feed() {
    if (resume_from_) return do_replay(*resume_from_);
    if (!first_message_) return arm_resume_wait();
    auto text = std::move(*first_message_);
    first_message_.reset();
    on_message(text);
  }

  // The session ended (or was refused): closed with the code that sends the dashboard to
  // sign-in.
  void on_session_ended() {
    ended_ = true;
    do_close(static_cast<websocket::close_code>(ws_close_session_ended));
  }

  // Registered with the server, which closes it when the node drains.
  void track() {
    std::weak_ptr<ws_session> weak = shared_from_this();
    auto ex = ws_.get_executor();
    std::lock_guard<std::mutex> lock{shared_->sockets_mutex};
    tracked_ = shared_->next_socket++;
    shared_->sockets.emplace(tracked_, [weak, ex] {
      asio::post(ex, [weak] {
        if (auto self = weak.lock())
          self->do_close(static_cast<websocket::close_code>(ws_close_service_restart));
      });
    });
  }

  void untrack() {
    if (!tracked_) return;
    std::lock_guard<std::mutex> lock{shared_->sockets_mutex};
    shared_->sockets.erase(tracked_);
    tracked_ = 0;
  }

  void forget() {
    if (watch_ && shared_->feed.forget) shared_->feed.forget(watch_);
    watch_ = 0;
  }

  // Subscribes to the tenant's live events and starts reading; frames wait in held_ until the
  // session is admitted and live.
  void start() {
    std::weak_ptr<ws_session> weak = shared_from_this();
    auto ex = ws_.get_executor();
    sub_ = shared_->feed.subscribe(
        tenant_, [weak, ex](const live_batch_ptr& batch, const std::shared_ptr<void>& taken) {
          // `taken` goes with the handler, once the batch is queued here.
          asio::post(ex, [weak, batch, taken] {
            if (auto self = weak.lock()) self->on_live(batch);
          });
        });
    if (admitted_) begin_feed();
    last_read_ = std::chrono::steady_clock::now();
    arm_keepalive();
    on_read({}, 0);  // bytes the client sent right after the upgrade request, if any
  }

  void arm_resume_wait() {
    timer_.expires_after(ws_resume_wait);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->phase_ != phase::waiting) return;
      // On a busy node the client's first message may be here already, its read not yet
      // handled: wait for it (a few times at most), or a resume would come after the frames
      // it asks to be replayed before, and the client would miss those between.
      beast::error_code ignored;
      const bool pending = self->socket().available(ignored) > 0 || self->buffer_.size() > 0;
      if (pending && ++self->resume_waits_ < ws_resume_waits) return self->arm_resume_wait();
      self->go_live();
    });
  }

  void do_read() {
    auto space = buffer_.prepare(4096);
    socket().async_read_some(space,
                             beast::bind_front_handler(&ws_session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, size_t n) {
    if (ec) return on_gone();
    buffer_.commit(n);
    last_read_ = std::chrono::steady_clock::now();
    for (;;) {
      if (peer_closed_) {
        // After the peer's close only its end of the connection is awaited.
        buffer_.consume(buffer_.size());
        break;
      }
      auto r = parse_frame();
      if (r == parsed::failed) return;
      if (r == parsed::need_more) break;
    }
    do_read();
  }

  // Takes one complete frame off the read buffer and acts on it.
  parsed parse_frame() {
    const auto* p = static_cast<const uint8_t*>(buffer_.data().data());
    const size_t size = buffer_.size();
    if (size < 2) return parsed::need_more;
    // Extensions are never negotiated, and a client must mask what it sends.
    if ((p[0] & 0x70) != 0 || (p[1] & 0x80) == 0)
      return fail(websocket::close_code::protocol_error);
    auto h = read_ws_frame_header(p, size);
    if (!h) return parsed::need_more;
    if (h->opcode >= ws_close && (h->payload_size > 125 || !h->fin))
      return fail(websocket::close_code::protocol_error);
    if (h->payload_size > ws_max_message) return fail(websocket::close_code::too_big);
    if (size < h->header_size + h->payload_size) return parsed::need_more;
    const uint8_t* mask = p + h->header_size - 4;
    const uint8_t* data = p + h->header_size;
    std::string payload(static_cast<size_t>(h->payload_size), '\0');
    for (size_t i = 0; i < payload.size(); ++i)
      payload[i] = static_cast<char>(data[i] ^ mask[i % 4]);
    buffer_.consume(h->header_size + payload.size());
    return on_frame(h->opcode, h->fin, std::move(payload));
  }

  parsed on_frame(uint8_t opcode, bool fin, std::string payload) {
    switch (opcode) {
      case ws_continuation:
        if (!in_message_) return fail(websocket::close_code::protocol_error);
        message_ += payload;
        if (message_.size() > ws_max_message) return fail(websocket::close_code::too_big);
        if (fin) {
          in_message_ = false;
          return complete(message_is_text_, message_);
        }
        return parsed::frame;
      case ws_text:
      case ws_binary:
        if (in_message_) return fail(websocket::close_code::protocol_error);
        if (fin) return complete(opcode == ws_text, payload);
        message_ = std::move(payload);
        message_is_text_ = opcode == ws_text;
        in_message_ = true;
        return parsed::frame;
      case ws_ping:
        send_control(ws_pong, std::move(payload));
        return parsed::frame;
      case ws_pong:
        return parsed::frame;
      case ws_close:
        if (!valid_close_payload(payload)) return fail(websocket::close_code::protocol_error);
        // Answer with the same code, then wait for the peer to close the connection.
        peer_closed_ = true;
        if (!close_sent_) {
          stop_feed();
          drop_queue();
          send_control(ws_close, payload.size() >= 2 ? payload.substr(0, 2) : std::string{});
        }
        return parsed::frame;
      default:
        return fail(websocket::close_code::protocol_error);
    }
  }

  // A whole message: a text one must be UTF-8 (RFC 6455 §8.1), else the socket is failed.
  parsed complete(bool text, const std::string& message) {
    if (text && !is_valid_utf8(message)) return fail(websocket::close_code::bad_payload);
    on_message(message);
    return parsed::frame;
  }

  parsed fail(websocket::close_code code) {
    do_close(code);
    return parsed::failed;
  }

  void on_message(const std::string& text) {
    if (phase_ == phase::live) return on_client_frame(text);
    if (phase_ != phase::waiting) return;
    // A resume sent before the session is admitted is answered once it is.
    if (!admitted_) {
      if (!first_message_) first_message_ = text;
      return;
    }
    auto after = resume_after(text);
    if (after) {
      do_replay(*after);
    } else {
      go_live();
      on_client_frame(text);
    }
  }

  // A presence frame, relayed to the tenant's other sockets when valid and within the rate;
  // anything else a client sends after its resume is ignored.
  void on_client_frame(const std::string& text) {
    if (presence_id_ == 0 || !presence_rate_.allow(std::chrono::steady_clock::now())) return;
    if (auto frame = presence_frame(text, user_id_)) relay_presence(*frame);
  }

  // To the tenant's other sockets here, and to the other nodes' (live_feed::share_presence).
  void relay_presence(const std::string& frame) {
    shared_->presence.relay(presence_id_, frame);
    if (shared_->feed.share_presence) shared_->feed.share_presence(tenant_, frame);
  }

  // Joins the tenant's presence relay once live: frames from the others are queued like live
  // ones, and dropped rather than queued when the socket is behind.
  void join_presence() {
    if (presence_id_ != 0 || closing_ || !shared_->feed.user_of) return;
    user_id_ = shared_->feed.user_of(token_).value_or(0);
    if (user_id_ == 0) return;
    std::weak_ptr<ws_session> weak = shared_from_this();
    auto ex = ws_.get_executor();
    presence_id_ =
        shared_->presence.join(tenant_, [weak, ex](std::shared_ptr<const std::string> f) {
          asio::post(ex, [weak, f = std::move(f)] {
            auto self = weak.lock();
            if (!self || self->closing_ || self->queued_frames_ >= ws_max_queue) return;
            self->push(ws_frame(ws_text, f));
          });
        });
  }

  void leave_presence() {
    if (presence_id_ == 0) return;
    relay_presence(presence_left_frame(user_id_));
    shared_->presence.leave(presence_id_);
    presence_id_ = 0;
  }

  void do_replay(int64_t after) {
    phase_ = phase::replaying;
    last_seq_ = after;
    timer_.expires_after(ws_replay_deadline);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec && self->phase_ == phase::replaying)
        self->do_close(websocket::close_code::try_again_later);
    });
    std::weak_ptr<ws_session> weak = shared_from_this();
    auto ex = ws_.get_executor();
    shared_->feed.replay(tenant_, after, [weak, ex](std::vector<std::string> frames, bool ok) {
      asio::post(ex, [weak, frames = std::move(frames), ok]() mutable {
        if (auto self = weak.lock()) self->on_replay(std::move(frames), ok);
      });
    });
  }

  void on_replay(std::vector<std::string> frames, bool ok) {
    if (phase_ != phase::replaying) return;
    timer_.cancel();
    if (!ok) return do_close(websocket::close_code::try_again_later);
    // The events right after the client's seq are older than the replay window and gone: it
    // is told to reload what it shows before it gets the frames that are left.
    if (last_seq_ > 0 && !frames.empty() && frame_seq(frames.front()) > last_seq_ + 1)
      push(ws_frame(ws_text, std::make_shared<const std::string>(resync_frame(last_seq_))));
    for (auto& f : frames) {
      auto seq = frame_seq(f);
      if (seq <= last_seq_) continue;
      last_seq_ = seq;
      push(ws_frame(ws_text, std::make_shared<const std::string>(std::move(f))));
    }
    go_live();
  }

  // Sends the batches held while waiting or replaying (the frames newer than the replay), then
  // live ones.
  void go_live() {
    phase_ = phase::live;
    join_presence();
    auto held = std::move(held_);
    held_.clear();
    held_frames_ = 0;
    for (auto& b : held) on_live(b);
  }

  void on_live(const live_batch_ptr& batch) {
    if (closing_) return;
    if (phase_ != phase::live) {
      held_.push_back(batch);
      held_frames_ += batch->frames();
      if (held_frames_ > ws_max_queue) do_close(websocket::close_code::policy_error);
      return;
    }
    auto slice = batch->after(last_seq_);
    if (slice.frames == 0) return;
    last_seq_ = batch->last_seq;
    // A socket that has not taken what it already has is too far behind for more.
    if (queued_frames_ > 0 && queued_frames_ + slice.frames > ws_max_queue)
      return do_close(websocket::close_code::policy_error);
    ws_out out;
    out.owner = batch;
    out.data = slice.bytes;
    out.frames = slice.frames;
    push(std::move(out));
  }

  // Queues `out` (a replay may exceed the bound: it is bounded by the replay window).
  void push(ws_out out) {
    if (closing_) return;
    queued_frames_ += out.frames;
    queue_.push_back(std::move(out));
    if (!writing_) do_write();
  }

  void send_control(uint8_t opcode, std::string payload) {
    if (close_sent_) return;
    queue_.push_back(ws_frame(opcode, std::make_shared<const std::string>(std::move(payload))));
    queued_frames_ += 1;
    // Set before the write, which may complete right away and then ends the connection.
    if (opcode == ws_close) close_sent_ = true;
    if (!writing_) do_write();
  }

  // Everything queued (up to a batch) in one gather write.
  void do_write() {
    writing_ = true;
    in_flight_.clear();
    buffers_.clear();
    while (!queue_.empty() && in_flight_.size() < ws_write_batch) {
      queued_frames_ -= queue_.front().frames;
      in_flight_.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    for (const auto& out : in_flight_) {
      if (out.header.size > 0) buffers_.emplace_back(out.header.bytes.data(), out.header.size);
      buffers_.emplace_back(out.data.data(), out.data.size());
    }
    // Most writes fit in the socket's send buffer: written at once, with no asynchronous
    // operation; only what did not fit waits for the socket.
    beast::error_code ec;
    size_t sent = socket().write_some(buffers_, ec);  // the socket is non-blocking
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
      ec = {};
      sent = 0;
    }
    if (ec) return on_write(ec, sent);
    if (sent == asio::buffer_size(buffers_)) return on_write(ec, sent);
    drop_written(sent);
    asio::async_write(socket(), buffers_,
                      beast::bind_front_handler(&ws_session::on_write, shared_from_this()));
  }

  // Drops the first `n` bytes of buffers_.
  void drop_written(size_t n) {
    auto first = buffers_.begin();
    while (n > 0 && n >= first->size()) n -= (first++)->size();
    *first += n;
    buffers_.erase(buffers_.begin(), first);
  }

  void on_write(beast::error_code ec, size_t) {
    writing_ = false;
    in_flight_.clear();
    if (ec) return on_gone();
    if (!queue_.empty()) return do_write();
    if (close_sent_) {
      // Our close is out: the peer answers and closes; a peer that does not is cut off.
      beast::error_code ignored;
      socket().shutdown(tcp::socket::shutdown_send, ignored);
      timer_.expires_after(ws_close_wait);
      timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
        if (!ec) self->on_gone();
      });
    }
  }

  // Closes with `code` after the write in flight (if any); queued frames are dropped.
  void do_close(websocket::close_code code) {
    if (closing_) return;
    stop_feed();
    drop_queue();
    const auto c = static_cast<uint16_t>(code);
    send_control(ws_close, std::string{static_cast<char>(c >> 8), static_cast<char>(c & 0xFF)});
  }

  void drop_queue() {
    queue_.clear();
    queued_frames_ = 0;
  }

  // Pings a silent peer at every check; one silent for ws_gone_after is gone.
  void arm_keepalive() {
    keepalive_.expires_after(ws_keepalive_check);
    keepalive_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->gone_) return;
      const auto silent = std::chrono::steady_clock::now() - self->last_read_;
      if (silent >= ws_gone_after) return self->on_gone();
      if (silent >= ws_keepalive_check) self->send_control(ws_ping, {});
      self->arm_keepalive();
    });
  }

  void stop_feed() {
    closing_ = true;
    unsubscribe();
    leave_presence();
    held_.clear();
  }

  // The peer went away (or the closing handshake ended): release the socket.
  void on_gone() {
    if (gone_) return;
    gone_ = true;
    forget();
    untrack();
    stop_feed();
    timer_.cancel();
    keepalive_.cancel();
    beast::error_code ignored;
    socket().close(ignored);
  }

  void unsubscribe() {
    if (sub_) shared_->feed.unsubscribe(sub_);
    sub_ = 0;
  }

  websocket::stream<beast::tcp_stream> ws_;  // the handshake; then only its TCP stream is used
  beast::flat_buffer buffer_;
  asio::steady_timer timer_;
  asio::steady_timer keepalive_;
  std::shared_ptr<http_server::shared> shared_;
  http::request<http::string_body> req_;
  int64_t tenant_;
  std::string token_;                   // checked by the feed's admit()
  std::optional<int64_t> resume_from_;  // the upgrade's ?after=N
  uint64_t watch_ = 0;                  // the feed's watch of this socket's session
  uint64_t tracked_ = 0;                // the server's id of this socket, for a drain
  bool admitted_ = false;
  bool ended_ = false;
  std::optional<std::string> first_message_;  // a resume that came before admission
  int resume_waits_ = 0;                      // resume waits so far (ws_resume_waits)
  uint64_t sub_ = 0;
  phase phase_ = phase::waiting;
  int64_t last_seq_ = 0;
  std::chrono::steady_clock::time_point last_read_;
  std::deque<ws_out> queue_;
  size_t queued_frames_ = 0;  // frames in queue_
  std::vector<ws_out> in_flight_;
  std::vector<asio::const_buffer> buffers_;
  std::vector<live_batch_ptr> held_;
  size_t held_frames_ = 0;
  std::string message_;  // a fragmented message being received
  bool in_message_ = false;
  bool message_is_text_ = false;  // the fragmented message's first frame was text
  bool writing_ = false;
  bool closing_ = false;     // no more live frames
  bool close_sent_ = false;  // our close frame is queued or written
  bool peer_closed_ = false;
  bool gone_ = false;
  uint64_t presence_id_ = 0;  // in shared_->presence once live, with the token's user
  int64_t user_id_ = 0;
  presence_rate presence_rate_{ws_presence_burst, ws_presence_window};
};

}  // namespace

void run_ws_session(beast::tcp_stream&& stream, beast::flat_buffer&& buffer,
                    std::shared_ptr<http_server::shared> shared, int64_t tenant, std::string token,
                    std::optional<int64_t> after, http::request<http::string_body> upgrade) {
  std::make_shared<ws_session>(std::move(stream), std::move(buffer), std::move(shared), tenant,
                               std::move(token), after)
      ->run(std::move(upgrade));
}

}  // namespace centralita::net
