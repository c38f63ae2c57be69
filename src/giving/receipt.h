// A donor's yearly donation receipt (기부금 영수증) for their happiness credit: who gave, the
// year, each donation (date, receiving organisation with its registration number, amount in
// won), the totals per organisation and overall, the issuer and the date of issue. What the
// platform cannot fill (the donor's resident registration number and address, which it never
// collects) is named on the page: docs/decisions.md, "Giving". Pure: the service gathers the
// rows, these render them.
#pragma once

#include <string>
#include <vector>

#include "giving/types.h"

namespace sangsaeng::giving {

struct Receipt {
  Id donor_id = 0;
  std::string donor_name = {};
  int year = 0;                          // Seoul calendar year of the donations' dates
  std::vector<Donation> donations = {};  // oldest first
  std::string issuer = {};               // who issues it (the program's operator)
  std::string number = {};               // "HC-<year>-<donor id>": the same on every copy
  std::int64_t total_won() const;
  // (organisation, registration number, won) per receiving organisation, in first-gift order.
  struct OrgTotal {
    std::string org_name, registration_no;
    std::int64_t won = 0;
  };
  std::vector<OrgTotal> by_org() const;
};

// A printable HTML page (A4, no script, styles inline), issued on `issued_at_us` (Seoul date).
std::string receipt_html(const Receipt& receipt, UnixMicros issued_at_us);
// The donations for a spreadsheet or a tax program (UTF-8 with BOM, Korean and English
// headers): number, donor, member number, date (YYYY-MM-DD), organisation, registration
// number, kind (금전), won; then a total row.
std::string receipt_csv(const Receipt& receipt);

}  // namespace sangsaeng::giving
