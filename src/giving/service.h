// Happiness credit's use cases: partner shops and their rates, the purchases they report
// (signed requests), cancellations, and a customer's credit.
//
// Credit lives on the ledger's CREDIT ledger (points; one point gives one won at settlement):
//   accrual:  the program's issued credit (program "credit")  -> the customer's credit
//   reversal: the customer's credit -> the program's issued credit (a cancellation)
// The donation-only rule lets a customer's credit go only to a cause; the program's own
// account is one (ledger/types.h is_cause), so a cancellation can take back what is left.
//
// A purchase is written with the id of its transfer before the transfer is sent; a retry of
// the report, or post_unposted() after a crash, sends the same transfer again and the ledger
// answers "exists". Cancellations likewise. Cancellations and settlements of this process run
// one at a time (books_mu_), so a balance read before a reversal still holds when it posts.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/cursor.h"
#include "core/status.h"
#include "giving/credit_books.h"
#include "giving/receipt.h"
#include "giving/store.h"
#include "giving/types.h"
#include "ledger/directory.h"
#include "store/db.h"

namespace sangsaeng::ledger {
class Engine;
}

namespace sangsaeng::giving {

struct GivingOptions {
  std::int64_t freshness_window_s = 300;  // a signed request's timestamp, either side of now
  // Customer accounts planned per settlement batch (each gives at most 10 transfers: one
  // ledger batch of at most 5,000 transfers with the payments).
  int customers_per_batch = 400;
  std::function<UnixMicros()> clock = now_us;
  // Who issues donors' receipts (giving/receipt.h): the program's operator, in the donors' name.
  std::string receipt_issuer = "상생 행복 크레딧 운영사무국";
};

// A partner as created: its secret, shown this once.
struct NewPartner {
  Partner partner;
  std::string secret;
};

// A partner's request as it arrived (headers, method, path with query, body).
struct PartnerRequest {
  std::string key_id = {}, timestamp = {}, signature = {};
  std::string method = {}, path = {}, body = {};
  std::string remote = {};  // the client's address, recorded with a refusal
};

class GivingService {
 public:
  // `db` and `ledger` must outlive the service.
  GivingService(store::Db& db, ledger::Engine& ledger, GivingOptions options = {});

  // invalid_argument (name 1..100 characters, rates: see rules.h check_rates); conflict
  // "partner-name-taken".
  Result<NewPartner> add_partner(std::string name, std::vector<Rate> rates, Id actor_id);
  std::vector<Partner> partners();  // oldest first, at most 200
  // A new rate of the partner from `rate.starts_at_us` on (a new period; past ones are never
  // edited). not_found; invalid_argument (rate_bp 0..kRateBpMax; starts_at before now: a rate
  // must not change what purchases already made earn); conflict "rate-exists" for a rate
  // starting at the same instant. Answers the partner with all its rates.
  Result<Partner> add_rate(Id partner_id, Rate rate);
  std::optional<Partner> find_partner(Id id);

  // The partner that signed `request`. Refused requests are recorded (giving_refusals) and
  // answered unauthenticated "unknown-partner" | "bad-signature" | "stale-timestamp", or
  // conflict "replayed-request" for a signature accepted before.
  Result<Partner> authenticate(const PartnerRequest& request);
  std::vector<RefusalRow> refusals(int limit);

  struct Reported {
    Purchase purchase;
    bool created = false;  // false: the same report again, answered as first
  };
  // Records the purchase and posts its credit. The same partner_purchase_id again answers the
  // first purchase (posting it if the first attempt did not); with different fields, conflict
  // "purchase-differs". invalid_argument: an unknown customer, amount_won not positive, `at`
  // in the future or before the partner's first rate. unavailable "books-unavailable" (the
  // purchase is recorded; a retry or the repair job posts it).
  Result<Reported> report(const Partner& partner, const PurchaseReport& report);
  // Cancels the partner's purchase: takes back its credit, but never more than the customer
  // still holds. Again: answers the cancelled purchase. not_found unless the partner's.
  Result<Purchase> cancel(const Partner& partner, Id purchase_id);

  // Sends the accruals and reversals the ledger has not confirmed, at most `limit`; answers
  // how many were confirmed.
  Result<int> post_unposted(int limit);

  // --- causes
  // A charity organisation as a cause. invalid_argument (no such organisation or not a
  // charity, name 1..100, description up to 1,000 characters, default_share 0..100); conflict
  // "cause-exists" for an organisation that is one already.
  Result<Cause> add_cause(Cause cause);
  std::vector<Cause> causes();
  // The customer's chosen split, or empty when they take the program's default.
  std::vector<Share> my_causes(Id customer_id);
  // Empty: back to the default split. invalid_argument (see rules.h check_shares; an unknown
  // cause).
  Status set_my_causes(Id customer_id, const std::vector<Share>& shares);

  // --- settlement
  // Starts (or finds) the settlement of the period ending at `period_end_us` and runs at most
  // `batches_max` batches of it. failed_precondition "no-default-causes" when no cause has a
  // default share (a customer without a choice could not be settled); invalid_argument for a
  // period end in the future. unavailable "books-unavailable" (a re-run finishes it).
  Result<Settlement> settle(UnixMicros period_end_us, std::optional<Id> actor_id, int batches_max);
  // Runs at most `batches_max` batches of the settlements still running; true when work is
  // left. The year-end job: see settle_year_end.
  Result<bool> continue_settlements(int batches_max);
  // The job, due at 23:59 KST on 31 December: starts (once) the settlement of the year ending
  // at the New Year nearest to `now_us`, then continues it. true when work is left.
  Result<bool> settle_year_end(UnixMicros now_us, int batches_max);
  std::optional<Settlement> find_settlement(Id id);
  // Settlements, newest period first, at most `limit` (1..200), with their totals.
  std::vector<Settlement> settlements(int limit);
  // Points per cause of a settlement.
  std::vector<std::pair<Id, std::int64_t>> settlement_causes(Id settlement_id);
  // A customer's statements (what their credit did), newest settlement first.
  std::vector<StatementRow> statements(Id customer_id);

  // The customer's donation receipt for a Seoul calendar year: their donations whose ledger
  // transfer is dated in that year. not_found for an unknown customer; invalid_argument for a
  // year outside 2000..2200.
  Result<Receipt> receipt(Id customer_id, int year);
  // The years the customer has donations in, with their won, oldest first.
  std::vector<std::pair<int, std::int64_t>> receipt_years(Id customer_id);

  // A customer's credit balance in points (what the ledger holds for them, 0 if nothing).
  std::int64_t balance(Id customer_id);
  Page<Purchase> purchases(Id customer_id, std::optional<Id> before, int limit);

 private:
  Status refuse(const PartnerRequest& request, std::optional<Id> partner_id, Refusal why);
  Result<Id> customer_account(Id customer_id);
  // Sends the purchase's accrual (if not confirmed) and reversal (if any, not confirmed).
  Status post(const Purchase& purchase);
  // One batch: posts what is planned and not confirmed, plans the next customers, posts them.
  // false when the settlement is done. REQUIRES: books_mu_ held.
  Result<bool> settle_batch(Id settlement_id);
  Result<Settlement> start(UnixMicros period_end_us, std::optional<Id> actor_id, int batches_max);
  Status post_planned(Id settlement_id);
  Result<Id> cause_account(Id org_id, ledger::LedgerId ledger);

  store::Db& db_;
  ledger::Engine& ledger_;
  ledger::AccountDirectory accounts_;
  const GivingOptions options_;
  std::mutex books_mu_;  // cancellations and settlements, one at a time in this process
};

}  // namespace sangsaeng::giving
