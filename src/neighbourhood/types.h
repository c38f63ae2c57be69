// Neighbourhood membership's records (issue 20): neighbourhoods (alleys), their member shops,
// the shops' offers, the one-time codes members show at the counter, and prize events.
// Coordinates are integer microdegrees (WGS 84): exact on both databases.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.h"
#include "core/time.h"

namespace sangsaeng::neighbourhood {

struct Point {
  std::int64_t lat_e6 = 0, lon_e6 = 0;  // microdegrees
};
// Whether the point is on the globe (|lat| <= 90°, |lon| <= 180°).
bool valid(const Point& p);
// Great-circle distance in metres (haversine on a sphere of the mean Earth radius, 6,371,008.8
// m): within 0.5 % of the ellipsoid, plenty for "shops within 500 m".
double distance_m(const Point& a, const Point& b);
// The latitude and longitude span (microdegrees) of a box that holds every point within
// `radius_m` of `centre`: the store's coarse filter before the exact distance.
struct Span {
  std::int64_t lat_e6 = 0, lon_e6 = 0;
};
Span span_within(const Point& centre, double radius_m);

struct Area {
  Id id = 0;
  std::string name = {};  // e.g. "망원동 골목"
  Point centre = {};
  UnixMicros created_at_us = 0;
};

// A member shop: a merchant organisation (accounts' orgs) in one neighbourhood.
struct Shop {
  Id org_id = 0;
  Id area_id = 0;
  std::string name = {}, category = {}, address = {};
  Point at = {};
  UnixMicros created_at_us = 0;
};

enum class DiscountKind { percent, fixed };
std::string_view to_string(DiscountKind kind);
std::optional<DiscountKind> parse_discount_kind(std::string_view text);

struct Offer {
  Id id = 0;
  Id shop_org_id = 0;
  std::string title = {}, conditions = {};
  DiscountKind discount_kind = DiscountKind::percent;
  std::int64_t discount_value = 0;                   // percent 1..100, or won off
  UnixMicros valid_from_us = 0, valid_until_us = 0;  // [from, until)
  int weekly_cap = 0;        // redemptions per Asia/Seoul week (Monday 00:00), all members; 0: none
  int member_daily_max = 1;  // redemptions per member per Asia/Seoul day
  Id created_by = 0;
  UnixMicros created_at_us = 0;
  bool valid_at(UnixMicros t) const { return valid_from_us <= t && t < valid_until_us; }
};

// An offer found near a point, with its shop and how far it is.
struct NearbyOffer {
  Offer offer;
  Shop shop;
  std::int64_t distance_m = 0;  // rounded
};

// A one-time code: issued to a member for an offer, redeemed by the shop at most once.
struct OneTimeCode {
  Id id = 0;
  Id offer_id = 0, user_id = 0;
  std::string code = {};  // kCodeLength characters of kCodeAlphabet
  UnixMicros issued_at_us = 0, expires_at_us = 0;
  std::optional<UnixMicros> redeemed_at_us = {};
  std::optional<Id> redeemed_by = {};
};

// Unambiguous upper-case letters and digits (no 0/O, 1/I/L): read aloud or typed at a counter.
inline constexpr std::string_view kCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
inline constexpr std::size_t kCodeLength = 8;
// A fresh random code (libsodium's generator).
std::string new_code();
// The code as typed (lower case, spaces and dashes allowed) in its stored form; nullopt when
// it cannot be a code.
std::optional<std::string> normalise_code(std::string_view typed);

// Midnight Asia/Seoul of t's day, and Monday 00:00 Asia/Seoul of t's week (the caps' periods).
UnixMicros seoul_day_start(UnixMicros t);
UnixMicros seoul_week_start(UnixMicros t);

struct PrizeEvent {
  Id id = 0;
  std::optional<Id> area_id = {};  // none: open to members of every neighbourhood
  std::string title = {}, prize = {};
  int winners_count = 1;
  UnixMicros opens_at_us = 0, closes_at_us = 0;  // entries in [opens, closes)
  std::string seed_hex = {};                     // secret until drawn
  std::string seed_commitment = {};              // hex SHA-256 of the seed, public
  std::optional<UnixMicros> drawn_at_us = {};
  Id created_by = 0;
  UnixMicros created_at_us = 0;
};

struct Entry {
  Id id = 0;
  Id event_id = 0, user_id = 0;
  UnixMicros created_at_us = 0;
};

struct Winner {
  int place = 0;  // 1-based
  Id entry_id = 0, user_id = 0;
};

// Redemptions of one offer (the report per shop and offer).
struct OfferReport {
  Id shop_org_id = 0;
  std::string shop_name = {};
  Id offer_id = 0;
  std::string title = {};
  std::int64_t codes_issued = 0, redeemed = 0;
};

}  // namespace sangsaeng::neighbourhood
