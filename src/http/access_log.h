// The access log: one JSON line per request,
//   {"ts":"2026-01-07T01:00:00.123Z","request_id":..,"method":"GET","path":..,"route":..,
//    "status":200,"duration_ms":1.234,"bytes":..,"remote":..}
// through a named spdlog logger. Thread-safe.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "http/http.h"

namespace spdlog {
class logger;
}

namespace sangsaeng::http {

class AccessLog {
 public:
  // Uses the spdlog logger `name`, or creates and registers one writing to stdout, buffered
  // (flush() writes it out; one write(2) per line would cost as much as the request).
  explicit AccessLog(const std::string& name);

  // One line for `req`; method "-" when the request line was never parsed.
  void write(const Request& req, int status, std::size_t bytes, double duration_s);
  void flush();

 private:
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace sangsaeng::http
