#include "http/test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sangsaeng::http::test {
namespace {

constexpr std::chrono::milliseconds kReadTimeout{5000};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

Connection::Connection(std::uint16_t port, int receive_buffer_bytes) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) return;
  if (receive_buffer_bytes > 0) {
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer_bytes, sizeof receive_buffer_bytes);
  }
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

Connection::~Connection() {
  if (fd_ >= 0) ::close(fd_);
}

bool Connection::send(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

bool Connection::fill(std::chrono::milliseconds wait) {
  if (closed_ || fd_ < 0) return false;
  pollfd p{fd_, POLLIN, 0};
  int r = ::poll(&p, 1, static_cast<int>(wait.count()));
  if (r <= 0) return false;
  char buf[16384];
  ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) {
    closed_ = true;
    return false;
  }
  pending_.append(buf, static_cast<std::size_t>(n));
  return true;
}

std::string Connection::read_some(std::chrono::milliseconds wait) {
  if (pending_.empty()) fill(wait);
  std::string out;
  out.swap(pending_);
  return out;
}

bool Connection::wait_closed(std::chrono::milliseconds wait) {
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (!closed_ && std::chrono::steady_clock::now() < deadline) {
    fill(std::chrono::milliseconds(50));
    pending_.clear();
  }
  return closed_;
}

std::optional<ClientResponse> Connection::read_response(bool head_only) {
  std::size_t end;
  while ((end = pending_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill(kReadTimeout)) return std::nullopt;
  }
  std::string head = pending_.substr(0, end);
  pending_.erase(0, end + 4);
  ClientResponse res;
  std::size_t line_end = head.find("\r\n");
  std::string status_line = head.substr(0, line_end);
  if (status_line.size() < 12) return std::nullopt;
  res.status = std::stoi(status_line.substr(9, 3));
  std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    std::size_t next = head.find("\r\n", pos);
    if (next == std::string::npos) next = head.size();
    std::string line = head.substr(pos, next - pos);
    std::size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = lower(line.substr(0, colon));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      auto& slot = res.headers[name];
      slot = slot.empty() ? value : slot + ", " + value;
    }
    pos = next + 2;
  }
  if (head_only || res.status == 204 || res.status == 304 || res.status < 200) return res;
  if (res.headers.count("content-length")) {
    std::size_t n = std::stoul(res.headers["content-length"]);
    while (pending_.size() < n) {
      if (!fill(kReadTimeout)) return std::nullopt;
    }
    res.body = pending_.substr(0, n);
    pending_.erase(0, n);
  } else if (lower(res.header("transfer-encoding")) == "chunked") {
    for (;;) {
      std::size_t eol;
      while ((eol = pending_.find("\r\n")) == std::string::npos) {
        if (!fill(kReadTimeout)) return std::nullopt;
      }
      std::size_t size = std::stoul(pending_.substr(0, eol), nullptr, 16);
      while (pending_.size() < eol + 2 + size + 2) {
        if (!fill(kReadTimeout)) return std::nullopt;
      }
      res.body += pending_.substr(eol + 2, size);
      pending_.erase(0, eol + 2 + size + 2);
      if (size == 0) break;
    }
  } else {
    while (fill(kReadTimeout)) {
    }
    res.body.swap(pending_);
  }
  return res;
}

std::optional<ClientResponse> Connection::request(const std::string& method,
                                                  const std::string& target,
                                                  const std::string& extra_headers,
                                                  const std::string& body) {
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers;
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += "\r\n" + body;
  if (!send(req)) return std::nullopt;
  return read_response(method == "HEAD");
}

std::optional<ClientResponse> fetch(std::uint16_t port, const std::string& method,
                                    const std::string& target, const std::string& extra_headers,
                                    const std::string& body) {
  Connection c(port);
  if (!c.connected()) return std::nullopt;
  return c.request(method, target, extra_headers, body);
}

}  // namespace sangsaeng::http::test
