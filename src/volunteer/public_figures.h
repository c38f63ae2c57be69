// The volunteer corps' part of the public figures (figures/source.h), program "volunteer":
//   granted  what the company gave welfare facilities for the hours volunteered there (the grant
//            rule), corrections down subtracted
// From the ledger: transfers between the grant budget and the facilities' grant accounts
// (volunteer/service.h); from the records: volunteer_grant_postings that the books posted (one
// per transfer, signed), each dated by its transfer. Hours and people volunteered are not won:
// they are on the corps' own public figures (GET /api/v1/volunteer/public).
#pragma once

#include "figures/source.h"

namespace sangsaeng::volunteer {

class PublicFigures : public figures::Source {
 public:
  std::string program() const override { return "volunteer"; }
  std::vector<figures::Row> from_ledger(soci::session& s) const override;
  std::vector<figures::Row> from_records(soci::session& s) const override;
};

}  // namespace sangsaeng::volunteer
