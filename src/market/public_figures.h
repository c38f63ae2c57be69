// The market's part of the public figures (figures/source.h), program "market":
//   raised          what buyers paid for drops (sales less refunds)
//   matched, donated the company's donated share of those sales, per charity (the cause)
//   people_helped   paid orders less refunded ones: households that got produce at half price
//                   (records only)
// From the ledger: the transfers market/books.h posts between the market's accounts; from the
// records: market_payments and market_refunds with their orders and drops, each dated by its
// sale transfer (or reversal) when the books hold it.
#pragma once

#include "figures/source.h"

namespace sangsaeng::market {

class PublicFigures : public figures::Source {
 public:
  std::string program() const override { return "market"; }
  std::vector<figures::Row> from_ledger(soci::session& s) const override;
  std::vector<figures::Row> from_records(soci::session& s) const override;
};

}  // namespace sangsaeng::market
