// What a paid order writes in the books (DESIGN.md: all money moves through src/ledger).
//
// A paid order posts two linked transfers in the KRW ledger, all or nothing:
//   sale:     the market's payments clearing  -> the merchant's sales (what it is owed)
//   donation: the market's donation budget    -> the drop's charity (donation_percent of the
//             amount paid, rounded down to the won; none when it rounds to 0), or, for a drop
//             that names a matching campaign, the campaign's budget -> its charity (the match
//             decided at payment, capped at the budget left: giving/campaigns.h)
//   credit:   on the CREDIT ledger, the buyer's happiness credit where the drop earns it
//             (giving/credit_books.h; appended by the service)
// The accounts are found by owner and code, and opened on first use.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "ledger/types.h"
#include "market/types.h"

namespace sangsaeng::market {

// Account codes (purpose), shared with the demo's books.
enum AccountCode : std::int32_t {
  kPaymentsClearing = 1,  // payments collected for partner merchants (owner: program "market")
  kMerchantSales = 2,     // what a merchant has sold (owner: the merchant organisation)
  kDonationBudget = 3,    // the company's budget for the donated share (owner: program "market")
  kCharityReceipts = 5,   // what a charity has received (owner: the charity organisation)
};
// Transfer codes (reason).
enum TransferCode : std::int32_t {
  kSale = 1,
  kDonatedShare = 2,
  kSaleRefunded = 3,    // reverses a kSale: the merchant gives the amount back
  kShareWithdrawn = 4,  // reverses a kDonatedShare: the charity's share goes back to the budget
};

// An account the market writes to: who owns it and what for.
struct AccountKey {
  ledger::OwnerKind owner_kind = ledger::OwnerKind::program;
  std::string owner_ref;
  std::int32_t code = 0;
  bool operator<(const AccountKey& o) const {
    return std::tie(owner_kind, owner_ref, code) < std::tie(o.owner_kind, o.owner_ref, o.code);
  }
};

AccountKey clearing_account();
AccountKey donation_budget_account();
AccountKey merchant_sales_account(Id merchant_org_id);
AccountKey charity_account(Id charity_org_id);

// The donated share of `amount_won`: floor(amount * percent / 100). REQUIRES: 0..100, amount >= 0.
std::int64_t donated_won(std::int64_t amount_won, int donation_percent);

// Ids of the accounts a payment moves between.
struct PaymentAccounts {
  Id clearing = 0, merchant_sales = 0;
  Id donation_budget = 0;  // the market's, or the drop's campaign's budget
  Id charity = 0;          // 0 when the drop donates nothing
};

// The transfers of a paid order, linked (all or nothing), with the ids recorded for it so that
// posting them again changes nothing; `donation_won` is what its payment recorded (none when 0).
// REQUIRES: order.amount_won > 0, donation_won >= 0.
std::vector<ledger::Transfer> payment_transfers(const Order& order, const Drop& drop,
                                                const PaymentAccounts& accounts,
                                                Id sale_transfer_id, Id donation_transfer_id,
                                                std::int64_t donation_won);

// Appends `t` to a linked run: the run's last transfer is flagged linked to it.
void append_linked(std::vector<ledger::Transfer>& run, ledger::Transfer t);

// The reversing transfers of a refunded order (never edits of the originals): the merchant's
// sales back to the payments clearing (the buyer's money leaves through the provider), and the
// charity's share back to the donation budget; linked (all or nothing), each naming the
// transfer it reverses in its reference. Same accounts and amounts as payment_transfers().
// REQUIRES: order.amount_won > 0.
std::vector<ledger::Transfer> refund_transfers(const Order& order, const Drop& drop,
                                               const PaymentAccounts& accounts, Id sale_transfer_id,
                                               Id donation_transfer_id, std::int64_t donation_won,
                                               Id sale_reversal_id, Id donation_reversal_id);

}  // namespace sangsaeng::market
