#include "market/season.h"

#include <cassert>

namespace sangsaeng::market {

std::vector<UnixMicros> weekly_openings(UnixMicros after_us, WeeklySlot slot, int count) {
  assert(count >= 0 && count <= 520);
  assert(slot.weekday >= 0 && slot.weekday <= 6 && slot.hour >= 0 && slot.hour <= 23 &&
         slot.minute >= 0 && slot.minute <= 59);
  // That slot's time on the same Seoul calendar day as `after_us`, then forward to the weekday.
  CivilTime day = civil_from_micros(after_us, kSeoulOffsetMinutes);
  day.hour = slot.hour;
  day.minute = slot.minute;
  day.second = day.micros = 0;
  UnixMicros first = micros_from_civil(day, kSeoulOffsetMinutes);
  const int days_ahead = (slot.weekday - weekday(first, kSeoulOffsetMinutes) + 7) % 7;
  first += days_ahead * kMicrosPerDay;
  if (first <= after_us) first += 7 * kMicrosPerDay;
  std::vector<UnixMicros> out;
  out.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) out.push_back(first + i * 7 * kMicrosPerDay);
  return out;
}

}  // namespace sangsaeng::market
