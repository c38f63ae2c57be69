// Versions of the service terms that decide outage compensation. Terms are data: the shipped
// versions (docs/outage-examples.md, docs/reference/outage-terms.md) are seeded, and a
// manager adds a version without a code change. Three kinds of payment are kept apart:
//   refund     the pro-rata fee for the time without service; automatic (no claim);
//   damages    a multiple of the hourly-equivalent fee for that time; paid only on a claim;
//   voluntary  beyond the terms, e.g. after a nationwide outage; automatic.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/id.h"
#include "core/status.h"
#include "core/time.h"

namespace sangsaeng::outage {

// What a voluntary payment's hours are counted from.
enum class VoluntaryBasis {
  line,           // the line's own interruption
  event_longest,  // the outage's longest interruption on any line (the same for every customer)
};

struct Terms {
  Id id = 0;
  std::string code = {};  // stable, e.g. "terms-2023-03"
  std::string name = {};  // shown to customers and managers
  UnixMicros effective_from_us = 0;
  // A package applied only when an outage names it (one-off voluntary compensation); never
  // chosen by date.
  bool named_only = false;

  // When the terms apply to a line (minutes; 0 = no such threshold).
  int continuous_minutes_min = 0;          // one continuous interruption at least this long
  int monthly_cumulative_minutes_min = 0;  // or at least this much in one KST month
  bool any_interruption = false;           // every affected line (voluntary packages)
  // Intent or gross negligence of the carrier: damages are claimable whatever the length.
  bool negligence_damages_any_length = false;

  bool refund_pro_rata = false;  // automatic refund of the fee for the time without service
  int damages_multiple = 0;      // claimable: multiple x the hourly fee x hours (minus refunds)

  int voluntary_multiple = 0;  // automatic: multiple x the hourly fee x basis hours
  VoluntaryBasis voluntary_basis = VoluntaryBasis::line;
  bool voluntary_hours_rounded_up = false;  // multiple x basis, rounded up to whole hours
  int voluntary_fee_days = 0;               // plus this many days of fees
  // Small merchants get this instead of the voluntary amount above (0 = same as everyone).
  int small_merchant_fee_days = 0;
  int small_merchant_fee_months = 0;
};

// The versions shipped as defaults, oldest first, ids 0 (the store assigns them).
std::vector<Terms> shipped_terms();

// Field errors for a version a manager adds (code, name, a threshold or any_interruption, at
// least one kind of payment, multiples and days within bounds).
Status validate_terms(const Terms& terms);

// The version in force at `t`: the latest effective_from_us <= t that is not named_only;
// nullptr when none.
const Terms* in_force(const std::vector<Terms>& versions, UnixMicros t);

}  // namespace sangsaeng::outage
