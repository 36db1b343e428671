// The testkit's child processes: environment, log capture, exit status, signals.
#include "tests/support/child_process.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <thread>

using namespace centralita::testkit;
using namespace std::chrono_literals;

TEST_CASE("a child sees the extra environment and its output lands in the log", "[testkit]") {
  child_process child{"/bin/sh",
                      {"-c", "echo out; echo err >&2; echo \"x=$CENTRALITA_X\"; exit 3"},
                      {{"CENTRALITA_X", "hello"}}};
  CHECK(child.wait() == 3);
  CHECK_FALSE(child.running());
  std::string log = child.log();
  CHECK(log.find("out\n") != std::string::npos);
  CHECK(log.find("err\n") != std::string::npos);
  CHECK(log.find("x=hello\n") != std::string::npos);
  ::unlink(child.log_path().c_str());
}

TEST_CASE("a child ended by a signal reports 128 + the signal", "[testkit]") {
  child_process child{"sleep", {"30"}};
  CHECK(child.running());
  CHECK_FALSE(child.wait_for(50ms));
  child.kill(SIGTERM);
  CHECK(child.wait() == 128 + SIGTERM);
  ::unlink(child.log_path().c_str());
}

TEST_CASE("stop escalates to SIGKILL when SIGTERM is ignored", "[testkit]") {
  child_process child{"/bin/sh", {"-c", "trap '' TERM; echo ready; while :; do sleep 0.05; done"}};
  for (int i = 0; i < 100 && child.log().empty(); ++i) std::this_thread::sleep_for(10ms);
  CHECK(child.stop(200ms) == 128 + SIGKILL);
  ::unlink(child.log_path().c_str());
}

TEST_CASE("a binary that can't be executed exits 127 with a note in the log", "[testkit]") {
  child_process child{"/nonexistent/centralita", {}};
  CHECK(child.wait() == 127);
  CHECK(child.log().find("exec failed") != std::string::npos);
  ::unlink(child.log_path().c_str());
}

TEST_CASE("free_port yields a port that can be bound", "[testkit]") {
  uint16_t port = free_port();
  REQUIRE(port > 0);
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  CHECK(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
  ::close(fd);
}
