#include "api/server.h"

#include <spdlog/spdlog.h>

#include "api/ledger_api.h"
#include "api/live_feed.h"
#include "api/modules.h"
#include "api/topics.h"
#include "care/education_service.h"
#include "care/public_figures.h"
#include "care/service.h"
#include "figures/service.h"
#include "giving/campaigns.h"
#include "giving/public_figures.h"
#include "giving/service.h"
#include "grants/public_figures.h"
#include "grants/service.h"
#include "jobs/jobs.h"
#include "live/performances.h"
#include "live/service.h"
#include "market/public_figures.h"
#include "market/service.h"
#include "neighbourhood/service.h"
#include "outage/public_figures.h"
#include "outage/service.h"
#include "outbox/outbox.h"
#include "store/idempotency.h"
#include "uploads/store.h"
#include "volunteer/public_figures.h"
#include "volunteer/service.h"

namespace sangsaeng::api {

namespace {
// Keys deleted per run of the pruning job: one short transaction, whatever the backlog.
constexpr int kPruneKeysPerRun = 5000;

// Several nodes share a PostgreSQL database and sell drops through leases named after the node
// (a restarted node takes its own lease back); SQLite has one node, which sells everything.
market::LeaseOptions market_leases(const Config& config, const store::Db& db) {
  if (db.dialect() != store::Dialect::postgres) return {};
  return {.node = "node-" + std::to_string(config.node_id),
          .chunk_units = config.market_lease_units,
          .timeout_us = config.market_lease_timeout_seconds * kMicrosPerSecond};
}
// Uploads waiting for the one upload thread; each holds its body (up to the image limit).
constexpr std::size_t kUploadQueueMax = 8;
}  // namespace

jobs::Job prune_idempotency_keys(store::Db& db, std::int64_t retention_us, int rows_per_run) {
  return {.name = "prune-idempotency-keys",
          .schedule = jobs::Schedule::every(10 * 60 * kMicrosPerSecond),
          .run = [&db, retention_us, rows_per_run](UnixMicros now) {
            return store::prune_keys(db, now - retention_us, rows_per_run) == rows_per_run;
          }};
}

// Deletes uploads that nothing names (uploads/store.h) a week after they were stored, nightly at
// 04:00 in Seoul, a bounded batch a run (again at once while more are left).
jobs::Job prune_uploads(store::Db& db) {
  constexpr int kPerRun = 200;
  constexpr std::int64_t kGraceUs = 7 * 86'400 * kMicrosPerSecond;
  return {.name = "prune-uploads",
          .schedule = jobs::Schedule::daily_kst(4, 0),
          .run = [&db](UnixMicros now) {
            return db.write([&](soci::session& s) {
              return uploads::prune(s, uploads::kReferences, now - kGraceUs, kPerRun);
            }) == kPerRun;
          }};
}

// Finishes outage settlements that failed when they were due (the books were down, another
// node settled the same lines): postings recorded but not confirmed, then ended outages whose
// last correction is not settled.
jobs::Job settle_outages(outage::OutageService& outages) {
  return {.name = "settle-outages",
          .schedule = jobs::Schedule::every(60 * kMicrosPerSecond),
          .run = [&outages](UnixMicros) {
            constexpr int kPerRun = 20;
            auto posted = outages.post_unposted(kPerRun * 100);
            auto settled = outages.settle_pending(kPerRun);
            return (posted.ok() && posted.value() == kPerRun * 100) ||
                   (settled.ok() && settled.value() == kPerRun);
          }};
}

// Sends volunteer grants the books did not answer when attendance was recorded (a crash, the
// books down).
jobs::Job post_volunteer_grants(volunteer::VolunteerService& corps) {
  return {.name = "post-volunteer-grants",
          .schedule = jobs::Schedule::every(60 * kMicrosPerSecond),
          .run = [&corps](UnixMicros) {
            constexpr int kPerRun = 500;
            auto posted = corps.post_pending(kPerRun);
            return posted.ok() && posted.value() == kPerRun;
          }};
}

// Finishes grant steps left mid-way (a reservation, payment or release the ledger did not
// confirm when it was asked).
jobs::Job settle_grants(grants::GrantService& grants) {
  return {.name = "settle-grants",
          .schedule = jobs::Schedule::every(60 * kMicrosPerSecond),
          .run = [&grants](UnixMicros) {
            constexpr int kPerRun = 50;
            auto finished = grants.settle_money(kPerRun);
            return finished.ok() && finished.value() == kPerRun;
          }};
}

// Posts the credit of purchases (and cancellations) recorded but not confirmed by the books.
jobs::Job post_credit(giving::GivingService& giving) {
  return {.name = "post-credit",
          .schedule = jobs::Schedule::every(60 * kMicrosPerSecond),
          .run = [&giving](UnixMicros) {
            constexpr int kPerRun = 1000;
            auto posted = giving.post_unposted(kPerRun);
            // A manager's settlement larger than one request finishes here.
            auto settling = giving.continue_settlements(20);
            return (posted.ok() && posted.value() == kPerRun) ||
                   (settling.ok() && settling.value());
          }};
}

// Posts the fundings of matching campaigns' budgets the books did not confirm when they were made.
jobs::Job post_campaign_budgets(giving::CampaignService& campaigns) {
  return {.name = "post-campaign-budgets",
          .schedule = jobs::Schedule::every(60 * kMicrosPerSecond),
          .run = [&campaigns](UnixMicros) {
            constexpr int kPerRun = 100;
            auto posted = campaigns.post_unposted(kPerRun);
            return posted.ok() && posted.value() == kPerRun;
          }};
}

// Year-end settlement: every credit balance donated at 23:59 on 31 December (Asia/Seoul), a
// bounded number of batches a run, again at once while work is left.
jobs::Job settle_credit_year_end(giving::GivingService& giving) {
  return {.name = "settle-credit-year-end",
          .schedule = jobs::Schedule::yearly_kst(12, 31, 23, 59),
          .run = [&giving](UnixMicros now) {
            auto more = giving.settle_year_end(now, 20);
            return more.ok() && more.value();
          }};
}

// Sends the outbox's notices (at most one batch a run; again at once while more are due).
jobs::Job deliver_notices(store::Db& db, outbox::Provider& provider) {
  return {.name = "deliver-notices",
          .schedule = jobs::Schedule::every(10 * kMicrosPerSecond),
          .run = [&db, &provider](UnixMicros now) {
            const outbox::DeliveryOptions options;
            const auto d = outbox::deliver(db, provider, now, options);
            return d.sent + d.failed == options.batch_max;
          }};
}

// On PostgreSQL the feed hears other nodes' changes at once (LISTEN/NOTIFY); it polls too.
LiveFeedOptions live_feed_options(const Config& config, store::Db& db) {
  LiveFeedOptions o;
  o.poll_ms = config.live_poll_ms;
  if (db.dialect() == store::Dialect::postgres) o.listen_url = db.url();
  return o;
}

// Queues "notify me" reminders of live events about to start (the outbox sends them).
jobs::Job remind_live_viewers(live::LiveService& live) {
  constexpr int kPerRun = 500;
  return {.name = "live-reminders",
          .schedule = jobs::Schedule::every(60 * kMicrosPerSecond),
          .run = [&live](UnixMicros now) { return live.send_reminders(now, kPerRun) == kPerRun; }};
}

struct ApiServer::Parts {
  Parts(const Config& config, store::Db& db)
      : config(config),
        accounts(db,
                 {.session_ttl_us = config.session_ttl_hours * 3600LL * kMicrosPerSecond,
                  .principal_cache_us = config.principal_cache_ms * 1000LL,
                  .phone = {},
                  .phone_verifier = accounts::make_sandbox_verifier(config.phone_sandbox_code)}),
        rate_limiter({.address_rate_per_s = config.rate_per_address_per_s,
                      .address_burst = config.burst_per_address,
                      .account_rate_per_s = config.rate_per_account_per_s,
                      .account_burst = config.burst_per_account,
                      .buckets_max = 100000,
                      .exempt_routes = {"/healthz", "/readyz", "/metrics"}}),
        login_limiter({.address_rate_per_s = config.login_rate_per_address_per_min / 60.0,
                       .address_burst = config.login_rate_per_address_per_min,
                       .account_rate_per_s = 0,
                       .account_burst = 0,
                       .buckets_max = 100000,
                       .exempt_routes = {}}),
        deps{config, db, accounts, metrics, login_limiter, password_pool},
        routes(router, deps),
        password_pool(config.password_hash_threads,
                      static_cast<std::size_t>(config.password_hash_queue_max), "ss-password",
                      config.password_hash_nice),
        upload_options{
            .image_bytes_max = static_cast<std::size_t>(config.upload_image_bytes_max),
            .document_bytes_max = static_cast<std::size_t>(config.upload_document_bytes_max)},
        upload_pool(1, kUploadQueueMax, "ss-uploads"),
        ledger(std::make_unique<ledger::Engine>(db)),
        verifications(std::make_unique<ledger::Verifications>(db)),
        giving(std::make_unique<giving::GivingService>(db, *ledger)),
        market(std::make_unique<market::MarketService>(
            db,
            market::MarketOptions{.hold_us = config.market_hold_minutes * 60LL * kMicrosPerSecond,
                                  .units_per_address_max = config.market_units_per_address_max,
                                  .leases = market_leases(config, db)},
            ledger.get(), &payments)),
        outages(std::make_unique<outage::OutageService>(db, *ledger)),
        volunteers(std::make_unique<volunteer::VolunteerService>(db, *ledger)),
        grants(std::make_unique<grants::GrantService>(
            db, *ledger, grants::GrantOptions{.uploads = upload_options})),
        care(std::make_unique<care::CareService>(
            db, care::CareOptions{.travel = {.road_factor = config.care_road_factor,
                                             .speed_kmh = config.care_speed_kmh}})),
        jobs(db, {.holder = "node-" + std::to_string(config.node_id)}) {
    jobs.add(prune_idempotency_keys(
        db, config.idempotency_retention_hours * 3600LL * kMicrosPerSecond, kPruneKeysPerRun));
    jobs.add(settle_outages(*outages));
    jobs.add(prune_uploads(db));
    jobs.add(post_volunteer_grants(*volunteers));
    jobs.add(post_credit(*giving));
    jobs.add(settle_credit_year_end(*giving));
    jobs.add(deliver_notices(db, notices));
    // The public figures: one source per program that has some.
    figures.add(std::make_unique<market::PublicFigures>());
    figures.add(std::make_unique<outage::PublicFigures>());
    figures.add(std::make_unique<volunteer::PublicFigures>());
    figures.add(std::make_unique<giving::PublicFigures>());
    figures.add(std::make_unique<grants::PublicFigures>());
    for (std::string_view p : care::kPrograms)
      figures.add(std::make_unique<care::PublicFigures>(std::string(p)));
    jobs.add(remind_live_viewers(live));
    jobs.add(settle_grants(*grants));
    // The market's orders earn happiness credit through the giving program (its rules).
    market->set_giving(giving.get());
    jobs.add(post_campaign_budgets(*campaigns));
  }

  const Config& config;
  accounts::AccountService accounts;
  http::Router router;
  http::Metrics metrics;
  http::RateLimiter rate_limiter;
  http::RateLimiter login_limiter;
  Deps deps;
  Routes routes;
  // After routes: its jobs answer through the routes' finishers, so it stops (running what
  // is queued) before they do.
  WorkerPool password_pool;
  // Images are decoded and re-encoded here (tens to hundreds of ms and up to 160 MB each): one
  // at a time bounds the memory; a full queue answers 503 busy.
  uploads::UploadOptions upload_options;
  WorkerPool upload_pool;
  std::unique_ptr<ledger::Engine> ledger;  // the books' one writer; outlives the HTTP server
  std::unique_ptr<ledger::Verifications> verifications;  // GET /ledger/verify, one at a time
  // Live pages (SSE); outlives the market, whose ticker publishes to it.
  Topics topics{http::SseOptions{.subscribers_max = 20'000,
                                 .queued_bytes_max = 64 * 1024,
                                 .heartbeat_ms = 15'000,
                                 .replay_last = true}};
  market::SandboxPayments payments;  // the only provider so far (docs/decisions.md)
  // Before the market, whose refunds cancel credit through it: it outlives the market.
  std::unique_ptr<giving::GivingService> giving;
  // After routes: its answers go through the routes' finishers, so it stops first.
  std::unique_ptr<market::MarketService> market;
  // Notices go to the server's log until an SMS or mail provider is configured
  // (docs/decisions.md, "Outbox").
  outbox::LogProvider notices{[](const outbox::Message& m) {
    spdlog::info("notice {} to {} via {}: {}", id_to_string(m.id), m.address, m.channel, m.body);
  }};
  std::unique_ptr<outage::OutageService> outages;
  // Outage settlements (POST /outage/events, ...) run here, one at a time, never on io threads.
  // After the service: the pool runs what is queued and stops before the service goes.
  WorkerPool outage_pool{1, 64, "ss-outage"};
  // The public figures' pages (transparency) and the auditor's reconciliation.
  figures::FiguresService figures{deps.db, {.cache_us = config.public_figures_cache_ms * 1000LL}};
  live::LiveService live{deps.db};
  live::Performances performances{deps.db};
  // After topics and the service: its thread publishes to the one and reads the other.
  LiveFeed live_feed{live, topics, live_feed_options(config, deps.db)};
  neighbourhood::NeighbourhoodService neighbourhood{deps.db};
  std::unique_ptr<volunteer::VolunteerService> volunteers;
  // Attendance and budget top-ups wait for the books here, never on io threads; after the
  // service, so it stops first.
  WorkerPool volunteer_pool{1, 256, "ss-volunteer"};
  std::unique_ptr<grants::GrantService> grants;
  // Reads of applicants' data (each with its audit entry) and grant steps waiting for the ledger.
  // After the service: the pool runs what is queued and stops before the service goes.
  WorkerPool grants_pool{1, 64, "ss-grants"};
  // Matching campaigns' budgets (giving/campaigns.h); their requests wait on giving_pool.
  std::unique_ptr<giving::CampaignService> campaigns =
      std::make_unique<giving::CampaignService>(deps.db, *ledger);
  // Partners' reports wait on the books here, never on io threads. After the service.
  WorkerPool giving_pool{2, 256, "ss-giving"};
  std::unique_ptr<care::CareService> care;
  // Dispatch plans (POST /care/plans) are solved here, one at a time: each uses a core for up
  // to its time budget; a full queue answers 503 busy.
  WorkerPool care_pool{1, 8, "ss-care"};
  care::EducationService care_education{deps.db};
  jobs::Runner jobs;  // started only where config.run_scheduled_jobs says so
  std::unique_ptr<http::Server> server;
};

ApiServer::ApiServer(const Config& config, store::Db& db, bool stop_on_signals)
    : parts_(std::make_unique<Parts>(config, db)) {
  add_ops_routes(parts_->routes);
  add_auth_routes(parts_->routes);
  add_programs_routes(parts_->routes);
  add_admin_routes(parts_->routes);
  add_notices_routes(parts_->routes);
  add_ledger_routes(parts_->routes, *parts_->ledger, *parts_->verifications);
  add_market_routes(parts_->routes, *parts_->market, parts_->topics);
  add_outage_routes(parts_->routes, *parts_->outages, parts_->outage_pool);
  add_volunteer_routes(parts_->routes, *parts_->volunteers, parts_->volunteer_pool);
  add_giving_routes(parts_->routes, *parts_->giving, parts_->giving_pool);
  add_campaign_routes(parts_->routes, *parts_->campaigns, *parts_->market, parts_->giving_pool);
  add_care_routes(parts_->routes, *parts_->care, parts_->care_pool, config.care_plan_seconds_max);
  add_care_education_routes(parts_->routes, parts_->care_education);
  add_uploads_routes(parts_->routes);
  add_live_routes(parts_->routes, parts_->live, parts_->performances, parts_->live_feed);
  add_neighbourhood_routes(parts_->routes, parts_->neighbourhood);
  add_market_photo_routes(parts_->routes, parts_->upload_pool, parts_->upload_options);
  add_public_routes(parts_->routes, parts_->figures);
  add_grants_routes(parts_->routes, *parts_->grants, parts_->grants_pool, parts_->upload_pool,
                    parts_->upload_options);

  http::ServerOptions options;
  options.address = config.address;
  options.port = static_cast<std::uint16_t>(config.port);
  options.threads = config.threads;
  options.body_limit_bytes = static_cast<std::size_t>(config.body_limit_bytes);
  options.request_timeout_ms = config.request_timeout_ms;
  options.idle_timeout_ms = config.idle_timeout_ms;
  options.connections_max = config.connections_max;
  options.async_timeout_ms = config.async_timeout_ms;
  options.static_dir = config.web_dir;
  options.stop_on_signals = stop_on_signals;
  options.trust_proxy_headers = config.trust_proxy_headers;
  parts_->server = std::make_unique<http::Server>(options, parts_->router, parts_->metrics);
  // Address limit first (cheap, before any database read), then who is calling, then the
  // per-account limit.
  parts_->server->use(parts_->rate_limiter.by_address());
  parts_->server->use(auth_middleware(parts_->deps));
  parts_->server->use(parts_->rate_limiter.by_account());
}

ApiServer::~ApiServer() = default;
void ApiServer::start() {
  parts_->server->start();
  if (parts_->config.run_scheduled_jobs) parts_->jobs.start();
}
std::uint16_t ApiServer::port() const {
  return parts_->server->port();
}
void ApiServer::stop() {
  parts_->jobs.stop();
  parts_->server->stop();
}
void ApiServer::wait() {
  parts_->server->wait();
}
const std::vector<RouteSpec>& ApiServer::routes() const {
  return parts_->routes.specs();
}
WorkerPool& ApiServer::password_pool() {
  return parts_->password_pool;
}

}  // namespace sangsaeng::api
