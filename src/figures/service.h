// The public figures: the sources' rows read in one snapshot of the database (with the books'
// hash-chain head of that snapshot), summed into a program's or a cause's page, and the
// auditor's reconciliation of every won figure, ledger against records.
//
// Public pages read a snapshot at most `cache_us` old (every page is computed from the same
// snapshot, so a program's and a cause's pages agree); the reconciliation always reads afresh.
// Thread-safe once the sources are added.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "figures/source.h"
#include "figures/types.h"
#include "store/db.h"

namespace sangsaeng::figures {

// The books' hash-chain head: the last journal entry of the snapshot the figures come from.
struct ChainHead {
  std::int64_t seq = 0;
  std::string hash;
  UnixMicros at_us = 0;  // 0 when the books are empty
};

struct Snapshot {
  UnixMicros computed_at_us = 0;
  ChainHead head;
  std::vector<Row> ledger_rows;  // won measures, as the books hold them
  std::vector<Row> record_rows;  // every measure, as the programs' records hold them
};

// A page: its months ascending (only months with a figure) and their total. The won measures are
// the ledger's; people_helped is the records'.
struct Page {
  std::vector<MonthFigures> months = {};
  MonthFigures total = {};                 // month 0
  std::vector<std::string> programs = {};  // the programs whose rows the page sums, sorted
  std::vector<std::string> causes = {};    // the causes those rows name, sorted
  UnixMicros computed_at_us = 0;
  ChainHead head = {};
  bool activity = false;  // the page shows the activity measures (a care program's page)
};
// The activity figures people read: hours (minutes / 60, one decimal) and the average
// satisfaction (points / ratings, two decimals; "" without ratings).
std::string hours_text(const MonthFigures& f);
std::string satisfaction_text(const MonthFigures& f);

// A won figure whose two computations differ.
struct Mismatch {
  std::string program;
  std::string cause;  // "" when the figure is the program's own
  Month month = 0;
  Measure measure = Measure::raised;
  std::int64_t ledger_won = 0, records_won = 0;
};

struct Reconciliation {
  UnixMicros computed_at_us = 0;
  ChainHead head = {};
  std::int64_t figures_checked = 0;       // (program, cause, month, measure) compared
  std::vector<Mismatch> mismatches = {};  // empty when every figure ties to the won
};

struct FiguresOptions {
  // How old a public page's snapshot may be: pages are public and polled, the sources scan their
  // accounts' transfers. 0 reads afresh every time (tests).
  UnixMicros cache_us = 30 * kMicrosPerSecond;
  std::function<UnixMicros()> clock = now_us;
};

class FiguresService {
 public:
  // `db` must outlive the service.
  explicit FiguresService(store::Db& db, FiguresOptions options = {});
  ~FiguresService();

  // REQUIRES: before the first read; at most one source per program.
  void add(std::unique_ptr<Source> source);
  bool has_source(std::string_view program) const;

  // A program's figures (empty when no source speaks for it). Throws on infrastructure failure.
  Page program(std::string_view slug);
  // A cause's figures, from every source that names it.
  Page cause(const Cause& cause);
  // Every won figure of every source, from the records and from the ledger, in one snapshot.
  Reconciliation reconcile();

 private:
  std::shared_ptr<const Snapshot> snapshot(bool fresh);

  store::Db& db_;
  const FiguresOptions options_;
  std::vector<std::unique_ptr<Source>> sources_;
  std::mutex compute_mu_;  // one computation at a time: others wait and share its snapshot
  std::mutex mu_;
  std::shared_ptr<const Snapshot> cached_;  // guarded by mu_
};

// Sums the rows that `keep` selects into a page: won measures from `s.ledger_rows`, people
// helped from `s.record_rows`.
Page page_of(const Snapshot& s, const std::function<bool(const Row&)>& keep);
// Compares the won rows of both sides by (program, cause, month, measure).
Reconciliation reconcile(const Snapshot& s);
// A page as CSV (core/csv.h): month (YYYY-MM, KST), raised_won, matched_won, donated_won,
// granted_won, people_helped, and on a page with activity visits, hours, learners,
// satisfaction_ratings, satisfaction_avg; then a "total" row.
std::string to_csv(const Page& page);

}  // namespace sangsaeng::figures
