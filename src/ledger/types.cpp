#include "ledger/types.h"

#include <array>
#include <cassert>

namespace sangsaeng::ledger {

namespace {

constexpr std::array<std::string_view, 6> kOwnerKinds = {"customer", "merchant", "charity",
                                                         "fund",     "program",  "company"};

constexpr std::string_view kResultNames[] = {
    "ok",
    "exists",
    "linked_event_failed",
    "linked_event_chain_open",
    "id_must_be_positive",
    "flags_are_invalid",
    "exists_with_different_fields",
    "ledger_not_found",
    "code_must_not_be_zero",
    "owner_ref_invalid",
    "account_not_found",
    "account_already_closed",
    "debit_account_id_must_be_positive",
    "credit_account_id_must_be_positive",
    "accounts_must_be_different",
    "pending_id_must_be_zero",
    "pending_id_must_be_positive",
    "pending_id_must_be_different",
    "timeout_reserved_for_pending_transfer",
    "timeout_out_of_range",
    "amount_must_be_positive",
    "ledger_must_be_positive",
    "reference_too_long",
    "debit_account_not_found",
    "credit_account_not_found",
    "accounts_must_have_the_same_ledger",
    "transfer_must_have_the_same_ledger_as_accounts",
    "debit_account_closed",
    "credit_account_closed",
    "overflows_balance",
    "exceeds_credits",
    "exceeds_debits",
    "pending_transfer_not_found",
    "pending_transfer_not_pending",
    "pending_transfer_has_different_debit_account_id",
    "pending_transfer_has_different_credit_account_id",
    "pending_transfer_has_different_ledger",
    "pending_transfer_has_different_code",
    "pending_transfer_has_different_amount",
    "exceeds_pending_transfer_amount",
    "pending_transfer_already_posted",
    "pending_transfer_already_voided",
    "pending_transfer_expired",
    "credit_must_go_to_a_cause",
};
static_assert(std::size(kResultNames) ==
              static_cast<std::size_t>(ResultCode::credit_must_go_to_a_cause) + 1);

}  // namespace

std::string_view to_string(OwnerKind kind) {
  const auto i = static_cast<std::size_t>(kind);
  assert(i < kOwnerKinds.size());
  return kOwnerKinds[i];
}

bool parse_owner_kind(std::string_view text, OwnerKind& out) {
  for (std::size_t i = 0; i < kOwnerKinds.size(); ++i) {
    if (kOwnerKinds[i] == text) {
      out = static_cast<OwnerKind>(i);
      return true;
    }
  }
  return false;
}

std::string_view transfer_kind(std::uint32_t flags) {
  namespace tf = transfer_flags;
  if (flags & tf::kExpired) return "expire";
  if (flags & tf::kPending) return "pending";
  if (flags & tf::kPostPending) return "post";
  if (flags & tf::kVoidPending) return "void";
  return "posted";
}

std::string_view to_string(ResultCode code) {
  const auto i = static_cast<std::size_t>(code);
  assert(i < std::size(kResultNames));
  return kResultNames[i];
}

}  // namespace sangsaeng::ledger
