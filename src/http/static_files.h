// Serves the built web UI from a directory (used by the server for paths no route matches).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "http/http.h"

namespace sangsaeng::http {

// Content-Type for a file name by its extension ("application/octet-stream" if unknown).
std::string_view content_type_for(std::string_view file_name);

class StaticFiles {
 public:
  // `root` must exist; it is resolved once (symlinks in it followed).
  explicit StaticFiles(const std::filesystem::path& root);

  // The response for a GET/HEAD `req` whose path matched no route:
  //  - an existing file under root: its bytes, Content-Type by extension, an ETag (304 on a
  //    matching If-None-Match); Cache-Control "public, max-age=31536000, immutable" under
  //    /assets/ (hashed names), "no-cache" otherwise;
  //  - a missing file under /assets/ or a path with a ".." segment: 404 problem;
  //  - anything else: index.html (SPA fallback), "no-cache".
  // nullopt for paths under /api/ (the caller answers 404).
  std::optional<Response> serve(const Request& req) const;

 private:
  std::optional<Response> file(const std::filesystem::path& file, bool immutable,
                               const Request& req) const;

  std::filesystem::path root_;
};

}  // namespace sangsaeng::http
