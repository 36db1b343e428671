#pragma once
// Waiting for something the server does in its own time, with a deadline and no timing
// assertion: every test that polls uses this one loop.

#include <chrono>
#include <thread>

namespace centralita::testkit {

/// Polls `done` every 20 ms until it is true or `timeout` passes; its last answer.
template <class F>
bool eventually(F done, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

}  // namespace centralita::testkit
