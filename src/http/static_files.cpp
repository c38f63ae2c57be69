#include "http/static_files.h"

#include <array>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

namespace sangsaeng::http {
namespace {

// Files larger than this are not served (the UI bundle is far smaller).
constexpr std::uintmax_t kFileBytesMax = 64u << 20;

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool has_dot_dot_segment(std::string_view path) {
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    std::string_view seg =
        path.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (seg == ".." || seg == ".") return true;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

// True if `p` (already canonical) is `root` or inside it.
bool inside(const std::filesystem::path& root, const std::filesystem::path& p) {
  auto r = root.begin();
  auto q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (q == p.end() || *r != *q) return false;
  }
  return true;
}

}  // namespace

std::string_view content_type_for(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 18> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".gif", "image/gif"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".json", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".ico", "image/x-icon"},
      {".map", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
      {".wasm", "application/wasm"},
  }};
  std::size_t dot = name.rfind('.');
  if (dot != std::string_view::npos && name.find('/', dot) == std::string_view::npos) {
    std::string_view ext = name.substr(dot);
    for (const auto& [e, type] : kTypes) {
      if (e == ext) return type;
    }
  }
  return "application/octet-stream";
}

StaticFiles::StaticFiles(const std::filesystem::path& root)
    : root_(std::filesystem::weakly_canonical(root)) {}

std::optional<Response> StaticFiles::file(const std::filesystem::path& p, bool immutable,
                                          const Request& req) const {
  std::error_code ec;
  std::filesystem::path real = std::filesystem::canonical(p, ec);
  if (ec || !inside(root_, real)) return std::nullopt;  // missing, or a symlink out of root
  auto status = std::filesystem::status(real, ec);
  if (ec || !std::filesystem::is_regular_file(status)) return std::nullopt;
  std::uintmax_t size = std::filesystem::file_size(real, ec);
  auto mtime = std::filesystem::last_write_time(real, ec);
  if (ec || size > kFileBytesMax) return std::nullopt;

  auto mtime_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch());
  std::string etag = "\"" + std::to_string(size) + "-" + std::to_string(mtime_ns.count()) + "\"";
  std::string cache = immutable ? "public, max-age=31536000, immutable" : "no-cache";

  if (req.header("If-None-Match") == etag) {
    Response r = Response::empty(304);
    r.header("ETag", etag).header("Cache-Control", cache);
    return r;
  }
  Response r = Response::text(200, read_file(real), std::string(content_type_for(real.native())));
  r.header("ETag", etag).header("Cache-Control", cache).header("X-Content-Type-Options", "nosniff");
  return r;
}

std::optional<Response> StaticFiles::serve(const Request& req) const {
  const std::string& path = req.path;
  if (path == "/api" || path.starts_with("/api/")) return std::nullopt;
  if (path.empty() || path.front() != '/' || has_dot_dot_segment(path) ||
      path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) {
    return problem(404, "not-found", "Not found", "No such resource.");
  }
  bool asset = path.starts_with("/assets/");
  std::string relative = path.substr(1);
  if (relative.empty() || relative.back() == '/') relative += "index.html";
  if (auto r = file(root_ / relative, asset, req)) return r;
  if (asset) return problem(404, "not-found", "Not found", "No such asset.");
  if (auto r = file(root_ / "index.html", false, req)) return r;
  return problem(404, "not-found", "Not found", "No such resource.");
}

}  // namespace sangsaeng::http
