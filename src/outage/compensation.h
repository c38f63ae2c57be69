// What each outage owes one service line under its terms (pure; the service posts the
// difference between this and what was posted before through the ledger).
//
// Conventions (docs/decisions.md, "Outage compensation"):
// - Overlapping reports on a line count once: time covered by several outages belongs to the
//   one that started first (then the lower id); thresholds look at the union of all of them.
// - Time is split at midnight KST on the 1st; each part is paid at the fee of its month:
//   hourly-equivalent fee = monthly fee / (24 x days in that month).
// - Amounts are computed exactly and rounded down to the won once, per kind.
// - Claimable damages are the multiple minus the refund already paid for the same time, so a
//   claim brings the total to the multiple (not the multiple plus the refund).
#pragma once

#include <cstdint>
#include <vector>

#include "core/id.h"
#include "outage/interruption.h"
#include "outage/terms.h"

namespace sangsaeng::outage {

struct Line {
  Id id = 0;
  std::int64_t monthly_fee_won = 0;  // the product's fee plus add-ons
  bool small_merchant = false;
};

// One outage as it touched the line.
struct Hit {
  Id event_id = 0;
  Interval interval;
  const Terms* terms = nullptr;  // REQUIRES: not null, outlives the call
  bool gross_negligence = false;
  UnixMicros event_longest_us = 0;  // the outage's longest interruption on any line
};

struct Entitlement {
  Id event_id = 0;
  UnixMicros own_us = 0;         // this outage's time on the line, overlaps counted once
  UnixMicros qualifying_us = 0;  // of which the terms compensate
  std::int64_t refund_won = 0;
  std::int64_t voluntary_won = 0;
  std::int64_t damages_claimable_won = 0;
  bool operator==(const Entitlement&) const = default;
};

// One entitlement per hit, in the order given. REQUIRES: at most kHitsPerLineMax hits.
constexpr int kHitsPerLineMax = 1000;
std::vector<Entitlement> entitlements(const Line& line, const std::vector<Hit>& hits);

}  // namespace sangsaeng::outage
