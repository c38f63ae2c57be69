#include "neighbourhood/store.h"

#include <cassert>

#include "ledger/rows.h"

namespace sangsaeng::neighbourhood {

namespace {

using ledger::is_pg;
using ledger::row_i64;

constexpr const char* kAreaColumns =
    "SELECT id, name, lat_e6, lon_e6, created_at FROM neighbourhood_areas ";
constexpr const char* kShopColumns =
    "SELECT org_id, area_id, name, category, address, lat_e6, lon_e6, created_at "
    "FROM neighbourhood_shops ";
constexpr const char* kOfferColumns =
    "SELECT o.id, o.shop_org_id, o.title, o.conditions, o.discount_kind, o.discount_value, "
    "o.valid_from, o.valid_until, o.weekly_cap, o.member_daily_max, o.created_by, o.created_at ";
// An offer (columns 0-11) with its shop (columns 12-19).
constexpr const char* kOfferShopColumns =
    ", s.org_id, s.area_id, s.name, s.category, s.address, s.lat_e6, s.lon_e6, s.created_at "
    "FROM neighbourhood_offers o JOIN neighbourhood_shops s ON s.org_id = o.shop_org_id ";
constexpr const char* kCodeColumns =
    "SELECT id, offer_id, user_id, code, issued_at, expires_at, redeemed_at, redeemed_by "
    "FROM neighbourhood_codes ";
constexpr const char* kEventColumns =
    "SELECT id, area_id, title, prize, winners_count, opens_at, closes_at, seed_hex, "
    "seed_commitment, drawn_at, created_by, created_at FROM neighbourhood_prize_events ";

int row_int(const soci::row& r, std::size_t i) {
  return static_cast<int>(row_i64(r, i));
}
std::optional<Id> row_opt(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) != soci::i_ok) return std::nullopt;
  return row_i64(r, i);
}

Area area_from(const soci::row& r) {
  return {.id = row_i64(r, 0),
          .name = r.get<std::string>(1),
          .centre = {.lat_e6 = row_i64(r, 2), .lon_e6 = row_i64(r, 3)},
          .created_at_us = row_i64(r, 4)};
}

Shop shop_from(const soci::row& r, std::size_t at = 0) {
  return {.org_id = row_i64(r, at),
          .area_id = row_i64(r, at + 1),
          .name = r.get<std::string>(at + 2),
          .category = r.get<std::string>(at + 3),
          .address = r.get<std::string>(at + 4),
          .at = {.lat_e6 = row_i64(r, at + 5), .lon_e6 = row_i64(r, at + 6)},
          .created_at_us = row_i64(r, at + 7)};
}

Offer offer_from(const soci::row& r) {
  return {.id = row_i64(r, 0),
          .shop_org_id = row_i64(r, 1),
          .title = r.get<std::string>(2),
          .conditions = r.get<std::string>(3),
          .discount_kind = parse_discount_kind(r.get<std::string>(4)).value(),
          .discount_value = row_i64(r, 5),
          .valid_from_us = row_i64(r, 6),
          .valid_until_us = row_i64(r, 7),
          .weekly_cap = row_int(r, 8),
          .member_daily_max = row_int(r, 9),
          .created_by = row_i64(r, 10),
          .created_at_us = row_i64(r, 11)};
}

OneTimeCode code_from(const soci::row& r) {
  return {.id = row_i64(r, 0),
          .offer_id = row_i64(r, 1),
          .user_id = row_i64(r, 2),
          .code = r.get<std::string>(3),
          .issued_at_us = row_i64(r, 4),
          .expires_at_us = row_i64(r, 5),
          .redeemed_at_us = row_opt(r, 6),
          .redeemed_by = row_opt(r, 7)};
}

PrizeEvent event_from(const soci::row& r) {
  return {.id = row_i64(r, 0),
          .area_id = row_opt(r, 1),
          .title = r.get<std::string>(2),
          .prize = r.get<std::string>(3),
          .winners_count = row_int(r, 4),
          .opens_at_us = row_i64(r, 5),
          .closes_at_us = row_i64(r, 6),
          .seed_hex = r.get<std::string>(7),
          .seed_commitment = r.get<std::string>(8),
          .drawn_at_us = row_opt(r, 9),
          .created_by = row_i64(r, 10),
          .created_at_us = row_i64(r, 11)};
}

std::vector<std::pair<Offer, Shop>> offer_shops(soci::rowset<soci::row>& rows) {
  std::vector<std::pair<Offer, Shop>> out;
  for (const auto& r : rows) out.emplace_back(offer_from(r), shop_from(r, 12));
  return out;
}

}  // namespace

void insert_area(soci::session& s, const Area& a) {
  assert(a.id > 0 && valid(a.centre));
  s << "INSERT INTO neighbourhood_areas (id, name, lat_e6, lon_e6, created_at) VALUES "
       "(:id, :n, :la, :lo, :c)",
      soci::use(a.id), soci::use(a.name), soci::use(a.centre.lat_e6), soci::use(a.centre.lon_e6),
      soci::use(a.created_at_us);
}

std::optional<Area> find_area(soci::session& s, Id id) {
  soci::row r;
  s << std::string(kAreaColumns) + "WHERE id = :id", soci::use(id), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return area_from(r);
}

bool area_named(soci::session& s, const std::string& name) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM neighbourhood_areas WHERE name = :n", soci::use(name), soci::into(n);
  return n > 0;
}

std::vector<Area> all_areas(soci::session& s, int limit) {
  const long long n = limit;
  std::vector<Area> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kAreaColumns) + "ORDER BY name, id LIMIT :n", soci::use(n));
  for (const auto& r : rows) out.push_back(area_from(r));
  return out;
}

void insert_shop(soci::session& s, const Shop& shop) {
  assert(shop.org_id > 0 && valid(shop.at));
  s << "INSERT INTO neighbourhood_shops (org_id, area_id, name, category, address, lat_e6, "
       "lon_e6, created_at) VALUES (:o, :a, :n, :c, :ad, :la, :lo, :ca)",
      soci::use(shop.org_id), soci::use(shop.area_id), soci::use(shop.name),
      soci::use(shop.category), soci::use(shop.address), soci::use(shop.at.lat_e6),
      soci::use(shop.at.lon_e6), soci::use(shop.created_at_us);
}

std::optional<Shop> find_shop(soci::session& s, Id org_id) {
  soci::row r;
  s << std::string(kShopColumns) + "WHERE org_id = :id", soci::use(org_id), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return shop_from(r);
}

std::vector<Shop> shops_in_area(soci::session& s, Id area_id, int limit) {
  const long long n = limit;
  std::vector<Shop> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kShopColumns) + "WHERE area_id = :a ORDER BY name, org_id LIMIT :n",
       soci::use(area_id), soci::use(n));
  for (const auto& r : rows) out.push_back(shop_from(r));
  return out;
}

std::optional<std::string> org_kind(soci::session& s, Id org_id) {
  std::string kind;
  s << "SELECT kind FROM orgs WHERE id = :id", soci::use(org_id), soci::into(kind);
  if (!s.got_data()) return std::nullopt;
  return kind;
}

void insert_offer(soci::session& s, const Offer& o) {
  assert(o.id > 0 && o.valid_until_us > o.valid_from_us);
  const std::string kind(to_string(o.discount_kind));
  s << "INSERT INTO neighbourhood_offers (id, shop_org_id, title, conditions, discount_kind, "
       "discount_value, valid_from, valid_until, weekly_cap, member_daily_max, created_by, "
       "created_at) VALUES (:id, :s, :t, :c, :k, :v, :f, :u, :w, :m, :cb, :ca)",
      soci::use(o.id), soci::use(o.shop_org_id), soci::use(o.title), soci::use(o.conditions),
      soci::use(kind), soci::use(o.discount_value), soci::use(o.valid_from_us),
      soci::use(o.valid_until_us), soci::use(o.weekly_cap), soci::use(o.member_daily_max),
      soci::use(o.created_by), soci::use(o.created_at_us);
}

std::optional<Offer> find_offer(soci::session& s, Id id) {
  soci::row r;
  s << std::string(kOfferColumns) + "FROM neighbourhood_offers o WHERE o.id = :id", soci::use(id),
      soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return offer_from(r);
}

void lock_offer(soci::session& s, Id id) {
  if (!is_pg(s)) return;  // SQLite: the one writer holds the database
  long long got = 0;
  s << "SELECT id FROM neighbourhood_offers WHERE id = :id FOR UPDATE", soci::use(id),
      soci::into(got);
}

std::vector<std::pair<Offer, Shop>> offers_in_box(soci::session& s, Point min, Point max,
                                                  UnixMicros at, int limit) {
  assert(limit >= 1);
  const long long n = limit;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kOfferColumns) + kOfferShopColumns +
                        "WHERE s.lat_e6 BETWEEN :la0 AND :la1 AND s.lon_e6 BETWEEN :lo0 AND :lo1 "
                        "AND o.valid_from <= :t1 AND o.valid_until > :t2 ORDER BY o.id LIMIT :n",
       soci::use(min.lat_e6), soci::use(max.lat_e6), soci::use(min.lon_e6), soci::use(max.lon_e6),
       soci::use(at), soci::use(at), soci::use(n));
  return offer_shops(rows);
}

std::vector<std::pair<Offer, Shop>> offers_in_area(soci::session& s, Id area_id, UnixMicros at,
                                                   int limit) {
  assert(limit >= 1);
  const long long n = limit;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kOfferColumns) + kOfferShopColumns +
                        "WHERE s.area_id = :a AND o.valid_from <= :t1 AND o.valid_until > :t2 "
                        "ORDER BY o.id DESC LIMIT :n",
       soci::use(area_id), soci::use(at), soci::use(at), soci::use(n));
  return offer_shops(rows);
}

void insert_code(soci::session& s, const OneTimeCode& c) {
  assert(c.id > 0 && c.code.size() == kCodeLength && !c.redeemed_at_us);
  s << "INSERT INTO neighbourhood_codes (id, offer_id, user_id, code, issued_at, expires_at, "
       "redeemed_at, redeemed_by) VALUES (:id, :o, :u, :c, :i, :e, NULL, NULL)",
      soci::use(c.id), soci::use(c.offer_id), soci::use(c.user_id), soci::use(c.code),
      soci::use(c.issued_at_us), soci::use(c.expires_at_us);
}

bool code_taken(soci::session& s, const std::string& code) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM neighbourhood_codes WHERE code = :c", soci::use(code), soci::into(n);
  return n > 0;
}

std::optional<OneTimeCode> find_code(soci::session& s, const std::string& code) {
  soci::row r;
  s << std::string(kCodeColumns) + "WHERE code = :c", soci::use(code), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return code_from(r);
}

std::optional<OneTimeCode> open_code(soci::session& s, Id offer_id, Id user_id, UnixMicros at) {
  soci::row r;
  s << std::string(kCodeColumns) +
           "WHERE user_id = :u AND offer_id = :o AND redeemed_at IS NULL AND expires_at > :t "
           "ORDER BY id DESC LIMIT 1",
      soci::use(user_id), soci::use(offer_id), soci::use(at), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return code_from(r);
}

std::int64_t redeemed_since(soci::session& s, Id offer_id, UnixMicros since,
                            std::optional<Id> user_id) {
  long long n = 0;
  if (user_id)
    s << "SELECT COUNT(*) FROM neighbourhood_codes WHERE user_id = :u AND offer_id = :o AND "
         "redeemed_at >= :t",
        soci::use(*user_id), soci::use(offer_id), soci::use(since), soci::into(n);
  else
    s << "SELECT COUNT(*) FROM neighbourhood_codes WHERE offer_id = :o AND redeemed_at >= :t",
        soci::use(offer_id), soci::use(since), soci::into(n);
  return n;
}

bool mark_redeemed(soci::session& s, Id code_id, UnixMicros at, Id by) {
  soci::statement st = (s.prepare << "UPDATE neighbourhood_codes SET redeemed_at = :t, "
                                     "redeemed_by = :b WHERE id = :id AND redeemed_at IS NULL",
                        soci::use(at), soci::use(by), soci::use(code_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<OfferReport> offer_reports(soci::session& s, std::optional<Id> shop_org_id, int limit) {
  const long long n = limit;
  const long long shop = shop_org_id.value_or(0);
  std::vector<OfferReport> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT o.shop_org_id, s.name, o.id, o.title, "
                    "(SELECT COUNT(*) FROM neighbourhood_codes c WHERE c.offer_id = o.id), "
                    "(SELECT COUNT(*) FROM neighbourhood_codes c WHERE c.offer_id = o.id AND "
                    "c.redeemed_at IS NOT NULL) "
                    "FROM neighbourhood_offers o JOIN neighbourhood_shops s ON s.org_id = "
                    "o.shop_org_id WHERE (CAST(:s1 AS BIGINT) = 0 OR o.shop_org_id = :s2) "
                    "ORDER BY s.name, o.shop_org_id, o.id LIMIT :n",
       soci::use(shop), soci::use(shop), soci::use(n));
  for (const auto& r : rows)
    out.push_back({.shop_org_id = row_i64(r, 0),
                   .shop_name = r.get<std::string>(1),
                   .offer_id = row_i64(r, 2),
                   .title = r.get<std::string>(3),
                   .codes_issued = row_i64(r, 4),
                   .redeemed = row_i64(r, 5)});
  return out;
}

void insert_prize_event(soci::session& s, const PrizeEvent& e) {
  assert(e.id > 0 && !e.seed_hex.empty() && !e.drawn_at_us);
  long long area = e.area_id.value_or(0);
  soci::indicator area_ind = e.area_id ? soci::i_ok : soci::i_null;
  s << "INSERT INTO neighbourhood_prize_events (id, area_id, title, prize, winners_count, "
       "opens_at, closes_at, seed_hex, seed_commitment, drawn_at, created_by, created_at) VALUES "
       "(:id, :a, :t, :p, :w, :o, :c, :s, :sc, NULL, :cb, :ca)",
      soci::use(e.id), soci::use(area, area_ind), soci::use(e.title), soci::use(e.prize),
      soci::use(e.winners_count), soci::use(e.opens_at_us), soci::use(e.closes_at_us),
      soci::use(e.seed_hex), soci::use(e.seed_commitment), soci::use(e.created_by),
      soci::use(e.created_at_us);
}

std::optional<PrizeEvent> find_prize_event(soci::session& s, Id id) {
  soci::row r;
  s << std::string(kEventColumns) + "WHERE id = :id", soci::use(id), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return event_from(r);
}

std::vector<PrizeEvent> prize_events(soci::session& s, int limit) {
  const long long n = limit;
  std::vector<PrizeEvent> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kEventColumns) + "ORDER BY id DESC LIMIT :n", soci::use(n));
  for (const auto& r : rows) out.push_back(event_from(r));
  return out;
}

bool insert_entry(soci::session& s, const Entry& e) {
  assert(e.id > 0);
  // ON CONFLICT: two simultaneous entries of one member both try; one row results and the
  // other statement changes nothing (a unique violation would abort PostgreSQL's transaction).
  soci::statement st =
      (s.prepare << "INSERT INTO neighbourhood_prize_entries (id, event_id, user_id, created_at) "
                    "VALUES (:id, :e, :u, :c) ON CONFLICT (event_id, user_id) DO NOTHING",
       soci::use(e.id), soci::use(e.event_id), soci::use(e.user_id), soci::use(e.created_at_us));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::optional<Entry> find_entry(soci::session& s, Id event_id, Id user_id) {
  soci::row r;
  s << "SELECT id, event_id, user_id, created_at FROM neighbourhood_prize_entries WHERE "
       "event_id = :e AND user_id = :u",
      soci::use(event_id), soci::use(user_id), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return Entry{.id = row_i64(r, 0),
               .event_id = row_i64(r, 1),
               .user_id = row_i64(r, 2),
               .created_at_us = row_i64(r, 3)};
}

std::int64_t entry_count(soci::session& s, Id event_id) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM neighbourhood_prize_entries WHERE event_id = :e", soci::use(event_id),
      soci::into(n);
  return n;
}

std::vector<Entry> entries(soci::session& s, Id event_id, int limit) {
  const long long n = limit;
  std::vector<Entry> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, event_id, user_id, created_at FROM neighbourhood_prize_entries "
                    "WHERE event_id = :e ORDER BY id LIMIT :n",
       soci::use(event_id), soci::use(n));
  for (const auto& r : rows)
    out.push_back({.id = row_i64(r, 0),
                   .event_id = row_i64(r, 1),
                   .user_id = row_i64(r, 2),
                   .created_at_us = row_i64(r, 3)});
  return out;
}

bool mark_drawn(soci::session& s, Id event_id, UnixMicros at) {
  soci::statement st = (s.prepare << "UPDATE neighbourhood_prize_events SET drawn_at = :t WHERE "
                                     "id = :id AND drawn_at IS NULL",
                        soci::use(at), soci::use(event_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void insert_winners(soci::session& s, Id event_id, const std::vector<Winner>& winners) {
  for (const Winner& w : winners)
    s << "INSERT INTO neighbourhood_prize_winners (event_id, place, entry_id, user_id) VALUES "
         "(:e, :p, :en, :u)",
        soci::use(event_id), soci::use(w.place), soci::use(w.entry_id), soci::use(w.user_id);
}

std::vector<Winner> winners(soci::session& s, Id event_id) {
  std::vector<Winner> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT place, entry_id, user_id FROM neighbourhood_prize_winners WHERE "
                    "event_id = :e ORDER BY place",
       soci::use(event_id));
  for (const auto& r : rows)
    out.push_back({.place = row_int(r, 0), .entry_id = row_i64(r, 1), .user_id = row_i64(r, 2)});
  return out;
}

}  // namespace sangsaeng::neighbourhood
