#include "ledger/engine.h"

#include <cassert>
#include <optional>
#include <unordered_set>

#include "ledger/store.h"

namespace sangsaeng::ledger {

namespace {

// Another writer extended the journal since this engine last looked.
struct HeadMoved {};

// Pendings voided per commit even when the group is full, so expiry keeps up under load.
constexpr std::size_t kExpiriesPerCommitMin = 128;

Status unavailable(std::string why) {
  return Status(Code::unavailable, "ledger-unavailable", std::move(why));
}

}  // namespace

struct Engine::Command {
  enum class Kind { transfers, accounts, close, sweep };
  Kind kind = Kind::sweep;
  std::vector<Transfer> transfers;
  std::vector<Account> accounts;
  Id account_id = 0;
  TransfersDone on_transfers;
  AccountsDone on_accounts;
  CloseDone on_close;
  SweepDone on_sweep;

  std::size_t events() const {
    return transfers.size() + accounts.size() + (kind == Kind::close ? 1 : 0);
  }
  void fail(const Status& status) const {
    switch (kind) {
      case Kind::transfers:
        on_transfers(status);
        break;
      case Kind::accounts:
        on_accounts(status);
        break;
      case Kind::close:
        on_close(status);
        break;
      case Kind::sweep:
        on_sweep(status);
        break;
    }
  }
};

// The outcome of one group: results per command, delivered after the commit.
struct Engine::Group {
  std::vector<std::vector<TransferResult>> transfer_results;
  std::vector<std::vector<AccountResult>> account_results;
  std::vector<ResultCode> close_results;
  std::size_t expired = 0;
};

Engine::Engine(store::Db& db, EngineOptions options) : db_(db), options_(std::move(options)) {
  assert(options_.queue_depth_max >= 1 && options_.group_events_max >= 1);
  assert(options_.group_events_max <= kBatchEventsMax);
  state_ = db_.read([](soci::session& s) { return load_state(s); });
  writer_ = std::thread([this] { run(); });
}

Engine::~Engine() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  writer_.join();
}

std::uint64_t Engine::commits() const {
  std::lock_guard lock(mu_);
  return commits_;
}

Status Engine::enqueue(Command command) {
  if (command.events() > kBatchEventsMax)
    return Status::invalid("events", "at most " + std::to_string(kBatchEventsMax) + " per batch");
  {
    std::lock_guard lock(mu_);
    if (stopping_) return unavailable("the ledger is stopping");
    if (queue_.size() >= options_.queue_depth_max)
      return Status(Code::resource_exhausted, "ledger-busy",
                    "the ledger's queue is full; retry shortly");
    queue_.push_back(std::move(command));
  }
  cv_.notify_one();
  return {};
}

void Engine::submit_transfers(std::vector<Transfer> transfers, TransfersDone done) {
  Command c;
  c.kind = Command::Kind::transfers;
  c.transfers = std::move(transfers);
  c.on_transfers = done;
  if (Status st = enqueue(std::move(c)); !st.ok()) done(st);
}

void Engine::submit_accounts(std::vector<Account> accounts, AccountsDone done) {
  Command c;
  c.kind = Command::Kind::accounts;
  c.accounts = std::move(accounts);
  c.on_accounts = done;
  if (Status st = enqueue(std::move(c)); !st.ok()) done(st);
}

void Engine::submit_close(Id account_id, CloseDone done) {
  Command c;
  c.kind = Command::Kind::close;
  c.account_id = account_id;
  c.on_close = done;
  if (Status st = enqueue(std::move(c)); !st.ok()) done(st);
}

void Engine::submit_sweep(SweepDone done) {
  Command c;
  c.kind = Command::Kind::sweep;
  c.on_sweep = done;
  if (Status st = enqueue(std::move(c)); !st.ok()) done(st);
}

template <class T>
static std::pair<std::future<Result<T>>, std::function<void(Result<T>)>> promise_pair() {
  auto p = std::make_shared<std::promise<Result<T>>>();
  return {p->get_future(), [p](Result<T> r) { p->set_value(std::move(r)); }};
}

std::future<Result<std::vector<TransferResult>>> Engine::create_transfers(
    std::vector<Transfer> transfers) {
  auto [future, done] = promise_pair<std::vector<TransferResult>>();
  submit_transfers(std::move(transfers), std::move(done));
  return std::move(future);
}

std::future<Result<std::vector<AccountResult>>> Engine::create_accounts(
    std::vector<Account> accounts) {
  auto [future, done] = promise_pair<std::vector<AccountResult>>();
  submit_accounts(std::move(accounts), std::move(done));
  return std::move(future);
}

std::future<Result<ResultCode>> Engine::close_account(Id account_id) {
  auto [future, done] = promise_pair<ResultCode>();
  submit_close(account_id, std::move(done));
  return std::move(future);
}

std::future<Result<std::size_t>> Engine::sweep() {
  auto [future, done] = promise_pair<std::size_t>();
  submit_sweep(std::move(done));
  return std::move(future);
}

void Engine::run() {
  for (;;) {
    std::vector<Command> group;
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, options_.sweep_interval, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_ && queue_.empty()) return;
      std::size_t events = 0;
      while (!queue_.empty() && events + queue_.front().events() <= options_.group_events_max) {
        events += queue_.front().events();
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      if (group.empty() && !queue_.empty()) {  // one command larger than a group goes alone
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    run_group(group);
  }
}

void Engine::run_group(std::vector<Command>& group) {
  const UnixMicros now = options_.clock();
  if (!state_valid_) reload();
  if (group.empty() && (state_.expiries.empty() || state_.expiries.begin()->first > now)) return;
  Group out;
  bool committed = false;
  for (int attempt = 0; attempt < 2 && state_valid_ && !committed; ++attempt) {
    try {
      committed = try_commit(group, now, out);
    } catch (const HeadMoved&) {
      reload();
    } catch (const std::exception&) {
      // The commit may or may not have happened: believe only the database. If another
      // writer had moved the head (its entries collided with ours), the group is retried.
      const Head before = state_.head;
      reload();
      if (!state_valid_ || (state_.head.seq == before.seq && state_.head.hash == before.hash))
        break;
    }
  }
  if (!committed) {
    const Status st = unavailable("the ledger could not commit; retry with the same ids");
    for (const auto& c : group) c.fail(st);
    return;
  }
  {
    std::lock_guard lock(mu_);
    ++commits_;
  }
  std::size_t t = 0, a = 0, k = 0;
  for (auto& c : group) {
    try {
      switch (c.kind) {
        case Command::Kind::transfers:
          c.on_transfers(std::move(out.transfer_results[t++]));
          break;
        case Command::Kind::accounts:
          c.on_accounts(std::move(out.account_results[a++]));
          break;
        case Command::Kind::close:
          c.on_close(out.close_results[k++]);
          break;
        case Command::Kind::sweep:
          c.on_sweep(out.expired);
          break;
      }
    } catch (...) {
      // A caller's callback broke its contract; the commit stands and the writer goes on.
    }
  }
}

bool Engine::try_commit(std::vector<Command>& group, UnixMicros now_us, Group& out) {
  std::vector<Id> ids, resolved_ids;
  std::size_t events = 0;
  for (const auto& c : group) {
    events += c.events();
    for (const auto& t : c.transfers) {
      if (t.id > 0) ids.push_back(t.id);
      if (t.pending_id > 0) {
        ids.push_back(t.pending_id);
        if (!state_.pendings.contains(t.pending_id)) resolved_ids.push_back(t.pending_id);
      }
    }
  }
  Known known;
  std::optional<Batch> batch;
  out = Group{};
  const Head base = state_.head;
  db_.write([&](soci::session& s) {
    known = fetch_known(s, ids, resolved_ids);
    batch.emplace(state_, known, now_us);
    const std::size_t budget =
        events < options_.group_events_max ? options_.group_events_max - events : 0;
    out.expired = batch->expire_due(std::max(budget, kExpiriesPerCommitMin));
    for (const auto& c : group) {
      switch (c.kind) {
        case Command::Kind::transfers:
          out.transfer_results.push_back(batch->create_transfers(c.transfers));
          break;
        case Command::Kind::accounts:
          out.account_results.push_back(batch->create_accounts(c.accounts));
          break;
        case Command::Kind::close:
          out.close_results.push_back(batch->close_account(c.account_id));
          break;
        case Command::Kind::sweep:
          break;
      }
    }
    // Moves the head only if no other writer did since this engine's state was loaded; the
    // results above were computed from that state, so otherwise everything is rolled back.
    if (!write_batch(s, *batch, base)) throw HeadMoved{};
  });
  batch->commit_to(state_);
  return true;
}

void Engine::reload() {
  try {
    state_ = db_.read([](soci::session& s) { return load_state(s); });
    state_valid_ = true;
  } catch (const std::exception&) {
    state_valid_ = false;  // the next group tries again; until then every group fails
  }
}

}  // namespace sangsaeng::ledger
