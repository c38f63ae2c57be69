// Where uploads live: a table of content-addressed blobs in the database (docs/decisions.md,
// "Uploads"), so every node of a cluster serves every upload and a backup of the database is a
// backup of the uploads. Runs inside the caller's transaction (store::Db::write / read).
#pragma once

#include <soci/soci.h>

#include <optional>
#include <span>
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

// A column that names uploads by hash (a foreign key to uploads.hash). kReferences lists every
// such column of every program (a test checks it against the migrations), so pruning never
// deletes what something names; and the foreign keys refuse it anyway on both databases.
struct Reference {
  const char* table;
  const char* column;
};
inline constexpr Reference kReferences[] = {{"market_product_photos", "large_hash"},
                                            {"market_product_photos", "small_hash"},
                                            {"grant_applications", "report_hash"}};

// Deletes up to `limit` blobs stored before `created_before_us` that no reference names (a
// photo taken off its product, an upload whose form was never sent); returns how many. The
// grace before `created_before_us` lets an upload wait for the form that will name it (a
// grant's report is uploaded before its application). REQUIRES: limit >= 1.
int prune(soci::session& s, std::span<const Reference> references, UnixMicros created_before_us,
          int limit);

}  // namespace sangsaeng::uploads
