#include "outage/compensation.h"

#include <algorithm>
#include <cassert>
#include <map>
#include <numeric>

namespace sangsaeng::outage {

namespace {

// Amounts are sums of fee x multiple x time / (a day x days in the month) over month parts with
// different month lengths: kept exact over one common denominator, rounded down once.
constexpr std::int64_t kMonthDaysLcm = 377'580;  // lcm(28, 29, 30, 31)
using Wide = __int128;

class Won {
 public:
  // fee x multiple x duration_us / (kMicrosPerDay x days)
  void add(std::int64_t fee_won, std::int64_t multiple, UnixMicros duration_us, int days) {
    assert(days >= 28 && days <= 31 && duration_us >= 0 && fee_won >= 0 && multiple >= 0);
    numerator_ += Wide{fee_won} * multiple * duration_us * (kMonthDaysLcm / days);
  }
  std::int64_t floor_won() const {
    return static_cast<std::int64_t>(numerator_ / (Wide{kMicrosPerDay} * kMonthDaysLcm));
  }

 private:
  Wide numerator_ = 0;
};

constexpr UnixMicros kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr UnixMicros kMicrosPerHour = 60 * kMicrosPerMinute;

// The longest run of `all` (merged) that meets `interval`.
UnixMicros continuous_us(const std::vector<Interval>& all, const Interval& interval) {
  UnixMicros longest_us = 0;
  for (const Interval& run : all) {
    if (run.end_us < interval.start_us || run.start_us > interval.end_us) continue;
    longest_us = std::max(longest_us, run.length_us());
  }
  return longest_us;
}

std::map<Month, UnixMicros> per_month_us(const std::vector<Interval>& all) {
  std::map<Month, UnixMicros> out;
  for (const Interval& run : all) {
    for (const MonthPart& p : split_by_month(run)) out[p.month] += p.part.length_us();
  }
  return out;
}

struct Parts {
  std::vector<MonthPart> qualifying, negligence_only;
};

Parts classify(const Hit& hit, const std::vector<Interval>& own, const std::vector<Interval>& all,
               const std::map<Month, UnixMicros>& month_us) {
  const Terms& t = *hit.terms;
  const bool whole = t.any_interruption || (t.continuous_minutes_min > 0 &&
                                            continuous_us(all, hit.interval) >=
                                                t.continuous_minutes_min * kMicrosPerMinute);
  Parts parts;
  for (const Interval& i : own) {
    for (const MonthPart& p : split_by_month(i)) {
      const bool monthly =
          t.monthly_cumulative_minutes_min > 0 &&
          month_us.at(p.month) >= t.monthly_cumulative_minutes_min * kMicrosPerMinute;
      if (whole || monthly) {
        parts.qualifying.push_back(p);
      } else if (hit.gross_negligence && t.negligence_damages_any_length) {
        parts.negligence_only.push_back(p);
      }
    }
  }
  return parts;
}

std::int64_t at_fee(const Line& line, std::int64_t multiple, const std::vector<MonthPart>& parts) {
  Won won;
  for (const MonthPart& p : parts) {
    won.add(line.monthly_fee_won, multiple, p.part.length_us(), days_in(p.month));
  }
  return won.floor_won();
}

std::int64_t voluntary(const Line& line, const Hit& hit, UnixMicros qualifying_us, Month month) {
  const Terms& t = *hit.terms;
  const int days = days_in(month);
  if (line.small_merchant && (t.small_merchant_fee_days > 0 || t.small_merchant_fee_months > 0)) {
    Won won;
    won.add(line.monthly_fee_won, t.small_merchant_fee_days, kMicrosPerDay, days);
    return line.monthly_fee_won * t.small_merchant_fee_months + won.floor_won();
  }
  const UnixMicros basis_us =
      t.voluntary_basis == VoluntaryBasis::line ? qualifying_us : hit.event_longest_us;
  // "10x the longest interruption (89 min), i.e. 15 hours of fees": multiplied, then rounded.
  UnixMicros paid_us = basis_us * t.voluntary_multiple;
  if (t.voluntary_hours_rounded_up) {
    paid_us = (paid_us + kMicrosPerHour - 1) / kMicrosPerHour * kMicrosPerHour;
  }
  Won won;
  won.add(line.monthly_fee_won, 1, paid_us, days);
  won.add(line.monthly_fee_won, t.voluntary_fee_days, kMicrosPerDay, days);
  return won.floor_won();
}

UnixMicros length_us(const std::vector<MonthPart>& parts) {
  UnixMicros sum_us = 0;
  for (const MonthPart& p : parts) sum_us += p.part.length_us();
  return sum_us;
}

Entitlement entitle(const Line& line, const Hit& hit, const std::vector<Interval>& own,
                    const std::vector<Interval>& all, const std::map<Month, UnixMicros>& month_us) {
  const Terms& t = *hit.terms;
  const Parts parts = classify(hit, own, all, month_us);
  Entitlement e{.event_id = hit.event_id, .own_us = total_us(own)};
  e.qualifying_us = length_us(parts.qualifying);
  if (t.refund_pro_rata) e.refund_won = at_fee(line, 1, parts.qualifying);
  if (t.damages_multiple > 0) {
    std::vector<MonthPart> damaged = parts.qualifying;
    damaged.insert(damaged.end(), parts.negligence_only.begin(), parts.negligence_only.end());
    e.damages_claimable_won =
        std::max<std::int64_t>(0, at_fee(line, t.damages_multiple, damaged) - e.refund_won);
  }
  const bool any_voluntary = t.voluntary_multiple > 0 || t.voluntary_fee_days > 0 ||
                             t.small_merchant_fee_days > 0 || t.small_merchant_fee_months > 0;
  if (any_voluntary && e.qualifying_us > 0) {
    e.voluntary_won = voluntary(line, hit, e.qualifying_us, parts.qualifying.front().month);
  }
  return e;
}

}  // namespace

std::vector<Entitlement> entitlements(const Line& line, const std::vector<Hit>& hits) {
  assert(hits.size() <= static_cast<std::size_t>(kHitsPerLineMax));
  assert(line.monthly_fee_won >= 0);
  std::vector<Interval> intervals;
  for (const Hit& h : hits) {
    assert(h.terms != nullptr);
    intervals.push_back(h.interval);
  }
  const std::vector<Interval> all = merged(intervals);
  const std::map<Month, UnixMicros> month_us = per_month_us(all);

  // Attribution order: earlier start first, then the lower event id.
  std::vector<std::size_t> order(hits.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Hit &x = hits[a], &y = hits[b];
    return x.interval.start_us != y.interval.start_us ? x.interval.start_us < y.interval.start_us
                                                      : x.event_id < y.event_id;
  });
  std::vector<Entitlement> out(hits.size());
  std::vector<Interval> earlier;
  for (std::size_t k : order) {
    const std::vector<Interval> own = minus(hits[k].interval, merged(earlier));
    out[k] = entitle(line, hits[k], own, all, month_us);
    earlier.push_back(hits[k].interval);
  }
  return out;
}

}  // namespace sangsaeng::outage
