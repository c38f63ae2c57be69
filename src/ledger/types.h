// Ledger types: ledgers by unit, accounts, transfers, flags and result codes.
// Amounts are signed 64-bit integers (won or points) and always positive on a transfer.
// Ids are positive 64-bit integers chosen by the client (core/id.h makes good ones); the
// ledger itself writes negative ids only for expiry entries (-pending_id), so its own entries
// never collide with a client's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/id.h"
#include "core/time.h"

namespace sangsaeng::ledger {

using Amount = std::int64_t;
using LedgerId = std::int32_t;

// The ledgers seeded by migration 0100 (table ledger_ledgers); more can be added by rows.
constexpr LedgerId kLedgerKrw = 1;
// Donation-only credit points (DESIGN.md invariant 4): what a customer's account pays out
// can only go to a cause (a charity, fund or program account), never be spent or cashed.
constexpr LedgerId kLedgerCredit = 2;

// Bounds on every stored string and every batch (TigerBeetle's 8,190 events per batch).
constexpr std::size_t kReferenceCharsMax = 128;
constexpr std::size_t kOwnerRefCharsMax = 64;
constexpr std::size_t kBatchEventsMax = 8190;
constexpr std::int64_t kTimeoutSecondsMax = 366LL * 24 * 3600;

namespace account_flags {
constexpr std::uint32_t kDebitsMustNotExceedCredits = 1;  // e.g. a customer's credit balance
constexpr std::uint32_t kCreditsMustNotExceedDebits = 2;  // e.g. a fund that pays out
constexpr std::uint32_t kAll = 3;
}  // namespace account_flags

namespace transfer_flags {
constexpr std::uint32_t kLinked = 1;       // succeeds or fails with the next transfer
constexpr std::uint32_t kPending = 2;      // reserves the amount (phase one)
constexpr std::uint32_t kPostPending = 4;  // posts a pending transfer (fully or partly)
constexpr std::uint32_t kVoidPending = 8;  // releases a pending transfer
constexpr std::uint32_t kExpired = 16;     // set only by the ledger on a timeout void
constexpr std::uint32_t kClientAll = 15;
}  // namespace transfer_flags

enum class OwnerKind { customer, merchant, charity, fund, program, company };
std::string_view to_string(OwnerKind kind);
// False when text names no owner kind.
bool parse_owner_kind(std::string_view text, OwnerKind& out);

struct Account {
  Id id = 0;
  LedgerId ledger = 0;
  std::int32_t code = 0;  // purpose, e.g. 1 = customer wallet; chosen by the modules
  OwnerKind owner_kind = OwnerKind::customer;
  std::string owner_ref;  // the owner's id in its module, e.g. a user id or program slug
  std::uint32_t flags = 0;
  UnixMicros created_at_us = 0;  // set by the ledger
  bool operator==(const Account&) const = default;
};

struct Balances {
  Amount debits_pending = 0;
  Amount debits_posted = 0;
  Amount credits_pending = 0;
  Amount credits_posted = 0;
  bool operator==(const Balances&) const = default;
};

struct Transfer {
  Id id = 0;
  Id debit_account_id = 0;   // post/void: 0 or the pending transfer's
  Id credit_account_id = 0;  // post/void: 0 or the pending transfer's
  Amount amount = 0;         // post: 0 posts the full pending amount; void: 0 or the full amount
  Id pending_id = 0;         // post/void only: the pending transfer
  LedgerId ledger = 0;       // post/void: 0 or the pending transfer's
  std::int32_t code = 0;     // reason; post/void: 0 inherits the pending transfer's
  std::uint32_t flags = 0;
  std::int64_t timeout_s = 0;  // pending only: voids itself this long after it was created
  std::string reference;       // order, grant, outage, ... (at most kReferenceCharsMax)
  // Set by the ledger when stored:
  Amount released = 0;  // post/void: the pending amount this entry releases
  UnixMicros timestamp_us = 0;
  std::int64_t seq = 0;  // position in the journal
  bool operator==(const Transfer&) const = default;
};

// What a stored transfer is, as the API and the export name it: "expire" (a timeout void),
// "pending", "post", "void" or "posted" (a single-phase transfer).
std::string_view transfer_kind(std::uint32_t flags);

// True for the owners that count as a cause for donation-only credit.
inline bool is_cause(OwnerKind kind) {
  return kind == OwnerKind::charity || kind == OwnerKind::fund || kind == OwnerKind::program;
}

// One result per event of a batch. Codes are stable (they are the API's slugs).
enum class ResultCode {
  ok,
  exists,  // the same id with the same fields: the first result is returned, nothing changes
  linked_event_failed,
  linked_event_chain_open,
  id_must_be_positive,
  flags_are_invalid,
  exists_with_different_fields,
  // accounts
  ledger_not_found,
  code_must_not_be_zero,
  owner_ref_invalid,
  account_not_found,
  account_already_closed,
  // transfers
  debit_account_id_must_be_positive,
  credit_account_id_must_be_positive,
  accounts_must_be_different,
  pending_id_must_be_zero,
  pending_id_must_be_positive,
  pending_id_must_be_different,
  timeout_reserved_for_pending_transfer,
  timeout_out_of_range,
  amount_must_be_positive,
  ledger_must_be_positive,
  reference_too_long,
  debit_account_not_found,
  credit_account_not_found,
  accounts_must_have_the_same_ledger,
  transfer_must_have_the_same_ledger_as_accounts,
  debit_account_closed,
  credit_account_closed,
  overflows_balance,
  exceeds_credits,
  exceeds_debits,
  pending_transfer_not_found,
  pending_transfer_not_pending,
  pending_transfer_has_different_debit_account_id,
  pending_transfer_has_different_credit_account_id,
  pending_transfer_has_different_ledger,
  pending_transfer_has_different_code,
  pending_transfer_has_different_amount,
  exceeds_pending_transfer_amount,
  pending_transfer_already_posted,
  pending_transfer_already_voided,
  pending_transfer_expired,
  credit_must_go_to_a_cause,  // donation-only CREDIT: a customer's points go to a charity, fund or
                              // program
};

// "exceeds_credits", ... (the wire name).
std::string_view to_string(ResultCode code);
// ok and exists are successes; everything else changed nothing.
inline bool succeeded(ResultCode code) {
  return code == ResultCode::ok || code == ResultCode::exists;
}

struct TransferResult {
  ResultCode code = ResultCode::ok;
  Transfer transfer;  // when succeeded(code): the stored transfer (for exists, the first one)
};

struct AccountResult {
  ResultCode code = ResultCode::ok;
  Account account;  // when succeeded(code): the stored account
};

}  // namespace sangsaeng::ledger
