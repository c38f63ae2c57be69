#include "giving/credit_books.h"

#include <cassert>

namespace sangsaeng::giving {

ledger::AccountKey issued_credit_account() {
  return {.owner_kind = ledger::OwnerKind::program,
          .owner_ref = kCreditProgram,
          .code = kIssuedCredit,
          .ledger = ledger::kLedgerCredit};
}

ledger::AccountKey customer_credit_account(Id customer_id) {
  return {.owner_kind = ledger::OwnerKind::customer,
          .owner_ref = std::to_string(customer_id),
          .code = kCustomerCredit,
          .ledger = ledger::kLedgerCredit,
          .flags = ledger::account_flags::kDebitsMustNotExceedCredits};
}

ledger::AccountKey company_giving_account() {
  return {.owner_kind = ledger::OwnerKind::company,
          .owner_ref = kCreditProgram,
          .code = kCompanyGiving,
          .ledger = ledger::kLedgerKrw};
}

std::string purchase_reference(Id purchase_id) {
  return "giving:purchase:" + std::to_string(purchase_id);
}

ledger::Transfer accrual_transfer(const Purchase& p, Id issued_account_id, Id customer_account_id) {
  assert(p.credit_points > 0 && p.transfer_id > 0);
  return {.id = p.transfer_id,
          .debit_account_id = issued_account_id,
          .credit_account_id = customer_account_id,
          .amount = p.credit_points,
          .ledger = ledger::kLedgerCredit,
          .code = kAccrued,
          .reference = purchase_reference(p.id)};
}

ledger::Transfer reversal_transfer(const Purchase& p, Id issued_account_id,
                                   Id customer_account_id) {
  assert(p.reversal_transfer_id && p.reversed_points > 0);
  return {.id = *p.reversal_transfer_id,
          .debit_account_id = customer_account_id,
          .credit_account_id = issued_account_id,
          .amount = p.reversed_points,
          .ledger = ledger::kLedgerCredit,
          .code = kReversed,
          .reference = purchase_reference(p.id)};
}

}  // namespace sangsaeng::giving
