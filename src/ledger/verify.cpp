#include "ledger/verify.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "ledger/hash.h"
#include "ledger/rules.h"
#include "ledger/store.h"

namespace sangsaeng::ledger {

namespace {

namespace tf = transfer_flags;
namespace af = account_flags;

constexpr const char* kSelectAccountEntries =
    "SELECT id, seq, ledger, code, owner_kind, owner_ref, flags, created_at, hash FROM "
    "ledger_accounts ORDER BY seq";
constexpr const char* kSelectClosureEntries =
    "SELECT account_id, seq, closed_at, hash FROM ledger_account_closures ORDER BY seq";
constexpr const char* kSelectBalances =
    "SELECT account_id, debits_pending, debits_posted, credits_pending, credits_posted FROM "
    "ledger_balances";

// An account opening or closing, merged into the transfer stream by seq.
struct Event {
  std::int64_t seq = 0;
  bool closure = false;
  Account account;       // opening
  UnixMicros at_us = 0;  // closing
  Id account_id = 0;
  std::string hash;
  std::string owner_kind_text;
};

struct PendingInfo {
  Transfer pending;
  bool resolved = false;
};

class Verifier {
 public:
  explicit Verifier(std::set<LedgerId> ledgers) : ledgers_(std::move(ledgers)) {}
  bool event(Event e);
  bool transfer(const Transfer& t, const std::string& stored_hash);
  bool finish(soci::session& s);
  VerifyReport report;

 private:
  bool fail(std::string kind, std::int64_t seq, std::string entry, std::string message) {
    report.mismatch = Mismatch{std::move(kind), seq, std::move(entry), std::move(message)};
    return false;
  }
  bool next_in_chain(std::int64_t seq, const std::string& entry, const std::string& computed,
                     const std::string& stored);
  std::string rule_broken(const Transfer& t);
  std::string check_limits(const AccountState& a) const;

  std::set<LedgerId> ledgers_;
  std::int64_t expected_seq_ = 1;
  std::string prev_ = kGenesisHash;
  std::unordered_map<Id, AccountState> accounts_;
  std::unordered_map<Id, PendingInfo> pendings_;
  std::unordered_set<Id> transfer_ids_;
};

bool Verifier::next_in_chain(std::int64_t seq, const std::string& entry,
                             const std::string& computed, const std::string& stored) {
  if (seq != expected_seq_)
    return fail("sequence", seq, entry,
                "expected entry " + std::to_string(expected_seq_) + " next, found " +
                    std::to_string(seq) + " (an entry was removed, duplicated or renumbered)");
  if (computed != stored)
    return fail("hash", seq, entry,
                "stored hash " + stored + " is not the chain's " + computed +
                    " (the entry or one before it was changed)");
  prev_ = stored;
  ++expected_seq_;
  ++report.entries;
  return true;
}

bool Verifier::event(Event e) {
  if (e.closure) {
    const std::string entry = "closure of account " + std::to_string(e.account_id);
    if (!next_in_chain(e.seq, entry, hash_closure(prev_, e.seq, e.account_id, e.at_us), e.hash))
      return false;
    auto it = accounts_.find(e.account_id);
    if (it == accounts_.end())
      return fail("rule", e.seq, entry, "closes an account not opened before it");
    if (it->second.closed) return fail("rule", e.seq, entry, "closes an account already closed");
    it->second.closed = true;
    return true;
  }
  const std::string entry = "account " + std::to_string(e.account.id);
  if (!parse_owner_kind(e.owner_kind_text, e.account.owner_kind))
    return fail("rule", e.seq, entry, "unknown owner kind '" + e.owner_kind_text + "'");
  if (!next_in_chain(e.seq, entry, hash_account(prev_, e.seq, e.account), e.hash)) return false;
  if (!ledgers_.contains(e.account.ledger))
    return fail("rule", e.seq, entry, "names an unknown ledger");
  if (accounts_.contains(e.account.id)) return fail("rule", e.seq, entry, "opened twice");
  accounts_[e.account.id] = AccountState{e.account, {}, false};
  ++report.accounts;
  return true;
}

std::string Verifier::check_limits(const AccountState& a) const {
  const Balances& b = a.balances;
  if ((a.account.flags & af::kDebitsMustNotExceedCredits) &&
      b.debits_pending + b.debits_posted > b.credits_posted)
    return "account " + std::to_string(a.account.id) +
           " (debits must not exceed credits) goes below zero";
  if ((a.account.flags & af::kCreditsMustNotExceedDebits) &&
      b.credits_pending + b.credits_posted > b.debits_posted)
    return "account " + std::to_string(a.account.id) +
           " (credits must not exceed debits) goes below zero";
  return "";
}

// The rules the writer enforced when it stored the entry, checked again ("" when they hold).
std::string Verifier::rule_broken(const Transfer& t) {
  if (t.id == 0 || !transfer_ids_.insert(t.id).second) return "its id is zero or used before";
  auto dr = accounts_.find(t.debit_account_id), cr = accounts_.find(t.credit_account_id);
  if (dr == accounts_.end() || cr == accounts_.end())
    return "names an account not opened before it";
  if (t.debit_account_id == t.credit_account_id) return "debits and credits the same account";
  if (dr->second.account.ledger != t.ledger || cr->second.account.ledger != t.ledger)
    return "its ledger differs from its accounts'";
  const bool resolve = (t.flags & (tf::kPostPending | tf::kVoidPending)) != 0;
  if (!resolve) {
    if (t.amount <= 0 || t.released != 0 || t.pending_id != 0)
      return "has a bad amount or pending id";
    if (dr->second.closed || cr->second.closed) return "moves money on a closed account";
    if (t.ledger == kLedgerCredit && dr->second.account.owner_kind == OwnerKind::customer &&
        !is_cause(cr->second.account.owner_kind))
      return "moves a customer's donation-only credit to something other than a cause";
  } else {
    if ((t.flags & tf::kPostPending) && (dr->second.closed || cr->second.closed))
      return "posts on a closed account";
    auto p = pendings_.find(t.pending_id);
    if (p == pendings_.end()) return "resolves a pending transfer that does not precede it";
    const Transfer& pt = p->second.pending;
    if (p->second.resolved) return "resolves a pending transfer resolved before";
    if (pt.debit_account_id != t.debit_account_id || pt.credit_account_id != t.credit_account_id)
      return "resolves a pending transfer between other accounts";
    if (t.released != pt.amount) return "releases an amount other than the pending one";
    if ((t.flags & tf::kPostPending) && (t.amount < 1 || t.amount > pt.amount))
      return "posts more than was pending";
    if ((t.flags & tf::kVoidPending) && t.amount != pt.amount)
      return "voids an amount other than the pending one";
    const UnixMicros expires =
        pt.timeout_s == 0 ? 0 : pt.timestamp_us + pt.timeout_s * kMicrosPerSecond;
    if ((t.flags & tf::kExpired) && (expires == 0 || t.timestamp_us < expires))
      return "expires a pending early";
    if (!(t.flags & tf::kExpired) && expires != 0 && t.timestamp_us >= expires)
      return "resolves an expired pending";
    p->second.resolved = true;
  }
  if (t.flags & tf::kPending) pendings_[t.id] = PendingInfo{t, false};
  if (!apply_effect(t, dr->second.balances, cr->second.balances)) return "overflows a balance";
  if (auto m = check_limits(dr->second); !m.empty()) return m;
  return check_limits(cr->second);
}

bool Verifier::transfer(const Transfer& t, const std::string& stored_hash) {
  const std::string entry = "transfer " + std::to_string(t.id);
  if (!next_in_chain(t.seq, entry, hash_transfer(prev_, t), stored_hash)) return false;
  ++report.transfers;
  if (std::string broken = rule_broken(t); !broken.empty())
    return fail("rule", t.seq, entry, broken);
  return true;
}

bool Verifier::finish(soci::session& s) {
  const Head head = read_head(s, false);
  report.head_hash = prev_;
  if (head.seq != expected_seq_ - 1 || head.hash != prev_)
    return fail("head", head.seq, "head",
                "the head row (seq " + std::to_string(head.seq) + ") is not the last entry (seq " +
                    std::to_string(expected_seq_ - 1) + ")");
  std::unordered_set<Id> seen;
  soci::rowset<soci::row> rows = (s.prepare << kSelectBalances);
  for (const auto& r : rows) {
    const Id id = row_i64(r, 0);
    const Balances stored{row_i64(r, 1), row_i64(r, 2), row_i64(r, 3), row_i64(r, 4)};
    auto it = accounts_.find(id);
    const std::string entry = "account " + std::to_string(id);
    if (it == accounts_.end())
      return fail("balance", 0, entry, "has balances but was never opened");
    if (!(it->second.balances == stored))
      return fail("balance", 0, entry,
                  "stored balances differ from the journal's (debits posted " +
                      std::to_string(stored.debits_posted) + " vs " +
                      std::to_string(it->second.balances.debits_posted) + ", credits posted " +
                      std::to_string(stored.credits_posted) + " vs " +
                      std::to_string(it->second.balances.credits_posted) + ")");
    seen.insert(id);
  }
  if (seen.size() != accounts_.size())
    return fail("balance", 0, "balances", "an account has no balances row");
  std::map<LedgerId, Balances> totals;
  for (const auto& [id, a] : accounts_) {
    Balances& t = totals[a.account.ledger];
    t.debits_pending += a.balances.debits_pending;
    t.debits_posted += a.balances.debits_posted;
    t.credits_pending += a.balances.credits_pending;
    t.credits_posted += a.balances.credits_posted;
  }
  for (const auto& [ledger, t] : totals)
    if (t.debits_posted != t.credits_posted || t.debits_pending != t.credits_pending)
      return fail("totals", 0, "ledger " + std::to_string(ledger),
                  "total debits differ from total credits");
  return true;
}

std::vector<Event> read_events(soci::session& s) {
  std::vector<Event> events;
  soci::rowset<soci::row> accounts = (s.prepare << kSelectAccountEntries);
  for (const auto& r : accounts) {
    Event e;
    e.account.id = row_i64(r, 0);
    e.seq = row_i64(r, 1);
    e.account.ledger = static_cast<LedgerId>(row_i64(r, 2));
    e.account.code = static_cast<std::int32_t>(row_i64(r, 3));
    e.owner_kind_text = r.get<std::string>(4);
    e.account.owner_ref = r.get<std::string>(5);
    e.account.flags = static_cast<std::uint32_t>(row_i64(r, 6));
    e.account.created_at_us = row_i64(r, 7);
    e.hash = r.get<std::string>(8);
    events.push_back(std::move(e));
  }
  soci::rowset<soci::row> closures = (s.prepare << kSelectClosureEntries);
  for (const auto& r : closures) {
    Event e;
    e.seq = row_i64(r, 1);
    e.closure = true;
    e.at_us = row_i64(r, 2);
    e.account_id = row_i64(r, 0);
    e.hash = r.get<std::string>(3);
    events.push_back(std::move(e));
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const Event& a, const Event& b) { return a.seq < b.seq; });
  return events;
}

VerifyReport verify_in(soci::session& s) {
  std::set<LedgerId> ledgers;
  soci::rowset<soci::row> lrows = (s.prepare << "SELECT id FROM ledger_ledgers");
  for (const auto& r : lrows) ledgers.insert(static_cast<LedgerId>(row_i64(r, 0)));
  Verifier v(std::move(ledgers));
  const std::vector<Event> events = read_events(s);
  std::size_t next = 0;
  soci::rowset<soci::row> rows = (s.prepare << std::string("SELECT ") + kTransferColumns +
                                                   " FROM ledger_transfers ORDER BY seq");
  for (const auto& r : rows) {
    const Transfer t = transfer_from_row(r);
    while (next < events.size() && events[next].seq < t.seq)
      if (!v.event(events[next++])) return v.report;
    if (!v.transfer(t, r.get<std::string>(13))) return v.report;
  }
  while (next < events.size())
    if (!v.event(events[next++])) return v.report;
  v.finish(s);
  return v.report;
}

}  // namespace

VerifyReport verify(store::Db& db) {
  return db.read([](soci::session& s) { return verify_in(s); });
}

std::string describe(const VerifyReport& r) {
  if (r.ok())
    return "books verify: " + std::to_string(r.entries) + " entries (" +
           std::to_string(r.accounts) + " accounts, " + std::to_string(r.transfers) +
           " transfers), head " + r.head_hash;
  const Mismatch& m = *r.mismatch;
  return "books do NOT verify: " + m.kind + " mismatch at " + m.entry +
         (m.seq ? " (entry " + std::to_string(m.seq) + ")" : "") + ": " + m.message;
}

}  // namespace sangsaeng::ledger
