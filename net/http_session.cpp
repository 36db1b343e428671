#include "net/http_session.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

#include "common/log.hpp"
#include "net/api_json.hpp"
#include "net/json_reply.hpp"
#include "net/ws_session.hpp"

namespace centralita::net {

namespace websocket = beast::websocket;

namespace {

/// The value of `name` in a query string (no percent-decoding: tokens need none).
std::string query_param(const std::string& query, std::string_view name) {
  size_t pos = 0;
  while (pos <= query.size()) {
    auto end = query.find('&', pos);
    if (end == std::string::npos) end = query.size();
    std::string_view part{query.data() + pos, end - pos};
    if (part.size() > name.size() && part.substr(0, name.size()) == name &&
        part[name.size()] == '=') {
      return std::string{part.substr(name.size() + 1)};
    }
    pos = end + 1;
  }
  return {};
}

// One connection: read a request, route it, wait for the handler's answer (posted back onto
// this strand), write it, and read the next one.
class http_session : public std::enable_shared_from_this<http_session> {
 public:
  http_session(tcp::socket&& socket, std::shared_ptr<http_server::shared> shared)
      : stream_(std::move(socket)), deadline_(stream_.get_executor()), shared_(std::move(shared)) {
    beast::error_code ec;
    auto peer = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = peer.address().to_string();
  }

  void run() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&http_session::do_read, shared_from_this()));
  }

 private:
  void do_read() {
    if (shared_->stopping) return do_close();
    parser_.emplace();
    // The header parser refuses a Content-Length over its limit before on_header sees the
    // route, so it starts at the largest limit and on_header narrows it.
    body_limit_ = shared_->limits.body_limit;
    size_t widest = body_limit_;
    for (const auto& route : shared_->limits.route_body_limits) {
      widest = std::max(widest, route.second);
    }
    parser_->body_limit(widest);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(shared_->limits.idle_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&http_session::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, size_t) {
    if (ec) return on_read_error(ec);
    started_ = std::chrono::steady_clock::now();
    auto& req = parser_->get();
    body_limit_ = limit_for(req.target());
    parser_->body_limit(body_limit_);
    auto length = parser_->content_length();
    if (length && *length > body_limit_) return reply_too_large();
    if (beast::iequals(req[http::field::expect], "100-continue")) {
      auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_,
                                                                     req.version());
      http::async_write(stream_, *cont,
                        [self = shared_from_this(), cont](beast::error_code ec, size_t) {
                          if (ec) return self->do_close();
                          self->do_read_body();
                        });
      return;
    }
    do_read_body();
  }

  // The listener's limit, or a larger one for a route that takes big bodies.
  size_t limit_for(std::string_view target) const {
    auto path = target.substr(0, target.find('?'));
    for (const auto& [route, limit] : shared_->limits.route_body_limits) {
      if (same_route(path, route)) return limit;
    }
    return shared_->limits.body_limit;
  }

  // True when `path` fits `route`, whose `{name}` segments match any one non-empty segment.
  static bool same_route(std::string_view path, std::string_view route) {
    while (!path.empty() && !route.empty()) {
      auto p_end = path.find('/', 1), r_end = route.find('/', 1);
      auto p = path.substr(0, p_end), r = route.substr(0, r_end);
      bool any = r.size() > 2 && r[1] == '{' && r.back() == '}';
      if (any ? p.size() < 2 : p != r) return false;
      path = p_end == std::string_view::npos ? "" : path.substr(p_end);
      route = r_end == std::string_view::npos ? "" : route.substr(r_end);
    }
    return path.empty() && route.empty();
  }

  void do_read_body() {
    stream_.expires_after(shared_->limits.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&http_session::on_read, shared_from_this()));
  }

  void on_read_error(beast::error_code ec) {
    if (ec == http::error::body_limit) return reply_too_large();
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset) {
      return do_close();
    }
    // A malformed request line or header: answer once, then close.
    close_after_ = true;
    begin_unrouted();
    send(
        error_response(errc::invalid_input, "malformed HTTP request: " + ec.message(), "bad_http"));
  }

  void on_read(beast::error_code ec, size_t) {
    if (ec) return on_read_error(ec);
    stream_.expires_never();
    dispatch_request();
  }

  void dispatch_request() {
    auto& msg = parser_->get();
    request req;
    req.method = std::string{msg.method_string()};
    std::string target{msg.target()};
    auto qmark = target.find('?');
    req.path = target.substr(0, qmark);
    if (qmark != std::string::npos) req.query = target.substr(qmark + 1);
    for (const auto& field : msg) {
      std::string name{field.name_string()};
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req.headers[name] = std::string{field.value()};
    }
    req.remote_address = remote_;
    if (shared_->policy.after) meta_ = req;  // before the body moves in: the policy needs none
    req.body = std::move(msg.body());
    keep_alive_ = msg.keep_alive();
    head_ = req.method == "HEAD";
    version_ = msg.version();
    if (req.path == "/ws" && shared_->feed.authorize) return upgrade(req);

    auto match = shared_->routes->match(req.method, req.path);
    route_ = match.name;
    answered_ = false;
    ++request_no_;
    shared_->in_flight.fetch_add(1);
    if (shared_->policy.before) {
      if (auto early = shared_->policy.before(req)) return send(std::move(*early));
    }
    if (auto name = req.unclean_query_param()) {
      return send(error_response(
          errc::invalid_input,
          "query parameter " + *name + " is not valid UTF-8 or holds a control character",
          "invalid_query"));
    }
    if (!match.target) {
      if (!match.method_mismatch)
        return send(error_response(errc::not_found, "no route for " + req.path));
      auto r = error_response(errc::invalid_input, req.method + " is not allowed here",
                              "method_not_allowed");
      r.status = 405;
      return send(std::move(r));
    }
    req.params = std::move(match.params);

    deadline_.expires_after(shared_->limits.request_timeout);
    deadline_.async_wait([self = shared_from_this(), n = request_no_](beast::error_code ec) {
      if (ec || n != self->request_no_ || self->answered_) return;
      self->send(error_response(errc::unavailable, "the request timed out", "timeout"));
    });
    auto respond = [self = shared_from_this(), n = request_no_](response r) {
      asio::post(self->stream_.get_executor(), [self, n, r = std::move(r)]() mutable {
        if (n == self->request_no_ && !self->answered_) self->send(std::move(r));
      });
    };
    try {
      (*match.target)(req, std::move(respond));
    } catch (const std::exception& e) {
      log::error("http: handler for {} threw: {}", route_, e.what());
      send(error_response(errc::internal, "internal error"));
    }
  }

  // `GET /ws?token=[&after=N]`: hands the connection to a WebSocket session, or answers 401 /
  // 400.
  void upgrade(const request& req) {
    auto token = query_param(req.query, "token");
    std::optional<int64_t> tenant;
    if (!token.empty() && token.size() <= 4096) tenant = shared_->feed.authorize(token);
    const auto after_text = query_param(req.query, "after");
    const auto after = after_text.empty() ? std::nullopt : parse_id(after_text);
    bool is_upgrade = websocket::is_upgrade(parser_->get());
    if (!tenant || !is_upgrade || (!after_text.empty() && !after)) {
      begin_unrouted();
      route_ = "ws";
      if (!tenant) {
        return send(
            error_response(errc::unauthorized, "missing or invalid token", "invalid_token"));
      }
      if (!is_upgrade) {
        return send(
            error_response(errc::invalid_input, "expected a WebSocket upgrade", "not_websocket"));
      }
      return send(
          error_response(errc::invalid_input, "after must be a positive integer", "invalid_after"));
    }
    shared_->count("ws", 101, 0.0);
    run_ws_session(std::move(stream_), std::move(buffer_), shared_, *tenant, std::move(token),
                   after, parser_->release());
  }

  // An answer given before the request was routed.
  void begin_unrouted() {
    route_ = "unmatched";
    head_ = false;
    meta_ = request{};
    started_ = std::chrono::steady_clock::now();
    ++request_no_;
    answered_ = false;
    shared_->in_flight.fetch_add(1);
  }

  void reply_too_large() {
    close_after_ = true;
    begin_unrouted();
    send(error_response(errc::payload_too_large,
                        "body over " + std::to_string(body_limit_) + " bytes"));
  }

  void send(response r) {
    if (answered_) return;
    answered_ = true;
    deadline_.cancel();
    if (shared_->policy.after) shared_->policy.after(meta_, r);
    int status = r.status;
    res_ = {};
    res_.version(version_ ? version_ : 11);
    res_.result(static_cast<unsigned>(status));
    res_.set(http::field::server, "centralita");
    res_.set("X-Content-Type-Options", "nosniff");  // every answer of either port
    if (!r.content_type.empty()) res_.set(http::field::content_type, r.content_type);
    for (auto& [k, v] : r.headers) res_.set(k, v);
    bool close = close_after_ || !keep_alive_ || shared_->stopping;
    if (r.stream && !head_) return send_streamed(std::move(r.stream), status, close);
    res_.body() = std::move(r.body);
    res_.keep_alive(!close);
    res_.prepare_payload();
    // HEAD: the headers of the GET answer (its Content-Length too), without the body.
    if (head_) res_.body().clear();
    shared_->count(
        route_, status,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
    stream_.expires_after(shared_->limits.read_timeout);
    http::async_write(stream_, res_,
                      [self = shared_from_this(), close](beast::error_code ec, size_t) {
                        self->shared_->in_flight.fetch_sub(1);
                        if (ec) return self->do_close();
                        if (close) return self->drain_and_close();
                        self->do_read();
                      });
  }

  // The head of a chunked answer, then each piece as the stream produces it (never more than
  // one in memory), then the last chunk. A stream that fails after the head cuts the body
  // short: the connection closes without the last chunk, so the client sees an incomplete body.
  void send_streamed(std::shared_ptr<body_stream> body, int status, bool close) {
    auto head = std::make_shared<http::response<http::empty_body>>();
    head->version(res_.version());
    head->result(res_.result());
    for (const auto& field : res_) head->set(field.name_string(), field.value());
    head->keep_alive(!close);
    head->chunked(true);
    auto sr = std::make_shared<http::response_serializer<http::empty_body>>(*head);
    shared_->count(
        route_, status,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
    stream_.expires_after(shared_->limits.read_timeout);
    http::async_write_header(
        stream_, *sr,
        [self = shared_from_this(), head, sr, body, close](beast::error_code ec, size_t) {
          if (ec) return self->end_stream(false);
          self->next_piece(body, close);
        });
  }

  void next_piece(const std::shared_ptr<body_stream>& body, bool close) {
    body->next(
        [self = shared_from_this(), body, close](std::optional<std::string> piece, bool last) {
          asio::post(self->stream_.get_executor(),
                     [self, body, close, last, piece = std::move(piece)]() mutable {
                       self->write_piece(body, std::move(piece), last, close);
                     });
        });
  }

  void write_piece(const std::shared_ptr<body_stream>& body, std::optional<std::string> piece,
                   bool last, bool close) {
    if (!piece) return end_stream(false);
    stream_.expires_after(shared_->limits.read_timeout);
    auto data = std::make_shared<std::string>(std::move(*piece));
    auto done = [self = shared_from_this(), body, data, last, close](beast::error_code ec, size_t) {
      if (ec) return self->end_stream(false);
      if (!last) return self->next_piece(body, close);
      self->stream_.expires_after(self->shared_->limits.read_timeout);
      asio::async_write(
          self->stream_, http::make_chunk_last(),
          [self, close](beast::error_code ec2, size_t) { self->end_stream(!ec2 && !close); });
    };
    if (data->empty()) return done({}, 0);  // an empty chunk would end the body
    asio::async_write(stream_, http::make_chunk(asio::buffer(*data)), std::move(done));
  }

  void end_stream(bool keep_going) {
    shared_->in_flight.fetch_sub(1);
    if (keep_going) return do_read();
    do_close();
  }

  // After an early answer (413) the client may still be sending: read and discard for a short
  // while so that it sees the answer instead of a reset connection.
  void drain_and_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(2));
    drain_ = std::make_shared<std::array<char, 16384>>();
    do_drain();
  }

  void do_drain() {
    stream_.async_read_some(asio::buffer(*drain_),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > 8 * 1024 * 1024) {
                                beast::error_code ignored;
                                self->stream_.socket().close(ignored);
                                return;
                              }
                              self->do_drain();
                            });
  }

  void do_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  asio::steady_timer deadline_;
  std::shared_ptr<http_server::shared> shared_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  size_t body_limit_ = 0;  ///< the current request's
  http::response<http::string_body> res_;
  std::shared_ptr<std::array<char, 16384>> drain_;
  size_t drained_ = 0;
  std::string route_;
  std::string remote_;
  request meta_;  // the current request without its body, for the policy
  std::chrono::steady_clock::time_point started_;
  uint64_t request_no_ = 0;
  unsigned version_ = 11;
  bool answered_ = true;
  bool keep_alive_ = true;
  bool head_ = false;
  bool close_after_ = false;
};

}  // namespace

void accept_connections(const std::shared_ptr<http_server::shared>& s) {
  s->acceptor.async_accept(asio::make_strand(s->io), [s](beast::error_code ec, tcp::socket sock) {
    if (ec == asio::error::operation_aborted || !s->acceptor.is_open()) return;
    if (!ec) {
      sock.set_option(tcp::no_delay(true), ec);
      std::make_shared<http_session>(std::move(sock), s)->run();
    }
    accept_connections(s);
  });
}

}  // namespace centralita::net
