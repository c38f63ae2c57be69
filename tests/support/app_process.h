// A running `sangsaeng` process (the real binary) for tests: output in a file (a pipe nobody
// drains would block the server once full), a free port, rate limits lifted (one test client
// address sends everything).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sangsaeng::testing {

// What a command printed (standard output and error, when the command line sends 2>&1 there)
// and its exit status.
struct CommandResult {
  int status;
  std::string output;
};

// Runs a shell command line to its end.
CommandResult run_command(const std::string& command);

class AppProcess {
 public:
  // Runs `binary command --db db_url --port 0 --threads 4`, with `env` set on top of the
  // lifted limits, and waits (a minute at most) until it listens. Throws std::runtime_error
  // naming the log file otherwise.
  AppProcess(const std::string& binary, const std::string& command, const std::string& db_url,
             const std::vector<std::pair<std::string, std::string>>& env = {});
  // SIGKILL if still running.
  ~AppProcess();
  AppProcess(const AppProcess&) = delete;
  AppProcess& operator=(const AppProcess&) = delete;

  void kill9();
  std::uint16_t port() const { return port_; }
  // The server process (its /proc/PID/status tells its memory).
  pid_t pid() const { return pid_; }
  const std::string& log_path() const { return log_; }

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::string log_;
};

}  // namespace sangsaeng::testing
