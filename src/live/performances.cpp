#include "live/performances.h"

#include <boost/url/parse.hpp>
#include <cassert>

#include "core/cursor.h"
#include "ledger/rows.h"

namespace sangsaeng::live {

namespace {

using ledger::row_i64;

constexpr const char* kTitleColumns =
    "SELECT t.id, t.partner_id, p.name, t.title, t.description, t.duration_min, t.age_rating, "
    "t.iptv_channel, t.mobile_url, t.lineup_month, t.available_from, t.available_until, t.views, "
    "t.created_by, t.created_at FROM perf_titles t JOIN perf_partners p ON p.id = t.partner_id ";

Title title_from(const soci::row& r) {
  return {.id = row_i64(r, 0),
          .partner_id = row_i64(r, 1),
          .partner_name = r.get<std::string>(2),
          .title = r.get<std::string>(3),
          .description = r.get<std::string>(4),
          .duration_min = static_cast<int>(row_i64(r, 5)),
          .age_rating = r.get<std::string>(6),
          .iptv_channel = r.get<std::string>(7),
          .mobile_url = r.get<std::string>(8),
          .lineup_month = r.get<std::string>(9),
          .available_from_us = row_i64(r, 10),
          .available_until_us = row_i64(r, 11),
          .views = row_i64(r, 12),
          .created_by = row_i64(r, 13),
          .created_at_us = row_i64(r, 14)};
}

std::vector<Title> titles(soci::session& s, const std::string& where_order, UnixMicros at_us,
                          const std::string& month, int limit) {
  assert(limit >= 1 && limit <= kPageLimitMax);
  std::vector<Title> out;
  const long long n = limit;
  soci::rowset<soci::row> rows =
      month.empty()
          ? (s.prepare << std::string(kTitleColumns) + where_order, soci::use(at_us),
             soci::use(at_us), soci::use(n))
          : (s.prepare << std::string(kTitleColumns) + where_order, soci::use(month), soci::use(n));
  for (const auto& r : rows) out.push_back(title_from(r));
  return out;
}

bool https_link(const std::string& url) {
  auto u = boost::urls::parse_absolute_uri(url);
  return u && u->scheme() == "https" && !u->host().empty() && !u->has_userinfo();
}

bool month_text(const std::string& m) {
  if (m.size() != 7 || m[4] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6})
    if (m[i] < '0' || m[i] > '9') return false;
  const int month = (m[5] - '0') * 10 + (m[6] - '0');
  return month >= 1 && month <= 12;
}

std::optional<Title> find_title(soci::session& s, Id id) {
  soci::row r;
  s << std::string(kTitleColumns) + "WHERE t.id = :id", soci::use(id), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return title_from(r);
}

}  // namespace

Performances::Performances(store::Db& db, std::function<UnixMicros()> clock)
    : db_(db), clock_(std::move(clock)) {}

Result<Partner> Performances::add_partner(Partner p) {
  if (!p.url.empty() && !https_link(p.url)) return Status::invalid("url", "must be an https link");
  p.id = ids().next();
  p.created_at_us = clock_();
  return db_.write([&](soci::session& s) -> Result<Partner> {
    long long n = 0;
    s << "SELECT COUNT(*) FROM perf_partners WHERE name = :n", soci::use(p.name), soci::into(n);
    if (n > 0) return Status(Code::conflict, "partner-exists", "A partner has this name");
    s << "INSERT INTO perf_partners (id, name, description, url, created_at) VALUES (:id, :n, :d, "
         ":u, :c)",
        soci::use(p.id), soci::use(p.name), soci::use(p.description), soci::use(p.url),
        soci::use(p.created_at_us);
    return p;
  });
}

std::vector<Partner> Performances::partners() {
  return db_.read([&](soci::session& s) {
    std::vector<Partner> out;
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT id, name, description, url, created_at FROM perf_partners ORDER BY "
                      "name LIMIT 200");
    for (const auto& r : rows)
      out.push_back({.id = row_i64(r, 0),
                     .name = r.get<std::string>(1),
                     .description = r.get<std::string>(2),
                     .url = r.get<std::string>(3),
                     .created_at_us = row_i64(r, 4)});
    return out;
  });
}

Result<Title> Performances::add_title(Title t, Id actor_id) {
  std::vector<FieldError> errors;
  if (t.duration_min < 1 || t.duration_min > 600)
    errors.push_back({"duration_min", "1 to 600 minutes"});
  if (t.age_rating != "all" && t.age_rating != "7" && t.age_rating != "12" &&
      t.age_rating != "15" && t.age_rating != "19")
    errors.push_back({"age_rating", "one of all, 7, 12, 15, 19"});
  if (t.available_until_us <= t.available_from_us)
    errors.push_back({"available_until", "must be after available_from"});
  if (!month_text(t.lineup_month)) errors.push_back({"lineup_month", "YYYY-MM"});
  if (!t.mobile_url.empty() && !https_link(t.mobile_url))
    errors.push_back({"mobile_url", "must be an https link"});
  if (t.mobile_url.empty() && t.iptv_channel.empty())
    errors.push_back({"iptv_channel", "an IPTV channel or a mobile link is required"});
  if (!errors.empty()) return Status::invalid(std::move(errors));
  t.id = ids().next();
  t.views = 0;
  t.created_by = actor_id;
  t.created_at_us = clock_();
  return db_.write([&](soci::session& s) -> Result<Title> {
    std::string name;
    s << "SELECT name FROM perf_partners WHERE id = :id", soci::use(t.partner_id), soci::into(name);
    if (!s.got_data()) return Status::invalid("partner_id", "no such partner");
    t.partner_name = name;
    s << "INSERT INTO perf_titles (id, partner_id, title, description, duration_min, age_rating, "
         "iptv_channel, mobile_url, lineup_month, available_from, available_until, views, "
         "created_by, created_at) VALUES (:id, :p, :t, :d, :m, :a, :i, :u, :lm, :f, :un, 0, :cb, "
         ":ca)",
        soci::use(t.id), soci::use(t.partner_id), soci::use(t.title), soci::use(t.description),
        soci::use(t.duration_min), soci::use(t.age_rating), soci::use(t.iptv_channel),
        soci::use(t.mobile_url), soci::use(t.lineup_month), soci::use(t.available_from_us),
        soci::use(t.available_until_us), soci::use(t.created_by), soci::use(t.created_at_us);
    return t;
  });
}

std::vector<Title> Performances::available_at(UnixMicros at_us, int limit) {
  return db_.read([&](soci::session& s) {
    return titles(s,
                  "WHERE t.available_from <= :a AND t.available_until > :b "
                  "ORDER BY t.available_until, t.id LIMIT :n",
                  at_us, "", limit);
  });
}

std::vector<Title> Performances::lineup(const std::string& month, int limit) {
  if (!month_text(month)) return {};
  return db_.read([&](soci::session& s) {
    return titles(s, "WHERE t.lineup_month = :m ORDER BY t.available_from, t.id LIMIT :n", 0, month,
                  limit);
  });
}

Result<Title> Performances::count_view(Id title_id) {
  return db_.write([&](soci::session& s) -> Result<Title> {
    auto t = find_title(s, title_id);
    if (!t) return Status::not_found("No performance with this id");
    const UnixMicros now = clock_();
    if (now < t->available_from_us || now >= t->available_until_us)
      return Status(Code::failed_precondition, "not-available",
                    "This performance is not available to watch now");
    s << "UPDATE perf_titles SET views = views + 1 WHERE id = :id", soci::use(title_id);
    t->views += 1;
    return *t;
  });
}

std::optional<Title> Performances::find(Id title_id) {
  return db_.read([&](soci::session& s) { return find_title(s, title_id); });
}

}  // namespace sangsaeng::live
