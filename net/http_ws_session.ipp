// The WebSocket session of `GET /ws`: part of http_server.cpp's translation unit (Beast stays
// there), included inside its anonymous namespace after http_server::shared.

namespace websocket = beast::websocket;

/// Frames waiting to be written to one socket; a socket that falls further behind is closed.
constexpr size_t ws_max_queue = 1000;
/// How long live frames wait for a first `{"type":"resume"}` before flowing.
constexpr auto ws_resume_wait = std::chrono::milliseconds(250);
/// How long a replay may take before the socket is closed.
constexpr auto ws_replay_deadline = std::chrono::seconds(10);

/// The seq of a frame `{"seq":N,...}`; 0 when it has none.
int64_t frame_seq(const std::string& frame) {
  constexpr std::string_view prefix = "{\"seq\":";
  if (frame.compare(0, prefix.size(), prefix) != 0) return 0;
  return std::strtoll(frame.c_str() + prefix.size(), nullptr, 10);
}

/// `after` of a first message `{"type":"resume","after":N}`, or nullopt.
std::optional<int64_t> resume_after(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
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
class ws_session : public std::enable_shared_from_this<ws_session> {
 public:
  ws_session(beast::tcp_stream&& stream, beast::flat_buffer&& buffer,
             std::shared_ptr<http_server::shared> shared, int64_t tenant)
      : ws_(std::move(stream)),
        buffer_(std::move(buffer)),
        timer_(ws_.get_executor()),
        shared_(std::move(shared)),
        tenant_(tenant) {}

  ~ws_session() { unsubscribe(); }

  /// Answers the upgrade request `req`.
  void run(http::request<http::string_body> req) {
    req_ = std::move(req);
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "centralita"); }));
    ws_.async_accept(req_, beast::bind_front_handler(&ws_session::on_accept, shared_from_this()));
  }

 private:
  enum class phase { waiting, replaying, live };

  void on_accept(beast::error_code ec) {
    if (ec) return;
    std::weak_ptr<ws_session> weak = shared_from_this();
    auto ex = ws_.get_executor();
    sub_ = shared_->feed.subscribe(tenant_, [weak, ex](std::shared_ptr<const std::string> frame) {
      asio::post(ex, [weak, frame = std::move(frame)] {
        if (auto self = weak.lock()) self->on_live(frame);
      });
    });
    timer_.expires_after(ws_resume_wait);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec && self->phase_ == phase::waiting) self->go_live();
    });
    do_read();
  }

  void do_read() {
    ws_.async_read(buffer_, beast::bind_front_handler(&ws_session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, size_t) {
    if (ec) return on_gone();
    if (phase_ == phase::waiting) {
      auto after = resume_after(beast::buffers_to_string(buffer_.data()));
      if (after) {
        do_replay(*after);
      } else {
        go_live();
      }
    }
    buffer_.consume(buffer_.size());
    do_read();
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
    for (auto& f : frames) {
      auto seq = frame_seq(f);
      if (seq <= last_seq_) continue;
      last_seq_ = seq;
      enqueue(std::make_shared<const std::string>(std::move(f)), true);
    }
    go_live();
  }

  // Sends the frames held while waiting or replaying (newer than the replay), then live ones.
  void go_live() {
    phase_ = phase::live;
    auto held = std::move(held_);
    held_.clear();
    for (auto& f : held) on_live(f);
  }

  void on_live(const std::shared_ptr<const std::string>& frame) {
    if (closing_) return;
    if (phase_ != phase::live) {
      held_.push_back(frame);
      if (held_.size() > ws_max_queue) do_close(websocket::close_code::policy_error);
      return;
    }
    auto seq = frame_seq(*frame);
    if (seq <= last_seq_) return;
    last_seq_ = seq;
    enqueue(frame);
  }

  // A replay may exceed the bound (it is bounded by the replay window); live frames may not.
  void enqueue(std::shared_ptr<const std::string> frame, bool replayed = false) {
    if (closing_) return;
    if (!replayed && queue_.size() >= ws_max_queue)
      return do_close(websocket::close_code::policy_error);
    queue_.push_back(std::move(frame));
    if (!writing_) do_write();
  }

  void do_write() {
    writing_ = true;
    ws_.text(true);
    ws_.async_write(asio::buffer(*queue_.front()),
                    beast::bind_front_handler(&ws_session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, size_t) {
    writing_ = false;
    if (ec) return on_gone();
    queue_.pop_front();
    if (close_code_) return send_close();
    if (!queue_.empty()) do_write();
  }

  // Closes with `code` once the write in flight (if any) is done; queued frames are dropped.
  void do_close(websocket::close_code code) {
    if (closing_) return;
    closing_ = true;
    close_code_ = code;
    unsubscribe();
    held_.clear();
    if (writing_) {
      queue_.erase(queue_.begin() + 1, queue_.end());
      return;
    }
    queue_.clear();
    send_close();
  }

  void send_close() {
    ws_.async_close(*close_code_, [self = shared_from_this()](beast::error_code) {});
  }

  // The peer went away (or a timeout fired): stop taking frames.
  void on_gone() {
    closing_ = true;
    timer_.cancel();
    unsubscribe();
    held_.clear();
  }

  void unsubscribe() {
    if (sub_) shared_->feed.unsubscribe(sub_);
    sub_ = 0;
  }

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  asio::steady_timer timer_;
  std::shared_ptr<http_server::shared> shared_;
  http::request<http::string_body> req_;
  int64_t tenant_;
  uint64_t sub_ = 0;
  phase phase_ = phase::waiting;
  int64_t last_seq_ = 0;
  std::deque<std::shared_ptr<const std::string>> queue_;
  std::vector<std::shared_ptr<const std::string>> held_;
  std::optional<websocket::close_code> close_code_;
  bool writing_ = false;
  bool closing_ = false;
};
