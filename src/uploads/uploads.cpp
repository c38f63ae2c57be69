#include "uploads/uploads.h"

#include <sodium.h>
#include <stb_image.h>
#include <stb_image_resize.h>
#include <stb_image_write.h>
#include <webp/decode.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace sangsaeng::uploads {

namespace {

constexpr int kChannels = 4;  // images are decoded as RGBA, then flattened on white

bool starts_with(std::string_view bytes, std::string_view prefix) {
  return bytes.substr(0, prefix.size()) == prefix;
}

Status too_large(std::size_t limit_bytes) {
  return Status(Code::payload_too_large, "too-large",
                "The file is larger than " + std::to_string(limit_bytes / 1024) + " KiB");
}

Status unsupported(Kind kind) {
  return Status(Code::unsupported_media_type, "unsupported-media-type",
                kind == Kind::image ? "Send a JPEG, PNG or WebP image" : "Send a PDF document");
}

Status bad_image(std::string message) {
  return Status(Code::invalid_argument, "bad-image", std::move(message));
}

// A decoded image: RGBA rows in the decoder's own buffer (not copied: it is the largest one).
struct Pixels {
  int width_px = 0, height_px = 0;
  std::unique_ptr<unsigned char, void (*)(void*)> rgba{nullptr, std::free};
};

// Reads the dimensions from the header without decoding.
bool header_dimensions(MediaType type, std::string_view bytes, int& width_px, int& height_px) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  if (type == MediaType::webp) return WebPGetInfo(data, bytes.size(), &width_px, &height_px) != 0;
  if (type == MediaType::png) {
    // The IHDR chunk comes first (stb_image would refuse what it cannot allocate, with no size
    // to tell the person; reading it here names the dimensions).
    if (bytes.size() < 24 || bytes.substr(12, 4) != "IHDR") return false;
    const auto be32 = [&](std::size_t at) {
      return std::uint32_t(data[at]) << 24 | std::uint32_t(data[at + 1]) << 16 |
             std::uint32_t(data[at + 2]) << 8 | std::uint32_t(data[at + 3]);
    };
    const std::uint32_t w = be32(16), h = be32(20);
    if (w > std::uint32_t(1) << 30 || h > std::uint32_t(1) << 30) return false;
    width_px = static_cast<int>(w);
    height_px = static_cast<int>(h);
    return true;
  }
  int channels = 0;
  return stbi_info_from_memory(data, static_cast<int>(bytes.size()), &width_px, &height_px,
                               &channels) != 0;
}

std::optional<Pixels> decode(MediaType type, std::string_view bytes, int width_px, int height_px) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  int w = 0, h = 0;
  Pixels out{.width_px = width_px, .height_px = height_px};
  if (type == MediaType::webp) {
    out.rgba = {WebPDecodeRGBA(data, bytes.size(), &w, &h), WebPFree};
  } else {
    int channels = 0;
    out.rgba = {
        stbi_load_from_memory(data, static_cast<int>(bytes.size()), &w, &h, &channels, kChannels),
        stbi_image_free};
  }
  if (!out.rgba || w != width_px || h != height_px) return std::nullopt;
  return out;
}

// RGBA to RGB over a white background (JPEG has no transparency).
std::vector<unsigned char> flatten_on_white(const Pixels& image) {
  const std::size_t n = std::size_t(image.width_px) * std::size_t(image.height_px);
  std::vector<unsigned char> rgb(n * 3);
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char* px = image.rgba.get() + i * kChannels;
    const unsigned alpha = px[3];
    for (std::size_t c = 0; c < 3; ++c)
      rgb[i * 3 + c] =
          static_cast<unsigned char>((px[c] * alpha + 255u * (255u - alpha) + 127u) / 255u);
  }
  return rgb;
}

// EXIF orientation. A phone stores a photo as its sensor saw it and writes in EXIF how to turn
// it for display; re-encoding drops EXIF, so the turn is applied to the pixels instead. Only
// JPEG is read (phones' cameras write JPEG; EXIF in PNG or WebP is rare and ignored).
std::uint32_t read_uint(std::string_view bytes, std::size_t at, int size, bool little_endian) {
  std::uint32_t v = 0;
  for (int i = 0; i < size; ++i) {
    const auto byte = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i]));
    v |= little_endian ? byte << (8 * i) : byte << (8 * (size - 1 - i));
  }
  return v;
}

// The orientation tag (1-8) of an APP1 segment's payload; 0 when it has none or is malformed.
int orientation_in_exif(std::string_view app1) {
  constexpr std::string_view kExif("Exif\0\0", 6);
  if (app1.size() < kExif.size() + 8 || app1.substr(0, kExif.size()) != kExif) return 0;
  const std::string_view tiff = app1.substr(kExif.size());
  const bool little = tiff.substr(0, 4) == std::string_view("II*\0", 4);
  if (!little && tiff.substr(0, 4) != std::string_view("MM\0*", 4)) return 0;
  const std::size_t ifd = read_uint(tiff, 4, 4, little);
  if (ifd > tiff.size() || tiff.size() - ifd < 2) return 0;
  const std::uint32_t entries = read_uint(tiff, ifd, 2, little);
  constexpr std::uint32_t kEntriesMax = 512, kOrientationTag = 0x0112, kShortType = 3;
  for (std::uint32_t i = 0; i < std::min(entries, kEntriesMax); ++i) {
    const std::size_t entry = ifd + 2 + 12 * std::size_t(i);
    if (entry + 12 > tiff.size()) return 0;
    if (read_uint(tiff, entry, 2, little) != kOrientationTag) continue;
    if (read_uint(tiff, entry + 2, 2, little) != kShortType) return 0;
    const std::uint32_t v = read_uint(tiff, entry + 8, 2, little);  // a SHORT sits first
    return v >= 1 && v <= 8 ? static_cast<int>(v) : 0;
  }
  return 0;
}

// A JPEG's EXIF orientation; 1 (as stored) when it has none. Walks the segments before the
// scan; anything malformed counts as no orientation (the decoder judges the image).
int jpeg_orientation(std::string_view jpeg) {
  constexpr int kSegmentsMax = 64;  // APP1 comes first in camera files; a bound on a bad file
  std::size_t at = 2;               // after SOI
  for (int n = 0; n < kSegmentsMax && at + 4 <= jpeg.size(); ++n) {
    const auto marker = read_uint(jpeg, at, 2, false);
    if (marker >> 8 != 0xFF || marker == 0xFFDA || marker == 0xFFD9) return 1;
    const std::size_t length = read_uint(jpeg, at + 2, 2, false);
    if (length < 2 || at + 2 + length > jpeg.size()) return 1;
    if (marker == 0xFFE1) {
      const int o = orientation_in_exif(jpeg.substr(at + 4, length - 2));
      if (o != 0) return o;
    }
    at += 2 + length;
  }
  return 1;
}

// The RGB pixels turned for display by EXIF orientation 2-8 (mirrored, rotated or both); the
// width and height swap for 5-8.
std::vector<unsigned char> orient(const std::vector<unsigned char>& rgb, int& width_px,
                                  int& height_px, int orientation) {
  const std::size_t w = std::size_t(width_px), h = std::size_t(height_px);
  const bool swaps = orientation >= 5;
  const std::size_t out_w = swaps ? h : w;
  std::vector<unsigned char> out(rgb.size());
  for (std::size_t y = 0; y < h; ++y)
    for (std::size_t x = 0; x < w; ++x) {
      std::size_t ox = x, oy = y;
      switch (orientation) {
        case 2:
          ox = w - 1 - x;
          break;
        case 3:
          ox = w - 1 - x, oy = h - 1 - y;
          break;
        case 4:
          oy = h - 1 - y;
          break;
        case 5:
          ox = y, oy = x;
          break;
        case 6:
          ox = h - 1 - y, oy = x;
          break;
        case 7:
          ox = h - 1 - y, oy = w - 1 - x;
          break;
        case 8:
          ox = y, oy = w - 1 - x;
          break;
        default:
          break;
      }
      std::memcpy(&out[(oy * out_w + ox) * 3], &rgb[(y * w + x) * 3], 3);
    }
  if (swaps) std::swap(width_px, height_px);
  return out;
}

// The size of a variant: the longer side at most side_max_px, aspect kept, never enlarged.
std::pair<int, int> fit(int width_px, int height_px, int side_max_px) {
  const int longer = std::max(width_px, height_px);
  if (longer <= side_max_px) return {width_px, height_px};
  const auto scale = [&](int side) {
    return std::max(1, static_cast<int>((std::int64_t(side) * side_max_px + longer / 2) / longer));
  };
  return {scale(width_px), scale(height_px)};
}

void append_bytes(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), std::size_t(size));
}

Blob encode_jpeg(const std::vector<unsigned char>& rgb, int width_px, int height_px, int quality) {
  Blob blob{.media_type = std::string(to_string(MediaType::jpeg)),
            .width_px = width_px,
            .height_px = height_px};
  const int ok = stbi_write_jpg_to_func(append_bytes, &blob.bytes, width_px, height_px, 3,
                                        rgb.data(), quality);
  if (ok == 0 || blob.bytes.empty()) throw std::runtime_error("uploads: JPEG encoding failed");
  blob.hash = sha256_hex(blob.bytes);
  return blob;
}

Result<Prepared> prepare_image(MediaType type, std::string_view bytes,
                               const UploadOptions& options) {
  int width_px = 0, height_px = 0;
  if (!header_dimensions(type, bytes, width_px, height_px) || width_px <= 0 || height_px <= 0)
    return bad_image("The image is damaged or incomplete");
  if (width_px > options.image_side_max_px || height_px > options.image_side_max_px ||
      std::int64_t(width_px) * height_px > options.image_pixels_max)
    return bad_image("The image is " + std::to_string(width_px) + "x" + std::to_string(height_px) +
                     " pixels; at most " + std::to_string(options.image_side_max_px) +
                     " a side and " + std::to_string(options.image_pixels_max / 1'000'000) +
                     " megapixels");
  std::optional<Pixels> pixels = decode(type, bytes, width_px, height_px);
  if (!pixels) return bad_image("The image is damaged or incomplete");
  std::vector<unsigned char> rgb = flatten_on_white(*pixels);
  pixels.reset();  // the RGBA buffer is the largest: free it before resizing
  if (const int o = type == MediaType::jpeg ? jpeg_orientation(bytes) : 1; o != 1)
    rgb = orient(rgb, width_px, height_px, o);

  Prepared out{.kind = Kind::image, .sent_as = type, .sent_hash = sha256_hex(bytes)};
  for (const VariantSpec& spec : kImageVariants) {
    const auto [w, h] = fit(width_px, height_px, spec.side_max_px);
    if (w == width_px && h == height_px) {
      out.blobs.push_back(encode_jpeg(rgb, w, h, options.jpeg_quality));
      continue;
    }
    std::vector<unsigned char> resized(std::size_t(w) * std::size_t(h) * 3);
    if (stbir_resize_uint8_srgb(rgb.data(), width_px, height_px, 0, resized.data(), w, h, 0, 3,
                                STBIR_ALPHA_CHANNEL_NONE, 0) == 0)
      throw std::runtime_error("uploads: resizing failed");
    out.blobs.push_back(encode_jpeg(resized, w, h, options.jpeg_quality));
  }
  assert(out.blobs.size() == std::size(kImageVariants));
  return out;
}

Result<Prepared> prepare_document(std::string_view bytes) {
  // A PDF ends with "%%EOF" (followed by at most a line end and some padding): a file without
  // it was cut off on the way.
  const std::size_t tail_bytes = 1024;
  const std::string_view tail = bytes.substr(bytes.size() - std::min(bytes.size(), tail_bytes));
  if (tail.find("%%EOF") == std::string_view::npos)
    return Status(Code::invalid_argument, "bad-document", "The document is damaged or incomplete");
  Blob blob{.hash = sha256_hex(bytes),
            .media_type = std::string(to_string(MediaType::pdf)),
            .bytes = std::string(bytes)};
  Prepared out{.kind = Kind::document, .sent_as = MediaType::pdf, .sent_hash = blob.hash};
  out.blobs.push_back(std::move(blob));
  return out;
}

}  // namespace

std::string_view to_string(MediaType type) {
  switch (type) {
    case MediaType::jpeg:
      return "image/jpeg";
    case MediaType::png:
      return "image/png";
    case MediaType::webp:
      return "image/webp";
    case MediaType::pdf:
      return "application/pdf";
  }
  return "application/octet-stream";
}

std::optional<MediaType> sniff(std::string_view bytes) {
  if (starts_with(bytes, "\xFF\xD8\xFF")) return MediaType::jpeg;
  if (starts_with(bytes, "\x89PNG\r\n\x1A\n")) return MediaType::png;
  if (bytes.size() >= 12 && starts_with(bytes, "RIFF") && bytes.substr(8, 4) == "WEBP")
    return MediaType::webp;
  if (starts_with(bytes, "%PDF-")) return MediaType::pdf;
  return std::nullopt;
}

Result<Prepared> prepare(Kind kind, std::string_view bytes, const UploadOptions& options) {
  const std::size_t limit_bytes =
      kind == Kind::image ? options.image_bytes_max : options.document_bytes_max;
  if (bytes.size() > limit_bytes) return too_large(limit_bytes);
  // stb_image takes an int length; the limits keep far below it.
  assert(bytes.size() < std::size_t(1) << 31);
  const std::optional<MediaType> type = sniff(bytes);
  if (!type) return unsupported(kind);
  if (kind == Kind::image) {
    if (*type == MediaType::pdf) return unsupported(kind);
    return prepare_image(*type, bytes, options);
  }
  if (*type != MediaType::pdf) return unsupported(kind);
  return prepare_document(bytes);
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data(), crypto_hash_sha256_BYTES * 2);
}

bool is_hash(std::string_view text) {
  return text.size() == crypto_hash_sha256_BYTES * 2 &&
         std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace sangsaeng::uploads
