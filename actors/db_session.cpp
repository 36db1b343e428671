#include "actors/db_session.hpp"

namespace centralita::actors {

result<storage::pg_connection*> db_session::get() {
  if (conn_ && conn_->healthy()) return &*conn_;
  conn_.reset();
  auto now = std::chrono::steady_clock::now();
  if (now - last_failure_ < std::chrono::seconds(1)) return last_error_;
  auto opened = storage::pg_connection::open(url_);
  if (!opened) {
    last_failure_ = now;
    last_error_ = opened.error();
    return last_error_;
  }
  conn_.emplace(std::move(*opened));
  return &*conn_;
}

}  // namespace centralita::actors
