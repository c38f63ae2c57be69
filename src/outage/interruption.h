// Interruption time on one service line: intervals of lost service, merged so that overlapping
// reports count once, and split at the months of the Korean calendar (midnight KST on the 1st),
// because the terms count monthly totals and the hourly fee depends on the month's length.
// Pure: no database, no clock.
#pragma once

#include <vector>

#include "core/time.h"

namespace sangsaeng::outage {

// Service was lost over [start_us, end_us). REQUIRES: start_us < end_us.
struct Interval {
  UnixMicros start_us = 0, end_us = 0;
  UnixMicros length_us() const { return end_us - start_us; }
  bool operator==(const Interval&) const = default;
};

// The union of `intervals`, sorted, with overlapping or touching intervals joined (a report
// that ends when the next begins is one continuous interruption).
std::vector<Interval> merged(std::vector<Interval> intervals);

// `interval` minus the union `covered` (sorted, disjoint, as merged() returns).
std::vector<Interval> minus(const Interval& interval, const std::vector<Interval>& covered);

UnixMicros total_us(const std::vector<Interval>& intervals);

// A KST calendar month.
struct Month {
  int year = 1970, month = 1;  // month 1-12
  bool operator==(const Month&) const = default;
  auto operator<=>(const Month&) const = default;
};
int days_in(Month m);
Month month_of(UnixMicros t);  // in KST

struct MonthPart {
  Month month;
  Interval part;
};
// `interval` cut at each midnight KST on the 1st of a month it crosses (bounded: an interval
// longer than 10 years is cut into its first 120 months and asserts in debug builds).
std::vector<MonthPart> split_by_month(const Interval& interval);

}  // namespace sangsaeng::outage
