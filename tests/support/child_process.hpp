#pragma once
// Child processes for the tests (the server binary, a CLI command) and free TCP ports for them.

#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace centralita::testkit {

/// Environment variables to set (or override) in a child, on top of the parent's environment.
using environment_vars = std::vector<std::pair<std::string, std::string>>;

/// A running child process (fork + exec) whose stdout and stderr go to a log file. The destructor
/// stops it: SIGTERM, then SIGKILL after 5 s. The child also gets SIGTERM if the thread that
/// started it dies (PR_SET_PDEATHSIG), so a crashed test leaves no server behind.
class child_process {
 public:
  /// Starts `binary` with `args` (argv[1..]) and `env` added to this process's environment.
  /// An empty `log_path` picks a fresh file under $TMPDIR (or /tmp). Throws std::runtime_error
  /// when the log can't be opened or fork fails; a failing exec shows in the log, exit status 127.
  child_process(const std::string& binary, const std::vector<std::string>& args,
                const environment_vars& env = {}, std::string log_path = {});
  ~child_process();
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;
  /// Takes over the other's child; the source no longer owns one.
  child_process(child_process&& other) noexcept;
  child_process& operator=(child_process&&) = delete;

  /// Sends signal `sig` to the child (no-op once it has been reaped).
  void kill(int sig = SIGTERM);
  /// Waits for the child to exit: its exit code, or 128 + the signal number that ended it.
  int wait();
  /// Waits at most `timeout`: the exit status as in wait(), or nothing when still running.
  std::optional<int> wait_for(std::chrono::milliseconds timeout);
  /// True until the child has exited.
  bool running();
  /// Stops the child: SIGTERM, then SIGKILL after `grace`; returns its exit status.
  int stop(std::chrono::milliseconds grace = std::chrono::seconds(5));

  /// The child's process id.
  pid_t pid() const { return pid_; }
  /// Where its stdout and stderr go.
  const std::string& log_path() const { return log_path_; }
  /// The log's content so far (for failure messages).
  std::string log() const;

 private:
  bool reap(bool block);

  pid_t pid_ = -1;
  std::optional<int> status_;
  std::string log_path_;
};

/// A TCP port on 127.0.0.1 that was free a moment ago (bind port 0 and read it back).
uint16_t free_port();
/// A free port other than `taken` (the kernel may hand out a port just closed again).
uint16_t free_port_except(uint16_t taken);

}  // namespace centralita::testkit
