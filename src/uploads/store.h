// Where uploads live: a table of content-addressed blobs in the database (docs/decisions.md,
// "Uploads"), so every node of a cluster serves every upload and a backup of the database is a
// backup of the uploads. Runs inside the caller's transaction (store::Db::write / read).
#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "uploads/uploads.h"

namespace sangsaeng::uploads {

// Stores each blob whose hash is not stored yet; a blob already stored is left as it is (same
// hash, same bytes). REQUIRES: each blob's hash is the SHA-256 of its bytes (asserted).
void save(soci::session& s, const std::vector<Blob>& blobs, UnixMicros now_us);
// The blob with this hash, bytes included; nullopt if none (or `hash` is not a hash).
std::optional<Blob> find(soci::session& s, std::string_view hash);
// The media type of the blob with this hash, without reading its bytes; nullopt if none.
std::optional<std::string> media_type(soci::session& s, std::string_view hash);

}  // namespace sangsaeng::uploads
