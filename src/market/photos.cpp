#include "market/photos.h"

#include <cassert>

#include "ledger/rows.h"  // row_i64
#include "uploads/store.h"

namespace sangsaeng::market {

namespace {

constexpr const char* kCount =
    "SELECT COUNT(*), COALESCE(MAX(position), 0) FROM market_product_photos "
    "WHERE product_id = :product_id";
constexpr const char* kInsert =
    "INSERT INTO market_product_photos (id, product_id, position, large_hash, small_hash, width, "
    "height, created_by, created_at) VALUES (:id, :product_id, :position, :large_hash, "
    ":small_hash, :width, :height, :created_by, :created_at)";
constexpr const char* kDelete =
    "DELETE FROM market_product_photos WHERE id = :id AND product_id = :product_id";
constexpr const char* kList =
    "SELECT id, position, large_hash, small_hash, width, height, created_by, created_at "
    "FROM market_product_photos WHERE product_id = :product_id ORDER BY position, id LIMIT ";

Status may_edit(soci::session& s, Id product_id, const Actor& actor) {
  const std::optional<Product> product = find_product(s, product_id);
  if (!product) return Status::not_found("No product with this id");
  if (actor.manages_market) return {};
  if (actor.org_id && *actor.org_id == product->merchant_org_id) return {};
  return Status::forbidden("Only the product's merchant or a market manager may change its photos");
}

}  // namespace

Status may_edit_photos(store::Db& db, Id product_id, const Actor& actor) {
  return db.read([&](soci::session& s) { return may_edit(s, product_id, actor); });
}

Result<Photo> add_photo(store::Db& db, Id product_id, const uploads::Prepared& image,
                        const Actor& actor, UnixMicros now_us) {
  assert(image.kind == uploads::Kind::image);
  assert(image.blobs.size() == std::size(uploads::kImageVariants));
  Photo photo{.id = ids().next(),
              .product_id = product_id,
              .large_hash = image.blobs[0].hash,
              .small_hash = image.blobs[1].hash,
              .width_px = image.blobs[0].width_px,
              .height_px = image.blobs[0].height_px,
              .created_by = actor.user_id,
              .created_at_us = now_us};
  return db.write([&](soci::session& s) -> Result<Photo> {
    if (Status may = may_edit(s, product_id, actor); !may.ok()) return may;
    int count = 0, last_position = 0;
    long long product = product_id;
    s << kCount, soci::use(product, "product_id"), soci::into(count), soci::into(last_position);
    if (count >= kPhotosPerProductMax)
      return Status(Code::failed_precondition, "too-many-photos",
                    "A product has at most " + std::to_string(kPhotosPerProductMax) +
                        " photos; remove one first");
    photo.position = last_position + 1;
    uploads::save(s, image.blobs, now_us);
    long long id = photo.id, by = photo.created_by, at = photo.created_at_us;
    s << kInsert, soci::use(id, "id"), soci::use(product, "product_id"),
        soci::use(photo.position, "position"), soci::use(photo.large_hash, "large_hash"),
        soci::use(photo.small_hash, "small_hash"), soci::use(photo.width_px, "width"),
        soci::use(photo.height_px, "height"), soci::use(by, "created_by"),
        soci::use(at, "created_at");
    return photo;
  });
}

Status remove_photo(store::Db& db, Id product_id, Id photo_id, const Actor& actor) {
  return db.write([&](soci::session& s) -> Status {
    if (Status may = may_edit(s, product_id, actor); !may.ok()) return may;
    long long id = photo_id, product = product_id;
    soci::statement st =
        (s.prepare << kDelete, soci::use(id, "id"), soci::use(product, "product_id"));
    st.execute(true);
    if (st.get_affected_rows() == 0) return Status::not_found("The product has no such photo");
    return {};
  });
}

std::vector<Photo> product_photos(soci::session& s, Id product_id) {
  std::vector<Photo> out;
  long long product = product_id;
  soci::rowset<soci::row> rows =
      (s.prepare << kList + std::to_string(kPhotosPerProductMax), soci::use(product, "product_id"));
  for (const soci::row& r : rows) {
    out.push_back(Photo{.id = ledger::row_i64(r, 0),
                        .product_id = product_id,
                        .position = static_cast<int>(ledger::row_i64(r, 1)),
                        .large_hash = r.get<std::string>(2),
                        .small_hash = r.get<std::string>(3),
                        .width_px = static_cast<int>(ledger::row_i64(r, 4)),
                        .height_px = static_cast<int>(ledger::row_i64(r, 5)),
                        .created_by = ledger::row_i64(r, 6),
                        .created_at_us = ledger::row_i64(r, 7)});
  }
  return out;
}

}  // namespace sangsaeng::market
