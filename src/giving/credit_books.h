// What happiness credit writes in the books, shared by every shop that earns it: a partner's
// reported purchase (giving/service.h) and the platform's own market (market/service.h), so both
// post the same transfers from the same accounts, with the same ids, and a retry by either path
// is answered "exists".
//   accrual:  the program's issued credit (program "credit")  -> the customer's credit
//   reversal: the customer's credit -> the program's issued credit (what a cancellation takes
//             back; never more than the customer still holds: rules.h reversible_points)
// The purchase records (giving_purchases) say why each transfer was made.
#pragma once

#include <string>

#include "giving/types.h"
#include "ledger/directory.h"

namespace sangsaeng::giving {

// Ledger codes, the same as the demo's books and the market's (a charity's receipts are code 5
// on both ledgers). Accounts on the CREDIT ledger: the program's issued credit (owner program
// "credit"), a customer's credit (owner customer "<user id>", never negative), and a cause's
// received credit (owner charity "<org id>"). On the KRW ledger: the company's giving budget
// (owner company "credit"), the cause's receipts (the account the market's donations reach),
// and each matching campaign's budget (owner program "credit", code 9, never negative; one
// account per campaign, found by the id on the campaign).
enum AccountCode : std::int32_t {
  kCauseCredit = 5,
  kCauseReceipts = 5,
  kIssuedCredit = 6,
  kCustomerCredit = 7,
  kCompanyGiving = 8,
  kCampaignBudget = 9,
};
// Transfers; a purchase's reference is "giving:purchase:<id>", a settlement's
// "giving:settlement:<id>", a campaign's funding "giving:campaign:<id>".
enum TransferCode : std::int32_t {
  kAccrued = 4,
  kDonated = 5,
  kReversed = 6,
  kPaidToCause = 7,
  kCampaignFunded = 8,
};

inline constexpr const char* kCreditProgram = "credit";

ledger::AccountKey issued_credit_account();
ledger::AccountKey customer_credit_account(Id customer_id);
ledger::AccountKey company_giving_account();
std::string purchase_reference(Id purchase_id);

// The accrual of `p` (credit_points > 0) between the accounts given.
ledger::Transfer accrual_transfer(const Purchase& p, Id issued_account_id, Id customer_account_id);
// Its reversal (reversal_transfer_id set, reversed_points > 0).
ledger::Transfer reversal_transfer(const Purchase& p, Id issued_account_id, Id customer_account_id);

}  // namespace sangsaeng::giving
