// Happiness credit's values: partner shops, their earning rates, the purchases they report,
// and the partner requests refused. Credit is counted in points: one point is one won given
// to a cause at settlement (docs/decisions.md, "Giving").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/id.h"
#include "core/time.h"

namespace sangsaeng::giving {

// An earning rate from starts_at until the next one of the same partner: basis points of the
// amount paid (100 = 1 %).
struct Rate {
  UnixMicros starts_at_us = 0;
  int rate_bp = 0;
  bool operator==(const Rate&) const = default;
};
constexpr int kRateBpMax = 10'000;

struct Partner {
  Id id = 0;
  std::string name = {};
  std::string key_id = {};       // sent in every request; names the partner, is not a secret
  std::vector<Rate> rates = {};  // oldest first
  UnixMicros created_at_us = 0;
};

// A purchase as a partner reports it.
struct PurchaseReport {
  std::string partner_purchase_id = {};
  Id customer_id = 0;
  std::int64_t amount_won = 0;
  UnixMicros at_us = 0;
};

struct Purchase {
  Id id = 0;
  Id partner_id = 0;
  std::string partner_purchase_id = {};
  Id customer_id = 0;
  std::int64_t amount_won = 0;
  UnixMicros at_us = 0;
  int rate_bp = 0;
  std::int64_t credit_points = 0;  // earned
  Id transfer_id = 0;              // the accrual's ledger transfer (none when 0 points)
  bool posted = false;
  std::optional<UnixMicros> cancelled_at_us = {};
  std::int64_t reversed_points = 0;  // what the cancellation took back (<= credit_points)
  std::optional<Id> reversal_transfer_id = {};
  bool reversal_posted = false;
  UnixMicros created_at_us = 0;
};

// A charity organisation customers can give their credit to, under the name they see.
struct Cause {
  Id id = 0;
  Id org_id = 0;  // an organisation of kind "charity"
  std::string name = {}, description = {};
  int default_share = 0;  // weight in the program's default split; 0: only by choice
  // The charity's 고유번호 or 사업자등록번호 ("123-82-01234"), printed on donation receipts;
  // "" until given.
  std::string registration_no = {};
};

// A share of a customer's credit for a cause, in percent.
struct Share {
  Id cause_id = 0;
  int percent = 0;
  bool operator==(const Share&) const = default;
};

struct Settlement {
  Id id = 0;
  UnixMicros period_end_us = 0;
  bool done = false;
  UnixMicros created_at_us = 0;
  std::optional<UnixMicros> finished_at_us = {};
  // Totals of what is planned so far (all of it posted once done).
  std::int64_t customers = 0, points = 0, won = 0;
};

// One donation of a customer's credit to a cause, as their receipt prints it: the points
// given are the won the company paid the cause in their name (one point gives one won).
struct Donation {
  Id settlement_id = 0;
  Id cause_id = 0;
  std::string cause_name = {}, org_name = {}, registration_no = {};
  std::int64_t won = 0;
  UnixMicros at_us = 0;  // when the books posted it (its ledger transfer's time)
};

// Why a partner request was refused (the slug of its problem answer).
enum class Refusal { unknown_partner, bad_signature, stale_timestamp, replayed };
std::string_view to_string(Refusal refusal);

}  // namespace sangsaeng::giving
