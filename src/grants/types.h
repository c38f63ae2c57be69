// The art hall fund and hearing-support grants: funds, their revenue, applications and their
// steps, rehabilitation sessions. Plain values; the steps allowed are may_move(), the rest of
// the rules live in service.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.h"
#include "core/time.h"

namespace sangsaeng::grants {

// A fund: a ledger account owned by its program (the art hall's), with the account it is
// credited from (the hall's ticket sales) and the one its grants are paid into (to hospitals).
struct Fund {
  std::string id = {};       // "art-hall"
  std::string program = {};  // its program's slug
  std::string name_ko = {}, name_en = {};
  std::optional<Id> account_id = {}, revenue_account_id = {},
                    payout_account_id = {};  // none until first use
};

// One line of revenue: a sale (sale_id set) or a day's total (none). Credited in full.
struct RevenueLine {
  std::optional<std::string> sale_id = {};  // the ticketing system's sale (booking) number
  std::string sold_on = {};                 // YYYY-MM-DD, Seoul calendar
  std::int64_t amount_won = 0;
  std::string title = {};  // the performance
  int tickets = 0;
};
// "sale:<id>" or "day:<date>": a fund credits each key once.
std::string source_key(const RevenueLine& line);

enum class LineOutcome { credited, duplicate, conflict };
std::string_view to_string(LineOutcome outcome);

struct RevenueResult {
  std::vector<LineOutcome> outcomes = {};  // one per line, in order
  std::vector<std::string> conflicts;      // why, one per conflict (the line's index and reason)
  std::int64_t credited_won = 0;
};

// The steps of a case. submitted -> screening -> approved | declined; approved -> surgery
// (the grant is paid to the hospital) | closed (ended early: the reservation is released);
// surgery -> rehabilitation | closed; rehabilitation -> closed.
enum class Stage { submitted, screening, approved, declined, surgery, rehabilitation, closed };
std::string_view to_string(Stage stage);
std::optional<Stage> parse_stage(std::string_view text);
bool may_move(Stage from, Stage to);

// Where the grant's money is (docs: migration 0600).
enum class Money { none, reserving, reserved, paying, paid, releasing, released };
std::string_view to_string(Money money);
std::optional<Money> parse_money(std::string_view text);

struct Application {
  Id id = 0;
  std::string program = "hearing";
  std::string fund_id = "art-hall";
  Id applicant_id = 0;
  Stage stage = Stage::submitted;
  std::string child_name = {}, child_birth_date = {};  // YYYY-MM-DD
  std::string guardian_name = {}, guardian_relation = {}, guardian_phone = {};
  std::string hospital = {};
  std::string consent_on = {};  // YYYY-MM-DD: the day the guardian consented
  std::string report_hash = {}, report_type = {};
  std::int64_t requested_won = 0;
  std::int64_t granted_won = 0;  // set on approval
  int sessions_planned = 0;
  Money money = Money::none;
  std::optional<Id> reserve_id = {}, pay_id = {}, release_id = {};  // ledger transfers
  std::optional<UnixMicros> paid_at_us = {};
  std::string reason = {};  // of the last decline or early end: what the applicant reads
  int version = 1;
  UnixMicros created_at_us = 0, updated_at_us = 0;
};

struct Step {
  Id id = 0;
  Stage from = Stage::submitted, to = Stage::submitted;
  std::string reason = {};
  Id actor_id = 0;
  UnixMicros at_us = 0;
};

struct Session {
  Id id = 0;
  Id application_id = 0;
  int number = 0;
  std::string held_on = {};  // YYYY-MM-DD
  int progress_percent = 0;
  std::string note = {};
  Id recorded_by = 0;
  UnixMicros created_at_us = 0;
};

// A fund as the public sees it.
struct FundView {
  Fund fund = {};
  std::int64_t balance_won = 0;   // credits posted less debits posted
  std::int64_t reserved_won = 0;  // pending grants
  std::int64_t inflow_won = 0;    // revenue credited, all time
  std::int64_t paid_won = 0;      // grants paid
  struct Month {
    std::string month = {};  // YYYY-MM
    std::int64_t amount_won = 0;
    std::int64_t lines = 0;
  };
  std::vector<Month> inflow_months = {};  // newest first, at most 24
  std::int64_t grants_reserved = 0, grants_paid = 0, grants_released = 0;
  std::int64_t free_won() const { return balance_won - reserved_won; }
};

struct YearCount {
  int year = 0;
  std::int64_t children = 0;
  bool operator==(const YearCount&) const = default;
};

}  // namespace sangsaeng::grants
