// GET /api/v1/uploads/{hash}: an uploaded image by the SHA-256 of its bytes. The URL names the
// content, so the answer never changes: a strong ETag (the hash) and a year of immutable
// caching; If-None-Match answers 304. Only images are served here: documents (a child's
// audiologist report) are personal data, served by their program's routes behind its checks.
#include <string_view>

#include "api/api.h"
#include "api/modules.h"
#include "uploads/store.h"

namespace sangsaeng::api {

namespace {

// Whether an If-None-Match value names `etag` (a list; weak tags compare by their value).
bool matches(std::string_view if_none_match, std::string_view etag) {
  std::size_t start = 0;
  while (start < if_none_match.size()) {
    std::size_t comma = if_none_match.find(',', start);
    if (comma == std::string_view::npos) comma = if_none_match.size();
    std::string_view tag = if_none_match.substr(start, comma - start);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
    start = comma + 1;
  }
  return false;
}

http::Response get_upload(Deps& deps, Call& call) {
  const std::string hash = call.req.params.at("hash");
  const auto not_found = [] { return problem(Status::not_found("No upload with this hash")); };
  if (!uploads::is_hash(hash)) return not_found();
  const std::string etag = "\"" + hash + "\"";
  const auto cached = [&](http::Response r) {
    return r.header("ETag", etag)
        .header("Cache-Control", "public, max-age=31536000, immutable")
        .header("X-Content-Type-Options", "nosniff");
  };
  const auto is_image = [](const std::string& type) { return type.substr(0, 6) == "image/"; };
  // The hash names the bytes: a client that holds them needs them not again, only the word that
  // the hash is an image of ours (reading the type, not the bytes).
  if (matches(call.req.header("If-None-Match"), etag)) {
    const std::optional<std::string> type =
        deps.db.read([&](soci::session& s) { return uploads::media_type(s, hash); });
    if (!type || !is_image(*type)) return not_found();
    return cached(http::Response::empty(304));
  }
  std::optional<uploads::Blob> blob =
      deps.db.read([&](soci::session& s) { return uploads::find(s, hash); });
  if (!blob || !is_image(blob->media_type)) return not_found();
  return cached(http::Response::text(200, std::move(blob->bytes), blob->media_type));
}

}  // namespace

void add_uploads_routes(Routes& routes) {
  Deps* deps = &routes.deps();
  routes.add({http::Method::get, "/api/v1/uploads/{hash}", {accounts::Action::public_read}},
             [deps](Call& c) { return get_upload(*deps, c); });
}

}  // namespace sangsaeng::api
