// Maps (method, path) to a handler. Patterns are literal segments and `{name}` parameters,
// e.g. "/api/v1/accounts/{id}/orders"; a parameter matches one non-empty segment and
// literal segments win over parameters. Matching is exact (no trailing-slash folding).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/http.h"

namespace sangsaeng::http {

// One registered route. Exactly one of handler / async_handler is set.
struct Route {
  Method method = Method::get;
  std::string pattern;
  Handler handler;
  AsyncHandler async_handler;
  RouteOptions options;
};

// Result of Router::match.
struct RouteMatch {
  // The route to run; nullptr if none. HEAD falls back to the GET route.
  const Route* route = nullptr;
  // True if some route has this path (so: 405 rather than 404 when route == nullptr).
  bool path_matched = false;
  // Methods registered for the path, for the Allow header, e.g. "GET, HEAD, POST". Only
  // filled when it is needed: route == nullptr, or method is OPTIONS.
  std::string allow;
  // The matched pattern (also set when only the path matched).
  std::string pattern;
  std::map<std::string, std::string> params;  // decoded path parameters
};

class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Registers a route. REQUIRES: before Server::start(); pattern starts with '/';
  // (method, pattern) not registered yet; a parameter at a given position has the same name
  // in every pattern. Violations throw std::logic_error (programmer error).
  void add(Method method, std::string_view pattern, Handler handler, RouteOptions options = {});
  void add_async(Method method, std::string_view pattern, AsyncHandler handler,
                 RouteOptions options = {});

  // Shorthands.
  void get(std::string_view pattern, Handler h, RouteOptions o = {}) {
    add(Method::get, pattern, std::move(h), o);
  }
  void post(std::string_view pattern, Handler h, RouteOptions o = {}) {
    add(Method::post, pattern, std::move(h), o);
  }

  // Finds the route for `method` and `encoded_path` (the raw path of the target, without
  // query, still percent-encoded; segments are decoded after splitting, so "%2F" stays
  // inside a parameter). Thread-safe once routes are no longer added.
  RouteMatch match(Method method, std::string_view encoded_path) const;

  // All registered routes (for an OpenAPI check, a route listing).
  std::vector<const Route*> routes() const;

 private:
  struct Node;
  Route& insert(Method method, std::string_view pattern);

  std::unique_ptr<Node> root_;
  std::vector<std::unique_ptr<Route>> routes_;
};

}  // namespace sangsaeng::http
