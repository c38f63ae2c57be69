#include "core/json.h"

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>
#include <cmath>

#include "core/time.h"

namespace sangsaeng {

namespace json = boost::json;

Result<json::object> parse_object(std::string_view body) {
  json::parse_options options;
  options.max_depth = 32;
  std::error_code ec;
  json::value v = json::parse(body, ec, {}, options);
  if (ec) {
    return Status(Code::bad_request, "malformed-json",
                  "The body is not valid JSON: " + ec.message());
  }
  if (!v.is_object()) {
    return Status(Code::bad_request, "malformed-json", "The body must be a JSON object");
  }
  return std::move(v.as_object());
}

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

namespace {
std::string_view trim_ascii(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}
bool has_control_chars(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7F) return true;
  return false;
}
}  // namespace

void FieldReader::add_error(std::string field, std::string message) {
  errors_.push_back({std::move(field), std::move(message)});
}

const json::value* FieldReader::find(std::string_view name, bool required) {
  const json::value* v = object_.if_contains(name);
  if (v != nullptr && v->is_null() && !required) return nullptr;
  if (v == nullptr || v->is_null()) {
    if (required) add_error(std::string(name), "is required");
    return nullptr;
  }
  return v;
}

std::optional<std::string> FieldReader::optional_string(std::string_view name, StringRule rule) {
  const json::value* v = find(name, false);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    add_error(std::string(name), "must be a string");
    return std::nullopt;
  }
  std::string_view s = v->as_string();
  if (rule.trim) s = trim_ascii(s);
  const std::size_t n = utf8_length(s);
  if (n < rule.min_chars) {
    add_error(std::string(name),
              rule.min_chars == 1
                  ? "must not be empty"
                  : "must be at least " + std::to_string(rule.min_chars) + " characters");
    return std::nullopt;
  }
  if (n > rule.max_chars) {
    add_error(std::string(name),
              "must be at most " + std::to_string(rule.max_chars) + " characters");
    return std::nullopt;
  }
  if (has_control_chars(s)) {
    add_error(std::string(name), "must not contain control characters");
    return std::nullopt;
  }
  return std::string(s);
}

std::string FieldReader::string(std::string_view name, StringRule rule) {
  if (!object_.contains(name) || object_.at(name).is_null()) {
    add_error(std::string(name), "is required");
    return {};
  }
  return optional_string(name, rule).value_or(std::string());
}

std::optional<std::int64_t> FieldReader::optional_integer(std::string_view name, std::int64_t min,
                                                          std::int64_t max) {
  const json::value* v = find(name, false);
  if (v == nullptr) return std::nullopt;
  std::int64_t out = 0;
  if (v->is_int64()) {
    out = v->as_int64();
  } else if (v->is_uint64()) {
    add_error(std::string(name), "is too large");
    return std::nullopt;
  } else if (v->is_double()) {
    const double d = v->as_double();
    if (!std::isfinite(d) || std::fabs(d) >= 9.2e18) {
      add_error(std::string(name), "is too large");
      return std::nullopt;
    }
    if (std::trunc(d) != d) {
      add_error(std::string(name), "must be a whole number");
      return std::nullopt;
    }
    out = static_cast<std::int64_t>(d);
  } else {
    add_error(std::string(name), "must be a number");
    return std::nullopt;
  }
  if (out < min || out > max) {
    add_error(std::string(name),
              "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return out;
}

std::int64_t FieldReader::integer(std::string_view name, std::int64_t min, std::int64_t max) {
  if (!object_.contains(name) || object_.at(name).is_null()) {
    add_error(std::string(name), "is required");
    return 0;
  }
  return optional_integer(name, min, max).value_or(0);
}

std::optional<bool> FieldReader::optional_boolean(std::string_view name) {
  const json::value* v = find(name, false);
  if (v == nullptr) return std::nullopt;
  if (!v->is_bool()) {
    add_error(std::string(name), "must be true or false");
    return std::nullopt;
  }
  return v->as_bool();
}

bool FieldReader::boolean(std::string_view name) {
  if (!object_.contains(name) || object_.at(name).is_null()) {
    add_error(std::string(name), "is required");
    return false;
  }
  return optional_boolean(name).value_or(false);
}

std::int64_t FieldReader::instant(std::string_view name) {
  const std::string text = string(name, {.min_chars = 1, .max_chars = 64});
  if (text.empty()) return 0;
  auto t = parse_rfc3339(text);
  if (!t) {
    add_error(std::string(name),
              "must be an RFC 3339 time with offset, e.g. 2026-12-02T10:00:00+09:00");
    return 0;
  }
  return *t;
}

std::string FieldReader::one_of(std::string_view name,
                                std::initializer_list<std::string_view> allowed) {
  const std::string s = string(name, {.min_chars = 1, .max_chars = 64});
  if (s.empty()) return s;
  for (auto a : allowed)
    if (a == s) return s;
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  add_error(std::string(name), "must be one of: " + list);
  return {};
}

void FieldReader::reject_unknown(std::initializer_list<std::string_view> known) {
  for (const auto& kv : object_) {
    bool found = false;
    for (auto k : known) found = found || kv.key() == k;
    if (!found) add_error(std::string(kv.key()).substr(0, 64), "is not a known field");
  }
}

}  // namespace sangsaeng
