// Happiness credit's rules (pure): the rate in force, the credit a purchase earns, and what a
// cancellation can take back.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "giving/types.h"

namespace sangsaeng::giving {

// The rate in force at `at_us`: the one with the latest starts_at <= at_us; nullopt before the
// first. REQUIRES: `rates` sorted by starts_at, oldest first.
std::optional<int> rate_at(const std::vector<Rate>& rates, UnixMicros at_us);

// floor(amount_won * rate_bp / 10,000). REQUIRES: amount_won >= 0, rate_bp 0..kRateBpMax.
// Never overflows (amount_won is at most INT64_MAX; computed in 128 bits).
std::int64_t credit_points(std::int64_t amount_won, int rate_bp);

// What a cancellation takes back: what the purchase earned, but never more than the customer
// still holds (credit already donated stays donated: docs/decisions.md, "Giving").
// REQUIRES: earned_points >= 0.
std::int64_t reversible_points(std::int64_t earned_points, std::int64_t balance_points);

// `points` split by `weights` (any non-negative weights with a positive sum), by largest
// remainder: the parts add up to `points` exactly; ties go to the earlier weight. Parts in the
// order of `weights`. REQUIRES: points >= 0, weights not all 0.
std::vector<std::int64_t> split(std::int64_t points, const std::vector<int>& weights);

// A customer's chosen shares: 1 to 10 causes, each 1..100 %, all different, adding up to 100.
// nullopt when valid, else the problem.
std::optional<std::string> check_shares(const std::vector<Share>& shares);

// Rates as a partner's manager gives them: starts_at all different, rate_bp 0..kRateBpMax,
// at least one. Sorted oldest first on success; field errors name "rates[i]".
struct RatesCheck {
  std::vector<Rate> sorted;
  std::optional<std::string> error;  // "rates[i].rate_bp: ..." the first problem
};
RatesCheck check_rates(std::vector<Rate> rates);

}  // namespace sangsaeng::giving
