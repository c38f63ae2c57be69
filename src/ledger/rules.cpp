#include "ledger/rules.h"

#include <algorithm>
#include <bit>
#include <cassert>

#include "core/money.h"

namespace sangsaeng::ledger {

namespace tf = transfer_flags;
namespace af = account_flags;

struct Batch::Undo {
  std::vector<std::pair<Id, std::optional<AccountState>>> accounts;
  std::vector<std::pair<Id, std::optional<std::optional<PendingState>>>> pendings;
  std::vector<std::pair<Id, std::optional<std::uint32_t>>> resolutions;
  std::vector<Id> created;
  std::size_t transfer_entries = 0;
  Head head;
};

namespace {

std::size_t utf8_chars(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

bool add_to(Amount& field, Amount delta) {
  auto v = checked_add(field, delta);
  if (!v) return false;
  field = *v;
  return true;
}

// Debits or credits in total (pending + posted) after adding `amount`, if it fits.
std::optional<Amount> total_after(Amount pending, Amount posted, Amount amount) {
  auto sum = checked_add(pending, posted);
  return sum ? checked_add(*sum, amount) : std::nullopt;
}

bool is_resolve(const Transfer& t) {
  return (t.flags & (tf::kPostPending | tf::kVoidPending)) != 0;
}

// A retry matches the stored transfer when every field the client gave is the same; for
// post and void the fields a client may leave 0 (inherited from the pending) match anything.
bool same_request(const Transfer& in, const Transfer& old) {
  if (in.flags != old.flags || in.pending_id != old.pending_id || in.timeout_s != old.timeout_s ||
      in.reference != old.reference)
    return false;
  if (!is_resolve(in))
    return in.debit_account_id == old.debit_account_id &&
           in.credit_account_id == old.credit_account_id && in.amount == old.amount &&
           in.ledger == old.ledger && in.code == old.code;
  auto inherits = [](auto given, auto stored) { return given == 0 || given == stored; };
  const Amount amount_full = (in.flags & tf::kPostPending) ? old.released : old.amount;
  const bool amount_same = in.amount == old.amount || (in.amount == 0 && old.amount == amount_full);
  return inherits(in.debit_account_id, old.debit_account_id) &&
         inherits(in.credit_account_id, old.credit_account_id) && inherits(in.ledger, old.ledger) &&
         inherits(in.code, old.code) && amount_same;
}

}  // namespace

bool apply_effect(const Transfer& t, Balances& debit, Balances& credit) {
  Balances d = debit, c = credit;
  bool ok = true;
  if (t.flags & tf::kPending) {
    ok = add_to(d.debits_pending, t.amount) && add_to(c.credits_pending, t.amount);
  } else if (t.flags & (tf::kPostPending | tf::kVoidPending)) {
    ok = add_to(d.debits_pending, -t.released) && add_to(c.credits_pending, -t.released);
    if (ok && (t.flags & tf::kPostPending))
      ok = add_to(d.debits_posted, t.amount) && add_to(c.credits_posted, t.amount);
  } else {
    ok = add_to(d.debits_posted, t.amount) && add_to(c.credits_posted, t.amount);
  }
  if (!ok || d.debits_pending < 0 || c.credits_pending < 0) return false;
  debit = d;
  credit = c;
  return true;
}

Batch::Batch(const State& state, const Known& known, UnixMicros now_us)
    : base_(state),
      known_(known),
      timestamp_us_(std::max(now_us, state.head.timestamp_us)),
      head_(state.head) {}

const AccountState* Batch::account(Id id) const {
  if (auto it = accounts_.find(id); it != accounts_.end()) return &it->second;
  if (auto it = base_.accounts.find(id); it != base_.accounts.end()) return &it->second;
  return nullptr;
}

AccountState& Batch::account_mut(Id id) {
  auto it = accounts_.find(id);
  if (undo_)
    undo_->accounts.emplace_back(id,
                                 it == accounts_.end() ? std::nullopt : std::optional(it->second));
  if (it == accounts_.end()) {
    auto b = base_.accounts.find(id);
    assert(b != base_.accounts.end());
    it = accounts_.emplace(id, b->second).first;
  }
  return it->second;
}

const PendingState* Batch::open_pending(Id id) const {
  if (auto it = pendings_.find(id); it != pendings_.end())
    return it->second ? &*it->second : nullptr;
  if (auto it = base_.pendings.find(id); it != base_.pendings.end()) return &it->second;
  return nullptr;
}

const Transfer* Batch::find_transfer(Id id) const {
  if (auto it = created_.find(id); it != created_.end()) return &it->second;
  if (auto it = known_.transfers.find(id); it != known_.transfers.end()) return &it->second;
  return nullptr;
}

std::optional<std::uint32_t> Batch::resolution(Id pending_id) const {
  if (auto it = resolutions_.find(pending_id); it != resolutions_.end()) return it->second;
  if (auto it = known_.resolutions.find(pending_id); it != known_.resolutions.end())
    return it->second;
  return std::nullopt;
}

std::size_t Batch::expire_due(std::size_t max) {
  assert(transfer_entries_.empty() && account_entries_.empty() && closure_entries_.empty());
  std::size_t count = 0;
  for (auto it = base_.expiries.begin(); it != base_.expiries.end() && count < max; ++it, ++count) {
    if (it->first > timestamp_us_) break;
    const PendingState& p = base_.pendings.at(it->second);
    Transfer t;
    t.id = -p.id;
    t.debit_account_id = p.debit_account_id;
    t.credit_account_id = p.credit_account_id;
    t.amount = p.amount;
    t.pending_id = p.id;
    t.ledger = p.ledger;
    t.code = p.code;
    t.flags = tf::kVoidPending | tf::kExpired;
    t.released = p.amount;
    append(std::move(t));
  }
  return count;
}

std::vector<AccountResult> Batch::create_accounts(std::span<const Account> accounts) {
  assert(accounts.size() <= kBatchEventsMax);
  std::vector<AccountResult> results(accounts.size());
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const Account& a = accounts[i];
    AccountResult& r = results[i];
    if (a.id <= 0) {
      r.code = ResultCode::id_must_be_positive;
    } else if ((a.flags & ~af::kAll) != 0 || a.flags == af::kAll) {
      r.code = ResultCode::flags_are_invalid;
    } else if (const AccountState* old = account(a.id)) {
      const Account& o = old->account;
      const bool same = o.ledger == a.ledger && o.code == a.code && o.owner_kind == a.owner_kind &&
                        o.owner_ref == a.owner_ref && o.flags == a.flags;
      r.code = same ? ResultCode::exists : ResultCode::exists_with_different_fields;
      if (same) r.account = o;
    } else if (!base_.ledgers.contains(a.ledger)) {
      r.code = ResultCode::ledger_not_found;
    } else if (a.code == 0) {
      r.code = ResultCode::code_must_not_be_zero;
    } else if (a.owner_ref.empty() || utf8_chars(a.owner_ref) > kOwnerRefCharsMax) {
      r.code = ResultCode::owner_ref_invalid;
    } else {
      Account stored = a;
      stored.created_at_us = timestamp_us_;
      head_.seq += 1;
      head_.hash = hash_account(head_.hash, head_.seq, stored);
      account_entries_.push_back({stored, head_.seq, head_.hash});
      accounts_[a.id] = AccountState{stored, {}, false};
      r = {ResultCode::ok, stored};
    }
  }
  return results;
}

ResultCode Batch::close_account(Id account_id) {
  const AccountState* a = account(account_id);
  if (a == nullptr) return ResultCode::account_not_found;
  if (a->closed) return ResultCode::account_already_closed;
  account_mut(account_id).closed = true;
  head_.seq += 1;
  head_.hash = hash_closure(head_.hash, head_.seq, account_id, timestamp_us_);
  closure_entries_.push_back({account_id, timestamp_us_, head_.seq, head_.hash});
  return ResultCode::ok;
}

std::vector<TransferResult> Batch::create_transfers(std::span<const Transfer> transfers) {
  assert(transfers.size() <= kBatchEventsMax);
  std::vector<TransferResult> results(transfers.size());
  std::size_t i = 0;
  while (i < transfers.size()) {
    std::size_t end = i;  // the chain is [i, end]
    while (end < transfers.size() && (transfers[end].flags & tf::kLinked)) ++end;
    if (end == transfers.size()) {  // the last transfer is linked: the chain never ends
      for (std::size_t k = i; k < end; ++k) results[k].code = ResultCode::linked_event_failed;
      results[end - 1].code = ResultCode::linked_event_chain_open;
      break;
    }
    apply_chain(transfers.subspan(i, end - i + 1), std::span(results).subspan(i, end - i + 1));
    i = end + 1;
  }
  return results;
}

void Batch::apply_chain(std::span<const Transfer> chain, std::span<TransferResult> results) {
  assert(!chain.empty() && chain.size() == results.size());
  if (chain.size() == 1) {  // a single transfer validates fully before it changes anything
    results[0].code = apply_transfer(chain[0], results[0].transfer);
    return;
  }
  Undo undo;
  undo.transfer_entries = transfer_entries_.size();
  undo.head = head_;
  undo_ = &undo;
  for (std::size_t k = 0; k < chain.size(); ++k) {
    const ResultCode code = apply_transfer(chain[k], results[k].transfer);
    if (succeeded(code)) {
      results[k].code = code;
      continue;
    }
    undo_ = nullptr;
    rollback(undo);
    for (auto& r : results) r = {ResultCode::linked_event_failed, {}};
    results[k].code = code;
    return;
  }
  undo_ = nullptr;
}

void Batch::rollback(const Undo& undo) {
  for (auto it = undo.accounts.rbegin(); it != undo.accounts.rend(); ++it) {
    if (it->second)
      accounts_[it->first] = *it->second;
    else
      accounts_.erase(it->first);
  }
  for (auto it = undo.pendings.rbegin(); it != undo.pendings.rend(); ++it) {
    if (it->second)
      pendings_[it->first] = *it->second;
    else
      pendings_.erase(it->first);
  }
  for (auto it = undo.resolutions.rbegin(); it != undo.resolutions.rend(); ++it) {
    if (it->second)
      resolutions_[it->first] = *it->second;
    else
      resolutions_.erase(it->first);
  }
  for (Id id : undo.created) created_.erase(id);
  transfer_entries_.resize(undo.transfer_entries);
  head_ = undo.head;
}

ResultCode Batch::apply_transfer(const Transfer& in, Transfer& stored) {
  if (in.id <= 0) return ResultCode::id_must_be_positive;
  const std::uint32_t kinds = in.flags & (tf::kPending | tf::kPostPending | tf::kVoidPending);
  if ((in.flags & ~tf::kClientAll) != 0 || std::popcount(kinds) > 1)
    return ResultCode::flags_are_invalid;
  if (const Transfer* old = find_transfer(in.id)) {
    if (!same_request(in, *old)) return ResultCode::exists_with_different_fields;
    stored = *old;
    return ResultCode::exists;
  }
  stored = in;
  const ResultCode code = is_resolve(in) ? check_resolve(in, stored) : check_new(in);
  if (code != ResultCode::ok) return code;
  append(stored);
  stored = transfer_entries_.back().transfer;
  return ResultCode::ok;
}

ResultCode Batch::check_new(const Transfer& t) const {
  using R = ResultCode;
  if (t.debit_account_id <= 0) return R::debit_account_id_must_be_positive;
  if (t.credit_account_id <= 0) return R::credit_account_id_must_be_positive;
  if (t.debit_account_id == t.credit_account_id) return R::accounts_must_be_different;
  if (t.pending_id != 0) return R::pending_id_must_be_zero;
  if (t.timeout_s != 0 && !(t.flags & tf::kPending))
    return R::timeout_reserved_for_pending_transfer;
  if (t.timeout_s < 0 || t.timeout_s > kTimeoutSecondsMax) return R::timeout_out_of_range;
  if (t.amount <= 0) return R::amount_must_be_positive;
  if (t.ledger <= 0) return R::ledger_must_be_positive;
  if (t.code == 0) return R::code_must_not_be_zero;
  if (utf8_chars(t.reference) > kReferenceCharsMax) return R::reference_too_long;
  const AccountState* dr = account(t.debit_account_id);
  if (dr == nullptr) return R::debit_account_not_found;
  const AccountState* cr = account(t.credit_account_id);
  if (cr == nullptr) return R::credit_account_not_found;
  if (dr->account.ledger != cr->account.ledger) return R::accounts_must_have_the_same_ledger;
  if (t.ledger != dr->account.ledger) return R::transfer_must_have_the_same_ledger_as_accounts;
  if (dr->closed) return R::debit_account_closed;
  if (cr->closed) return R::credit_account_closed;
  if (t.ledger == kLedgerCredit && dr->account.owner_kind == OwnerKind::customer &&
      !is_cause(cr->account.owner_kind))
    return R::credit_must_go_to_a_cause;
  const Balances& d = dr->balances;
  const Balances& c = cr->balances;
  const auto debits = total_after(d.debits_pending, d.debits_posted, t.amount);
  const auto credits = total_after(c.credits_pending, c.credits_posted, t.amount);
  if (!debits || !credits) return R::overflows_balance;
  if ((dr->account.flags & af::kDebitsMustNotExceedCredits) && *debits > d.credits_posted)
    return R::exceeds_credits;
  if ((cr->account.flags & af::kCreditsMustNotExceedDebits) && *credits > c.debits_posted)
    return R::exceeds_debits;
  return R::ok;
}

ResultCode Batch::check_resolve(const Transfer& in, Transfer& stored) const {
  using R = ResultCode;
  const bool post = (in.flags & tf::kPostPending) != 0;
  if (in.pending_id <= 0) return R::pending_id_must_be_positive;
  if (in.pending_id == in.id) return R::pending_id_must_be_different;
  if (in.timeout_s != 0) return R::timeout_reserved_for_pending_transfer;
  if (in.amount < 0) return R::amount_must_be_positive;
  if (utf8_chars(in.reference) > kReferenceCharsMax) return R::reference_too_long;
  const Transfer* p = find_transfer(in.pending_id);
  if (p == nullptr) return R::pending_transfer_not_found;
  if (!(p->flags & tf::kPending)) return R::pending_transfer_not_pending;
  if (in.debit_account_id != 0 && in.debit_account_id != p->debit_account_id)
    return R::pending_transfer_has_different_debit_account_id;
  if (in.credit_account_id != 0 && in.credit_account_id != p->credit_account_id)
    return R::pending_transfer_has_different_credit_account_id;
  if (in.ledger != 0 && in.ledger != p->ledger) return R::pending_transfer_has_different_ledger;
  if (in.code != 0 && in.code != p->code) return R::pending_transfer_has_different_code;
  if (auto how = resolution(in.pending_id)) {
    if (*how & tf::kExpired) return R::pending_transfer_expired;
    return (*how & tf::kPostPending) ? R::pending_transfer_already_posted
                                     : R::pending_transfer_already_voided;
  }
  const PendingState* open = open_pending(in.pending_id);
  assert(open != nullptr && open->amount == p->amount);
  if (open->expires_at_us != 0 && open->expires_at_us <= timestamp_us_)
    return R::pending_transfer_expired;
  if (post && in.amount > p->amount) return R::exceeds_pending_transfer_amount;
  if (!post && in.amount != 0 && in.amount != p->amount)
    return R::pending_transfer_has_different_amount;
  if (post && account(p->debit_account_id)->closed) return R::debit_account_closed;
  if (post && account(p->credit_account_id)->closed) return R::credit_account_closed;
  stored.debit_account_id = p->debit_account_id;
  stored.credit_account_id = p->credit_account_id;
  stored.ledger = p->ledger;
  stored.code = p->code;
  stored.amount = (post && in.amount != 0) ? in.amount : p->amount;
  stored.released = p->amount;
  return R::ok;
}

void Batch::append(Transfer t) {
  head_.seq += 1;
  t.seq = head_.seq;
  t.timestamp_us = timestamp_us_;
  head_.hash = hash_transfer(head_.hash, t);
  AccountState& dr = account_mut(t.debit_account_id);
  AccountState& cr = account_mut(t.credit_account_id);
  const bool applied = apply_effect(t, dr.balances, cr.balances);
  assert(applied);
  (void)applied;
  auto set_pending = [&](Id id, std::optional<PendingState> value) {
    auto it = pendings_.find(id);
    if (undo_) {
      std::optional<std::optional<PendingState>> prior;  // disengaged: not in the overlay
      if (it != pendings_.end()) prior.emplace(it->second);
      undo_->pendings.emplace_back(id, std::move(prior));
    }
    pendings_[id] = std::move(value);
  };
  if (t.flags & tf::kPending) {
    const UnixMicros expires =
        t.timeout_s == 0 ? 0 : t.timestamp_us + t.timeout_s * kMicrosPerSecond;
    set_pending(t.id, PendingState{t.id, t.debit_account_id, t.credit_account_id, t.ledger, t.code,
                                   t.amount, expires});
  } else if (is_resolve(t)) {
    set_pending(t.pending_id, std::nullopt);
    auto it = resolutions_.find(t.pending_id);
    if (undo_)
      undo_->resolutions.emplace_back(
          t.pending_id, it == resolutions_.end() ? std::nullopt : std::optional(it->second));
    resolutions_[t.pending_id] = t.flags;
  }
  if (undo_) undo_->created.push_back(t.id);
  created_[t.id] = t;
  transfer_entries_.push_back({std::move(t), head_.hash});
}

std::vector<std::pair<Id, Balances>> Batch::touched_balances() const {
  std::vector<std::pair<Id, Balances>> out;
  out.reserve(accounts_.size());
  for (const auto& [id, a] : accounts_) out.emplace_back(id, a.balances);
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  return out;
}

void Batch::commit_to(State& state) const {
  assert(&state == &base_);
  assert(head_.seq >= state.head.seq);
  const bool appended = !empty();
  for (const auto& [id, a] : accounts_) state.accounts[id] = a;
  for (const auto& [id, p] : pendings_) {
    if (auto it = state.pendings.find(id); it != state.pendings.end()) {
      if (it->second.expires_at_us != 0) state.expiries.erase({it->second.expires_at_us, id});
      state.pendings.erase(it);
    }
    if (p) {
      state.pendings[id] = *p;
      if (p->expires_at_us != 0) state.expiries.insert({p->expires_at_us, id});
    }
  }
  state.head = head_;
  if (appended) state.head.timestamp_us = timestamp_us_;
}

}  // namespace sangsaeng::ledger
