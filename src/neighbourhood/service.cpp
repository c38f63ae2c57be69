#include "neighbourhood/service.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "core/json.h"
#include "draw/draw.h"
#include "neighbourhood/store.h"
#include "outbox/outbox.h"

namespace sangsaeng::neighbourhood {

namespace {

constexpr std::int64_t kFixedDiscountMaxWon = 1'000'000;
constexpr int kWeeklyCapMax = 100'000;
constexpr int kMemberDailyMax = 10;
constexpr int kWinnersMax = 1000;

void text_errors(std::vector<FieldError>& errors, std::string_view field, const std::string& v,
                 std::size_t max_chars, bool required = true) {
  const std::size_t n = utf8_length(v);
  if ((required && n == 0) || n > max_chars)
    errors.push_back({std::string(field), "1 to " + std::to_string(max_chars) + " characters"});
}

Status offer_errors(const Offer& o) {
  std::vector<FieldError> errors;
  text_errors(errors, "title", o.title, 100);
  text_errors(errors, "conditions", o.conditions, 500, false);
  const std::int64_t max = o.discount_kind == DiscountKind::percent ? 100 : kFixedDiscountMaxWon;
  if (o.discount_value < 1 || o.discount_value > max)
    errors.push_back({"discount_value", o.discount_kind == DiscountKind::percent
                                            ? "a percentage from 1 to 100"
                                            : "1 to 1,000,000 won"});
  if (o.valid_until_us <= o.valid_from_us) errors.push_back({"valid_until", "after valid_from"});
  if (o.weekly_cap < 0 || o.weekly_cap > kWeeklyCapMax)
    errors.push_back({"weekly_cap", "0 (no cap) to 100,000"});
  if (o.member_daily_max < 1 || o.member_daily_max > kMemberDailyMax)
    errors.push_back({"member_daily_max", "1 to 10"});
  if (errors.empty()) return {};
  return Status::invalid(std::move(errors));
}

outbox::Message winner_notice(const PrizeEvent& e, const Winner& w, UnixMicros now) {
  return {
      .id = ids().next(),
      .dedup_key = "neighbourhood:prize:" + std::to_string(e.id) + ":" + std::to_string(w.entry_id),
      .topic = "neighbourhood.prize_won",
      .recipient_user_id = w.user_id,
      .channel = "app",
      .address = std::to_string(w.user_id),
      .subject = "당첨을 축하합니다: " + e.title,
      .body = e.title + " 경품 추첨에서 " + std::to_string(w.place) + "등으로 당첨되셨습니다. " +
              "경품: " + e.prize + ". 응모 번호 " + std::to_string(w.entry_id) + ".",
      .created_at_us = now};
}

std::vector<NearbyOffer> measured(const std::vector<std::pair<Offer, Shop>>& found,
                                  std::optional<Point> centre) {
  std::vector<NearbyOffer> out;
  out.reserve(found.size());
  for (const auto& [offer, shop] : found) {
    const double d = centre ? distance_m(*centre, shop.at) : 0;
    out.push_back({.offer = offer, .shop = shop, .distance_m = std::llround(d)});
  }
  return out;
}

}  // namespace

NeighbourhoodService::NeighbourhoodService(store::Db& db, NeighbourhoodOptions options)
    : db_(db), options_(std::move(options)) {}

Result<Area> NeighbourhoodService::add_area(Area area) {
  std::vector<FieldError> errors;
  text_errors(errors, "name", area.name, 100);
  if (!valid(area.centre)) errors.push_back({"centre", "a point on the globe"});
  if (!errors.empty()) return Status::invalid(std::move(errors));
  area.id = ids().next();
  area.created_at_us = options_.clock();
  return db_.write([&](soci::session& s) -> Result<Area> {
    if (area_named(s, area.name))
      return Status(Code::conflict, "area-exists", "A neighbourhood has this name already");
    insert_area(s, area);
    return area;
  });
}

std::vector<Area> NeighbourhoodService::areas(int limit) {
  assert(limit >= 1 && limit <= 1000);
  return db_.read([&](soci::session& s) { return all_areas(s, limit); });
}

Result<Shop> NeighbourhoodService::add_shop(Shop shop) {
  std::vector<FieldError> errors;
  text_errors(errors, "name", shop.name, 100);
  text_errors(errors, "category", shop.category, 50);
  text_errors(errors, "address", shop.address, 200);
  if (!valid(shop.at)) errors.push_back({"location", "a point on the globe"});
  if (!errors.empty()) return Status::invalid(std::move(errors));
  shop.created_at_us = options_.clock();
  return db_.write([&](soci::session& s) -> Result<Shop> {
    if (org_kind(s, shop.org_id) != "merchant")
      return Status::invalid("org_id", "a merchant organisation");
    if (!find_area(s, shop.area_id)) return Status::invalid("area_id", "no such neighbourhood");
    if (neighbourhood::find_shop(s, shop.org_id))
      return Status(Code::conflict, "shop-exists", "This organisation is a member shop already");
    insert_shop(s, shop);
    return shop;
  });
}

std::optional<Shop> NeighbourhoodService::find_shop(Id org_id) {
  return db_.read([&](soci::session& s) { return neighbourhood::find_shop(s, org_id); });
}

Result<Offer> NeighbourhoodService::add_offer(Offer offer, const Actor& actor) {
  if (Status st = offer_errors(offer); !st.ok()) return st;
  if (!actor.manages && actor.org_id != offer.shop_org_id)
    return Status::forbidden("A shop publishes offers for itself only");
  offer.id = ids().next();
  offer.created_by = actor.user_id;
  offer.created_at_us = options_.clock();
  return db_.write([&](soci::session& s) -> Result<Offer> {
    if (!neighbourhood::find_shop(s, offer.shop_org_id))
      return Status::invalid("shop_org_id", "no such member shop");
    insert_offer(s, offer);
    return offer;
  });
}

std::optional<Offer> NeighbourhoodService::find_offer(Id id) {
  return db_.read([&](soci::session& s) { return neighbourhood::find_offer(s, id); });
}

Result<std::vector<NearbyOffer>> NeighbourhoodService::offers_near(Point centre, double radius_m) {
  if (!valid(centre)) return Status::invalid("lat", "a point on the globe (lat, lon)");
  if (!(radius_m >= 1 && radius_m <= options_.radius_m_max))
    return Status::invalid(
        "radius_m", "1 to " + std::to_string(std::lround(options_.radius_m_max)) + " metres");
  const Span span = span_within(centre, radius_m);
  const Point min{.lat_e6 = centre.lat_e6 - span.lat_e6, .lon_e6 = centre.lon_e6 - span.lon_e6};
  const Point max{.lat_e6 = centre.lat_e6 + span.lat_e6, .lon_e6 = centre.lon_e6 + span.lon_e6};
  const UnixMicros now = options_.clock();
  auto found = db_.read(
      [&](soci::session& s) { return offers_in_box(s, min, max, now, options_.candidates_max); });
  std::vector<NearbyOffer> out = measured(found, centre);
  std::erase_if(out, [&](const NearbyOffer& o) { return o.distance_m > radius_m; });
  std::sort(out.begin(), out.end(), [](const NearbyOffer& a, const NearbyOffer& b) {
    return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.offer.id < b.offer.id;
  });
  if (out.size() > static_cast<std::size_t>(options_.nearby_max)) out.resize(options_.nearby_max);
  return out;
}

Result<std::vector<NearbyOffer>> NeighbourhoodService::offers_in_area(Id area_id) {
  const UnixMicros now = options_.clock();
  return db_.read([&](soci::session& s) -> Result<std::vector<NearbyOffer>> {
    if (!find_area(s, area_id)) return Status::not_found("No neighbourhood with this id");
    return measured(neighbourhood::offers_in_area(s, area_id, now, options_.nearby_max),
                    std::nullopt);
  });
}

Status NeighbourhoodService::check_caps(soci::session& s, const Offer& offer, Id user_id,
                                        UnixMicros now) const {
  if (!offer.valid_at(now))
    return Status(Code::failed_precondition, "offer-not-valid", "This offer is not valid now");
  if (redeemed_since(s, offer.id, seoul_day_start(now), user_id) >= offer.member_daily_max)
    return Status(Code::failed_precondition, "daily-limit-reached",
                  "This member has used this offer as often as it allows today");
  if (offer.weekly_cap > 0 &&
      redeemed_since(s, offer.id, seoul_week_start(now), std::nullopt) >= offer.weekly_cap)
    return Status(Code::failed_precondition, "weekly-cap-reached",
                  "This offer's redemptions for the week are used up");
  return {};
}

Result<OneTimeCode> NeighbourhoodService::issue_code(Id offer_id, Id user_id) {
  const UnixMicros now = options_.clock();
  return db_.write([&](soci::session& s) -> Result<OneTimeCode> {
    auto offer = neighbourhood::find_offer(s, offer_id);
    if (!offer) return Status::not_found("No offer with this id");
    if (Status st = check_caps(s, *offer, user_id, now); !st.ok()) return st;
    if (auto open = open_code(s, offer_id, user_id, now)) return *open;
    OneTimeCode code{.id = ids().next(),
                     .offer_id = offer_id,
                     .user_id = user_id,
                     .issued_at_us = now,
                     .expires_at_us = std::min(now + options_.code_ttl_us, offer->valid_until_us)};
    for (int i = 0; i < options_.code_tries_max && code.code.empty(); ++i) {
      std::string candidate = new_code();
      if (!code_taken(s, candidate)) code.code = std::move(candidate);
    }
    if (code.code.empty()) throw std::runtime_error("neighbourhood: no free code");
    insert_code(s, code);
    return code;
  });
}

Result<Redeemed> NeighbourhoodService::redeem(std::string_view typed_code, const Actor& actor) {
  auto normalised = normalise_code(typed_code);
  if (!normalised)
    return Status::invalid("code", std::to_string(kCodeLength) + " letters and digits");
  const UnixMicros now = options_.clock();
  return db_.write([&](soci::session& s) -> Result<Redeemed> {
    auto code = find_code(s, *normalised);
    if (!code) return Status(Code::not_found, "no-such-code", "No code like this was issued");
    lock_offer(s, code->offer_id);     // the caps below are decided one redemption at a time
    code = find_code(s, *normalised);  // as it is now that the offer's lock is held
    auto offer = neighbourhood::find_offer(s, code->offer_id);
    assert(offer.has_value());
    if (!actor.manages && actor.org_id != offer->shop_org_id)
      return Status::forbidden("This code is for another shop's offer");
    if (code->redeemed_at_us)
      return Status(Code::conflict, "already-redeemed",
                    "This code was redeemed already at " + format_rfc3339(*code->redeemed_at_us));
    if (code->expires_at_us <= now)
      return Status(Code::failed_precondition, "code-expired",
                    "This code has expired: the member takes a new one");
    if (Status st = check_caps(s, *offer, code->user_id, now); !st.ok()) return st;
    if (!mark_redeemed(s, code->id, now, actor.user_id))
      return Status(Code::conflict, "already-redeemed", "This code was redeemed already");
    code->redeemed_at_us = now;
    code->redeemed_by = actor.user_id;
    auto shop = neighbourhood::find_shop(s, offer->shop_org_id);
    assert(shop.has_value());
    return Redeemed{.code = *code, .offer = *offer, .shop = *shop};
  });
}

std::vector<OfferReport> NeighbourhoodService::report(std::optional<Id> shop_org_id, int limit) {
  assert(limit >= 1 && limit <= 1000);
  return db_.read([&](soci::session& s) { return offer_reports(s, shop_org_id, limit); });
}

Result<PrizeEvent> NeighbourhoodService::add_prize_event(PrizeEvent e, Id actor_id) {
  std::vector<FieldError> errors;
  text_errors(errors, "title", e.title, 100);
  text_errors(errors, "prize", e.prize, 200);
  if (e.winners_count < 1 || e.winners_count > kWinnersMax)
    errors.push_back({"winners_count", "1 to 1000"});
  if (e.closes_at_us <= e.opens_at_us) errors.push_back({"closes_at", "after opens_at"});
  if (!errors.empty()) return Status::invalid(std::move(errors));
  const std::string seed = draw::new_seed();
  e.id = ids().next();
  e.seed_hex = draw::to_hex(seed);
  e.seed_commitment = draw::commitment_hex(seed);
  e.drawn_at_us.reset();
  e.created_by = actor_id;
  e.created_at_us = options_.clock();
  return db_.write([&](soci::session& s) -> Result<PrizeEvent> {
    if (e.area_id && !find_area(s, *e.area_id))
      return Status::invalid("area_id", "no such neighbourhood");
    insert_prize_event(s, e);
    return e;
  });
}

std::optional<PrizeEvent> NeighbourhoodService::find_prize_event(Id id) {
  return db_.read([&](soci::session& s) { return neighbourhood::find_prize_event(s, id); });
}

std::vector<PrizeEvent> NeighbourhoodService::prize_events(int limit) {
  assert(limit >= 1 && limit <= 1000);
  return db_.read([&](soci::session& s) { return neighbourhood::prize_events(s, limit); });
}

Result<Entry> NeighbourhoodService::enter(Id event_id, Id user_id) {
  const UnixMicros now = options_.clock();
  return db_.write([&](soci::session& s) -> Result<Entry> {
    auto e = neighbourhood::find_prize_event(s, event_id);
    if (!e) return Status::not_found("No prize event with this id");
    if (auto mine = find_entry(s, event_id, user_id)) return *mine;
    if (now < e->opens_at_us || now >= e->closes_at_us || e->drawn_at_us)
      return Status(Code::failed_precondition, "entries-closed",
                    "Entries to this prize event are not open");
    if (entry_count(s, event_id) >= options_.entries_max)
      return Status(Code::failed_precondition, "event-full", "This prize event is full");
    const Entry entry{
        .id = ids().next(), .event_id = event_id, .user_id = user_id, .created_at_us = now};
    if (insert_entry(s, entry)) return entry;
    auto theirs = find_entry(s, event_id, user_id);  // a simultaneous entry of theirs won
    assert(theirs.has_value());
    return *theirs;
  });
}

std::optional<Entry> NeighbourhoodService::entry_of(Id event_id, Id user_id) {
  return db_.read([&](soci::session& s) { return find_entry(s, event_id, user_id); });
}

std::vector<Winner> draw_winners(std::string_view seed, const std::vector<Entry>& entries,
                                 int winners_count) {
  assert(winners_count >= 1);
  std::vector<std::string> tickets;
  tickets.reserve(entries.size());
  for (const Entry& e : entries) tickets.push_back(std::to_string(e.id));
  const std::vector<std::size_t> order = draw::ordering(seed, tickets);
  std::vector<Winner> out;
  for (std::size_t i = 0; i < order.size() && out.size() < static_cast<std::size_t>(winners_count);
       ++i) {
    const Entry& e = entries[order[i]];
    out.push_back({.place = static_cast<int>(i + 1), .entry_id = e.id, .user_id = e.user_id});
  }
  return out;
}

Result<Drawn> NeighbourhoodService::draw(Id event_id) {
  const UnixMicros now = options_.clock();
  return db_.write([&](soci::session& s) -> Result<Drawn> {
    auto e = neighbourhood::find_prize_event(s, event_id);
    if (!e) return Status::not_found("No prize event with this id");
    if (now < e->closes_at_us)
      return Status(Code::failed_precondition, "entries-open",
                    "The draw comes after the entries close at " + format_rfc3339(e->closes_at_us));
    if (!mark_drawn(s, event_id, now))
      return Status(Code::conflict, "already-drawn", "This prize event was drawn already");
    e->drawn_at_us = now;
    const std::vector<Entry> all = entries(s, event_id, options_.entries_max);
    const auto seed = draw::from_hex(e->seed_hex);
    assert(seed.has_value());
    Drawn drawn{.event = *e,
                .winners = draw_winners(*seed, all, e->winners_count),
                .entries = static_cast<std::int64_t>(all.size())};
    insert_winners(s, event_id, drawn.winners);
    std::vector<outbox::Message> notices;
    for (const Winner& w : drawn.winners) notices.push_back(winner_notice(*e, w, now));
    outbox::enqueue_all(s, notices);
    return drawn;
  });
}

std::optional<NeighbourhoodService::Published> NeighbourhoodService::published(Id event_id) {
  return db_.read([&](soci::session& s) -> std::optional<Published> {
    auto e = neighbourhood::find_prize_event(s, event_id);
    if (!e) return std::nullopt;
    Published p{.event = *e, .entries = {}, .winners = {}};
    if (e->drawn_at_us) {
      p.entries = entries(s, event_id, options_.entries_max);
      p.winners = winners(s, event_id);
    }
    return p;
  });
}

}  // namespace sangsaeng::neighbourhood
