#include "net/ws_session.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <mutex>
#include <optional>

#include "common/ws_reader.hpp"
#include "net/live_frames.hpp"
#include "net/ws_out_queue.hpp"

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
/// How often a socket's silence is checked: silent this long, it is pinged; silent for four
/// checks (two minutes), it is gone. A peer that answers only pings therefore answers each one
/// before the next check and is never dropped (checking every minute for a minute's silence let
/// such a peer fall between two checks and be dropped at the third).
constexpr auto ws_keepalive_check = std::chrono::seconds(30);
constexpr auto ws_gone_after = 4 * ws_keepalive_check;
/// How long a closing handshake may take before the socket is just closed.
constexpr auto ws_close_wait = std::chrono::seconds(5);

/// How long live frames wait for a first `{"type":"resume"}` before flowing; any other first
/// message (the dashboard's `{"type":"live"}`) starts them at once. Frames are held meanwhile,
/// up to ws_max_queue, so a longer wait would close a silent client that a burst reaches first.
constexpr auto ws_resume_wait = std::chrono::milliseconds(250);
/// Waits for a first message that has arrived but not been read yet (a busy node).
constexpr int ws_resume_waits = 8;
/// How long a replay may take before the socket is closed.
constexpr auto ws_replay_deadline = std::chrono::seconds(10);

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
    presence_.leave();
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
      size_t used = 0;
      auto r =
          reader_.next(static_cast<const uint8_t*>(buffer_.data().data()), buffer_.size(), used);
      buffer_.consume(used);
      if (!on_frame(r)) return;
      if (r.what == ws_read::kind::need_more) break;
    }
    do_read();
  }

  // Acts on what the reader took off the buffer; false once the socket is failed.
  bool on_frame(ws_read& r) {
    switch (r.what) {
      case ws_read::kind::message:
        on_message(r.payload);
        return true;
      case ws_read::kind::ping:
        send_control(ws_pong, std::move(r.payload));
        return true;
      case ws_read::kind::close:
        // Answer with the same code, then wait for the peer to close the connection.
        peer_closed_ = true;
        if (!close_sent_) {
          stop_feed();
          out_.clear();
          send_control(ws_close, r.payload.size() >= 2 ? r.payload.substr(0, 2) : std::string{});
        }
        return true;
      case ws_read::kind::failed:
        do_close(static_cast<websocket::close_code>(r.fail_code));
        return false;
      default:  // a pong, or more bytes needed
        return true;
    }
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

  // Once live, a client sends presence frames (net/presence_hub.hpp); anything else is ignored.
  void on_client_frame(const std::string& text) {
    presence_.from_client(text, std::chrono::steady_clock::now());
  }

  // Joins the tenant's presence relay once live: frames from the others are queued like live
  // ones, and dropped rather than queued when the socket is behind.
  void join_presence() {
    if (presence_.joined() || closing_ || !shared_->feed.user_of) return;
    const auto user_id = shared_->feed.user_of(token_).value_or(0);
    if (user_id == 0) return;
    std::weak_ptr<ws_session> weak = shared_from_this();
    auto ex = ws_.get_executor();
    presence_.join(shared_->presence, shared_->feed.share_presence, tenant_, user_id,
                   [weak, ex](std::shared_ptr<const std::string> f) {
                     asio::post(ex, [weak, f = std::move(f)] {
                       auto self = weak.lock();
                       if (!self || self->closing_ || self->out_.frames() >= ws_max_queue) return;
                       self->push(ws_frame(ws_text, f));
                     });
                   });
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
      push(ws_text_frame(resync_frame(last_seq_)));
    for (auto& f : frames) {
      auto seq = frame_seq(f);
      if (seq <= last_seq_) continue;
      last_seq_ = seq;
      push(ws_text_frame(std::move(f)));
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
    if (out_.frames() > 0 && out_.frames() + slice.frames > ws_max_queue)
      return do_close(websocket::close_code::policy_error);
    push(ws_batch_slice(batch, slice));
  }

  // Queues `out` (a replay may exceed the bound: it is bounded by the replay window).
  void push(ws_out out) {
    if (closing_) return;
    out_.push(std::move(out));
    if (!writing_) do_write();
  }

  void send_control(uint8_t opcode, std::string payload) {
    if (close_sent_) return;
    out_.push(ws_frame(opcode, std::make_shared<const std::string>(std::move(payload))));
    // Set before the write, which may complete right away and then ends the connection.
    if (opcode == ws_close) close_sent_ = true;
    if (!writing_) do_write();
  }

  // Everything queued (up to a batch) in one gather write.
  void do_write() {
    writing_ = true;
    auto& buffers = out_.take(ws_write_batch);
    // Most writes fit in the socket's send buffer: written at once, with no asynchronous
    // operation; only what did not fit waits for the socket.
    beast::error_code ec;
    size_t sent = socket().write_some(buffers, ec);  // the socket is non-blocking
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
      ec = {};
      sent = 0;
    }
    if (ec) return on_write(ec, sent);
    if (sent == asio::buffer_size(buffers)) return on_write(ec, sent);
    out_.drop_written(sent);
    asio::async_write(socket(), buffers,
                      beast::bind_front_handler(&ws_session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, size_t) {
    writing_ = false;
    out_.written();
    if (ec) return on_gone();
    if (!out_.empty()) return do_write();
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
    out_.clear();
    const auto c = static_cast<uint16_t>(code);
    send_control(ws_close, std::string{static_cast<char>(c >> 8), static_cast<char>(c & 0xFF)});
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
    presence_.leave();
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
  ws_out_queue out_;
  std::vector<live_batch_ptr> held_;
  size_t held_frames_ = 0;
  ws_reader reader_{ws_max_message};
  bool writing_ = false;
  bool closing_ = false;     // no more live frames
  bool close_sent_ = false;  // our close frame is queued or written
  bool peer_closed_ = false;
  bool gone_ = false;
  presence_member presence_;  // joined once live
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
