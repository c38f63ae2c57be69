#include "jobs/jobs.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cassert>
#include <chrono>
#include <random>

namespace sangsaeng::jobs {

// --- Schedule ---------------------------------------------------------------------------

Schedule Schedule::every(std::int64_t interval_us) {
  assert(interval_us > 0);
  Schedule s;
  s.interval_us_ = interval_us;
  return s;
}

Schedule Schedule::daily_kst(int hour, int minute) {
  assert(hour >= 0 && hour < 24 && minute >= 0 && minute < 60);
  Schedule s;
  s.kind_ = Kind::daily;
  s.hour_ = hour;
  s.minute_ = minute;
  return s;
}

Schedule Schedule::weekly_kst(int weekday, int hour, int minute) {
  assert(weekday >= 0 && weekday < 7);
  Schedule s = daily_kst(hour, minute);
  s.kind_ = Kind::weekly;
  s.weekday_ = weekday;
  return s;
}

Schedule Schedule::yearly_kst(int month, int day, int hour, int minute) {
  // Every year has the date (02-29 does not); days_from_civil would roll 04-31 into May.
  assert(month >= 1 && month <= 12 && day >= 1 && day <= 31 && !(month == 2 && day > 28));
  assert(!(day == 31 && (month == 4 || month == 6 || month == 9 || month == 11)));
  Schedule s = daily_kst(hour, minute);
  s.kind_ = Kind::yearly;
  s.month_ = month;
  s.day_ = day;
  return s;
}

UnixMicros Schedule::next_after(UnixMicros t) const {
  if (kind_ == Kind::interval) return t + interval_us_;
  const CivilTime today = civil_from_micros(t, kSeoulOffsetMinutes);
  CivilTime at{today.year, today.month, today.day, hour_, minute_, 0, 0};
  if (kind_ == Kind::yearly) {
    at.month = month_;
    at.day = day_;
    UnixMicros next = micros_from_civil(at, kSeoulOffsetMinutes);
    if (next > t) return next;
    ++at.year;
    return micros_from_civil(at, kSeoulOffsetMinutes);
  }
  UnixMicros next = micros_from_civil(at, kSeoulOffsetMinutes);
  if (kind_ == Kind::weekly)
    next += ((weekday_ - weekday(t, kSeoulOffsetMinutes) + 7) % 7) * kMicrosPerDay;
  if (next <= t) next += (kind_ == Kind::weekly ? 7 : 1) * kMicrosPerDay;
  assert(next > t);
  return next;
}

// --- Runner -----------------------------------------------------------------------------

namespace {

constexpr std::size_t kJobsMax = 64;

// A new job's row: an interval job is due at once, a calendar job at its first occurrence.
constexpr const char* kEnsure =
    "INSERT INTO scheduled_jobs (name, last_run_at, holder, lease_expires_at) "
    "VALUES (:n, :first, '', 0) ON CONFLICT (name) DO NOTHING";
constexpr const char* kSelect =
    "SELECT last_run_at, lease_expires_at FROM scheduled_jobs WHERE name = :n";
// Compare-and-set: the lease is free (expired or given back) and nobody ran the job since we
// looked. On PostgreSQL a concurrent taker waits for the row and then sees it changed.
constexpr const char* kTake =
    "UPDATE scheduled_jobs SET holder = :h, lease_expires_at = :expires "
    "WHERE name = :n AND lease_expires_at <= :now AND last_run_at = :last";
constexpr const char* kGiveBack =
    "UPDATE scheduled_jobs SET last_run_at = :at, holder = '', lease_expires_at = 0 "
    "WHERE name = :n AND holder = :h";

std::string random_suffix() {
  std::random_device rd;
  const std::uint64_t bits = (std::uint64_t{rd()} << 32) | rd();
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(bits));
  return out;
}

}  // namespace

Runner::Runner(store::Db& db, RunnerOptions options)
    : db_(db), options_(std::move(options)), holder_(options_.holder + "/" + random_suffix()) {
  assert(options_.poll_us > 0 && options_.again_us > 0);
}

Runner::~Runner() {
  stop();
}

void Runner::add(Job job) {
  assert(!thread_.joinable() && entries_.size() < kJobsMax && job.run && job.lease_us > 0);
  assert(std::none_of(entries_.begin(), entries_.end(),
                      [&](const Entry& e) { return e.job.name == job.name; }));
  entries_.push_back({std::move(job)});
}

void Runner::start() {
  assert(!thread_.joinable());
  thread_ = std::thread([this] { loop(); });
}

void Runner::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool Runner::take(Entry& entry, UnixMicros now) {
  const Job& job = entry.job;
  return db_.write([&](soci::session& s) {
    long long first = job.schedule.calendar() ? now : 0;
    s << kEnsure, soci::use(job.name), soci::use(first);
    long long last = 0, expires = 0;
    s << kSelect, soci::use(job.name), soci::into(last), soci::into(expires);
    assert(s.got_data());
    const UnixMicros due = entry.more ? now : job.schedule.next_after(last);
    entry.wake_at = std::max<UnixMicros>(due, expires);
    if (entry.wake_at > now) return false;
    entry.wake_at = now + options_.again_us;  // if a taker beats us
    long long until = now + job.lease_us, at = now;
    soci::statement st = (s.prepare << kTake, soci::use(holder_), soci::use(until),
                          soci::use(job.name), soci::use(at), soci::use(last));
    st.execute(true);
    return st.get_affected_rows() == 1;
  });
}

void Runner::give_back(const Entry& entry, UnixMicros now) {
  const bool ours = db_.write([&](soci::session& s) {
    long long at = now;
    soci::statement st =
        (s.prepare << kGiveBack, soci::use(at), soci::use(entry.job.name), soci::use(holder_));
    st.execute(true);
    return st.get_affected_rows() == 1;
  });
  if (!ours)
    spdlog::warn("job {}: the run outlasted its lease and another runner took it over",
                 entry.job.name);
}

int Runner::run_due(UnixMicros now) {
  std::lock_guard pass(pass_mu_);
  int ran = 0;
  UnixMicros next = now + options_.poll_us;
  for (Entry& entry : entries_) {
    if (take(entry, now)) {
      bool more = false;
      try {
        more = entry.job.run(now);
      } catch (const std::exception& e) {
        spdlog::error("job {} failed: {}", entry.job.name, e.what());
      }
      give_back(entry, now);
      entry.more = more;
      ++ran;
      next = std::min(next, more ? now + options_.again_us : entry.job.schedule.next_after(now));
    } else {
      entry.more = false;  // another runner ran it meanwhile, or will
      next = std::min(next, entry.wake_at);
    }
  }
  std::lock_guard lock(mu_);
  next_at_ = next;
  return ran;
}

void Runner::loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    const UnixMicros now = now_us();
    try {
      run_due(now);
    } catch (const std::exception& e) {
      spdlog::error("scheduled jobs: {}", e.what());
      std::lock_guard retry(mu_);
      next_at_ = now + options_.poll_us;
    }
    lock.lock();
    const std::int64_t wait_us = std::clamp<std::int64_t>(next_at_ - now_us(), 0, options_.poll_us);
    wake_.wait_for(lock, std::chrono::microseconds(wait_us), [&] { return stopping_; });
  }
}

}  // namespace sangsaeng::jobs
