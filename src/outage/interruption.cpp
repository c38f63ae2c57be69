#include "outage/interruption.h"

#include <algorithm>
#include <cassert>

namespace sangsaeng::outage {

namespace {
constexpr int kMonthsPerSplitMax = 120;

UnixMicros start_of(Month m) {
  return micros_from_civil(CivilTime{.year = m.year, .month = m.month, .day = 1},
                           kSeoulOffsetMinutes);
}

Month next(Month m) {
  return m.month == 12 ? Month{m.year + 1, 1} : Month{m.year, m.month + 1};
}
}  // namespace

std::vector<Interval> merged(std::vector<Interval> intervals) {
  std::sort(intervals.begin(), intervals.end(),
            [](const Interval& a, const Interval& b) { return a.start_us < b.start_us; });
  std::vector<Interval> out;
  for (const Interval& i : intervals) {
    assert(i.start_us < i.end_us);
    if (!out.empty() && i.start_us <= out.back().end_us) {
      out.back().end_us = std::max(out.back().end_us, i.end_us);
    } else {
      out.push_back(i);
    }
  }
  return out;
}

std::vector<Interval> minus(const Interval& interval, const std::vector<Interval>& covered) {
  std::vector<Interval> out;
  UnixMicros from_us = interval.start_us;
  for (const Interval& c : covered) {
    if (c.end_us <= from_us) continue;
    if (c.start_us >= interval.end_us) break;
    if (c.start_us > from_us) out.push_back({from_us, c.start_us});
    from_us = std::max(from_us, c.end_us);
  }
  if (from_us < interval.end_us) out.push_back({from_us, interval.end_us});
  return out;
}

UnixMicros total_us(const std::vector<Interval>& intervals) {
  UnixMicros sum_us = 0;
  for (const Interval& i : intervals) sum_us += i.length_us();
  return sum_us;
}

int days_in(Month m) {
  const Month n = next(m);
  return static_cast<int>(days_from_civil(n.year, n.month, 1) -
                          days_from_civil(m.year, m.month, 1));
}

Month month_of(UnixMicros t) {
  const CivilTime c = civil_from_micros(t, kSeoulOffsetMinutes);
  return {c.year, c.month};
}

std::vector<MonthPart> split_by_month(const Interval& interval) {
  assert(interval.start_us < interval.end_us);
  std::vector<MonthPart> out;
  Month m = month_of(interval.start_us);
  UnixMicros from_us = interval.start_us;
  for (int i = 0; i < kMonthsPerSplitMax && from_us < interval.end_us; ++i) {
    const UnixMicros month_end_us = start_of(next(m));
    const UnixMicros to_us = std::min(month_end_us, interval.end_us);
    out.push_back({m, {from_us, to_us}});
    from_us = to_us;
    m = next(m);
  }
  assert(from_us == interval.end_us && "an interruption longer than ten years");
  return out;
}

}  // namespace sangsaeng::outage
