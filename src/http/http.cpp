#include "http/http.h"

#include <array>
#include <cassert>

namespace sangsaeng::http {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view to_string(Method method) {
  switch (method) {
    case Method::get:
      return "GET";
    case Method::head:
      return "HEAD";
    case Method::post:
      return "POST";
    case Method::put:
      return "PUT";
    case Method::patch:
      return "PATCH";
    case Method::delete_:
      return "DELETE";
    case Method::options:
      return "OPTIONS";
  }
  return "GET";
}

std::optional<Method> parse_method(std::string_view name) {
  static constexpr std::array kAll{Method::get,   Method::head,    Method::post,   Method::put,
                                   Method::patch, Method::delete_, Method::options};
  for (Method m : kAll) {
    if (to_string(m) == name) return m;
  }
  return std::nullopt;
}

std::string_view Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return {};
}

std::string_view Request::cookie(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (!iequals(key, "cookie")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      std::size_t semi = rest.find(';');
      std::string_view pair = trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      std::size_t eq = pair.find('=');
      if (eq == std::string_view::npos) continue;
      if (trim(pair.substr(0, eq)) != name) continue;
      std::string_view v = trim(pair.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return v;
    }
  }
  return {};
}

Response Response::json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Type", "application/json");
  return r;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Type", std::move(content_type));
  return r;
}

Response Response::empty(int status) {
  Response r;
  r.status = status;
  return r;
}

Response Response::event_stream(std::shared_ptr<SseChannel> channel) {
  assert(channel != nullptr);
  Response r;
  r.status = 200;
  r.stream = std::move(channel);
  return r;
}

Response& Response::header(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

std::string_view Response::header_value(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return {};
}

std::string json_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[(c >> 4) & 0xf];
          out += kHex[c & 0xf];
        } else {
          out += c;
        }
    }
  }
  return out;
}

Response problem(const Problem& p) {
  std::string body;
  body.reserve(128 + p.detail.size());
  body += "{\"type\":\"";
  body += kProblemTypeBase;
  body += json_escape(p.slug);
  body += "\",\"title\":\"";
  body += json_escape(p.title);
  body += "\",\"status\":";
  body += std::to_string(p.status);
  if (!p.detail.empty()) {
    body += ",\"detail\":\"";
    body += json_escape(p.detail);
    body += '"';
  }
  if (!p.instance.empty()) {
    body += ",\"instance\":\"";
    body += json_escape(p.instance);
    body += '"';
  }
  if (!p.errors.empty()) {
    body += ",\"errors\":[";
    for (std::size_t i = 0; i < p.errors.size(); ++i) {
      if (i > 0) body += ',';
      body += "{\"field\":\"";
      body += json_escape(p.errors[i].field);
      body += "\",\"message\":\"";
      body += json_escape(p.errors[i].message);
      body += "\"}";
    }
    body += ']';
  }
  body += '}';
  return Response::text(p.status, std::move(body), "application/problem+json");
}

Response problem(int status, std::string_view slug, std::string_view title, std::string_view detail,
                 std::vector<FieldError> errors) {
  Problem p;
  p.status = status;
  p.slug = slug;
  p.title = title;
  p.detail = detail;
  p.errors = std::move(errors);
  return problem(p);
}

}  // namespace sangsaeng::http
