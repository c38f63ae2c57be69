#include "store/group_writer.h"

#include <cassert>
#include <exception>

namespace sangsaeng::store {

namespace {
Status unavailable(const DbUnavailable& e) {
  return Status(Code::unavailable, "database-unavailable", e.what());
}
}  // namespace

GroupWriter::GroupWriter(Db& db, GroupWriterOptions options) : db_(db), options_(options) {
  assert(options_.queue_max >= 1 && options_.group_max >= 1);
  thread_ = std::thread([this] { run(); });
}

GroupWriter::~GroupWriter() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  ready_.notify_all();
  thread_.join();
  assert(queue_.empty());
}

void GroupWriter::submit(Write write, Done done) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_ && queue_.size() < options_.queue_max) {
      queue_.push_back({std::move(write), std::move(done)});
      ready_.notify_one();
      return;
    }
  }
  done(write_alone(write));
}

Status GroupWriter::write_alone(const Write& write) {
  try {
    db_.write([&](soci::session& s) { write(s); });
  } catch (const DbUnavailable& e) {
    return unavailable(e);
  } catch (const std::exception& e) {
    return Status(Code::internal, "write-failed", e.what());
  }
  std::lock_guard lock(mu_);
  ++commits_;
  return {};
}

std::uint64_t GroupWriter::commits() const {
  std::lock_guard lock(mu_);
  return commits_;
}

void GroupWriter::run() {
  for (;;) {
    std::deque<Item> group;
    {
      std::unique_lock lock(mu_);
      ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is committed
      while (!queue_.empty() && group.size() < options_.group_max) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    commit_group(group);
  }
}

// Busy paths commit many writes at once; a failing write is retried alone, so that it alone
// reports the error. A database that cannot be reached fails the whole group at once: each
// write alone would only meet the same refusal.
void GroupWriter::commit_group(std::deque<Item>& group) {
  assert(!group.empty() && group.size() <= options_.group_max);
  bool committed = false;
  try {
    db_.write([&](soci::session& s) {
      for (Item& item : group) item.write(s);
    });
    committed = true;
  } catch (const DbUnavailable& e) {
    const Status status = unavailable(e);
    for (Item& item : group) item.done(status);
    return;
  } catch (const std::exception&) {
  }
  if (!committed) {
    for (Item& item : group) item.done(write_alone(item.write));
    return;
  }
  {
    std::lock_guard lock(mu_);
    ++commits_;
  }
  for (Item& item : group) item.done(Status{});
}

}  // namespace sangsaeng::store
