// Neighbourhood membership's SQL (migration 0710): statements run inside the caller's
// transaction (store::Db::write or read), SQLite and PostgreSQL alike. Infrastructure failures
// and constraint violations throw (soci::soci_error).
#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "neighbourhood/types.h"

namespace sangsaeng::neighbourhood {

void insert_area(soci::session& s, const Area& area);
std::optional<Area> find_area(soci::session& s, Id id);
bool area_named(soci::session& s, const std::string& name);
std::vector<Area> all_areas(soci::session& s, int limit);  // by name

void insert_shop(soci::session& s, const Shop& shop);
std::optional<Shop> find_shop(soci::session& s, Id org_id);
std::vector<Shop> shops_in_area(soci::session& s, Id area_id, int limit);  // by name
// The kind of an organisation ("merchant", ...), nullopt if there is none.
std::optional<std::string> org_kind(soci::session& s, Id org_id);

void insert_offer(soci::session& s, const Offer& offer);
std::optional<Offer> find_offer(soci::session& s, Id id);
// Takes the offer's row lock until the transaction ends (PostgreSQL; SQLite has one writer
// anyway): redemptions of one offer, and so its caps, are decided one at a time.
void lock_offer(soci::session& s, Id id);
// Offers valid at `at` whose shop lies in the box [min, max] (coordinates), with their shops;
// at most `limit`, nearest to nothing in particular (the caller measures and sorts).
std::vector<std::pair<Offer, Shop>> offers_in_box(soci::session& s, Point min, Point max,
                                                  UnixMicros at, int limit);
// Offers of the neighbourhood's shops valid at `at`, newest first, at most `limit`.
std::vector<std::pair<Offer, Shop>> offers_in_area(soci::session& s, Id area_id, UnixMicros at,
                                                   int limit);

void insert_code(soci::session& s, const OneTimeCode& code);
bool code_taken(soci::session& s, const std::string& code);
std::optional<OneTimeCode> find_code(soci::session& s, const std::string& code);
// The member's unredeemed code for the offer that is still good at `at`, if any.
std::optional<OneTimeCode> open_code(soci::session& s, Id offer_id, Id user_id, UnixMicros at);
// Redemptions of the offer since `since` (of one member when given).
std::int64_t redeemed_since(soci::session& s, Id offer_id, UnixMicros since,
                            std::optional<Id> user_id);
// Marks the code redeemed unless it already is; false (nothing written) when it was.
bool mark_redeemed(soci::session& s, Id code_id, UnixMicros at, Id by);
// Codes issued and redeemed per offer, of one shop or all, by shop then offer.
std::vector<OfferReport> offer_reports(soci::session& s, std::optional<Id> shop_org_id, int limit);

void insert_prize_event(soci::session& s, const PrizeEvent& event);
std::optional<PrizeEvent> find_prize_event(soci::session& s, Id id);
std::vector<PrizeEvent> prize_events(soci::session& s, int limit);  // newest first
// False (nothing written) when the member has an entry in the event already.
bool insert_entry(soci::session& s, const Entry& entry);
std::optional<Entry> find_entry(soci::session& s, Id event_id, Id user_id);
std::int64_t entry_count(soci::session& s, Id event_id);
// In recorded order (by id), at most `limit`.
std::vector<Entry> entries(soci::session& s, Id event_id, int limit);
// Sets drawn_at unless it is set; false (nothing written) when the event was drawn already.
bool mark_drawn(soci::session& s, Id event_id, UnixMicros at);
void insert_winners(soci::session& s, Id event_id, const std::vector<Winner>& winners);
std::vector<Winner> winners(soci::session& s, Id event_id);  // by place

}  // namespace sangsaeng::neighbourhood
