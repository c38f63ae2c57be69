#include "giving/rules.h"

#include <algorithm>
#include <cassert>

namespace sangsaeng::giving {

std::optional<int> rate_at(const std::vector<Rate>& rates, UnixMicros at_us) {
  std::optional<int> found;
  for (const Rate& r : rates) {  // bounded by the partner's rates (a handful)
    if (r.starts_at_us > at_us) break;
    found = r.rate_bp;
  }
  return found;
}

std::int64_t credit_points(std::int64_t amount_won, int rate_bp) {
  assert(amount_won >= 0 && rate_bp >= 0 && rate_bp <= kRateBpMax);
  const __int128 points = static_cast<__int128>(amount_won) * rate_bp / kRateBpMax;
  return static_cast<std::int64_t>(points);
}

std::int64_t reversible_points(std::int64_t earned_points, std::int64_t balance_points) {
  assert(earned_points >= 0);
  return std::clamp<std::int64_t>(balance_points, 0, earned_points);
}

std::vector<std::int64_t> split(std::int64_t points, const std::vector<int>& weights) {
  assert(points >= 0);
  std::int64_t total = 0;
  for (int w : weights) {
    assert(w >= 0);
    total += w;
  }
  assert(total > 0);
  std::vector<std::int64_t> parts(weights.size());
  std::vector<std::pair<__int128, std::size_t>> remainders;  // (remainder, index)
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const __int128 exact = static_cast<__int128>(points) * weights[i];
    parts[i] = static_cast<std::int64_t>(exact / total);
    given += parts[i];
    remainders.emplace_back(exact % total, i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  // Fewer than weights.size() points are left: one more each to the largest remainders.
  for (std::size_t k = 0; given < points; ++k, ++given) parts[remainders[k].second] += 1;
  return parts;
}

std::optional<std::string> check_shares(const std::vector<Share>& shares) {
  if (shares.empty() || shares.size() > 10) return "1 to 10 causes";
  int sum = 0;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    if (shares[i].percent < 1 || shares[i].percent > 100) return "each share is 1 to 100 %";
    for (std::size_t k = 0; k < i; ++k)
      if (shares[k].cause_id == shares[i].cause_id) return "a cause appears twice";
    sum += shares[i].percent;
  }
  if (sum != 100) return "the shares add up to " + std::to_string(sum) + " %, not 100 %";
  return std::nullopt;
}

RatesCheck check_rates(std::vector<Rate> rates) {
  RatesCheck out;
  if (rates.empty() || rates.size() > 100) {
    out.error = "rates: 1 to 100 rates";
    return out;
  }
  for (std::size_t i = 0; i < rates.size(); ++i) {
    if (rates[i].rate_bp < 0 || rates[i].rate_bp > kRateBpMax) {
      out.error = "rates[" + std::to_string(i) + "].rate_bp: 0 to 10,000 basis points";
      return out;
    }
  }
  std::sort(rates.begin(), rates.end(),
            [](const Rate& a, const Rate& b) { return a.starts_at_us < b.starts_at_us; });
  for (std::size_t i = 1; i < rates.size(); ++i) {
    if (rates[i].starts_at_us == rates[i - 1].starts_at_us) {
      out.error = "rates: two rates start at the same time";
      return out;
    }
  }
  out.sorted = std::move(rates);
  return out;
}

}  // namespace sangsaeng::giving
