// The outage program's part of the public figures (figures/source.h), program "outage":
//   granted        compensation credited to customers' bills (refunds, voluntary packages,
//                  damages), corrections down subtracted
//   people_helped  lines an outage compensated, by the month of their settlement (records only)
// From the ledger: transfers between the compensation budget and the lines' bill-credit accounts
// (outage/service.h); from the records: outage_postings (one per transfer, signed), each dated by
// its transfer when the books hold it, and outage_results.
#pragma once

#include "figures/source.h"

namespace sangsaeng::outage {

class PublicFigures : public figures::Source {
 public:
  std::string program() const override { return "outage"; }
  std::vector<figures::Row> from_ledger(soci::session& s) const override;
  std::vector<figures::Row> from_records(soci::session& s) const override;
};

}  // namespace sangsaeng::outage
