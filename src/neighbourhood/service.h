// Neighbourhood membership's use cases (issue 20). The program's manager adds neighbourhoods
// and their member shops (merchant organisations); a shop (or the manager) publishes offers;
// members find offers near a point or in a neighbourhood, take a one-time code for an offer and
// show it at the counter, where the shop redeems it exactly once, within the offer's caps.
// Prize events take one entry per member while open and are drawn once, by the commit-reveal
// draw of draw/draw.h; winners are told through the outbox in the draw's transaction.
//
// Discounts are given at the counter: no won moves through the platform, so nothing here posts
// to the ledger (docs/decisions.md, "Neighbourhood membership").
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "core/status.h"
#include "neighbourhood/types.h"
#include "store/db.h"

namespace sangsaeng::neighbourhood {

struct NeighbourhoodOptions {
  int nearby_max = 50;         // offers one search answers at most
  int candidates_max = 2000;   // rows the coarse box filter reads at most per search
  double radius_m_max = 5000;  // a search reaches this far at most
  UnixMicros code_ttl_us = 15 * 60 * kMicrosPerSecond;  // a code is shown soon after it is taken
  int code_tries_max = 8;     // fresh codes tried when one is taken (a 31^8 space)
  int entries_max = 100'000;  // per prize event: bounds the draw
  std::function<UnixMicros()> clock = now_us;
};

// Who acts on a shop's behalf: the manager (or an admin) for every shop, a merchant for the
// shop of their own organisation.
struct Actor {
  Id user_id = 0;
  std::optional<Id> org_id = {};
  bool manages = false;
};

// A redeemed code with the offer to apply at the counter.
struct Redeemed {
  OneTimeCode code;
  Offer offer;
  Shop shop;
};

// A drawn prize event: the winners by place.
struct Drawn {
  PrizeEvent event;
  std::vector<Winner> winners;
  std::int64_t entries = 0;
};

class NeighbourhoodService {
 public:
  // `db` must be migrated and outlive the service.
  explicit NeighbourhoodService(store::Db& db, NeighbourhoodOptions options = {});

  // invalid_argument (name, centre); conflict "area-exists" for a name in use.
  Result<Area> add_area(Area area);
  std::vector<Area> areas(int limit);
  // invalid_argument: the org is not a merchant organisation, no such area, a bad point;
  // conflict "shop-exists" when the organisation is a member shop already.
  Result<Shop> add_shop(Shop shop);
  std::optional<Shop> find_shop(Id org_id);

  // invalid_argument: the discount (percent 1..100, fixed 1..1,000,000 won), the window, the
  // caps, no such shop; forbidden: a merchant's offer for another organisation's shop.
  Result<Offer> add_offer(Offer offer, const Actor& actor);
  std::optional<Offer> find_offer(Id id);
  // Offers valid now whose shop is within radius_m of `centre`, nearest first, at most
  // nearby_max. invalid_argument for a point off the globe or a radius outside 1..radius_m_max.
  Result<std::vector<NearbyOffer>> offers_near(Point centre, double radius_m);
  // Offers of the neighbourhood's shops valid now, newest first. not_found (the area).
  Result<std::vector<NearbyOffer>> offers_in_area(Id area_id);

  // A one-time code for the member, good for code_ttl_us; the member's open code for the offer
  // again while it is good. not_found; failed_precondition "offer-not-valid" outside the
  // window, "daily-limit-reached" when the member used the offer member_daily_max times today,
  // "weekly-cap-reached" when the offer's week is used up.
  Result<OneTimeCode> issue_code(Id offer_id, Id user_id);
  // Redeems the code at the shop, exactly once even under simultaneous tries. invalid_argument
  // "code" for text that cannot be a code; not_found "no-such-code"; forbidden for another
  // shop's code; conflict "already-redeemed"; failed_precondition "code-expired",
  // "offer-not-valid", "daily-limit-reached", "weekly-cap-reached".
  Result<Redeemed> redeem(std::string_view typed_code, const Actor& shop);
  // Codes issued and redeemed per offer: one shop's, or every shop's when nullopt.
  std::vector<OfferReport> report(std::optional<Id> shop_org_id, int limit);

  // A new event with a fresh seed and its published commitment. invalid_argument: the title,
  // prize, winners (1..1000), the window, no such area.
  Result<PrizeEvent> add_prize_event(PrizeEvent event, Id actor_id);
  std::optional<PrizeEvent> find_prize_event(Id id);
  std::vector<PrizeEvent> prize_events(int limit);
  // The member's entry; the same entry again when they entered already. not_found;
  // failed_precondition "entries-closed" outside the window, "event-full" past entries_max.
  Result<Entry> enter(Id event_id, Id user_id);
  std::optional<Entry> entry_of(Id event_id, Id user_id);
  // Draws the winners once the entries are closed, and queues a notice to each. not_found;
  // failed_precondition "entries-open" before closes_at; conflict "already-drawn".
  Result<Drawn> draw(Id event_id);
  // The event's entries in recorded order and its winners (empty before the draw).
  struct Published {
    PrizeEvent event;
    std::vector<Entry> entries;
    std::vector<Winner> winners;
  };
  std::optional<Published> published(Id event_id);

 private:
  Status check_caps(soci::session& s, const Offer& offer, Id user_id, UnixMicros now) const;

  store::Db& db_;
  const NeighbourhoodOptions options_;
};

// The winners of a draw: the first `winners_count` entries of draw::ordering, each entry's
// ticket its id in decimal. Pure; what `sangsaeng draw verify` recomputes.
std::vector<Winner> draw_winners(std::string_view seed, const std::vector<Entry>& entries,
                                 int winners_count);

}  // namespace sangsaeng::neighbourhood
