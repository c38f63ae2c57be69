// The outbox on both databases: a notice written twice is one row; delivery sends each once,
// retries a failed one later with a growing delay, and gives up after attempts_max.
#include "outbox/outbox.h"

#include <gtest/gtest.h>

#include "support/store_fixture.h"

namespace sangsaeng::outbox {
namespace {

using testing::StoreTest;

constexpr UnixMicros kT0 = 1'800'000'000LL * kMicrosPerSecond;

class OutboxTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_->write([](soci::session& s) {
      s << "INSERT INTO users (id, email, display_name, password_hash, created_at) "
           "VALUES (7, 'c@t', 'C', 'x', 0)";
    });
  }
  bool add(const std::string& key, std::optional<Id> user = 7) {
    return db_->write([&](soci::session& s) {
      return enqueue(s, {.id = ids().next(),
                         .dedup_key = key,
                         .topic = "outage.compensated",
                         .recipient_user_id = user,
                         .channel = "app",
                         .address = "c@t",
                         .subject = "인터넷 장애 보상",
                         .body = "요금 137원을 감액해 드립니다.",
                         .created_at_us = kT0});
    });
  }
};

class Recorder : public Provider {
 public:
  std::string name() const override { return "recorder"; }
  Status send(const Message& m) override {
    sent.push_back(m.dedup_key);
    if (fail) return Status(Code::unavailable, "down", "the SMS gateway is down");
    return Status::ok_status();
  }
  std::vector<std::string> sent;
  bool fail = false;
};

TEST_P(OutboxTest, TheSameNoticeWrittenTwiceIsOneRow) {
  EXPECT_TRUE(add("outage:1:2:r1"));
  EXPECT_FALSE(add("outage:1:2:r1"));
  EXPECT_TRUE(add("outage:1:2:r2"));
  const auto mine = db_->read([](soci::session& s) { return for_recipient(s, 7, 50); });
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].dedup_key, "outage:1:2:r2");  // newest first
  EXPECT_EQ(mine[0].body, "요금 137원을 감액해 드립니다.");
  EXPECT_FALSE(mine[0].sent_at_us);
}

TEST_P(OutboxTest, EachNoticeIsSentOnce) {
  add("a");
  add("b", std::nullopt);
  Recorder r;
  const Delivered d = deliver(*db_, r, kT0);
  EXPECT_EQ(d.sent, 2);
  EXPECT_EQ(r.sent, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(deliver(*db_, r, kT0 + kMicrosPerSecond).sent, 0);
  const auto mine = db_->read([](soci::session& s) { return for_recipient(s, 7, 50); });
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].sent_at_us, kT0);
  EXPECT_EQ(mine[0].provider, "recorder");
}

TEST_P(OutboxTest, AFailureIsRetriedLaterWithAGrowingDelayThenLeftForAPerson) {
  add("a");
  Recorder r;
  r.fail = true;
  const DeliveryOptions options{
      .batch_max = 10, .attempts_max = 3, .retry_first_us = 10 * kMicrosPerSecond};
  EXPECT_EQ(deliver(*db_, r, kT0, options).failed, 1);
  EXPECT_EQ(deliver(*db_, r, kT0 + 5 * kMicrosPerSecond, options).failed, 0);   // not due yet
  EXPECT_EQ(deliver(*db_, r, kT0 + 10 * kMicrosPerSecond, options).failed, 1);  // second try
  EXPECT_EQ(deliver(*db_, r, kT0 + 25 * kMicrosPerSecond, options).failed, 0);  // 20 s later
  EXPECT_EQ(deliver(*db_, r, kT0 + 30 * kMicrosPerSecond, options).failed, 1);  // third, last
  EXPECT_EQ(deliver(*db_, r, kT0 + 3600 * kMicrosPerSecond, options).failed, 0);
  EXPECT_EQ(r.sent.size(), 3u);
  const auto mine = db_->read([](soci::session& s) { return for_recipient(s, 7, 50); });
  EXPECT_EQ(mine[0].attempts, 3);
  EXPECT_EQ(mine[0].last_error, "the SMS gateway is down");
  EXPECT_FALSE(mine[0].sent_at_us);
}

INSTANTIATE_STORE_TESTS(OutboxTest);

}  // namespace
}  // namespace sangsaeng::outbox
