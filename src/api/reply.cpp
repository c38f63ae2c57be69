#include <algorithm>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "api/api.h"
#include "core/json.h"

namespace sangsaeng::api {

namespace {
int http_status(Code code) {
  switch (code) {
    case Code::ok:
      return 200;
    case Code::invalid_argument:
      return 422;
    case Code::bad_request:
      return 400;
    case Code::unsupported_media_type:
      return 415;
    case Code::payload_too_large:
      return 413;
    case Code::unauthenticated:
      return 401;
    case Code::forbidden:
      return 403;
    case Code::not_found:
      return 404;
    case Code::conflict:
    case Code::failed_precondition:
      return 409;
    case Code::resource_exhausted:
      return 429;
    case Code::unavailable:
      return 503;
    case Code::internal:
      return 500;
  }
  return 500;
}

std::string title_of(Code code) {
  switch (code) {
    case Code::invalid_argument:
      return "Invalid request fields";
    case Code::bad_request:
      return "Bad request";
    case Code::unsupported_media_type:
      return "Unsupported media type";
    case Code::payload_too_large:
      return "Too large";
    case Code::unauthenticated:
      return "Not signed in";
    case Code::forbidden:
      return "Not allowed";
    case Code::not_found:
      return "Not found";
    case Code::conflict:
      return "Conflict";
    case Code::failed_precondition:
      return "Refused by a business rule";
    case Code::resource_exhausted:
      return "Too many requests";
    case Code::unavailable:
      return "Temporarily unavailable";
    default:
      return "Internal error";
  }
}
}  // namespace

http::Response problem(const Status& status) {
  std::vector<http::FieldError> errors;
  for (const auto& f : status.fields()) errors.push_back({f.field, f.message});
  const std::string title =
      status.code() == Code::unauthenticated && status.slug() == "invalid-credentials"
          ? "Email or password is incorrect"
          : title_of(status.code());
  http::Response r =
      http::problem(http_status(status.code()), status.slug().empty() ? "error" : status.slug(),
                    title, status.message(), std::move(errors));
  if (status.code() == Code::unavailable) r.header("Retry-After", "1");
  return r;
}

http::Response database_unavailable(int retry_after_s) {
  return http::problem(503, "database-unavailable", "Database unavailable",
                       "The database cannot be reached right now; retry shortly.")
      .header("Retry-After", std::to_string(std::max(1, retry_after_s)));
}

http::Response json_response(int status, const boost::json::value& value) {
  return http::Response::json(status, boost::json::serialize(value));
}

Result<boost::json::object> body_object(const http::Request& req) {
  const std::string_view type = req.header("Content-Type");
  if (type.substr(0, 16) != "application/json")
    return Status(Code::unsupported_media_type, "unsupported-media-type",
                  "Send the body as application/json");
  return parse_object(req.body);
}

Result<PageQuery> page_query(const http::Request& req) {
  PageQuery q;
  std::vector<FieldError> errors;
  if (auto it = req.query.find("limit"); it != req.query.end()) {
    int n = 0;
    auto [ptr, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), n);
    if (ec != std::errc() || ptr != it->second.data() + it->second.size() || n < 1 ||
        n > kPageLimitMax)
      errors.push_back(
          {"limit", "must be a whole number from 1 to " + std::to_string(kPageLimitMax)});
    else
      q.limit = n;
  }
  if (auto it = req.query.find("cursor"); it != req.query.end() && !it->second.empty()) {
    q.before = decode_cursor(it->second);
    if (!q.before) errors.push_back({"cursor", "is not a cursor this API gave out"});
  }
  if (!errors.empty()) return Status::invalid(std::move(errors));
  return q;
}

void read_new_user(FieldReader& r, accounts::NewUser& u) {
  u.email = r.string("email", {.min_chars = 1, .max_chars = 254});
  u.display_name = r.string("display_name", {.min_chars = 1, .max_chars = 60});
  u.password = r.string("password", {.min_chars = 1, .max_chars = 200, .trim = false});
}

std::optional<Id> read_id(FieldReader& r, std::string_view name, bool required) {
  auto text = required ? std::optional(r.string(name, {.min_chars = 1, .max_chars = 20}))
                       : r.optional_string(name, {.min_chars = 1, .max_chars = 20});
  if (!text || !r.ok()) return std::nullopt;
  auto id = parse_id(*text);
  if (!id) r.add_error(std::string(name), "must be an id (a positive whole number as a string)");
  return id;
}

boost::json::object page_body(boost::json::array items, std::optional<Id> next) {
  return {{"items", std::move(items)},
          {"next_cursor",
           next ? boost::json::value(encode_cursor(*next)) : boost::json::value(nullptr)}};
}

void off_io_threads(WorkerPool& pool, const Reply& reply, std::function<Answer()> work,
                    Answer busy) {
  std::function<void()> job = [reply, work = std::move(work)] {
    Answer answer;
    try {
      answer = work();
    } catch (const store::DbUnavailable& e) {
      answer = [s = e.retry_after_s()] { return database_unavailable(s); };
    } catch (const std::exception&) {  // infrastructure (the database); never bad input
      answer = [] {
        return http::problem(500, "internal", "Internal error",
                             "The request could not be completed; retry it.");
      };
    }
    reply(std::move(answer));
  };
  if (pool.try_post(std::move(job))) return;
  reply(std::move(busy));
}

void hash_off_io_threads(Deps& deps, const Reply& reply, std::function<Answer()> work) {
  off_io_threads(deps.password_pool, reply, std::move(work), [] {
    return http::problem(503, "busy", "Too many log-ins at once",
                         "Many people are signing in right now; try again in a moment.")
        .header("Retry-After", "1");
  });
}

std::optional<Id> id_param(const http::Request& req, const std::string& name) {
  auto it = req.params.find(name);
  return it == req.params.end() ? std::nullopt : parse_id(it->second);
}

const accounts::Principal* principal_of(const http::Request& req) {
  return std::any_cast<accounts::Principal>(&req.context);
}

http::Middleware auth_middleware(Deps& deps) {
  return [&deps](http::Request& req) -> std::optional<http::Response> {
    std::optional<accounts::Principal> p;
    const std::string_view auth = req.header("Authorization");
    try {
      if (auth.substr(0, 7) == "Bearer ") {
        p = deps.accounts.token_principal(std::string(auth.substr(7)), now_us());
        if (!p) return http::problem(401, "unauthenticated", "Invalid or revoked API token");
      } else if (const std::string_view cookie = req.cookie(kSessionCookie); !cookie.empty()) {
        p = deps.accounts.session_principal(std::string(cookie), now_us());
        // An expired session is anonymous: public pages still work; guarded ones answer 401.
      }
    } catch (const store::DbUnavailable& e) {
      return database_unavailable(e.retry_after_s());
    }
    if (p) {
      req.rate_limit_key = "user:" + std::to_string(p->user.id);
      req.context = std::move(*p);
    }
    return std::nullopt;
  };
}

}  // namespace sangsaeng::api
