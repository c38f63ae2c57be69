#include "http/router.h"

#include <array>
#include <stdexcept>

namespace sangsaeng::http {
namespace {

constexpr std::size_t kMethods = 7;
constexpr std::array<Method, kMethods> kMethodOrder{Method::get,    Method::head,  Method::post,
                                                    Method::put,    Method::patch, Method::delete_,
                                                    Method::options};

std::size_t index_of(Method m) {
  return static_cast<std::size_t>(m);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes one path segment; an invalid escape is kept as is.
std::string decode_segment(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]);
      int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

// "/a/b" -> {"a","b"}; "/" -> {}; "/a/" -> {"a",""}. REQUIRES: path starts with '/'.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.size() <= 1) return out;
  path.remove_prefix(1);
  for (;;) {
    std::size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

}  // namespace

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  std::unique_ptr<Node> param;
  std::string param_name;
  std::array<Route*, kMethods> methods{};
  std::string pattern;

  bool terminal() const {
    for (Route* r : methods) {
      if (r != nullptr) return true;
    }
    return false;
  }
};

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;

Route& Router::insert(Method method, std::string_view pattern) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::logic_error("route pattern must start with '/': " + std::string(pattern));
  }
  Node* node = root_.get();
  for (std::string_view seg : split_path(pattern)) {
    if (seg.size() >= 2 && seg.front() == '{' && seg.back() == '}') {
      std::string name(seg.substr(1, seg.size() - 2));
      if (!node->param) {
        node->param = std::make_unique<Node>();
        node->param_name = name;
      } else if (node->param_name != name) {
        throw std::logic_error("route parameter {" + name + "} conflicts with {" +
                               node->param_name + "} in " + std::string(pattern));
      }
      node = node->param.get();
    } else {
      auto it = node->literals.find(seg);
      if (it == node->literals.end()) {
        it = node->literals.emplace(std::string(seg), std::make_unique<Node>()).first;
      }
      node = it->second.get();
    }
  }
  if (node->methods[index_of(method)] != nullptr) {
    throw std::logic_error("route registered twice: " + std::string(to_string(method)) + " " +
                           std::string(pattern));
  }
  node->pattern = pattern;
  auto route = std::make_unique<Route>();
  route->method = method;
  route->pattern = pattern;
  node->methods[index_of(method)] = route.get();
  routes_.push_back(std::move(route));
  return *routes_.back();
}

void Router::add(Method method, std::string_view pattern, Handler handler, RouteOptions options) {
  if (!handler) throw std::logic_error("empty handler for " + std::string(pattern));
  Route& r = insert(method, pattern);
  r.handler = std::move(handler);
  r.options = options;
}

void Router::add_async(Method method, std::string_view pattern, AsyncHandler handler,
                       RouteOptions options) {
  if (!handler) throw std::logic_error("empty handler for " + std::string(pattern));
  Route& r = insert(method, pattern);
  r.async_handler = std::move(handler);
  r.options = options;
}

RouteMatch Router::match(Method method, std::string_view encoded_path) const {
  RouteMatch result;
  if (encoded_path.empty() || encoded_path.front() != '/') return result;
  const std::vector<std::string_view> segments = split_path(encoded_path);

  auto route_for = [method](const Node& n) -> Route* {
    Route* r = n.methods[index_of(method)];
    if (r == nullptr && method == Method::head) r = n.methods[index_of(Method::get)];
    return r;
  };

  const Node* found = nullptr;
  const Node* first_terminal = nullptr;
  std::vector<std::pair<std::string, std::string>> params;
  std::vector<std::pair<std::string, std::string>> first_params;

  // Depth-first, literals before the parameter; bounded by the number of segments.
  auto walk = [&](auto&& self, const Node& node, std::size_t depth) -> bool {
    if (depth == segments.size()) {
      if (!node.terminal()) return false;
      if (route_for(node) != nullptr) {
        found = &node;
        return true;
      }
      if (first_terminal == nullptr) {
        first_terminal = &node;
        first_params = params;
      }
      return false;
    }
    std::string_view raw = segments[depth];
    // Most segments need no decoding: look them up without allocating.
    std::string decoded;
    if (raw.find('%') != std::string_view::npos) {
      decoded = decode_segment(raw);
      raw = decoded;
    }
    auto it = node.literals.find(raw);
    if (it != node.literals.end() && self(self, *it->second, depth + 1)) return true;
    if (node.param && !raw.empty()) {
      params.emplace_back(node.param_name, std::string(raw));
      if (self(self, *node.param, depth + 1)) return true;
      params.pop_back();
    }
    return false;
  };
  walk(walk, *root_, 0);

  const Node* node = found != nullptr ? found : first_terminal;
  if (node == nullptr) return result;
  if (found == nullptr) params = std::move(first_params);
  result.path_matched = true;
  result.pattern = node->pattern;
  result.route = found != nullptr ? route_for(*found) : nullptr;
  for (auto& [k, v] : params) result.params.emplace(std::move(k), std::move(v));
  if (result.route != nullptr && method != Method::options) return result;  // no Allow needed
  bool has_get = node->methods[index_of(Method::get)] != nullptr;
  for (Method m : kMethodOrder) {
    bool present = node->methods[index_of(m)] != nullptr || (m == Method::head && has_get);
    if (!present) continue;
    if (!result.allow.empty()) result.allow += ", ";
    result.allow += to_string(m);
  }
  return result;
}

std::vector<const Route*> Router::routes() const {
  std::vector<const Route*> out;
  out.reserve(routes_.size());
  for (const auto& r : routes_) out.push_back(r.get());
  return out;
}

}  // namespace sangsaeng::http
