// A product's photos (issue 15): images checked and re-encoded by src/uploads, listed in order;
// the first is the product's main photo. Who may add or remove them: the product's merchant
// (a user of its organisation), a market manager, an admin (Actor::manages_market).
#pragma once

#include <soci/soci.h>

#include <string>
#include <vector>

#include "core/status.h"
#include "market/service.h"
#include "store/db.h"
#include "uploads/uploads.h"

namespace sangsaeng::market {

// A product keeps at most this many photos (a gallery, not an album).
inline constexpr int kPhotosPerProductMax = 10;

struct Photo {
  Id id = 0;
  Id product_id = 0;
  int position = 0;
  std::string large_hash = {}, small_hash = {};  // uploads::kImageVariants, by SHA-256
  int width_px = 0, height_px = 0;               // of the large variant
  Id created_by = 0;
  UnixMicros created_at_us = 0;
};

// Whether `actor` may change the photos of product `product_id`: ok, not_found (no such
// product), forbidden (a merchant of another organisation). Cheap: check it before preparing an
// upload, so nobody makes the server decode images they may not store.
Status may_edit_photos(store::Db& db, Id product_id, const Actor& actor);

// Adds `image` (uploads::prepare of Kind::image) as the product's last photo and stores its
// blobs, in one transaction. Errors as may_edit_photos, and failed_precondition
// "too-many-photos" when the product has kPhotosPerProductMax. REQUIRES: image.kind == image.
Result<Photo> add_photo(store::Db& db, Id product_id, const uploads::Prepared& image,
                        const Actor& actor, UnixMicros now_us);

// Removes a photo from the product (its blobs stay: other photos may share them, and URLs
// handed out keep working). not_found when the product has no such photo; forbidden as above.
Status remove_photo(store::Db& db, Id product_id, Id photo_id, const Actor& actor);

// The product's photos in order (position, then id); the first is the main one.
std::vector<Photo> product_photos(soci::session& s, Id product_id);

}  // namespace sangsaeng::market
