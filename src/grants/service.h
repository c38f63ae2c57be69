// The art hall fund and hearing-support grants: revenue credited to the fund, applications
// reviewed step by step, and the grant's money through the ledger.
//
// The fund is a ledger account that may never pay or promise more than it holds: it is opened
// with "debits must not exceed credits", and a grant is reserved on approval as a pending
// transfer, so the ledger itself refuses a reservation beyond what is free (balance less what
// is already reserved), whichever node approves and however many at once. Payment to the
// hospital posts the pending transfer; a case that ends before payment voids it (the fund is
// whole again).
//
// Every money step is written on the case first (state reserving/paying/releasing, with the
// transfer's id), then asked of the ledger, then finished on the case. A crash or a ledger that
// is away leaves the case mid-step; the next attempt (or settle_money, a job) asks again with
// the same id, which the ledger answers "exists" if it had it. Every change of a case is a
// compare-and-set on its version: two reviewers never move one case twice.
//
// Applicants' personal and medical data is read only by the applicant and the program's
// reviewers; every read appends an audit entry in the transaction that reads the data.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/types.h"
#include "core/cursor.h"
#include "core/status.h"
#include "grants/types.h"
#include "store/db.h"
#include "uploads/uploads.h"

namespace sangsaeng::ledger {
class Engine;
}

namespace sangsaeng::grants {

// Ledger codes. Accounts: the fund (owner: fund, ref = its program), the hall's ticket sales
// it is credited from (owner: program, its program) and the grants paid to hospitals (owner:
// program "hearing"). Transfers: revenue, a grant. References: "<fund>:<source key>",
// "grant:<application id>".
enum AccountCode : std::int32_t { kFundAccount = 1, kTicketSales = 2, kGrantsPaid = 3 };
enum TransferCode : std::int32_t { kRevenue = 1, kGrant = 2 };
inline constexpr std::string_view kGrantProgram = "hearing";

struct GrantOptions {
  std::size_t revenue_lines_per_call_max = 10'000;  // a year of a hall's days, or a month of sales
  // A cochlear implant with a year of rehabilitation costs some 30-50 million won.
  std::int64_t grant_won_max = 100'000'000;
  int sessions_planned_max = 200;
  uploads::UploadOptions uploads = {};
  std::function<UnixMicros()> clock = now_us;
};

// Who reads an application: its applicant or a reviewer of the program. `audit` names the
// actor, route, address and request; the service sets its target and appends it.
struct Reader {
  Id user_id = 0;
  bool reviewer = false;
  accounts::AuditEntry audit = {};
};

// A reviewer's step. granted_won and sessions_planned are read on approval only.
struct Move {
  Stage to = Stage::screening;
  std::string reason = {};
  std::optional<std::int64_t> granted_won = {};  // default: the amount requested
  std::optional<int> sessions_planned = {};
};

// A case as its readers see it.
struct Case {
  Application application = {};
  std::vector<Step> steps = {};
  std::vector<Session> sessions = {};
};

struct Report {
  std::string hash = {}, media_type = {};
};

class GrantService {
 public:
  // `db` and `ledger` must outlive the service.
  GrantService(store::Db& db, ledger::Engine& ledger, GrantOptions options = {});

  // The fund's balance, reserved and free amounts, inflows and grants. not_found.
  Result<FundView> fund(const std::string& fund_id);
  // Credits each line not credited before (by its source key) in full, through the ledger.
  // A line whose key is known answers duplicate (same amount) or conflict (another amount, or
  // a day given both as single sales and as a total): those change nothing. invalid_argument
  // with "lines[i].field" errors (nothing is written); not_found; unavailable
  // "books-unavailable" (the lines are recorded and credited by the next call or the job).
  Result<RevenueResult> credit_revenue(const std::string& fund_id,
                                       const std::vector<RevenueLine>& lines, Id actor_id);

  // Checks and stores an audiologist's report: a PDF as sent, or a photo of it (re-encoded,
  // the large variant kept). CPU-heavy for images: call off io threads. Errors as
  // uploads::prepare.
  Result<Report> store_report(std::string_view bytes);
  // A new application (stage submitted). invalid_argument with field errors (dates, consent,
  // an unknown report, amounts).
  Result<Application> apply(Application application);

  // The case if the reader may see it (its applicant, a reviewer), else not_found; the read is
  // recorded in the audit log with it.
  Result<Case> read(Id id, const Reader& reader);
  // Reviewers' queue, newest first (one audit entry naming the cases read).
  Page<Application> queue(std::optional<Stage> stage, std::optional<Id> before, int limit,
                          const Reader& reader);
  // The reader's own applications, newest first (at most 50; recorded).
  std::vector<Application> mine(const Reader& reader);
  // The case's report (bytes included), as read(). not_found.
  Result<uploads::Blob> report(Id id, const Reader& reader);

  // A reviewer moves a case. not_found; conflict "illegal-transition" (not a step from its
  // stage) or "case-changed" (another change came first); invalid_argument (a decline or an
  // early end without a reason, a bad amount); failed_precondition "fund-insufficient" (the
  // ledger refused to reserve more than is free: the case stays in screening); unavailable
  // "books-unavailable" (the step is finished by the next attempt or settle_money).
  Result<Case> move(Id id, const Move& move, Id actor_id);
  // Records a rehabilitation session (numbered after the last). not_found; conflict
  // "not-in-rehabilitation" | "case-changed"; invalid_argument.
  Result<Case> record_session(Id id, Session session, Id actor_id);

  // Children whose grant was paid, per Seoul calendar year (counts only: the public page).
  std::vector<YearCount> children_helped();
  // Finishes money steps left mid-way, at most `limit`; answers how many were finished.
  Result<int> settle_money(int limit);

 private:
  struct Accounts {
    Fund fund = {};
    Id account = 0, revenue = 0, payout = 0;
  };
  Result<Accounts> accounts_of(const std::string& fund_id);
  Status post_revenue(const Accounts& accounts);
  Status validate(const Application& a) const;
  // Asks the ledger for the case's pending money step and records its end on the case, with
  // `step` (the reviewer's; none when a later attempt finishes it).
  Result<Application> finish_money(Application a, std::optional<Step> step);
  // Writes `next` (version + 1 of what was read) and, if given, its step, in one transaction.
  Result<Application> commit(Application next, std::optional<Step> step);
  Case case_of(soci::session& s, Application a);

  store::Db& db_;
  ledger::Engine& ledger_;
  const GrantOptions options_;
  std::mutex mu_;
  std::map<std::string, Accounts> accounts_ = {};  // guarded by mu_; funds whose accounts are open
};

}  // namespace sangsaeng::grants
