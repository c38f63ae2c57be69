// A season: N weekly drops at one Asia/Seoul wall-clock time (U+Road: Wednesdays 10:00).
// Pure calendar arithmetic on core/time.h; Seoul has no daylight saving, so every opening is the
// same UTC instant of its day.
#pragma once

#include <vector>

#include "core/time.h"

namespace sangsaeng::market {

struct WeeklySlot {
  int weekday = 3;  // 0 = Sunday ... 6 = Saturday, in Seoul (3 = Wednesday)
  int hour = 10, minute = 0;
};

// The first `count` openings at `slot` strictly after `after_us`, one week apart.
// REQUIRES: 0 <= count <= 520 (ten years of weeks), slot in range (asserted).
std::vector<UnixMicros> weekly_openings(UnixMicros after_us, WeeklySlot slot, int count);

}  // namespace sangsaeng::market
