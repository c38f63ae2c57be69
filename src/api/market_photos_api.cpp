// A product's photos: POST /api/v1/market/products/{id}/photos takes the image itself as the body
// (what fetch sends for a File, with the file's type; the type is read from the bytes, not the
// header), DELETE .../photos/{photo_id} removes one. The image is decoded and re-encoded on the
// uploads pool, never on an io thread. Rules live in src/market/photos.h and src/uploads.
#include <boost/json/array.hpp>

#include "api/api.h"
#include "api/modules.h"
#include "market/photos.h"

namespace sangsaeng::api {

namespace json = boost::json;
namespace mk = market;
using accounts::Action;
using http::Method;

namespace {

std::string upload_url(const std::string& hash) {
  return "/api/v1/uploads/" + hash;
}

json::object photo_json(const mk::Photo& p) {
  return {{"id", id_to_string(p.id)},
          {"product_id", id_to_string(p.product_id)},
          {"position", p.position},
          {"width", p.width_px},
          {"height", p.height_px},
          {"url", upload_url(p.large_hash)},
          {"thumbnail_url", upload_url(p.small_hash)},
          {"created_at", format_rfc3339(p.created_at_us)}};
}

mk::Actor actor_of(const Call& call) {
  const accounts::User& u = call.principal->user;
  return {.user_id = u.id,
          .org_id = u.org_id,
          .manages_market = accounts::allowed(call.principal, Action::manage_market)};
}

Answer answer_of(const Status& status) {
  return [status] { return problem(status); };
}

void add_photo(Deps& deps, WorkerPool& pool, const uploads::UploadOptions& options, Call& call,
               Reply reply) {
  const std::optional<Id> product_id = id_param(call.req, "id");
  if (!product_id) return reply(answer_of(Status::not_found("No product with this id")));
  const mk::Actor actor = actor_of(call);
  // Who may, before the work: nobody makes the server decode what they may not store.
  if (Status may = mk::may_edit_photos(deps.db, *product_id, actor); !may.ok())
    return reply(answer_of(may));
  Call* c = &call;  // valid until reply() is called
  off_io_threads(
      pool, reply,
      [&deps, &options, c, product_id = *product_id, actor]() -> Answer {
        Result<uploads::Prepared> image =
            uploads::prepare(uploads::Kind::image, c->req.body, options);
        if (!image.ok()) return answer_of(image.status());
        Result<mk::Photo> photo = mk::add_photo(deps.db, product_id, image.value(), actor, c->now);
        if (!photo.ok()) return answer_of(photo.status());
        return [c, photo = std::move(photo).value()] {
          c->audit = accounts::AuditEntry{};
          c->audit->target = "market-photo:" + id_to_string(photo.id);
          return json_response(201, photo_json(photo))
              .header("Location", c->req.path + "/" + id_to_string(photo.id));
        };
      },
      [] {
        return http::problem(503, "busy", "Too many uploads at once",
                             "Many photos are being uploaded right now; try again in a moment.")
            .header("Retry-After", "1");
      });
}

http::Response remove_photo(Deps& deps, Call& call) {
  const std::optional<Id> product_id = id_param(call.req, "id");
  const std::optional<Id> photo_id = id_param(call.req, "photo_id");
  if (!product_id || !photo_id) return problem(Status::not_found("No such photo"));
  Status removed = mk::remove_photo(deps.db, *product_id, *photo_id, actor_of(call));
  if (!removed.ok()) return problem(removed);
  return http::Response::empty(204);
}

}  // namespace

json::array product_photos_json(store::Db& db, Id product_id) {
  const std::vector<mk::Photo> photos =
      db.read([&](soci::session& s) { return mk::product_photos(s, product_id); });
  json::array out;
  for (const mk::Photo& p : photos) out.push_back(photo_json(p));
  return out;
}

void add_market_photo_routes(Routes& routes, WorkerPool& upload_pool,
                             const uploads::UploadOptions& options) {
  Deps* deps = &routes.deps();
  WorkerPool* pool = &upload_pool;
  const uploads::UploadOptions* o = &options;
  routes.add_async(
      {Method::post,
       "/api/v1/market/products/{id}/photos",
       {Action::add_products},
       true,
       options.image_bytes_max},
      [deps, pool, o](Call& c, Reply reply) { add_photo(*deps, *pool, *o, c, std::move(reply)); });
  routes.add({Method::delete_,
              "/api/v1/market/products/{id}/photos/{photo_id}",
              {Action::add_products},
              true,
              1024},
             [deps](Call& c) { return remove_photo(*deps, c); });
}

}  // namespace sangsaeng::api
