#include "support/app_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "support/temp_postgres.h"

namespace sangsaeng::testing {

CommandResult run_command(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  std::string out;
  std::array<char, 4096> buf;
  while (std::fgets(buf.data(), buf.size(), pipe) != nullptr) out += buf.data();
  const int status = ::pclose(pipe);
  return {WEXITSTATUS(status), out};
}

AppProcess::AppProcess(const std::string& binary, const std::string& command,
                       const std::string& db_url,
                       const std::vector<std::pair<std::string, std::string>>& env)
    : log_(make_temp_dir("ss-app-") + "/out.log") {
  pid_ = ::fork();
  if (pid_ == 0) {
    const int fd = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::setenv("SANGSAENG_LOG_LEVEL", "warn", 1);
    for (const char* limit : {"SANGSAENG_RATE_PER_ADDRESS_PER_S", "SANGSAENG_BURST_PER_ADDRESS",
                              "SANGSAENG_RATE_PER_ACCOUNT_PER_S", "SANGSAENG_BURST_PER_ACCOUNT",
                              "SANGSAENG_LOGIN_RATE_PER_ADDRESS_PER_MIN"})
      ::setenv(limit, "1000000", 1);
    for (const auto& [name, value] : env) ::setenv(name.c_str(), value.c_str(), 1);
    ::execl(binary.c_str(), binary.c_str(), command.c_str(), "--db", db_url.c_str(), "--port", "0",
            "--threads", "4", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  for (int i = 0; i < 600 && port_ == 0; ++i) {  // at most a minute
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::ifstream in(log_);
    std::string line;
    while (std::getline(in, line))
      if (auto at = line.find("listening on http://127.0.0.1:"); at != std::string::npos)
        port_ = static_cast<std::uint16_t>(std::stoi(line.substr(at + 30)));
  }
  if (port_ == 0) {
    kill9();
    throw std::runtime_error("the server did not start; see " + log_);
  }
}

AppProcess::~AppProcess() {
  if (pid_ > 0) kill9();
}

void AppProcess::kill9() {
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace sangsaeng::testing
