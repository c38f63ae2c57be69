#include "neighbourhood/types.h"

#include <sodium.h>

#include <cassert>
#include <cmath>
#include <cstdlib>
#include <numbers>

namespace sangsaeng::neighbourhood {

namespace {

constexpr double kEarthRadiusM = 6'371'008.8;
constexpr double kMicro = 1e-6;

double radians(std::int64_t e6) {
  return static_cast<double>(e6) * kMicro * std::numbers::pi / 180;
}

}  // namespace

bool valid(const Point& p) {
  return p.lat_e6 >= -90'000'000 && p.lat_e6 <= 90'000'000 && p.lon_e6 >= -180'000'000 &&
         p.lon_e6 <= 180'000'000;
}

double distance_m(const Point& a, const Point& b) {
  const double lat1 = radians(a.lat_e6), lat2 = radians(b.lat_e6);
  const double dlat = lat2 - lat1, dlon = radians(b.lon_e6 - a.lon_e6);
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1) * std::cos(lat2) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusM * std::asin(std::sqrt(std::min(1.0, h)));
}

Span span_within(const Point& centre, double radius_m) {
  assert(radius_m >= 0);
  // One degree of latitude is R·π/180 metres everywhere; a degree of longitude shrinks with
  // cos(latitude). Near the poles the box covers every longitude.
  const double lat_deg = radius_m / (kEarthRadiusM * std::numbers::pi / 180);
  const double cos_lat = std::cos(radians(centre.lat_e6));
  const double lon_deg = cos_lat < 1e-6 ? 360.0 : std::min(360.0, lat_deg / cos_lat);
  // A little more than the exact span: the box must not cut off a point the distance keeps.
  return {.lat_e6 = static_cast<std::int64_t>(std::ceil(lat_deg * 1e6)) + 1,
          .lon_e6 = static_cast<std::int64_t>(std::ceil(lon_deg * 1e6)) + 1};
}

std::string_view to_string(DiscountKind kind) {
  return kind == DiscountKind::percent ? "percent" : "fixed";
}

std::optional<DiscountKind> parse_discount_kind(std::string_view text) {
  if (text == "percent") return DiscountKind::percent;
  if (text == "fixed") return DiscountKind::fixed;
  return std::nullopt;
}

std::string new_code() {
  if (sodium_init() < 0) std::abort();  // no entropy source: nothing sound can run
  std::string code(kCodeLength, ' ');
  for (char& c : code)
    c = kCodeAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kCodeAlphabet.size()))];
  return code;
}

std::optional<std::string> normalise_code(std::string_view typed) {
  if (typed.size() > 4 * kCodeLength) return std::nullopt;
  std::string out;
  for (char c : typed) {
    if (c == ' ' || c == '-') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (kCodeAlphabet.find(c) == std::string_view::npos) return std::nullopt;
    out += c;
  }
  if (out.size() != kCodeLength) return std::nullopt;
  return out;
}

UnixMicros seoul_day_start(UnixMicros t) {
  CivilTime c = civil_from_micros(t, kSeoulOffsetMinutes);
  c.hour = c.minute = c.second = c.micros = 0;
  return micros_from_civil(c, kSeoulOffsetMinutes);
}

UnixMicros seoul_week_start(UnixMicros t) {
  const int days_since_monday = (weekday(t, kSeoulOffsetMinutes) + 6) % 7;
  return seoul_day_start(t) - days_since_monday * kMicrosPerDay;
}

}  // namespace sangsaeng::neighbourhood
