// The outage program's records: service lines, outages (events) and what each outage paid
// each line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.h"
#include "core/time.h"

namespace sangsaeng::outage {

// A customer's broadband subscription, as the carrier's systems know it.
struct ServiceLine {
  Id id = 0;
  std::string ref = {};                // the carrier's line number; unique, the import's key
  std::optional<Id> customer_id = {};  // the platform user who sees it, if they have signed up
  std::string product = {};
  std::int64_t monthly_fee_won = 0;
  std::int64_t addons_won = 0;  // add-on charges, part of the hourly-equivalent fee
  std::string area = {};        // the network area it hangs on
  bool small_merchant = false;
  std::optional<Id> account_id = {};  // its bill-credit account in the ledger, once opened
  UnixMicros created_at_us = 0, updated_at_us = 0;
  std::int64_t fee_won() const { return monthly_fee_won + addons_won; }
};

// An outage reported by network monitoring: it hits the lines of `areas` and `line_ids`.
struct Event {
  Id id = 0;
  UnixMicros started_at_us = 0;
  std::optional<UnixMicros> ended_at_us = {};  // none while service is still down
  std::string cause = {};
  bool gross_negligence = false;    // the carrier's intent or gross negligence caused it
  std::optional<Id> terms_id = {};  // none: the version in force at the start
  std::vector<std::string> areas = {};
  std::vector<Id> line_ids = {};
  std::string incident_ref = {};  // network monitoring's incident number; empty: entered by hand
  int revision = 1;               // +1 on each correction
  int settled_revision = 0;       // the revision last settled; 0 never
  Id created_by = 0;
  UnixMicros created_at_us = 0, updated_at_us = 0;
};

enum class Kind { refund, voluntary, damages };
std::string_view to_string(Kind kind);
std::optional<Kind> parse_kind(std::string_view text);

// One outage on one line: the time, what the terms give, what was paid.
struct Compensation {
  Id event_id = 0, line_id = 0;
  UnixMicros own_us = 0, qualifying_us = 0;
  std::int64_t refund_won = 0, voluntary_won = 0;
  std::int64_t damages_claimable_won = 0;
  std::int64_t damages_paid_won = 0;
  bool claimed = false;
  std::vector<Id> transfer_ids = {};
  UnixMicros settled_at_us = 0;
};

}  // namespace sangsaeng::outage
