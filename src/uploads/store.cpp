#include "uploads/store.h"

#include <sodium.h>

#include <cassert>
#include <cstring>
#include <stdexcept>

namespace sangsaeng::uploads {

namespace {

// Bytes travel as base64 text: SOCI 4's blob is a large object on PostgreSQL and a BLOB on
// SQLite, with different SQL around each; a text column binds the same on both.
constexpr int kBase64Variant = sodium_base64_VARIANT_ORIGINAL;

constexpr const char* kInsert =
    "INSERT INTO uploads (hash, media_type, width, height, size_bytes, data_b64, created_at) "
    "VALUES (:hash, :media_type, :width, :height, :size_bytes, :data_b64, :created_at) "
    "ON CONFLICT (hash) DO NOTHING";
constexpr const char* kFind =
    "SELECT media_type, width, height, size_bytes, data_b64 FROM uploads WHERE hash = :hash";
constexpr const char* kMediaType = "SELECT media_type FROM uploads WHERE hash = :hash";

std::string to_base64(const std::string& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kBase64Variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kBase64Variant);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string from_base64(const std::string& text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t size = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &size, nullptr, kBase64Variant) != 0)
    throw std::runtime_error("uploads: a stored blob is not base64");
  out.resize(size);
  return out;
}

}  // namespace

void save(soci::session& s, const std::vector<Blob>& blobs, UnixMicros now_us) {
  for (const Blob& blob : blobs) {
    assert(blob.hash == sha256_hex(blob.bytes));
    const std::string data = to_base64(blob.bytes);
    const auto size_bytes = static_cast<std::int64_t>(blob.bytes.size());
    s << kInsert, soci::use(blob.hash, "hash"), soci::use(blob.media_type, "media_type"),
        soci::use(blob.width_px, "width"), soci::use(blob.height_px, "height"),
        soci::use(size_bytes, "size_bytes"), soci::use(data, "data_b64"),
        soci::use(now_us, "created_at");
  }
}

std::optional<Blob> find(soci::session& s, std::string_view hash) {
  if (!is_hash(hash)) return std::nullopt;
  const std::string key(hash);
  Blob blob{.hash = key};
  std::int64_t size_bytes = 0;
  std::string data;
  s << kFind, soci::use(key, "hash"), soci::into(blob.media_type), soci::into(blob.width_px),
      soci::into(blob.height_px), soci::into(size_bytes), soci::into(data);
  if (!s.got_data()) return std::nullopt;
  blob.bytes = from_base64(data);
  if (static_cast<std::int64_t>(blob.bytes.size()) != size_bytes)
    throw std::runtime_error("uploads: a stored blob has the wrong size");
  return blob;
}

std::optional<std::string> media_type(soci::session& s, std::string_view hash) {
  if (!is_hash(hash)) return std::nullopt;
  const std::string key(hash);
  std::string type;
  s << kMediaType, soci::use(key, "hash"), soci::into(type);
  if (!s.got_data()) return std::nullopt;
  return type;
}

}  // namespace sangsaeng::uploads

namespace sangsaeng::uploads {

int prune(soci::session& s, std::span<const Reference> references, UnixMicros created_before_us,
          int limit) {
  assert(limit >= 1);
  std::string unnamed;
  for (const Reference& r : references)
    unnamed += std::string(" AND NOT EXISTS (SELECT 1 FROM ") + r.table + " x WHERE x." + r.column +
               " = u.hash)";
  long long before = created_before_us, l = limit;
  soci::statement st =
      (s.prepare << "DELETE FROM uploads WHERE hash IN (SELECT u.hash FROM uploads u WHERE "
                    "u.created_at < :t" +
                        unnamed + " ORDER BY u.created_at LIMIT :l)",
       soci::use(before), soci::use(l));
  st.execute(true);
  return static_cast<int>(st.get_affected_rows());
}

}  // namespace sangsaeng::uploads
