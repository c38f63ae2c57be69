// A tiny blocking HTTP/1.1 client on raw sockets, for black-box tests of the server.
// Every read has a timeout so a server bug fails the test instead of hanging it.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace sangsaeng::http::test {

struct ClientResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names; repeated ones joined ", "
  std::string body;
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class Connection {
 public:
  // Connects to 127.0.0.1:port; `receive_buffer_bytes` > 0 shrinks SO_RCVBUF (slow readers).
  explicit Connection(std::uint16_t port, int receive_buffer_bytes = 0);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Sends raw bytes; false on error.
  bool send(const std::string& bytes);
  // Reads one response (Content-Length or chunked or until close). nullopt on timeout/close.
  // `head_only` for responses to HEAD (no body whatever Content-Length says).
  std::optional<ClientResponse> read_response(bool head_only = false);
  // Reads whatever arrives within `wait`; "" on timeout; sets closed() on EOF/error.
  std::string read_some(std::chrono::milliseconds wait);
  // True once the server closed the connection (EOF or reset seen).
  bool closed() const { return closed_; }
  // Waits until the server closes the connection; false if it is still open after `wait`.
  bool wait_closed(std::chrono::milliseconds wait);

  // A GET (or another method) with Host, optional extra header lines ("Name: value\r\n").
  std::optional<ClientResponse> request(const std::string& method, const std::string& target,
                                        const std::string& extra_headers = {},
                                        const std::string& body = {});

 private:
  bool fill(std::chrono::milliseconds wait);

  int fd_ = -1;
  bool closed_ = false;
  std::string pending_;
};

// One request on a fresh connection.
std::optional<ClientResponse> fetch(std::uint16_t port, const std::string& method,
                                    const std::string& target,
                                    const std::string& extra_headers = {},
                                    const std::string& body = {});

}  // namespace sangsaeng::http::test
