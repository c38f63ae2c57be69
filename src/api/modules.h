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
namespace sangsaeng::figures {
class FiguresService;
}
namespace sangsaeng::live {
class LiveService;
class Performances;
}  // namespace sangsaeng::live
namespace sangsaeng::volunteer {
class VolunteerService;
}

namespace sangsaeng::grants {
class GrantService;
}

namespace sangsaeng::giving {
class GivingService;
class CampaignService;
}  // namespace sangsaeng::giving

namespace sangsaeng::care {
class CareService;
class EducationService;
}  // namespace sangsaeng::care

namespace sangsaeng::neighbourhood {
class NeighbourhoodService;
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
// /api/v1/volunteer/...; attendance and budget top-ups (they wait for the books) run on `pool`.
void add_volunteer_routes(Routes& routes, volunteer::VolunteerService& corps, WorkerPool& pool);
// /api/v1/giving/...: partners' signed reports post to the books on `pool`.
void add_giving_routes(Routes& routes, giving::GivingService& giving, WorkerPool& pool);
// /api/v1/care/...; plans are solved on `pool`, for at most `seconds_max` each.
void add_care_routes(Routes& routes, care::CareService& care, WorkerPool& pool, int seconds_max);
// /api/v1/care/courses, /care/sessions, /care/learners: IT education.
void add_care_education_routes(Routes& routes, care::EducationService& education);
// /api/v1/uploads/{hash}: uploaded images, cached as immutable.
void add_uploads_routes(Routes& routes);
// /api/v1/market/products/{id}/photos...: images prepared on `upload_pool` under `options`
// (both outlive the routes).
void add_market_photo_routes(Routes& routes, WorkerPool& upload_pool,
                             const uploads::UploadOptions& options);
// /api/v1/public/programs/{slug}, /public/causes/{id}: the public figures (JSON or CSV), and
// /api/v1/figures/reconciliation for auditors. `figures` outlives the routes.
void add_public_routes(Routes& routes, figures::FiguresService& figures);
// /api/v1/live/... and /api/v1/performances...; viewers' pages are fed by `feed`.
class LiveFeed;
void add_live_routes(Routes& routes, live::LiveService& live, live::Performances& performances,
                     LiveFeed& feed);
// /api/v1/funds/... and /api/v1/grants/...: reads of personal data and steps that wait for the
// ledger run on `pool`, reports are checked on `upload_pool` under `options` (all outlive them).
void add_grants_routes(Routes& routes, grants::GrantService& grants, WorkerPool& pool,
                       WorkerPool& upload_pool, const uploads::UploadOptions& options);
// /api/v1/neighbourhood/...: offers, one-time codes, redemptions and prize events.
void add_neighbourhood_routes(Routes& routes, neighbourhood::NeighbourhoodService& service);
// /api/v1/giving/campaigns... (matching campaigns and budgets; creating and funding wait for the
// books on `pool`) and /api/v1/market/merchants... (merchants' verification flags).
void add_campaign_routes(Routes& routes, giving::CampaignService& campaigns,
                         market::MarketService& market, WorkerPool& pool);
// A product's photos in order, as the product answers list them (the first is the main one).
boost::json::array product_photos_json(store::Db& db, Id product_id);

}  // namespace sangsaeng::api
