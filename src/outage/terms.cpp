#include "outage/terms.h"

#include <cassert>

namespace sangsaeng::outage {

namespace {

UnixMicros kst(int year, int month, int day) {
  return micros_from_civil(CivilTime{.year = year, .month = month, .day = day},
                           kSeoulOffsetMinutes);
}

constexpr int kMultipleMax = 100;
constexpr int kFeeDaysMax = 366;
constexpr int kFeeMonthsMax = 12;
constexpr int kThresholdMinutesMax = 31 * 24 * 60;

}  // namespace

// The facts and their sources: docs/reference/outage-terms.md; the dates chosen where the
// press gives only a year: docs/decisions.md ("Outage compensation").
std::vector<Terms> shipped_terms() {
  std::vector<Terms> v;
  v.push_back({.code = "dispute-standard-2011",
               .name = "2011 소비자분쟁해결기준 (공정거래위원회)",
               .effective_from_us = kst(2011, 1, 1),
               .named_only = true,
               .continuous_minutes_min = 180,
               .monthly_cumulative_minutes_min = 12 * 60,
               .damages_multiple = 6});
  v.push_back({.code = "carrier-terms-pre-2022",
               .name = "2022년 개정 전 초고속인터넷 이용약관",
               .effective_from_us = kst(2011, 1, 1),
               .continuous_minutes_min = 180,
               .monthly_cumulative_minutes_min = 6 * 60,
               .damages_multiple = 6});
  v.push_back({.code = "kt-voluntary-2021-10",
               .name = "KT 2021.10.25 장애 자율 보상",
               .effective_from_us = kst(2021, 10, 25),
               .named_only = true,
               .any_interruption = true,
               .voluntary_multiple = 10,
               .voluntary_basis = VoluntaryBasis::event_longest,
               .voluntary_hours_rounded_up = true,
               .small_merchant_fee_days = 10});
  v.push_back({.code = "terms-2022-revision",
               .name = "2022년 개정 이용약관 (2시간 이상 장애)",
               .effective_from_us = kst(2022, 6, 24),
               .continuous_minutes_min = 120,
               .refund_pro_rata = true,
               .damages_multiple = 10});
  v.push_back({.code = "terms-2023-03",
               .name = "2023.3.1 개정 이용약관 (고의·중과실은 2시간 미만도 배상)",
               .effective_from_us = kst(2023, 3, 1),
               .continuous_minutes_min = 120,
               .negligence_damages_any_length = true,
               .refund_pro_rata = true,
               .damages_multiple = 10});
  v.push_back({.code = "kt-voluntary-2024-09",
               .name = "KT 2024.9 장애 자율 보상",
               .effective_from_us = kst(2024, 9, 1),
               .named_only = true,
               .any_interruption = true,
               .voluntary_multiple = 10,
               .voluntary_fee_days = 1,
               .small_merchant_fee_months = 1});
  return v;
}

Status validate_terms(const Terms& t) {
  std::vector<FieldError> errors;
  auto check = [&](bool ok, const char* field, const char* message) {
    if (!ok) errors.push_back({field, message});
  };
  check(!t.code.empty() && t.code.size() <= 64, "code", "1 to 64 characters");
  check(!t.name.empty() && t.name.size() <= 200, "name", "1 to 200 characters");
  check(t.continuous_minutes_min >= 0 && t.continuous_minutes_min <= kThresholdMinutesMax,
        "continuous_minutes_min", "0 to 44640 minutes");
  check(t.monthly_cumulative_minutes_min >= 0 &&
            t.monthly_cumulative_minutes_min <= kThresholdMinutesMax,
        "monthly_cumulative_minutes_min", "0 to 44640 minutes");
  check(t.any_interruption || t.continuous_minutes_min > 0 ||
            t.monthly_cumulative_minutes_min > 0 || t.negligence_damages_any_length,
        "continuous_minutes_min", "a threshold, or any_interruption, is needed");
  check(t.damages_multiple >= 0 && t.damages_multiple <= kMultipleMax, "damages_multiple",
        "0 to 100");
  check(t.voluntary_multiple >= 0 && t.voluntary_multiple <= kMultipleMax, "voluntary_multiple",
        "0 to 100");
  check(t.voluntary_fee_days >= 0 && t.voluntary_fee_days <= kFeeDaysMax, "voluntary_fee_days",
        "0 to 366");
  check(t.small_merchant_fee_days >= 0 && t.small_merchant_fee_days <= kFeeDaysMax,
        "small_merchant_fee_days", "0 to 366");
  check(t.small_merchant_fee_months >= 0 && t.small_merchant_fee_months <= kFeeMonthsMax,
        "small_merchant_fee_months", "0 to 12");
  check(t.negligence_damages_any_length ? t.damages_multiple > 0 : true, "damages_multiple",
        "negligence damages need a multiple");
  const bool pays = t.refund_pro_rata || t.damages_multiple > 0 || t.voluntary_multiple > 0 ||
                    t.voluntary_fee_days > 0 || t.small_merchant_fee_days > 0 ||
                    t.small_merchant_fee_months > 0;
  check(pays, "refund_pro_rata",
        "the terms pay nothing: give a refund, damages or a voluntary amount");
  if (errors.empty()) return Status::ok_status();
  return Status::invalid(std::move(errors));
}

const Terms* in_force(const std::vector<Terms>& versions, UnixMicros t) {
  const Terms* best = nullptr;
  for (const Terms& v : versions) {
    if (v.named_only || v.effective_from_us > t) continue;
    if (best == nullptr || v.effective_from_us >= best->effective_from_us) best = &v;
  }
  return best;
}

}  // namespace sangsaeng::outage
