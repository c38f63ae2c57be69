// Time: instants are UTC microseconds since the Unix epoch (how they are stored).
// On the wire they are RFC 3339 with an offset. Calendars (the Wednesday 10:00 drop, shifts,
// year end) are Asia/Seoul, which has been UTC+09:00 without daylight saving since 1988, so
// a fixed offset is exact for every date the platform deals with (docs/decisions.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sangsaeng {

using UnixMicros = std::int64_t;

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;
constexpr int kSeoulOffsetMinutes = 9 * 60;

// The wall clock. The only clock read in core; domain code takes "now" as a parameter.
UnixMicros now_us();

// A civil date and time of day (no zone attached).
struct CivilTime {
  int year = 1970, month = 1, day = 1;  // month 1-12, day 1-31
  int hour = 0, minute = 0, second = 0, micros = 0;
  bool operator==(const CivilTime&) const = default;
};

// Days since 1970-01-01 for a proleptic Gregorian date, and back (H. Hinnant's algorithm).
std::int64_t days_from_civil(int year, int month, int day);
CivilTime civil_from_micros(UnixMicros t, int offset_minutes);
UnixMicros micros_from_civil(const CivilTime& c, int offset_minutes);
// 0 = Sunday ... 6 = Saturday, of the civil date at the given offset.
int weekday(UnixMicros t, int offset_minutes);

// "2026-11-25T10:00:00+09:00"; fractional seconds only when non-zero (".123456").
std::string format_rfc3339(UnixMicros t, int offset_minutes = kSeoulOffsetMinutes);
// Accepts "YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)" (also 't', 'z', ' ' separator).
// nullopt on anything else, including invalid dates like 02-30 or hour 24.
std::optional<UnixMicros> parse_rfc3339(std::string_view text);
// "YYYY-MM-DD" <-> civil date; nullopt on invalid input.
std::optional<CivilTime> parse_date(std::string_view text);
std::string format_date(const CivilTime& c);

}  // namespace sangsaeng
