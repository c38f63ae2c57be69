#include "ledger/verify.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <functional>
#include <istream>
#include <limits>
#include <map>
#include <ostream>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/csv.h"
#include "ledger/hash.h"
#include "ledger/queries.h"
#include "ledger/rules.h"
#include "ledger/store.h"

namespace sangsaeng::ledger {

namespace {

namespace tf = transfer_flags;
namespace af = account_flags;

// Rows read per query: memory holds one batch of each table, whatever the journal's length.
constexpr int kBatchRows = 8192;
static_assert(kBatchRows <= kTransfersPageMax);

constexpr const char* kSelectAccountEntries =
    "SELECT id, seq, ledger, code, owner_kind, owner_ref, flags, created_at, hash FROM "
    "ledger_accounts WHERE seq > :after ORDER BY seq LIMIT :lim";
constexpr const char* kSelectClosureEntries =
    "SELECT account_id, seq, closed_at, hash FROM ledger_account_closures WHERE seq > :after "
    "ORDER BY seq LIMIT :lim";
constexpr const char* kSelectBalances =
    "SELECT account_id, debits_pending, debits_posted, credits_pending, credits_posted FROM "
    "ledger_balances WHERE account_id > :after ORDER BY account_id LIMIT :lim";
// Transfer ids that more than one entry carries (the UNIQUE constraint forbids it; a forger who
// dropped it is caught here), with the first seq that carries each: one pass over the id index
// instead of a set of every id in memory. The earliest 1,000 are enough to name the first.
constexpr const char* kRepeatedIds =
    "SELECT id, MIN(seq) FROM ledger_transfers GROUP BY id HAVING COUNT(*) > 1 ORDER BY 2 "
    "LIMIT 1000";

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

// Thrown between batches when the caller asked to stop.
struct Stopped {};

// Entries of one journal table in seq order, read kBatchRows at a time.
template <class T>
class Batches {
 public:
  using Fetch = std::function<std::vector<T>(std::int64_t after_seq)>;
  using SeqOf = std::int64_t (*)(const T&);
  Batches(Fetch fetch, SeqOf seq_of) : fetch_(std::move(fetch)), seq_of_(seq_of) {}
  // The next entry, or nullptr at the end of the table.
  const T* peek() {
    if (next_ == items_.size() && !ended_) {
      const std::int64_t after = items_.empty() ? 0 : seq_of_(items_.back());
      items_ = fetch_(after);
      next_ = 0;
      ended_ = items_.size() < static_cast<std::size_t>(kBatchRows);
    }
    return next_ < items_.size() ? &items_[next_] : nullptr;
  }
  void pop() { ++next_; }

 private:
  Fetch fetch_;
  SeqOf seq_of_;
  std::vector<T> items_;
  std::size_t next_ = 0;
  bool ended_ = false;
};

// Replays the journal entry by entry. With a session (the database's own check) it also asks
// the database about repeated ids and compares the stored balances and head; without one (a
// published journal) it keeps every transfer id and checks the chain, the rules and the totals.
class Verifier {
 public:
  Verifier(soci::session* s, std::optional<std::set<LedgerId>> ledgers)
      : s_(s), ledgers_(std::move(ledgers)) {}
  bool event(Event e);
  bool transfer(const Transfer& t, const std::string& stored_hash);
  bool finish(const std::atomic<bool>* stop);
  // Looks up which transfer ids appear more than once in the journal.
  void note_repeated_ids();
  // Notes the entry whose hash is `hash` when the replay reaches it (found_seq).
  void watch_for(std::string hash) { watched_ = std::move(hash); }
  std::int64_t found_seq = 0;
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

  std::string resolution_refused(const Transfer& t);
  bool compare_balances(const std::atomic<bool>* stop);

  soci::session* s_;                           // none: a published journal
  std::optional<std::set<LedgerId>> ledgers_;  // none: any ledger (a published journal)
  std::string watched_;
  std::int64_t expected_seq_ = 1;
  std::string prev_ = kGenesisHash;
  UnixMicros last_transfer_us_ = 0;
  // Grow with the accounts and the open pendings (as the writer's state does), not with the
  // journal: resolved pendings are dropped, and repeated ids are asked of the database.
  std::unordered_map<Id, AccountState> accounts_;
  std::unordered_map<Id, Transfer> pendings_;  // open pendings
  std::unordered_map<Id, std::int64_t> repeated_first_seq_;
  std::unordered_set<Id> seen_ids_;  // without a session only
};

void Verifier::note_repeated_ids() {
  if (!s_) return;
  soci::rowset<soci::row> rows = (s_->prepare << kRepeatedIds);
  for (const auto& r : rows) repeated_first_seq_[row_i64(r, 0)] = row_i64(r, 1);
}

// Why a post or void names no open pending: it was resolved before, or it does not precede
// the entry (resolved pendings are not kept in memory; the journal says which).
std::string Verifier::resolution_refused(const Transfer& t) {
  if (!s_) return "resolves a pending transfer that is not open before it";
  long long id = t.pending_id, seq = 0, flags = 0;
  soci::indicator ind = soci::i_null;
  *s_ << "SELECT seq, flags FROM ledger_transfers WHERE id = :id ORDER BY seq LIMIT 1",
      soci::into(seq, ind), soci::into(flags), soci::use(id);
  if (s_->got_data() && ind == soci::i_ok && seq < t.seq && (flags & tf::kPending))
    return "resolves a pending transfer resolved before";
  return "resolves a pending transfer that does not precede it";
}

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
  if (!watched_.empty() && stored == watched_) found_seq = seq;
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
  if (ledgers_ && !ledgers_->contains(e.account.ledger))
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
  if (t.timestamp_us < last_transfer_us_) return "is dated before the transfer before it";
  last_transfer_us_ = t.timestamp_us;
  const auto repeated = repeated_first_seq_.find(t.id);
  const bool used_before = s_ ? repeated != repeated_first_seq_.end() && repeated->second != t.seq
                              : !seen_ids_.insert(t.id).second;
  if (t.id == 0 || used_before) return "its id is zero or used before";
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
    if (p == pendings_.end()) return resolution_refused(t);
    const Transfer pt = p->second;
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
    pendings_.erase(p);
  }
  if (t.flags & tf::kPending) pendings_[t.id] = t;
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

// Every stored balance against the recomputed one, kBatchRows accounts at a time.
bool Verifier::compare_balances(const std::atomic<bool>* stop) {
  std::size_t seen = 0;
  long long after = 0, lim = kBatchRows;
  for (std::size_t got = kBatchRows; got == static_cast<std::size_t>(kBatchRows);) {
    if (stop && stop->load()) throw Stopped{};
    got = 0;
    soci::rowset<soci::row> rows =
        (s_->prepare << kSelectBalances, soci::use(after), soci::use(lim));
    for (const auto& r : rows) {
      ++got;
      const Id id = row_i64(r, 0);
      after = id;
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
      ++seen;
    }
  }
  if (seen != accounts_.size())
    return fail("balance", 0, "balances", "an account has no balances row");
  return true;
}

bool Verifier::finish(const std::atomic<bool>* stop) {
  report.head_hash = prev_;
  if (s_) {
    const Head head = read_head(*s_, false);
    if (head.seq != expected_seq_ - 1 || head.hash != prev_)
      return fail("head", head.seq, "head",
                  "the head row (seq " + std::to_string(head.seq) +
                      ") is not the last entry (seq " + std::to_string(expected_seq_ - 1) + ")");
    if (!compare_balances(stop)) return false;
  }
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

std::vector<Event> account_events(soci::session& s, std::int64_t after_seq) {
  long long after = after_seq, lim = kBatchRows;
  std::vector<Event> events;
  soci::rowset<soci::row> rows =
      (s.prepare << kSelectAccountEntries, soci::use(after), soci::use(lim));
  for (const auto& r : rows) {
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
  return events;
}

std::vector<Event> closure_events(soci::session& s, std::int64_t after_seq) {
  long long after = after_seq, lim = kBatchRows;
  std::vector<Event> events;
  soci::rowset<soci::row> rows =
      (s.prepare << kSelectClosureEntries, soci::use(after), soci::use(lim));
  for (const auto& r : rows) {
    Event e;
    e.seq = row_i64(r, 1);
    e.closure = true;
    e.at_us = row_i64(r, 2);
    e.account_id = row_i64(r, 0);
    e.hash = r.get<std::string>(3);
    events.push_back(std::move(e));
  }
  return events;
}

std::int64_t event_seq(const Event& e) {
  return e.seq;
}
std::int64_t entry_seq(const TransferEntry& e) {
  return e.transfer.seq;
}

// The three journal tables merged by seq, one batch of each in memory: calls on_event or
// on_transfer per entry in journal order until one answers false.
template <class OnEvent, class OnTransfer>
void for_each_entry(soci::session& s, const std::atomic<bool>* stop, OnEvent on_event,
                    OnTransfer on_transfer) {
  auto check_stop = [stop] {
    if (stop && stop->load()) throw Stopped{};
  };
  Batches<Event> accounts(
      [&](std::int64_t after) {
        check_stop();
        return account_events(s, after);
      },
      event_seq);
  Batches<Event> closures(
      [&](std::int64_t after) {
        check_stop();
        return closure_events(s, after);
      },
      event_seq);
  Batches<TransferEntry> transfers(
      [&](std::int64_t after) {
        check_stop();
        return transfers_between(s, after, std::numeric_limits<std::int64_t>::max(), kBatchRows);
      },
      entry_seq);
  constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::max();
  for (;;) {
    const Event* a = accounts.peek();
    const Event* c = closures.peek();
    const TransferEntry* t = transfers.peek();
    const std::int64_t sa = a ? a->seq : kNone, sc = c ? c->seq : kNone,
                       st = t ? t->transfer.seq : kNone;
    if (!a && !c && !t) return;
    if (st <= sa && st <= sc) {
      if (!on_transfer(*t)) return;
      transfers.pop();
    } else if (sa <= sc) {
      if (!on_event(*a)) return;
      accounts.pop();
    } else {
      if (!on_event(*c)) return;
      closures.pop();
    }
  }
}

VerifyReport verify_in(soci::session& s, const std::atomic<bool>* stop) {
  std::set<LedgerId> ledgers;
  soci::rowset<soci::row> lrows = (s.prepare << "SELECT id FROM ledger_ledgers");
  for (const auto& r : lrows) ledgers.insert(static_cast<LedgerId>(row_i64(r, 0)));
  Verifier v(&s, std::move(ledgers));
  v.note_repeated_ids();
  bool ok = true;
  for_each_entry(
      s, stop, [&](const Event& e) { return ok = v.event(e); },
      [&](const TransferEntry& t) { return ok = v.transfer(t.transfer, t.hash); });
  if (ok) v.finish(stop);
  return v.report;
}

// --- the published journal ---------------------------------------------------------------

constexpr const char* kJournalHeader =
    "seq,kind,hash,id,ledger,code,flags,at_us,owner_kind,owner_ref,debit_account_id,"
    "credit_account_id,amount,pending_id,released,timeout_s,reference";
constexpr std::size_t kJournalColumns = 17;
constexpr std::size_t kJournalLineBytesMax = 64 * 1024;

std::vector<std::string> journal_row(const Event& e) {
  if (e.closure)
    return {std::to_string(e.seq),
            "closure",
            e.hash,
            std::to_string(e.account_id),
            "",
            "",
            "",
            std::to_string(e.at_us),
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            ""};
  const Account& a = e.account;
  return {std::to_string(e.seq),
          "account",
          e.hash,
          std::to_string(a.id),
          std::to_string(a.ledger),
          std::to_string(a.code),
          std::to_string(a.flags),
          std::to_string(a.created_at_us),
          e.owner_kind_text,
          a.owner_ref,
          "",
          "",
          "",
          "",
          "",
          "",
          ""};
}

std::vector<std::string> journal_row(const TransferEntry& e) {
  const Transfer& t = e.transfer;
  return {std::to_string(t.seq),
          "transfer",
          e.hash,
          std::to_string(t.id),
          std::to_string(t.ledger),
          std::to_string(t.code),
          std::to_string(t.flags),
          std::to_string(t.timestamp_us),
          "",
          "",
          std::to_string(t.debit_account_id),
          std::to_string(t.credit_account_id),
          std::to_string(t.amount),
          std::to_string(t.pending_id),
          std::to_string(t.released),
          std::to_string(t.timeout_s),
          t.reference};
}

// One field as a signed integer ("" is 0); false when it is not one.
bool journal_int(const std::string& text, std::int64_t& out) {
  out = 0;
  if (text.empty()) return true;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// Reads one CSV record (a quoted field may hold a line break); false at the end.
bool next_record(std::istream& in, std::string& record) {
  record.clear();
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    record += line;
    if (record.size() > kJournalLineBytesMax) return true;  // refused by the parser's caller
    if (std::count(record.begin(), record.end(), '"') % 2 == 0) return true;
    record += '\n';
  }
  return !record.empty();
}

// Feeds one parsed journal row to the verifier; "" when it was fed, else what is wrong with it.
std::string feed_journal_row(Verifier& v, const std::vector<std::string>& f, bool& ok) {
  if (f.size() != kJournalColumns) return "has " + std::to_string(f.size()) + " fields";
  std::int64_t n[kJournalColumns] = {};
  for (std::size_t i : {0, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15})
    if (!journal_int(f[i], n[i])) return "field " + std::to_string(i + 1) + " is not a number";
  if (f[1] == "account" || f[1] == "closure") {
    Event e;
    e.seq = n[0];
    e.hash = f[2];
    e.closure = f[1] == "closure";
    e.account_id = n[3];
    e.at_us = n[7];
    e.account = {.id = n[3],
                 .ledger = static_cast<LedgerId>(n[4]),
                 .code = static_cast<std::int32_t>(n[5]),
                 .owner_ref = f[9],
                 .flags = static_cast<std::uint32_t>(n[6]),
                 .created_at_us = n[7]};
    e.owner_kind_text = f[8];
    ok = v.event(std::move(e));
    return "";
  }
  if (f[1] != "transfer") return "names no kind of entry (account, closure, transfer)";
  Transfer t{.id = n[3],
             .debit_account_id = n[10],
             .credit_account_id = n[11],
             .amount = n[12],
             .pending_id = n[13],
             .ledger = static_cast<LedgerId>(n[4]),
             .code = static_cast<std::int32_t>(n[5]),
             .flags = static_cast<std::uint32_t>(n[6]),
             .timeout_s = n[15],
             .reference = f[16],
             .released = n[14],
             .timestamp_us = n[7],
             .seq = n[0]};
  ok = v.transfer(t, f[2]);
  return "";
}

}  // namespace

VerifyReport verify(store::Db& db) {
  return db.read([](soci::session& s) { return verify_in(s, nullptr); });
}

Verifications::Verifications(store::Db& db)
    : Verifications([&db](const std::atomic<bool>& stop) {
        return db.read([&stop](soci::session& s) { return verify_in(s, &stop); });
      }) {}

Verifications::Verifications(Run run) : run_(std::move(run)), worker_([this] { this->run(); }) {}

Verifications::~Verifications() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  stop_ = true;
  ready_.notify_all();
  worker_.join();
}

bool Verifications::try_start(Done done) {
  {
    std::lock_guard lock(mu_);
    if (busy_ || stopping_) return false;
    busy_ = true;
    job_ = std::move(done);
  }
  ready_.notify_all();
  return true;
}

void Verifications::run() {
  for (;;) {
    Done done;
    {
      std::unique_lock lock(mu_);
      ready_.wait(lock, [this] { return stopping_ || job_ != nullptr; });
      if (job_ == nullptr) return;  // stopping, nothing asked
      done = std::move(job_);
      job_ = nullptr;
    }
    Result<VerifyReport> result =
        Status(Code::unavailable, "ledger-unavailable", "The database could not be read");
    try {
      result = run_(stop_);
    } catch (const Stopped&) {
      result = Status(Code::unavailable, "ledger-unavailable", "The server is stopping");
    } catch (const std::exception&) {
      // Infrastructure failure (the database): answered as unavailable.
    }
    {
      std::lock_guard lock(mu_);
      busy_ = false;
    }
    done(std::move(result));
  }
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

std::int64_t write_journal(soci::session& s, std::ostream& out) {
  out << kJournalHeader << "\r\n";
  std::int64_t entries = 0;
  // Machine-read, and the hash covers the fields as stored: no BOM, no formula guard.
  CsvWriter csv({.bom = false, .guard_formulas = false});
  auto write = [&](const std::vector<std::string>& row) {
    csv.row(row);
    ++entries;
    if (csv.rows() % kBatchRows == 0) {  // bounded memory: a batch of rows at a time
      out << csv.text();
      csv = CsvWriter({.bom = false, .guard_formulas = false});
    }
    return true;
  };
  for_each_entry(
      s, nullptr, [&](const Event& e) { return write(journal_row(e)); },
      [&](const TransferEntry& t) { return write(journal_row(t)); });
  out << csv.text();
  return entries;
}

JournalCheck verify_journal(std::istream& in, const std::string& head) {
  Verifier v(nullptr, std::nullopt);
  if (!head.empty()) v.watch_for(head);
  JournalCheck out;
  std::string record;
  std::int64_t line = 0;
  bool ok = true;
  auto bad = [&](const std::string& why) {
    v.report.mismatch =
        Mismatch{"format", 0, "line " + std::to_string(line), "the journal's line " + why};
    ok = false;
  };
  while (ok && next_record(in, record)) {
    ++line;
    if (line == 1) {
      if (record.rfind("\xEF\xBB\xBF", 0) == 0) record.erase(0, 3);
      if (record != kJournalHeader)
        bad("1 is not the journal's header (" + std::string(kJournalHeader) + ")");
      continue;
    }
    if (record.size() > kJournalLineBytesMax) {
      bad("is longer than " + std::to_string(kJournalLineBytesMax) + " bytes");
      break;
    }
    auto rows = csv_parse(record, 1);
    if (!rows.ok() || rows.value().size() != 1) {
      bad("is not one CSV record");
      break;
    }
    if (std::string why = feed_journal_row(v, rows.value()[0], ok); !why.empty()) bad(why);
  }
  if (line == 0) bad("1 is missing: the file is empty");
  if (ok) v.finish(nullptr);
  out.report = v.report;
  out.head_seq = v.found_seq;
  return out;
}

}  // namespace sangsaeng::ledger
