// A real PostgreSQL 15 server for tests, started from Debian's server binaries in a
// temporary directory on a free port, stopped (and the directory removed) at destruction.
// PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user.
#pragma once

#include <memory>
#include <string>

namespace sangsaeng::testing {

class TempPostgres {
 public:
  // Starts the server; throws std::runtime_error with initdb/pg_ctl output on failure.
  TempPostgres();
  ~TempPostgres();
  TempPostgres(const TempPostgres&) = delete;
  TempPostgres& operator=(const TempPostgres&) = delete;

  // A fresh, empty database on this server: "postgresql://postgres@127.0.0.1:PORT/NAME".
  std::string create_database(const std::string& name);
  int port() const { return port_; }
  // Stops the server (fast shutdown: clients are disconnected) and starts it again on the same
  // data directory and port, as an operator's restart does. Throw on failure.
  void stop();
  void start();

  // One server per test process, started on first use.
  static TempPostgres& shared();

 private:
  std::string dir_;
  int port_ = 0;
};

// A fresh SQLite URL in a new temporary directory (removed at process exit is not
// guaranteed; directories live under /tmp).
std::string temp_sqlite_url();
// A fresh temporary directory.
std::string make_temp_dir(const std::string& prefix);

}  // namespace sangsaeng::testing
