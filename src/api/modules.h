// One registration function per API file; api/server.cpp calls them all.
#pragma once

#include <boost/json/array.hpp>

#include "api/api.h"
#include "uploads/uploads.h"

namespace sangsaeng::market {
class MarketService;
}
namespace sangsaeng::outage {
class OutageService;
}
namespace sangsaeng::care {
class CareService;
}

namespace sangsaeng::api {

void add_ops_routes(Routes& routes);       // /healthz, /readyz, /metrics, /api/v1/openapi.json
void add_auth_routes(Routes& routes);      // /api/v1/auth/...
void add_programs_routes(Routes& routes);  // /api/v1/programs...
void add_admin_routes(Routes& routes);     // /api/v1/orgs, users, tokens, audit
void add_notices_routes(Routes& routes);   // /api/v1/notices: the outbox's messages to me
class Topics;
void add_market_routes(Routes& routes, market::MarketService& market,
                       Topics& topics);  // /api/v1/market/...
// /api/v1/outage/...; settlements run on `pool`.
void add_outage_routes(Routes& routes, outage::OutageService& outages, WorkerPool& pool);
// /api/v1/care/...; plans are solved on `pool`, for at most `seconds_max` each.
void add_care_routes(Routes& routes, care::CareService& care, WorkerPool& pool, int seconds_max);
// /api/v1/uploads/{hash}: uploaded images, cached as immutable.
void add_uploads_routes(Routes& routes);
// /api/v1/market/products/{id}/photos...: images prepared on `upload_pool` under `options`
// (both outlive the routes).
void add_market_photo_routes(Routes& routes, WorkerPool& upload_pool,
                             const uploads::UploadOptions& options);
// A product's photos in order, as the product answers list them (the first is the main one).
boost::json::array product_photos_json(store::Db& db, Id product_id);

}  // namespace sangsaeng::api
