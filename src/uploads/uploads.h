// Uploads: files that people send (product photos, audiologists' reports), checked, made safe
// to serve and stored once by content. Shared by every program that takes uploads.
//
// A file is judged by its bytes, never by the client's Content-Type or file name: an image is
// JPEG, PNG or WebP (by magic bytes), a document is PDF. Each kind has a size limit. An image's
// dimensions are read from its header and bounded before it is decoded (a small file must not
// decode to gigabytes), then it is decoded and re-encoded as JPEG in bounded variants (long side
// at most 1200 px and 400 px, aspect kept, never enlarged, transparency on white). Re-encoding
// drops whatever else the file carried (EXIF with the place a photo was taken, scripts in
// metadata); a JPEG's EXIF orientation is applied to the pixels first, so a phone's upright
// photo stays upright. An image's original bytes are not kept. A document is stored as sent.
//
// Every stored object is addressed by the SHA-256 of its own bytes (lower-case hex), so the
// same bytes are stored once and a URL naming the hash never changes meaning (immutable caching).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sangsaeng::uploads {

enum class Kind { image, document };
enum class MediaType { jpeg, png, webp, pdf };

// "image/jpeg", "image/png", "image/webp", "application/pdf".
std::string_view to_string(MediaType type);
// What the bytes are, by their magic bytes; nullopt for anything else.
std::optional<MediaType> sniff(std::string_view bytes);

struct UploadOptions {
  std::size_t image_bytes_max = 10 << 20;     // a phone's photo is 2-8 MB
  std::size_t document_bytes_max = 10 << 20;  // a scanned report of a few pages
  // Checked from the header before decoding. 40 megapixels decode to 160 MB (RGBA) while one
  // upload is handled; phones take 12-48 megapixels.
  int image_side_max_px = 12'000;
  std::int64_t image_pixels_max = 40'000'000;
  int jpeg_quality = 85;  // of the variants (1-100)
};

// An image variant: its name in URLs and the bound of its longer side.
struct VariantSpec {
  std::string_view name;
  int side_max_px;
};
// Largest first; prepare() makes one of each, in this order.
inline constexpr VariantSpec kImageVariants[] = {{"large", 1200}, {"small", 400}};

// One object to store and serve: the bytes and what they are.
struct Blob {
  std::string hash = {};            // SHA-256 of bytes, lower-case hex (64 characters)
  std::string media_type = {};      // e.g. "image/jpeg"
  int width_px = 0, height_px = 0;  // 0 for documents
  std::string bytes = {};
};

struct Prepared {
  Kind kind = Kind::image;
  MediaType sent_as = MediaType::jpeg;  // what the client's bytes were
  std::string sent_hash = {};           // SHA-256 of the client's bytes
  // Images: one per kImageVariants entry, in its order. Documents: the file itself.
  std::vector<Blob> blobs = {};
};

// Checks `bytes` for `kind` and makes what is to be stored. Pure (no I/O); CPU-heavy for large
// images (decode, resize, encode: run it off io threads). Errors, in this order of checking:
// payload_too_large "too-large" over the kind's byte limit; unsupported_media_type
// "unsupported-media-type" when the bytes are not of an accepted type for the kind;
// invalid_argument "bad-image" (or "bad-document") when they are truncated or corrupt or the
// image's dimensions exceed the bounds. The message says which, for people.
Result<Prepared> prepare(Kind kind, std::string_view bytes, const UploadOptions& options);

// SHA-256 of bytes, lower-case hex.
std::string sha256_hex(std::string_view bytes);
// True for 64 lower-case hex characters (a hash from a URL is checked before any query).
bool is_hash(std::string_view text);

}  // namespace sangsaeng::uploads
