#include "core/time.h"

#include <cassert>
#include <chrono>
#include <cstdio>

namespace sangsaeng {

UnixMicros now_us() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

std::int64_t days_from_civil(int year, int month, int day) {
  const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

void civil_from_days(std::int64_t z, int& year, int& month, int& day) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe + era * 400 + (month <= 2));
}

bool leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// Reads exactly n digits at text[pos]; advances pos.
bool digits(std::string_view text, std::size_t& pos, int n, int& out) {
  if (pos + n > text.size()) return false;
  out = 0;
  for (int i = 0; i < n; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += n;
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

bool valid_date(int y, int m, int d) {
  return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

}  // namespace

CivilTime civil_from_micros(UnixMicros t, int offset_minutes) {
  const UnixMicros local = t + static_cast<std::int64_t>(offset_minutes) * 60 * kMicrosPerSecond;
  const std::int64_t days = floor_div(local, kMicrosPerDay);
  std::int64_t rest = local - days * kMicrosPerDay;
  CivilTime c;
  civil_from_days(days, c.year, c.month, c.day);
  c.hour = static_cast<int>(rest / (3600 * kMicrosPerSecond));
  rest %= 3600 * kMicrosPerSecond;
  c.minute = static_cast<int>(rest / (60 * kMicrosPerSecond));
  rest %= 60 * kMicrosPerSecond;
  c.second = static_cast<int>(rest / kMicrosPerSecond);
  c.micros = static_cast<int>(rest % kMicrosPerSecond);
  return c;
}

UnixMicros micros_from_civil(const CivilTime& c, int offset_minutes) {
  const std::int64_t days = days_from_civil(c.year, c.month, c.day);
  const std::int64_t secs = days * 86400 + c.hour * 3600 + c.minute * 60 + c.second -
                            static_cast<std::int64_t>(offset_minutes) * 60;
  return secs * kMicrosPerSecond + c.micros;
}

int weekday(UnixMicros t, int offset_minutes) {
  const CivilTime c = civil_from_micros(t, offset_minutes);
  const std::int64_t days = days_from_civil(c.year, c.month, c.day);
  return static_cast<int>(((days % 7) + 7 + 4) % 7);  // 1970-01-01 was a Thursday
}

std::string format_rfc3339(UnixMicros t, int offset_minutes) {
  const CivilTime c = civil_from_micros(t, offset_minutes);
  char buf[48];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", c.year, c.month, c.day,
                        c.hour, c.minute, c.second);
  std::string out(buf, n);
  if (c.micros != 0) {
    n = std::snprintf(buf, sizeof buf, ".%06d", c.micros);
    out.append(buf, n);
  }
  if (offset_minutes == 0) return out + "Z";
  const int abs_off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  n = std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', abs_off / 60,
                    abs_off % 60);
  return out + std::string(buf, n);
}

std::optional<UnixMicros> parse_rfc3339(std::string_view text) {
  if (text.size() > 64) return std::nullopt;
  std::size_t pos = 0;
  CivilTime c;
  if (!digits(text, pos, 4, c.year) || !expect(text, pos, '-') || !digits(text, pos, 2, c.month) ||
      !expect(text, pos, '-') || !digits(text, pos, 2, c.day))
    return std::nullopt;
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' '))
    return std::nullopt;
  ++pos;
  if (!digits(text, pos, 2, c.hour) || !expect(text, pos, ':') || !digits(text, pos, 2, c.minute) ||
      !expect(text, pos, ':') || !digits(text, pos, 2, c.second))
    return std::nullopt;
  if (!valid_date(c.year, c.month, c.day) || c.hour > 23 || c.minute > 59 || c.second > 59)
    return std::nullopt;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int scale = 100000, n = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (n++ < 6) {
        c.micros += (text[pos] - '0') * scale;
        scale /= 10;
      }
      ++pos;
    }
    if (n == 0 || n > 9) return std::nullopt;
  }
  if (pos >= text.size()) return std::nullopt;
  int offset_minutes = 0;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int hh = 0, mm = 0;
    if (!digits(text, pos, 2, hh) || !expect(text, pos, ':') || !digits(text, pos, 2, mm) ||
        hh > 23 || mm > 59)
      return std::nullopt;
    offset_minutes = sign * (hh * 60 + mm);
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  return micros_from_civil(c, offset_minutes);
}

std::optional<CivilTime> parse_date(std::string_view text) {
  std::size_t pos = 0;
  CivilTime c;
  if (!digits(text, pos, 4, c.year) || !expect(text, pos, '-') || !digits(text, pos, 2, c.month) ||
      !expect(text, pos, '-') || !digits(text, pos, 2, c.day) || pos != text.size() ||
      !valid_date(c.year, c.month, c.day))
    return std::nullopt;
  return c;
}

std::string format_date(const CivilTime& c) {
  char buf[16];
  const int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
  return std::string(buf, n);
}

}  // namespace sangsaeng
