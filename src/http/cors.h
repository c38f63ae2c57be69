// CORS for the origins of ServerOptions::cors_allowed_origins (empty = CORS off): preflight
// answers and the headers every response to an allowed origin carries. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/http.h"

namespace sangsaeng::http {

// The answer to a CORS preflight (OPTIONS with Origin and Access-Control-Request-Method), or
// nullopt if `req` is not one or CORS is off. A preflight is always answered 204, before any
// middleware; only a listed origin gets the Allow-* headers (`allow`: the route's methods,
// "" when no route matched).
std::optional<Response> cors_preflight(const Request& req,
                                       const std::vector<std::string>& allowed_origins,
                                       std::string_view allow);

// Adds Access-Control-Allow-Origin/-Credentials and Vary when `req` comes from a listed origin.
void add_cors_headers(const Request& req, const std::vector<std::string>& allowed_origins,
                      Response& res);

}  // namespace sangsaeng::http
