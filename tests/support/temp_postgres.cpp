#include "support/temp_postgres.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace sangsaeng::testing {

namespace {

const char* kBinDir = "/usr/lib/postgresql/15/bin";

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const int port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

// Runs a shell command (as the postgres user when we are root); returns its output.
std::string run(const std::string& command, int& status) {
  const std::string as_user =
      ::geteuid() == 0 ? "runuser -u postgres -- sh -c '" + command + "' 2>&1" : command + " 2>&1";
  std::string output;
  FILE* pipe = ::popen(as_user.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed");
  std::array<char, 4096> buf;
  while (std::fgets(buf.data(), buf.size(), pipe) != nullptr) output += buf.data();
  status = ::pclose(pipe);
  return output;
}

void must_run(const std::string& command) {
  int status = 0;
  const std::string out = run(command, status);
  if (status != 0) throw std::runtime_error("command failed: " + command + "\n" + out);
}

}  // namespace

std::string make_temp_dir(const std::string& prefix) {
  std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "XXXXXX")).string();
  if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

std::string temp_sqlite_url() {
  return "sqlite://" + make_temp_dir("ss-sqlite-") + "/test.db";
}

TempPostgres::TempPostgres() {
  dir_ = make_temp_dir("ss-pg-");
  if (::geteuid() == 0) {
    if (std::system(("chown postgres:postgres " + dir_).c_str()) != 0)
      throw std::runtime_error("cannot chown " + dir_ + " to postgres");
  }
  port_ = free_port();
  must_run(std::string(kBinDir) + "/initdb -D " + dir_ +
           "/data -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync");
  start();
}

void TempPostgres::start() {
  must_run(std::string(kBinDir) + "/pg_ctl -D " + dir_ + "/data -l " + dir_ +
           "/log -w -t 60 -o \"-p " + std::to_string(port_) + " -k " + dir_ +
           " -c listen_addresses=127.0.0.1 -c max_connections=200\" start");
}

void TempPostgres::stop() {
  must_run(std::string(kBinDir) + "/pg_ctl -D " + dir_ + "/data -m fast -w -t 60 stop");
}

TempPostgres::~TempPostgres() {
  int status = 0;
  run(std::string(kBinDir) + "/pg_ctl -D " + dir_ + "/data -m immediate -w -t 30 stop", status);
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string TempPostgres::create_database(const std::string& name) {
  must_run("/usr/bin/psql -h 127.0.0.1 -p " + std::to_string(port_) +
           " -U postgres -d postgres -q -c \"CREATE DATABASE " + name + "\"");
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + name;
}

TempPostgres& TempPostgres::shared() {
  // Destroyed at exit, which stops the server.
  static TempPostgres server;
  return server;
}

}  // namespace sangsaeng::testing
