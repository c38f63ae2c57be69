// The art hall fund's part of the public figures (figures/source.h), program "art-hall", every
// row about the fund as a cause ("fund:art-hall"):
//   raised         the hall's revenue credited to the fund
//   granted        hearing-support grants the fund paid to hospitals (a reservation counts
//                  once posted at surgery; a released one never)
//   people_helped  children whose grant was paid, by the month of the payment (records only;
//                  a year's count is the sum of its months)
// From the ledger: revenue transfers from the hall's ticket sales to the fund and the posted
// grants from the fund to the grants paid (grants/service.h); from the records: grant_revenue
// and the paid grant_applications, each dated by its transfer when the books hold it.
#pragma once

#include "figures/source.h"

namespace sangsaeng::grants {

class PublicFigures : public figures::Source {
 public:
  std::string program() const override { return "art-hall"; }
  std::vector<figures::Row> from_ledger(soci::session& s) const override;
  std::vector<figures::Row> from_records(soci::session& s) const override;
};

}  // namespace sangsaeng::grants
