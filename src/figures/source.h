// What a program gives the public figures: a Source, registered once at start
// (FiguresService::add). A new program adds its figures by writing one, in its own module, never
// by editing this one.
#pragma once

#include <soci/soci.h>

#include <string>
#include <vector>

#include "figures/types.h"

namespace sangsaeng::figures {

class Source {
 public:
  virtual ~Source() = default;
  // The slug of the program this source speaks for (every row it writes names it).
  virtual std::string program() const = 0;
  // Its won figures as the ledger holds them: posted transfers between its accounts, found by
  // owner and code (figures/flows.h). Runs in the caller's read transaction.
  virtual std::vector<Row> from_ledger(soci::session& s) const = 0;
  // Its figures as its own records hold them (orders, compensations, grants, ...), the same won
  // measures plus people_helped; a record is dated by its ledger transfer when the books hold it,
  // so that both sides put it in the same month. Runs in the same read transaction.
  // Both answers are bounded by months x causes x measures, never by the records' count.
  virtual std::vector<Row> from_records(soci::session& s) const = 0;
  // Whether the program's page shows the activity measures (figures/types.h) even in a month
  // without any: the care programs do, so that their CSV keeps its columns.
  virtual bool reports_activity() const { return false; }
};

}  // namespace sangsaeng::figures
