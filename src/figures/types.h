// The public figures (DESIGN.md: transparency): per program and per cause, by month of the Seoul
// calendar, what was raised, matched, donated and granted (won) and how many people were helped.
// Every won figure is computed twice, from the ledger and from the program's own records: the
// public sees the ledger's, the auditor's reconciliation lists where the two differ.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "ledger/types.h"

namespace sangsaeng::figures {

enum class Measure {
  raised,
  matched,
  donated,
  granted,
  people_helped,
  // The care programs' activity (records only): visits made, minutes of help and teaching,
  // learners taught, and the beneficiaries' satisfaction as ratings and their points (1..5 each;
  // the average is points / ratings, so that months and programs add up).
  visits,
  minutes,
  learners,
  satisfaction_ratings,
  satisfaction_points,
};
constexpr std::array<Measure, 10> kMeasures = {Measure::raised,
                                               Measure::matched,
                                               Measure::donated,
                                               Measure::granted,
                                               Measure::people_helped,
                                               Measure::visits,
                                               Measure::minutes,
                                               Measure::learners,
                                               Measure::satisfaction_ratings,
                                               Measure::satisfaction_points};
std::string_view to_string(Measure measure);
// Won measures are reconciled against the ledger; people_helped comes from the records only.
inline bool is_won(Measure m) {
  return m == Measure::raised || m == Measure::matched || m == Measure::donated ||
         m == Measure::granted;
}
// Activity measures appear on a page (JSON and CSV) only when the page has activity.
inline bool is_activity(Measure m) {
  return m >= Measure::visits;
}

// A cause: an owner of ledger accounts that may receive donations (ledger::is_cause): a charity
// organisation, a fund or a program.
struct Cause {
  ledger::OwnerKind kind = ledger::OwnerKind::charity;
  std::string ref;  // the organisation's id, the fund's name, the program's slug
  bool operator==(const Cause&) const = default;
};
// The wire id: a charity's organisation id as is ("1234"), "fund:<ref>" or "program:<slug>".
std::string cause_id(const Cause& cause);
// nullopt when `id` names no cause (another owner kind, an empty or over-long reference).
std::optional<Cause> parse_cause_id(std::string_view id);

// A month of the Seoul calendar as yyyymm (202611); "2026-11" on the wire.
using Month = std::int32_t;
Month month_of(UnixMicros t);
// The month of a day counted from 1970-01-01 (Seoul calendar days, as the sources group by).
Month month_of_day(std::int64_t kst_day);
std::string month_text(Month month);
// SQL for the Seoul calendar day of a microsecond column (integer division on both databases;
// timestamps are positive).
std::string kst_day_sql(std::string_view column);

// One contribution of a program to a measure in a month, about a cause or not. A program's page
// sums its rows; a cause's page sums the rows naming it, whatever program wrote them.
struct Row {
  std::string program;  // the slug of the program whose source wrote the row
  std::string cause;    // cause_id(), "" when the row is about no cause
  Month month = 0;
  Measure measure = Measure::raised;
  std::int64_t value = 0;  // won, or people
};

// One month's figures on a page.
struct MonthFigures {
  Month month = 0;
  std::array<std::int64_t, kMeasures.size()> values = {};  // indexed by Measure
  std::int64_t& operator[](Measure m) { return values[static_cast<std::size_t>(m)]; }
  std::int64_t operator[](Measure m) const { return values[static_cast<std::size_t>(m)]; }
};

}  // namespace sangsaeng::figures
