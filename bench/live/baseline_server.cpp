// The reference of bench/live: the same HTTP server (ss_http) and SSE channel options as the
// app's live pages (src/api/server.cpp's Topics), with nothing behind them. GET /stream
// subscribes to the one channel (its first frame replayed, as a live page's snapshot is);
// POST /tick?seq=N publishes `{"seq":N}` at once and then answers. No database, no JSON work.
//
// Usage: live_baseline_server <port> <threads>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "http/server.h"
#include "http/sse.h"

using namespace sangsaeng::http;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s <port> <threads>\n", argv[0]);
    return 2;
  }
  ServerOptions options;
  options.port = static_cast<std::uint16_t>(std::atoi(argv[1]));
  options.threads = std::atoi(argv[2]);
  options.stop_on_signals = true;
  options.shutdown_grace_ms = 1000;
  options.connections_max = 20'000;
  options.access_log_name.clear();
  auto channel = SseChannel::create(SseOptions{.subscribers_max = 20'000,
                                               .queued_bytes_max = 64 * 1024,
                                               .heartbeat_ms = 15'000,
                                               .replay_last = true});
  channel->set_replay("snapshot", R"({"seq":0})");
  Router router;
  Metrics metrics;
  router.get("/healthz", [](Request&) { return Response::json(200, R"({"status":"ok"})"); });
  router.get("/stream", [&](Request&) { return Response::event_stream(channel); });
  router.post("/tick", [&](Request& req) {
    const auto it = req.query.find("seq");
    const std::string seq = it == req.query.end() ? "0" : it->second;
    channel->publish("snapshot", "{\"seq\":" + std::to_string(std::atoll(seq.c_str())) + "}");
    return Response::json(200, R"({"ok":true})");
  });
  Server server(options, router, metrics);
  server.start();
  std::fprintf(stderr, "live_baseline_server listening on %u\n", server.port());
  server.wait();
  channel->close();
  return 0;
}
