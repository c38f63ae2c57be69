// Scheduled jobs: Asia/Seoul calendars, and the database lease that lets one runner at a
// time run a job (two runners on one store stand for two nodes), on both databases.
#include "jobs/jobs.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "support/store_fixture.h"

namespace sangsaeng::jobs {
namespace {

UnixMicros kst(int y, int mo, int d, int h, int mi, int s = 0) {
  return micros_from_civil({y, mo, d, h, mi, s, 0}, kSeoulOffsetMinutes);
}

TEST(Schedule, WeeklyIsTheNextWednesdayTenOClockInSeoul) {
  const Schedule drop = Schedule::weekly_kst(3, 10, 0);
  // 2026-11-25 is a Wednesday.
  EXPECT_EQ(drop.next_after(kst(2026, 11, 24, 23, 0)), kst(2026, 11, 25, 10, 0));
  EXPECT_EQ(drop.next_after(kst(2026, 11, 25, 9, 59, 59)), kst(2026, 11, 25, 10, 0));
  EXPECT_EQ(drop.next_after(kst(2026, 11, 25, 10, 0)), kst(2026, 12, 2, 10, 0));
  EXPECT_EQ(drop.next_after(kst(2026, 11, 26, 0, 0)), kst(2026, 12, 2, 10, 0));
  // Wednesday 01:00 UTC is 10:00 in Seoul.
  EXPECT_EQ(drop.next_after(kst(2026, 11, 25, 0, 30)), *parse_rfc3339("2026-11-25T01:00:00Z"));
}

TEST(Schedule, DailyYearlyAndInterval) {
  EXPECT_EQ(Schedule::daily_kst(3, 30).next_after(kst(2026, 12, 31, 4, 0)), kst(2027, 1, 1, 3, 30));
  const Schedule year_end = Schedule::yearly_kst(12, 31, 23, 0);
  EXPECT_EQ(year_end.next_after(kst(2026, 3, 1, 0, 0)), kst(2026, 12, 31, 23, 0));
  EXPECT_EQ(year_end.next_after(kst(2026, 12, 31, 23, 0)), kst(2027, 12, 31, 23, 0));
  EXPECT_EQ(Schedule::every(5).next_after(100), 105);
  EXPECT_TRUE(year_end.calendar());
  EXPECT_FALSE(Schedule::every(5).calendar());
}

constexpr std::int64_t kHourUs = 3600 * kMicrosPerSecond;
constexpr UnixMicros kT = 1'800'000'000 * kMicrosPerSecond;

class JobLease : public testing::StoreTest {
 protected:
  Job counting(const std::string& name, std::atomic<int>& runs) {
    return {.name = name, .schedule = Schedule::every(kHourUs), .run = [&runs](UnixMicros) {
              ++runs;
              return false;
            }};
  }
};

TEST_P(JobLease, ADueRunHappensOnceAcrossRunners) {
  std::atomic<int> runs{0};
  Runner a(*db_, {.holder = "a"}), b(*db_, {.holder = "b"});
  a.add(counting("count", runs));
  b.add(counting("count", runs));
  EXPECT_EQ(a.run_due(kT), 1);  // a new interval job is due at once
  EXPECT_EQ(b.run_due(kT + 1), 0);
  EXPECT_EQ(a.run_due(kT + kHourUs - 1), 0);
  EXPECT_EQ(b.run_due(kT + kHourUs), 1);
  EXPECT_EQ(a.run_due(kT + kHourUs), 0);
  EXPECT_EQ(runs.load(), 2);
}

TEST_P(JobLease, OneRunAtATimeAndAnExpiredLeaseIsTakenOver) {
  std::atomic<int> runs{0};
  std::promise<void> started, release;
  std::shared_future<void> released = release.get_future().share();
  const Job slow{.name = "slow",
                 .schedule = Schedule::every(kHourUs),
                 .run =
                     [&](UnixMicros) {
                       if (runs++ == 0) {
                         started.set_value();
                         released.wait();
                       }
                       return false;
                     },
                 .lease_us = 60 * kMicrosPerSecond};
  Runner a(*db_, {.holder = "a"}), b(*db_, {.holder = "b"});
  a.add(slow);
  b.add(slow);
  std::thread first([&] { EXPECT_EQ(a.run_due(kT), 1); });
  started.get_future().wait();
  // a holds the lease: b, due as well, does not run the job.
  EXPECT_EQ(b.run_due(kT), 0);
  EXPECT_EQ(b.run_due(kT + 59 * kMicrosPerSecond), 0);
  EXPECT_EQ(runs.load(), 1);
  // a seems dead once its lease expired: b takes the job over.
  EXPECT_EQ(b.run_due(kT + 60 * kMicrosPerSecond), 1);
  EXPECT_EQ(runs.load(), 2);
  release.set_value();
  first.join();
  EXPECT_EQ(runs.load(), 2);
}

TEST_P(JobLease, ALeaseLeftByACrashedHolderExpires) {
  std::atomic<int> runs{0};
  db_->write([](soci::session& s) {
    s << "INSERT INTO scheduled_jobs (name, last_run_at, holder, lease_expires_at) "
         "VALUES ('count', 0, 'crashed', "
      << kT + 300 * kMicrosPerSecond << ")";
  });
  Runner b(*db_, {.holder = "b"});
  b.add(counting("count", runs));
  EXPECT_EQ(b.run_due(kT), 0);
  EXPECT_EQ(b.run_due(kT + 300 * kMicrosPerSecond), 1);
  EXPECT_EQ(runs.load(), 1);
}

TEST_P(JobLease, AJobThatLeftWorkRunsAgainBeforeItIsDue) {
  int batches = 3;
  Runner a(*db_, {.holder = "a"});
  a.add({.name = "drain", .schedule = Schedule::every(kHourUs), .run = [&](UnixMicros) {
           return --batches > 0;
         }});
  EXPECT_EQ(a.run_due(kT), 1);
  EXPECT_EQ(a.run_due(kT + 1), 1);
  EXPECT_EQ(a.run_due(kT + 2), 1);
  EXPECT_EQ(batches, 0);
  EXPECT_EQ(a.run_due(kT + 3), 0);  // drained: next due in an hour
}

TEST_P(JobLease, ACalendarJobFirstRunsAtItsFirstOccurrence) {
  std::atomic<int> runs{0};
  Runner a(*db_, {.holder = "a"});
  a.add({.name = "drop", .schedule = Schedule::weekly_kst(3, 10, 0), .run = [&](UnixMicros) {
           ++runs;
           return false;
         }});
  EXPECT_EQ(a.run_due(kst(2026, 11, 24, 12, 0)), 0);
  EXPECT_EQ(a.run_due(kst(2026, 11, 25, 9, 59)), 0);
  // The node was down at 10:00: the missed opening runs once when it is back.
  EXPECT_EQ(a.run_due(kst(2026, 11, 25, 10, 7)), 1);
  EXPECT_EQ(a.run_due(kst(2026, 11, 25, 10, 8)), 0);
  EXPECT_EQ(a.run_due(kst(2026, 12, 2, 10, 0)), 1);
  EXPECT_EQ(runs.load(), 2);
}

TEST_P(JobLease, TheThreadRunsDueJobsAndStops) {
  std::promise<void> ran;
  std::atomic<int> runs{0};
  Runner a(*db_, {.holder = "a"});
  a.add({.name = "once", .schedule = Schedule::every(kHourUs), .run = [&](UnixMicros) {
           if (runs++ == 0) ran.set_value();
           return false;
         }});
  a.start();
  ran.get_future().wait();
  a.stop();
  EXPECT_EQ(runs.load(), 1);
}

INSTANTIATE_STORE_TESTS(JobLease);

}  // namespace
}  // namespace sangsaeng::jobs
