// Status and Result: expected outcomes as values (style.md, rule 2).
// A Status is ok or carries a code, a human message and, for validation, field errors.
// Exceptions are for infrastructure failure only and become a problem response at the edge.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace sangsaeng {

// Stable codes; the API maps each to one HTTP status (api::problem in src/api/reply.cpp).
enum class Code {
  ok,
  invalid_argument,        // 422: the request is well-formed but a field is wrong
  bad_request,             // 400: the request cannot be parsed
  unsupported_media_type,  // 415: the body is not in a format the route accepts
  payload_too_large,       // 413: the body is over the route's or the kind's size limit
  unauthenticated,         // 401
  forbidden,               // 403
  not_found,               // 404
  conflict,                // 409: exists with different fields, state does not allow it
  failed_precondition,     // 409: a business rule refuses (sold out, exceeds credits)
  resource_exhausted,      // 429
  unavailable,             // 503
  internal,                // 500: a bug or an infrastructure failure
};

struct FieldError {
  std::string field;
  std::string message;
};

class Status {
 public:
  Status() = default;  // ok
  Status(Code code, std::string slug, std::string message, std::vector<FieldError> fields = {})
      : code_(code),
        slug_(std::move(slug)),
        message_(std::move(message)),
        fields_(std::move(fields)) {
    assert(code != Code::ok);
  }
  static Status ok_status() { return {}; }
  static Status invalid(std::vector<FieldError> fields) {
    return {Code::invalid_argument, "validation", "The request has invalid fields",
            std::move(fields)};
  }
  static Status invalid(std::string field, std::string message) {
    return invalid({FieldError{std::move(field), std::move(message)}});
  }
  static Status not_found(std::string what) {
    return {Code::not_found, "not-found", std::move(what)};
  }
  static Status forbidden(std::string why) {
    return {Code::forbidden, "forbidden", std::move(why)};
  }

  bool ok() const { return code_ == Code::ok; }
  Code code() const { return code_; }
  // A short stable machine name, the last part of the problem type URI (e.g. "sold-out").
  const std::string& slug() const { return slug_; }
  const std::string& message() const { return message_; }
  const std::vector<FieldError>& fields() const& { return fields_; }
  // On a temporary, a copy (so `for (auto& f : reader.status().fields())` does not dangle).
  std::vector<FieldError> fields() && { return std::move(fields_); }

 private:
  Code code_ = Code::ok;
  std::string slug_;
  std::string message_;
  std::vector<FieldError> fields_;
};

// Result<T>: a value or a non-ok Status. REQUIRES: value() only when ok().
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Status status) : v_(std::move(status)) { assert(!std::get<Status>(v_).ok()); }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const T& value() const& {
    assert(ok());
    return std::get<T>(v_);
  }
  T& value() & {
    assert(ok());
    return std::get<T>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(v_));
  }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }

 private:
  std::variant<T, Status> v_;
};

}  // namespace sangsaeng
