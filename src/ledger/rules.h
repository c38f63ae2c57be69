// The ledger's rules, pure: validate and apply a batch of events to in-memory state, with
// no database and no clock (now is a parameter). The engine runs them inside its write
// transaction; tests run them alone.
//
// A Batch is an overlay over a State: it reads through to the state, writes only to itself,
// and produces the journal entries to store. commit_to() merges it into the state once the
// entries are durable; dropping it leaves the state as it was (a failed commit diverges
// nothing).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ledger/hash.h"
#include "ledger/types.h"

namespace sangsaeng::ledger {

struct AccountState {
  Account account;
  Balances balances;
  bool closed = false;
};

// An open (neither posted, voided nor expired) pending transfer.
struct PendingState {
  Id id = 0;
  Id debit_account_id = 0;
  Id credit_account_id = 0;
  LedgerId ledger = 0;
  std::int32_t code = 0;
  Amount amount = 0;
  UnixMicros expires_at_us = 0;  // 0: never
};

// The last journal entry: the chain continues from here.
struct Head {
  std::int64_t seq = 0;
  std::string hash = kGenesisHash;
  UnixMicros timestamp_us = 0;
};

// Everything the rules need in memory: every account with its balances, the open pendings.
struct State {
  std::set<LedgerId> ledgers;
  std::unordered_map<Id, AccountState> accounts;
  std::unordered_map<Id, PendingState> pendings;
  std::set<std::pair<UnixMicros, Id>> expiries;  // (expires_at_us, id) of open pendings
  Head head;
};

// What the journal already holds about the ids a batch names (read by the store): the
// transfers with those ids or pending ids, and for resolved pendings the flags of the entry
// that resolved them (post, void, or void|expired).
struct Known {
  std::unordered_map<Id, Transfer> transfers;
  std::unordered_map<Id, std::uint32_t> resolutions;
};

struct AccountEntry {
  Account account;
  std::int64_t seq = 0;
  std::string hash;
};
struct ClosureEntry {
  Id account_id = 0;
  UnixMicros closed_at_us = 0;
  std::int64_t seq = 0;
  std::string hash;
};
struct TransferEntry {
  Transfer transfer;  // with seq, released and timestamp_us set
  std::string hash;
};

// Applies one stored transfer's effect to the balances of its two accounts (pending: adds
// to pending; posted: adds to posted; post: releases `released` and posts `amount`;
// void: releases). False (and nothing changed) on overflow or a negative pending balance.
bool apply_effect(const Transfer& t, Balances& debit, Balances& credit);

class Batch {
 public:
  // Entries get timestamp max(now_us, state.head.timestamp_us) (the journal never goes back
  // in time). REQUIRES: state and known outlive the batch and do not change meanwhile.
  Batch(const State& state, const Known& known, UnixMicros now_us);

  // Appends expiry voids (id -pending_id, flags void|expired) for up to `max` open pendings
  // whose time is up. REQUIRES: called before any other event of this batch. Returns count.
  std::size_t expire_due(std::size_t max);
  // One result per account, in order.
  std::vector<AccountResult> create_accounts(std::span<const Account> accounts);
  // One result per transfer, in order. A run of transfers flagged linked, ended by one that
  // is not, succeeds or fails as a whole (failures report their own code, the others
  // linked_event_failed; an unterminated run at the end reports linked_event_chain_open).
  std::vector<TransferResult> create_transfers(std::span<const Transfer> transfers);
  // ok, account_not_found or account_already_closed. A closed account takes no new
  // transfers or posts; its pendings can still be voided or expire.
  ResultCode close_account(Id account_id);

  const std::vector<AccountEntry>& account_entries() const { return account_entries_; }
  const std::vector<ClosureEntry>& closure_entries() const { return closure_entries_; }
  const std::vector<TransferEntry>& transfer_entries() const { return transfer_entries_; }
  // The accounts whose balances this batch changed (or created), with their new balances.
  std::vector<std::pair<Id, Balances>> touched_balances() const;
  bool empty() const { return head_.seq == base_.head.seq; }
  const Head& head() const { return head_; }
  UnixMicros timestamp_us() const { return timestamp_us_; }

  // Merges the overlay into `state`. REQUIRES: state is the one given to the constructor.
  void commit_to(State& state) const;

 private:
  struct Undo;
  const AccountState* account(Id id) const;
  AccountState& account_mut(Id id);
  const PendingState* open_pending(Id id) const;
  const Transfer* find_transfer(Id id) const;
  std::optional<std::uint32_t> resolution(Id pending_id) const;
  ResultCode apply_transfer(const Transfer& in, Transfer& stored);
  ResultCode check_new(const Transfer& in) const;
  ResultCode check_resolve(const Transfer& in, Transfer& stored) const;
  void append(Transfer stored);
  void apply_chain(std::span<const Transfer> chain, std::span<TransferResult> results);
  void rollback(const Undo& undo);

  const State& base_;
  const Known& known_;
  UnixMicros timestamp_us_;
  Head head_;
  std::unordered_map<Id, AccountState> accounts_;
  std::unordered_map<Id, std::optional<PendingState>> pendings_;  // nullopt: resolved here
  std::unordered_map<Id, Transfer> created_;
  std::unordered_map<Id, std::uint32_t> resolutions_;
  std::vector<AccountEntry> account_entries_;
  std::vector<ClosureEntry> closure_entries_;
  std::vector<TransferEntry> transfer_entries_;
  Undo* undo_ = nullptr;  // set while a linked chain is applied
};

}  // namespace sangsaeng::ledger
