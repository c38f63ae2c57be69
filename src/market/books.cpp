#include "market/books.h"

#include <cassert>

namespace sangsaeng::market {

AccountKey clearing_account() {
  return {ledger::OwnerKind::program, "market", kPaymentsClearing};
}

AccountKey donation_budget_account() {
  return {ledger::OwnerKind::program, "market", kDonationBudget};
}

AccountKey merchant_sales_account(Id merchant_org_id) {
  return {ledger::OwnerKind::merchant, id_to_string(merchant_org_id), kMerchantSales};
}

AccountKey charity_account(Id charity_org_id) {
  return {ledger::OwnerKind::charity, id_to_string(charity_org_id), kCharityReceipts};
}

std::int64_t donated_won(std::int64_t amount_won, int donation_percent) {
  assert(amount_won >= 0 && donation_percent >= 0 && donation_percent <= 100);
  // amount_won <= 10^11 (1,000 units at 10^8 won), so the product stays far below 2^63.
  return amount_won * donation_percent / 100;
}

std::vector<ledger::Transfer> payment_transfers(const Order& order, const Drop& drop,
                                                const PaymentAccounts& accounts,
                                                Id sale_transfer_id, Id donation_transfer_id,
                                                std::int64_t donation_won) {
  assert(order.amount_won > 0 && accounts.clearing > 0 && accounts.merchant_sales > 0);
  assert(donation_won >= 0 && donation_won <= order.amount_won);
  const std::string ref = "market:order:" + id_to_string(order.id);
  ledger::Transfer sale{.id = sale_transfer_id,
                        .debit_account_id = accounts.clearing,
                        .credit_account_id = accounts.merchant_sales,
                        .amount = order.amount_won,
                        .ledger = ledger::kLedgerKrw,
                        .code = kSale,
                        .reference = ref + ":sale"};
  const std::int64_t donation = donation_won;
  if (donation == 0 || accounts.charity == 0) return {sale};
  sale.flags = ledger::transfer_flags::kLinked;
  ledger::Transfer share{
      .id = donation_transfer_id,
      .debit_account_id = accounts.donation_budget,
      .credit_account_id = accounts.charity,
      .amount = donation,
      .ledger = ledger::kLedgerKrw,
      .code = kDonatedShare,
      .reference = ref + ":donation-" + std::to_string(drop.donation_percent) + "%"};
  return {sale, share};
}

void append_linked(std::vector<ledger::Transfer>& run, ledger::Transfer t) {
  if (!run.empty()) run.back().flags |= ledger::transfer_flags::kLinked;
  run.push_back(std::move(t));
}

std::vector<ledger::Transfer> refund_transfers(const Order& order, const Drop& drop,
                                               const PaymentAccounts& accounts, Id sale_transfer_id,
                                               Id donation_transfer_id, std::int64_t donation_won,
                                               Id sale_reversal_id, Id donation_reversal_id) {
  std::vector<ledger::Transfer> out = payment_transfers(order, drop, accounts, sale_transfer_id,
                                                        donation_transfer_id, donation_won);
  assert(!out.empty() && out.size() <= 2);
  // The same moves the other way, the original's id in the reference.
  const Id reversal_ids[2] = {sale_reversal_id, donation_reversal_id};
  const std::int32_t codes[2] = {kSaleRefunded, kShareWithdrawn};
  for (std::size_t i = 0; i < out.size(); ++i) {
    ledger::Transfer& t = out[i];
    std::swap(t.debit_account_id, t.credit_account_id);
    t.reference = "market:order:" + id_to_string(order.id) + ":refund-of:" + id_to_string(t.id);
    t.id = reversal_ids[i];
    t.code = codes[i];
  }
  return out;
}

}  // namespace sangsaeng::market
