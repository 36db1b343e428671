#include "tests/support/child_process.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace centralita::testkit {

namespace {

std::string default_log_path(const std::string& binary) {
  static std::atomic<int> counter{0};
  const char* tmp = std::getenv("TMPDIR");
  std::string dir = (tmp != nullptr && *tmp != '\0') ? tmp : "/tmp";
  std::string name = binary.substr(binary.find_last_of('/') + 1);
  return dir + "/centralita-" + name + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(counter++) + ".log";
}

// The parent's environment with `extra` set on top, as "KEY=VALUE" strings.
std::vector<std::string> merged_environment(const environment_vars& extra) {
  std::vector<std::string> out;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry{*e};
    std::string key = entry.substr(0, entry.find('='));
    bool overridden = false;
    for (const auto& [k, v] : extra) overridden = overridden || k == key;
    if (!overridden) out.push_back(std::move(entry));
  }
  for (const auto& [k, v] : extra) out.push_back(k + "=" + v);
  return out;
}

std::vector<char*> pointers(std::vector<std::string>& items) {
  std::vector<char*> out;
  out.reserve(items.size() + 1);
  for (auto& s : items) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

int decode(int raw) {
  if (WIFEXITED(raw)) return WEXITSTATUS(raw);
  if (WIFSIGNALED(raw)) return 128 + WTERMSIG(raw);
  return raw;
}

}  // namespace

child_process::child_process(const std::string& binary, const std::vector<std::string>& args,
                             const environment_vars& env, std::string log_path)
    : log_path_(log_path.empty() ? default_log_path(binary) : std::move(log_path)) {
  // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
  std::vector<std::string> argv_strings{binary};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<std::string> env_strings = merged_environment(env);
  std::vector<char*> argv = pointers(argv_strings);
  std::vector<char*> envp = pointers(env_strings);
  std::string exec_failed = "child_process: exec failed: " + binary + "\n";

  int log_fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    throw std::runtime_error("child_process: cannot open " + log_path_ + ": " +
                             std::strerror(errno));
  }
  int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(126);  // the parent died before prctl took effect
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::execvpe(argv[0], argv.data(), envp.data());
    ssize_t ignored = ::write(STDERR_FILENO, exec_failed.data(), exec_failed.size());
    (void)ignored;
    ::_exit(127);
  }
  int fork_errno = errno;
  ::close(log_fd);
  if (null_fd >= 0) ::close(null_fd);
  if (pid_ < 0) {
    throw std::runtime_error(std::string{"child_process: fork failed: "} +
                             std::strerror(fork_errno));
  }
}

child_process::~child_process() {
  if (pid_ > 0) stop();
}

child_process::child_process(child_process&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      status_(std::exchange(other.status_, std::nullopt)),
      log_path_(std::move(other.log_path_)) {}

bool child_process::reap(bool block) {
  if (status_ || pid_ <= 0) return true;
  int raw = 0;
  pid_t r;
  do {
    r = ::waitpid(pid_, &raw, block ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == 0) return false;
  status_ = r == pid_ ? decode(raw) : -1;  // -1: someone else reaped it
  return true;
}

void child_process::kill(int sig) {
  if (pid_ > 0 && !status_) ::kill(pid_, sig);
}

int child_process::wait() {
  reap(true);
  return status_.value_or(-1);
}

std::optional<int> child_process::wait_for(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!reap(false)) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return status_.value_or(-1);
}

bool child_process::running() { return !reap(false); }

int child_process::stop(std::chrono::milliseconds grace) {
  if (running()) {
    kill(SIGTERM);
    if (!wait_for(grace)) {
      kill(SIGKILL);
      return wait();
    }
  }
  return status_.value_or(-1);
}

std::string child_process::log() const {
  std::ifstream in{log_path_, std::ios::binary};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string{"free_port: socket: "} + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  int err = errno;
  ::close(fd);
  if (!ok) throw std::runtime_error(std::string{"free_port: "} + std::strerror(err));
  return ntohs(addr.sin_port);
}

uint16_t free_port_except(uint16_t taken) {
  for (;;) {
    if (auto port = free_port(); port != taken) return port;
  }
}

}  // namespace centralita::testkit
