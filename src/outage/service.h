// The outage program's use cases: lines imported from the carrier, outages reported by network
// monitoring, and settlement: every affected line gets what the terms give, through the ledger,
// without a claim (damages when the customer claims them).
//
// Settlement is a difference: what each outage owes each line is computed again from every
// outage that touched the line in the same KST months (outage/compensation.h), compared with
// what its postings already paid, and only the difference is posted, as new transfers (a
// correction down posts a reversal). So settling again without a change posts nothing, and a
// crash mid-way is finished by settling again. Postings are written to the database before
// they are sent to the ledger, with the transfer ids they will have; a posting the ledger has
// not confirmed is sent again (the ledger answers "exists" for one it already has).
//
// One settlement runs at a time in a process; two processes settling the same outage collide
// on the postings' unique key (event, line, kind, seq) and the later one fails with
// unavailable "settlement-busy" instead of paying twice.
#pragma once

#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/cursor.h"
#include "core/status.h"
#include "ledger/directory.h"
#include "ledger/types.h"
#include "outage/store.h"
#include "outage/terms.h"
#include "outage/types.h"
#include "store/db.h"

namespace sangsaeng::ledger {
class Engine;
}

namespace sangsaeng::outage {

// Ledger codes. Accounts: the program's compensation budget (owner: program "outage") and a
// bill-credit account per line (owner: customer "line:<id>"). Transfers: one code per kind;
// each transfer's reference is "outage:<event id>".
enum AccountCode : std::int32_t { kCompensationBudget = 1, kLineBillCredit = 2 };
std::int32_t transfer_code(Kind kind);  // refund 1, voluntary 2, damages 3

struct OutageOptions {
  // Lines computed and written per transaction: the books' batch (ledger::kBatchEventsMax), so a
  // batch's accounts and transfers each take one of the books' commits.
  int lines_per_batch = 8'190;
  int events_in_window_max = 1'000;  // outages considered together with the one settled
  int lines_per_call_max = 5'000;    // lines per import call
  UnixMicros outage_length_max_us = 366LL * 24 * 3600 * kMicrosPerSecond;
  std::function<UnixMicros()> clock = now_us;
};

// What one settlement posted (the differences, signed), and over how many lines.
struct Settlement {
  Id event_id = 0;
  int revision = 0;
  std::int64_t lines = 0;     // lines looked at
  std::int64_t postings = 0;  // transfers posted
  std::int64_t refund_won = 0, voluntary_won = 0, damages_won = 0;
};

// A manager's correction: only the fields given change.
struct Correction {
  std::optional<UnixMicros> started_at_us = {};
  std::optional<UnixMicros> ended_at_us = {};
  std::optional<std::string> cause = {};
  std::optional<bool> gross_negligence = {};
  std::optional<Id> terms_id = {};
};

// One row of monitoring's export: the outage (incident_ref set; line_ids empty) and the lines
// it names by their refs.
struct Incident {
  Event event = {};
  std::vector<std::string> line_refs = {};
};
struct ImportedIncident {
  enum class Action { reported, corrected, unchanged };
  Action action = Action::reported;
  Event event = {};
};
std::string_view to_string(ImportedIncident::Action action);
inline constexpr std::size_t kIncidentsPerImportMax = 500;

class OutageService {
 public:
  // Adds the shipped terms versions that the database does not have (by code). `db` and
  // `ledger` must outlive the service.
  OutageService(store::Db& db, ledger::Engine& ledger, OutageOptions options = {});

  std::vector<Terms> terms();
  // invalid_argument with field errors; conflict "terms-code-in-use".
  Result<Terms> add_terms(Terms terms, Id actor_id);

  // Inserts lines, or updates those whose ref exists; answers their ids in order.
  // invalid_argument with errors named "lines[i].field" (nothing is written then).
  Result<std::vector<Id>> upsert_lines(const std::vector<ServiceLine>& lines);
  std::optional<ServiceLine> find_line(Id id);
  Page<ServiceLine> lines(std::optional<Id> customer_id, std::optional<Id> after, int limit);

  // An outage as monitoring reports it (id, revision and timestamps are set here). Settled at
  // once when it has ended; if that settlement fails, the outage is still recorded (its
  // settled_revision stays behind) and settle_pending finishes it. invalid_argument with field
  // errors (no areas or lines, an unknown line or terms version, none in force at the start,
  // an end before the start or in the future, ...); conflict "incident-exists" when another
  // outage has its incident_ref.
  Result<Event> report(Event event, Id actor_id);
  // Outages from network monitoring's export, each naming its incident: a new incident is
  // reported, a known one is corrected where its start, end, cause or negligence changed (an
  // export that closes an open outage settles it), an unchanged one is left alone, so importing
  // the same file twice changes nothing. Every row is checked before any is written:
  // invalid_argument with errors named "rows[i].field" (nothing written then), also when a known
  // incident's areas or lines differ (a person corrects those). At most 500 rows.
  Result<std::vector<ImportedIncident>> import_incidents(std::vector<Incident> rows, Id actor_id);
  // A correction (start, end, cause, negligence, terms): a new revision, settled again when
  // ended. not_found; invalid_argument as for report().
  Result<Event> correct(Id event_id, const Correction& correction);
  // Settles ended outages whose last revision is not settled, at most `limit` (a job).
  Result<int> settle_pending(int limit);
  // Settles an ended outage. not_found; failed_precondition "outage-ongoing" | "no-terms";
  // unavailable "settlement-busy" | "books-unavailable".
  Result<Settlement> settle(Id event_id);

  // The customer claims the damages an outage gives their line: posted at once (and on every
  // later settlement). not_found unless it is the user's line and the outage touched it;
  // failed_precondition "nothing-to-claim" when the terms give no damages.
  Result<Compensation> claim(Id event_id, Id line_id, Id user_id);

  std::optional<Event> find_event(Id id);
  Page<Event> events(std::optional<Id> before, int limit);
  Totals totals(Id event_id);
  Page<Compensation> compensations(Id event_id, std::optional<Id> after, int limit);
  // The lines of a customer, each with its outages' compensations (newest first, bounded).
  struct LineCompensations {
    ServiceLine line;
    std::vector<Compensation> compensations;
  };
  std::vector<LineCompensations> customer_compensations(Id user_id);

  // Sends postings the ledger has not confirmed (after a crash or an outage of the ledger), at
  // most `limit`; answers how many were confirmed.
  Result<int> post_unposted(int limit);

 private:
  struct Window;
  Event settled(const Event& event);
  Status validate(const Event& event, UnixMicros now_us);
  // The import's plan for one row (its event with line ids resolved), or the row's errors.
  Result<ImportedIncident> plan_incident(Incident row, UnixMicros now_us);
  Result<Window> window_of(const Event& event);
  Result<Settlement> settle_locked(const Event& event);
  // Postings sent to the books and not yet answered: the accounts they need, then the transfers.
  struct InFlight {
    std::vector<std::future<Result<std::vector<ledger::AccountResult>>>> opening = {};
    std::vector<std::future<Result<std::vector<ledger::TransferResult>>>> posting = {};
    std::vector<Id> posting_ids = {};
  };
  // Computes and records a batch of lines, marks `confirmed` posted in the same commit (and
  // clears it), then sends the batch's postings to the books (`in_flight`, not awaited).
  Status settle_lines(const Window& window, std::vector<ServiceLine> lines,
                      std::vector<Id>& confirmed, InFlight& in_flight, Settlement& out);
  // Sends the books the accounts `new_accounts` name (account_id set), then `postings`
  // between the budget and each line's account (`account_of`: line id -> account id, for every
  // posting).
  Result<InFlight> submit(const std::vector<Posting>& postings,
                          const std::vector<ServiceLine>& new_accounts,
                          const std::unordered_map<Id, Id>& account_of);
  // Waits for every answer; ok when the books took every account and transfer.
  Status await(InFlight& in_flight);

  store::Db& db_;
  ledger::Engine& ledger_;
  ledger::AccountDirectory accounts_;
  const OutageOptions options_;
  std::mutex settle_mu_;  // one settlement at a time in this process
};

}  // namespace sangsaeng::outage
