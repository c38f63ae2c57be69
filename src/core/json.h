// JSON request reading with field-level errors (Boost.JSON underneath).
// Every API handler parses its body with parse_object() and reads fields through
// FieldReader, so malformed JSON, wrong types, missing fields, huge numbers and bad UTF-8
// all become the same clear 4xx problem, never an exception.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sangsaeng {

// Parses a request body that must be one JSON object. Rejects malformed JSON, invalid UTF-8,
// nesting deeper than 32, and anything but an object (Code::bad_request, slug "malformed-json").
Result<boost::json::object> parse_object(std::string_view body);

struct StringRule {
  std::size_t min_chars = 1;    // counted in Unicode code points
  std::size_t max_chars = 200;  // bounds every stored string
  bool trim = true;             // strip leading and trailing ASCII whitespace first
};

// Reads typed fields from an object and collects one error per bad field.
// Accessors return a neutral value on error; check ok() before using any of them.
class FieldReader {
 public:
  explicit FieldReader(const boost::json::object& object) : object_(object) {}

  std::string string(std::string_view name, StringRule rule = {});
  std::optional<std::string> optional_string(std::string_view name, StringRule rule = {});
  // An integer in [min, max]; rejects fractions, exponents that are not integers, and
  // numbers outside int64 (a huge number is a field error, not a wrap).
  std::int64_t integer(std::string_view name, std::int64_t min, std::int64_t max);
  std::optional<std::int64_t> optional_integer(std::string_view name, std::int64_t min,
                                               std::int64_t max);
  bool boolean(std::string_view name);
  std::optional<bool> optional_boolean(std::string_view name);
  // An RFC 3339 instant in UTC microseconds.
  std::int64_t instant(std::string_view name);
  // One of the given values.
  std::string one_of(std::string_view name, std::initializer_list<std::string_view> allowed);
  // Every key not in `known` is an error ("unknown field"), so typos do not pass silently.
  void reject_unknown(std::initializer_list<std::string_view> known);

  void add_error(std::string field, std::string message);
  bool ok() const { return errors_.empty(); }
  Status status() const { return errors_.empty() ? Status() : Status::invalid(errors_); }

 private:
  const boost::json::value* find(std::string_view name, bool required);
  const boost::json::object& object_;
  std::vector<FieldError> errors_;
};

// Counts Unicode code points of valid UTF-8 (Boost.JSON has already validated it).
std::size_t utf8_length(std::string_view text);

}  // namespace sangsaeng
