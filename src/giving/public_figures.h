// Happiness credit's part of the public figures (figures/source.h), program "credit":
//   raised   credit customers earned on partner shops' purchases, less what cancellations took
//            back (points; one point gives one won)
//   donated  the won the company paid each cause at settlements, per charity (the cause)
// From the ledger: accruals and reversals between the program's issued credit and customers'
// credit (CREDIT ledger), and the company's payments to the causes' receipts (KRW ledger), each
// posted by this module (its references start "giving:"; the market's credit, when it earns
// some, is the market's to count); from
// the records: giving_purchases and giving_payments, each dated by its transfer when the books
// hold it.
#pragma once

#include "figures/source.h"

namespace sangsaeng::giving {

class PublicFigures : public figures::Source {
 public:
  std::string program() const override { return "credit"; }
  std::vector<figures::Row> from_ledger(soci::session& s) const override;
  std::vector<figures::Row> from_records(soci::session& s) const override;
};

}  // namespace sangsaeng::giving
