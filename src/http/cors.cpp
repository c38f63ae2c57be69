#include "http/cors.h"

#include <algorithm>

namespace sangsaeng::http {
namespace {

constexpr std::string_view kAllMethods = "GET, HEAD, POST, PUT, PATCH, DELETE";
// Seconds a browser may cache a preflight answer.
constexpr std::string_view kPreflightMaxAgeS = "600";

bool listed(const std::vector<std::string>& allowed_origins, std::string_view origin) {
  return !origin.empty() &&
         std::find(allowed_origins.begin(), allowed_origins.end(), origin) != allowed_origins.end();
}

}  // namespace

std::optional<Response> cors_preflight(const Request& req,
                                       const std::vector<std::string>& allowed_origins,
                                       std::string_view allow) {
  std::string_view origin = req.header("Origin");
  if (req.method != Method::options || allowed_origins.empty() || origin.empty() ||
      req.header("Access-Control-Request-Method").empty()) {
    return std::nullopt;
  }
  Response res = Response::empty(204);
  if (!listed(allowed_origins, origin)) return res;
  res.header("Access-Control-Allow-Methods", std::string(allow.empty() ? kAllMethods : allow))
      .header("Access-Control-Max-Age", std::string(kPreflightMaxAgeS));
  if (std::string_view headers = req.header("Access-Control-Request-Headers"); !headers.empty()) {
    res.header("Access-Control-Allow-Headers", std::string(headers));
  }
  return res;
}

void add_cors_headers(const Request& req, const std::vector<std::string>& allowed_origins,
                      Response& res) {
  std::string_view origin = req.header("Origin");
  if (!listed(allowed_origins, origin)) return;
  res.header("Access-Control-Allow-Origin", std::string(origin));
  res.header("Access-Control-Allow-Credentials", "true");
  res.header("Vary", "Origin");
}

}  // namespace sangsaeng::http
