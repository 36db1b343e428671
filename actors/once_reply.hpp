#pragma once
// An answer the networking layer waits for from an actor: its callback runs exactly once, with
// the actor's result, or with errc::unavailable when the reply is destroyed unanswered (a
// request dropped by a dead or restarting actor). Shared between the request and the actor.

#include <functional>
#include <string>
#include <utility>

#include "common/result.hpp"

namespace centralita::actors {

template <class T>
class once_reply {
 public:
  using callback = std::function<void(result<T>)>;

  /// `unavailable`: the message of the answer given when nobody answered.
  once_reply(callback fn, std::string unavailable)
      : fn_(std::move(fn)), unavailable_(std::move(unavailable)) {}
  once_reply(const once_reply&) = delete;
  once_reply& operator=(const once_reply&) = delete;
  ~once_reply() {
    if (fn_) fn_(make_error(errc::unavailable, unavailable_, "unavailable"));
  }

  void deliver(result<T> r) {
    if (auto fn = std::move(fn_)) {
      fn_ = nullptr;
      fn(std::move(r));
    }
  }

 private:
  callback fn_;
  std::string unavailable_;
};

}  // namespace centralita::actors
