#include "figures/types.h"

#include <cassert>
#include <cstdio>

namespace sangsaeng::figures {

std::string_view to_string(Measure measure) {
  switch (measure) {
    case Measure::raised:
      return "raised";
    case Measure::matched:
      return "matched";
    case Measure::donated:
      return "donated";
    case Measure::granted:
      return "granted";
    case Measure::people_helped:
      return "people_helped";
    case Measure::visits:
      return "visits";
    case Measure::minutes:
      return "minutes";
    case Measure::learners:
      return "learners";
    case Measure::satisfaction_ratings:
      return "satisfaction_ratings";
    case Measure::satisfaction_points:
      return "satisfaction_points";
  }
  return "?";
}

std::string cause_id(const Cause& cause) {
  assert(ledger::is_cause(cause.kind));
  if (cause.kind == ledger::OwnerKind::charity) return cause.ref;
  return std::string(ledger::to_string(cause.kind)) + ":" + cause.ref;
}

std::optional<Cause> parse_cause_id(std::string_view id) {
  if (id.empty() || id.size() > ledger::kOwnerRefCharsMax + 8) return std::nullopt;
  const auto colon = id.find(':');
  if (colon == std::string_view::npos) {
    for (char c : id)
      if (c < '0' || c > '9') return std::nullopt;
    return Cause{ledger::OwnerKind::charity, std::string(id)};
  }
  ledger::OwnerKind kind{};
  if (!ledger::parse_owner_kind(id.substr(0, colon), kind)) return std::nullopt;
  const std::string_view ref = id.substr(colon + 1);
  // A charity is named by its organisation id alone, so that a cause has one id.
  if (kind == ledger::OwnerKind::charity || !ledger::is_cause(kind) || ref.empty() ||
      ref.size() > ledger::kOwnerRefCharsMax)
    return std::nullopt;
  return Cause{kind, std::string(ref)};
}

Month month_of(UnixMicros t) {
  const CivilTime c = civil_from_micros(t, kSeoulOffsetMinutes);
  return c.year * 100 + c.month;
}

Month month_of_day(std::int64_t kst_day) {
  const CivilTime c = civil_from_micros(kst_day * 86'400 * kMicrosPerSecond, 0);
  return c.year * 100 + c.month;
}

std::string month_text(Month month) {
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02d", month / 100, month % 100);
  return out;
}

std::string kst_day_sql(std::string_view column) {
  // 9 hours and one day in microseconds.
  return "((" + std::string(column) + " + 32400000000) / 86400000000)";
}

}  // namespace sangsaeng::figures
