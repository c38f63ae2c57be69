#include "http/access_log.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace sangsaeng::http {
namespace {

// stdout without a flush per line (spdlog's stdout sinks flush every message); the server's
// sweeper flushes it once a second, and stop() at the end.
class BufferedStdoutSink : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    std::fwrite(formatted.data(), 1, formatted.size(), stdout);
  }
  void flush_() override { std::fflush(stdout); }
};

// RFC 3339 UTC with milliseconds; the date-time part is formatted once per second per thread.
std::string utc_timestamp() {
  thread_local std::time_t cached_secs = -1;
  thread_local char cached[32];
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  if (secs != cached_secs) {
    std::tm tm{};
    gmtime_r(&secs, &tm);
    std::strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &tm);
    cached_secs = secs;
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s.%03dZ", cached, static_cast<int>(ms % 1000));
  return buf;
}

}  // namespace

AccessLog::AccessLog(const std::string& name) : logger_(spdlog::get(name)) {
  if (logger_) return;
  logger_ = std::make_shared<spdlog::logger>(name, std::make_shared<BufferedStdoutSink>());
  logger_->set_pattern("%v");
  try {
    spdlog::register_logger(logger_);
  } catch (const spdlog::spdlog_ex&) {
    // Registered meanwhile by another server in this process: use that one.
    if (auto existing = spdlog::get(name)) logger_ = existing;
  }
}

void AccessLog::write(const Request& req, int status, std::size_t bytes, double duration_s) {
  std::string_view route = req.route;
  std::string_view method = req.target.empty() && req.path.empty() ? "-" : to_string(req.method);
  logger_->info(
      "{{\"ts\":\"{}\",\"request_id\":\"{}\",\"method\":\"{}\",\"path\":\"{}\",\"route\":\"{}\","
      "\"status\":{},\"duration_ms\":{:.3f},\"bytes\":{},\"remote\":\"{}\"}}",
      utc_timestamp(), json_escape(req.request_id), method, json_escape(req.path),
      json_escape(route), status, duration_s * 1000.0, bytes, json_escape(req.remote_addr));
}

void AccessLog::flush() {
  logger_->flush();
}

}  // namespace sangsaeng::http
