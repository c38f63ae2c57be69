// A deliberately simple reference model of the ledger for the randomized tests: plain maps,
// a linked chain applied to a copy of the whole model, no overlay, no undo log. It shares
// only the types with the real rules.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <vector>

#include "ledger/types.h"

namespace sangsaeng::ledger::testing {

struct ModelAccount {
  LedgerId ledger = 0;
  std::uint32_t flags = 0;
  OwnerKind owner = OwnerKind::customer;
  bool closed = false;
  Balances b;
};

struct ModelPending {
  Transfer t;
  UnixMicros expires_at_us = 0;  // 0: never
  int state = 0;                 // 0 open, 1 posted, 2 voided, 3 expired
};

class Model {
 public:
  std::map<Id, ModelAccount> accounts;
  std::map<Id, Transfer> stored;  // successful transfers by id, as stored
  std::map<Id, ModelPending> pendings;

  void open(Id id, LedgerId ledger, std::uint32_t flags, OwnerKind owner) {
    accounts[id] = ModelAccount{ledger, flags, owner, false, {}};
  }

  // Voids every open pending whose time is up.
  void expire(UnixMicros now_us) {
    for (auto& [id, p] : pendings) {
      if (p.state != 0 || p.expires_at_us == 0 || p.expires_at_us > now_us) continue;
      p.state = 3;
      accounts[p.t.debit_account_id].b.debits_pending -= p.t.amount;
      accounts[p.t.credit_account_id].b.credits_pending -= p.t.amount;
    }
  }

  std::vector<ResultCode> batch(const std::vector<Transfer>& ts, UnixMicros now_us) {
    std::vector<ResultCode> out(ts.size(), ResultCode::ok);
    std::size_t i = 0;
    while (i < ts.size()) {
      std::size_t end = i;
      while (end < ts.size() && (ts[end].flags & transfer_flags::kLinked)) ++end;
      if (end == ts.size()) {
        for (std::size_t k = i; k < end; ++k) out[k] = ResultCode::linked_event_failed;
        out[end - 1] = ResultCode::linked_event_chain_open;
        break;
      }
      const Snapshot before = snapshot(ts, i, end);
      for (std::size_t k = i; k <= end; ++k) {
        const ResultCode code = one(ts[k], now_us);
        out[k] = code;
        if (code == ResultCode::ok || code == ResultCode::exists) continue;
        restore(before);
        for (std::size_t j = i; j <= end; ++j) out[j] = ResultCode::linked_event_failed;
        out[k] = code;
        break;
      }
      i = end + 1;
    }
    return out;
  }

 private:
  // What a chain [i, end] can change: every account (few), and the map entries its ids name.
  struct Snapshot {
    std::map<Id, ModelAccount> accounts;
    std::vector<std::pair<Id, std::optional<Transfer>>> stored;
    std::vector<std::pair<Id, std::optional<ModelPending>>> pendings;
  };
  Snapshot snapshot(const std::vector<Transfer>& ts, std::size_t i, std::size_t end) const {
    Snapshot s{accounts, {}, {}};
    for (std::size_t k = i; k <= end; ++k) {
      auto st = stored.find(ts[k].id);
      s.stored.emplace_back(ts[k].id,
                            st == stored.end() ? std::nullopt : std::optional(st->second));
      for (Id id : {ts[k].id, ts[k].pending_id}) {
        auto p = pendings.find(id);
        s.pendings.emplace_back(id, p == pendings.end() ? std::nullopt : std::optional(p->second));
      }
    }
    return s;
  }
  void restore(const Snapshot& s) {
    accounts = s.accounts;
    for (auto it = s.stored.rbegin(); it != s.stored.rend(); ++it) {
      if (it->second)
        stored[it->first] = *it->second;
      else
        stored.erase(it->first);
    }
    for (auto it = s.pendings.rbegin(); it != s.pendings.rend(); ++it) {
      if (it->second)
        pendings[it->first] = *it->second;
      else
        pendings.erase(it->first);
    }
  }

  ResultCode one(const Transfer& t, UnixMicros now_us) {
    namespace tf = transfer_flags;
    using R = ResultCode;
    if (auto it = stored.find(t.id); it != stored.end()) {
      const Transfer& o = it->second;
      const bool resolve = t.flags & (tf::kPostPending | tf::kVoidPending);
      bool same = t.flags == o.flags && t.pending_id == o.pending_id && t.reference == o.reference;
      if (!resolve)
        same = same && t.debit_account_id == o.debit_account_id &&
               t.credit_account_id == o.credit_account_id && t.amount == o.amount &&
               t.timeout_s == o.timeout_s;
      else
        same =
            same &&
            (t.amount == o.amount ||
             (t.amount == 0 && o.amount == ((t.flags & tf::kPostPending) ? o.released : o.amount)));
      return same ? R::exists : R::exists_with_different_fields;
    }
    if (t.flags & (tf::kPostPending | tf::kVoidPending)) return resolve(t, now_us);
    if (t.debit_account_id == t.credit_account_id) return R::accounts_must_be_different;
    if (t.amount <= 0) return R::amount_must_be_positive;
    auto dr = accounts.find(t.debit_account_id);
    if (dr == accounts.end()) return R::debit_account_not_found;
    auto cr = accounts.find(t.credit_account_id);
    if (cr == accounts.end()) return R::credit_account_not_found;
    if (dr->second.ledger != cr->second.ledger) return R::accounts_must_have_the_same_ledger;
    if (t.ledger != dr->second.ledger) return R::transfer_must_have_the_same_ledger_as_accounts;
    if (dr->second.closed) return R::debit_account_closed;
    if (cr->second.closed) return R::credit_account_closed;
    if (t.ledger == kLedgerCredit && dr->second.owner == OwnerKind::customer &&
        cr->second.owner != OwnerKind::charity && cr->second.owner != OwnerKind::fund &&
        cr->second.owner != OwnerKind::program)
      return R::credit_must_go_to_a_cause;
    Balances& d = dr->second.b;
    Balances& c = cr->second.b;
    if ((dr->second.flags & account_flags::kDebitsMustNotExceedCredits) &&
        d.debits_pending + d.debits_posted + t.amount > d.credits_posted)
      return R::exceeds_credits;
    if ((cr->second.flags & account_flags::kCreditsMustNotExceedDebits) &&
        c.credits_pending + c.credits_posted + t.amount > c.debits_posted)
      return R::exceeds_debits;
    Transfer s = t;
    if (t.flags & tf::kPending) {
      d.debits_pending += t.amount;
      c.credits_pending += t.amount;
      pendings[t.id] =
          ModelPending{t, t.timeout_s ? now_us + t.timeout_s * kMicrosPerSecond : 0, 0};
    } else {
      d.debits_posted += t.amount;
      c.credits_posted += t.amount;
    }
    stored[t.id] = s;
    return R::ok;
  }

  ResultCode resolve(const Transfer& t, UnixMicros now_us) {
    namespace tf = transfer_flags;
    using R = ResultCode;
    const bool post = t.flags & tf::kPostPending;
    auto st = stored.find(t.pending_id);
    if (st == stored.end()) return R::pending_transfer_not_found;
    if (!(st->second.flags & tf::kPending)) return R::pending_transfer_not_pending;
    ModelPending& p = pendings.at(t.pending_id);
    if (p.state == 3) return R::pending_transfer_expired;
    if (p.state == 1) return R::pending_transfer_already_posted;
    if (p.state == 2) return R::pending_transfer_already_voided;
    if (p.expires_at_us != 0 && p.expires_at_us <= now_us) return R::pending_transfer_expired;
    if (post && t.amount > p.t.amount) return R::exceeds_pending_transfer_amount;
    if (!post && t.amount != 0 && t.amount != p.t.amount)
      return R::pending_transfer_has_different_amount;
    ModelAccount& dr = accounts[p.t.debit_account_id];
    ModelAccount& cr = accounts[p.t.credit_account_id];
    if (post && dr.closed) return R::debit_account_closed;
    if (post && cr.closed) return R::credit_account_closed;
    const Amount posted = post ? (t.amount ? t.amount : p.t.amount) : 0;
    dr.b.debits_pending -= p.t.amount;
    cr.b.credits_pending -= p.t.amount;
    dr.b.debits_posted += posted;
    cr.b.credits_posted += posted;
    p.state = post ? 1 : 2;
    Transfer s = t;
    s.amount = post ? posted : p.t.amount;
    s.released = p.t.amount;
    stored[t.id] = s;
    return R::ok;
  }
};

// Random batches over a fixed set of accounts: posted, pending (some with timeouts), posts
// (full, partial, too much), voids, exact and altered duplicates, linked chains with one bad
// member, unknown accounts, ledger mismatches, amounts of zero, and the clock moving on.
class Generator {
 public:
  explicit Generator(std::uint64_t seed) : rng_(seed) {}

  // Accounts 1..8 on KRW (3 and 4 debits-must-not-exceed-credits, 5 the other way),
  // 9..12 on CREDIT (10 flagged). Returned as (id, ledger, flags). owner() says who owns each.
  static std::vector<std::tuple<Id, LedgerId, std::uint32_t>> accounts() {
    namespace af = account_flags;
    return {{1, 1, 0},
            {2, 1, 0},
            {3, 1, af::kDebitsMustNotExceedCredits},
            {4, 1, af::kDebitsMustNotExceedCredits},
            {5, 1, af::kCreditsMustNotExceedDebits},
            {6, 1, 0},
            {7, 1, 0},
            {8, 1, 0},
            {9, 2, 0},
            {10, 2, af::kDebitsMustNotExceedCredits},
            {11, 2, 0},
            {12, 2, 0}};
  }

  // On CREDIT: 9 a program budget, 10 and 12 customers, 11 a charity; the rest customers.
  static OwnerKind owner(Id id) {
    return id == 9 ? OwnerKind::program : id == 11 ? OwnerKind::charity : OwnerKind::customer;
  }

  std::vector<Transfer> batch() {
    const int n = pick(1, 4);
    std::vector<Transfer> out;
    for (int i = 0; i < n; ++i) out.push_back(event());
    if (n > 1 && pick(0, 2) == 0)  // a linked chain over the whole batch
      for (int i = 0; i + 1 < n; ++i) out[i].flags |= transfer_flags::kLinked;
    return out;
  }
  // Microseconds the clock moves on before the next batch.
  UnixMicros advance_us() { return pick(0, 3) == 0 ? pick(0, 2500) * 1000LL : 0; }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  Transfer event() {
    namespace tf = transfer_flags;
    const int kind = pick(0, 99);
    if (kind < 8 && !sent_.empty()) {  // a duplicate, sometimes altered
      Transfer t = sent_[pick(0, static_cast<int>(sent_.size()) - 1)];
      t.flags &= ~tf::kLinked;
      if (pick(0, 2) == 0) t.reference += "!";
      return t;
    }
    Transfer t;
    t.id = next_id_++;
    t.code = 1;
    t.reference = "r" + std::to_string(t.id);
    if (kind < 30 && !pending_ids_.empty()) {  // post or void
      t.pending_id = pick(0, 9) == 0
                         ? 999999
                         : pending_ids_[pick(0, static_cast<int>(pending_ids_.size()) - 1)];
      t.flags = pick(0, 1) ? tf::kPostPending : tf::kVoidPending;
      const int a = pick(0, 4);
      t.amount = a == 0 ? 0 : a == 1 ? 1000 : pick(0, 60);
    } else {
      const bool credit = pick(0, 3) == 0;
      const int lo = credit ? 9 : 1, hi = credit ? 12 : 8;
      t.debit_account_id = pick(0, 40) == 0 ? 77 : pick(lo, hi);
      t.credit_account_id = pick(0, 40) == 0 ? pick(1, 11) : pick(lo, hi);
      t.ledger = credit ? 2 : 1;
      t.amount = pick(0, 30) == 0 ? 0 : pick(1, 120);
      if (kind < 55) {
        t.flags = tf::kPending;
        if (pick(0, 1)) t.timeout_s = pick(1, 4);
        pending_ids_.push_back(t.id);
      }
    }
    sent_.push_back(t);
    if (sent_.size() > 200) sent_.erase(sent_.begin());
    return t;
  }

  std::mt19937_64 rng_;
  Id next_id_ = 1000;
  std::vector<Id> pending_ids_;
  std::vector<Transfer> sent_;
};

}  // namespace sangsaeng::ledger::testing
