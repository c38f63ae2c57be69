// Request parsing: pure functions from what a client sent to the fields of a Request, or to
// the problem that answers it. No I/O and no Beast/Asio types; the connection calls them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/http.h"

namespace boost::system {
class error_code;
}

namespace sangsaeng::http {

// Sets req.method, req.path and req.query from the request line (req.target is the target
// as sent). Returns the answer if the request cannot be handled: 501 "method-not-implemented"
// for a method outside Method (names are case-sensitive), 400 "malformed-request" for a
// target that is not an origin-form URI (req.path then holds the raw path, for the log).
std::optional<Response> parse_request_line(std::string_view method, std::string_view target,
                                           Request& req);

// The request id: the client's X-Request-Id if sane (1..128 characters of A-Z a-z 0-9 - _ . :,
// so it cannot break a log line), else a new random one of 16 hex digits.
std::string request_id_for(const Request& req);
std::string new_request_id();

// The client's address: `peer`, or with trust_proxy_headers the X-Real-IP header, else the
// last X-Forwarded-For entry (the one our proxy appended). A header value that is not an
// IPv4/IPv6 address in text is ignored, so it cannot pollute logs or rate-limit keys.
std::string client_address(const Request& req, std::string_view peer, bool trust_proxy_headers);

// The answer to a request whose reading failed with `ec` (a Beast parser or socket error):
// 431 "header-too-large", 413 "body-too-large", 400 "malformed-request"; nullopt when the
// connection should just close (the client left, or the socket failed).
std::optional<Response> problem_for_read_error(const boost::system::error_code& ec);
// 408 "request-timeout": the client started a request and did not finish it in time.
Response request_timeout_problem();

}  // namespace sangsaeng::http
