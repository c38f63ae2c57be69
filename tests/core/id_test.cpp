#include "core/id.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

namespace sangsaeng {

TEST(IdGenerator, StrictlyIncreasingAndTimeOrdered) {
  IdGenerator gen(3);
  Id prev = 0;
  for (int i = 0; i < 20000; ++i) {  // more than one millisecond's 4096 sequence numbers
    const Id id = gen.next();
    ASSERT_GT(id, prev);
    prev = id;
  }
  const std::int64_t ms = IdGenerator::unix_ms_of(prev);
  EXPECT_GT(ms, 1764000000000);  // after 2025-11
}

TEST(IdGenerator, UniqueAcrossThreads) {
  IdGenerator gen(1);
  std::vector<std::vector<Id>> per_thread(4);
  std::vector<std::thread> threads;
  for (auto& out : per_thread)
    threads.emplace_back([&gen, &out] {
      for (int i = 0; i < 5000; ++i) out.push_back(gen.next());
    });
  for (auto& t : threads) t.join();
  std::set<Id> all;
  for (auto& v : per_thread) all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), 20000u);
}

TEST(IdGenerator, NodesNeverCollide) {
  IdGenerator a(1), b(2);
  std::set<Id> all;
  for (int i = 0; i < 1000; ++i) {
    all.insert(a.next());
    all.insert(b.next());
  }
  EXPECT_EQ(all.size(), 2000u);
}

TEST(ParseId, AcceptsOnlyCanonicalPositiveDecimals) {
  EXPECT_EQ(parse_id("123"), 123);
  EXPECT_EQ(parse_id(id_to_string(9223372036854775807)), 9223372036854775807);
  for (const char* bad : {"", "0", "-1", "+1", "01", " 1", "1 ", "1e3", "abc",
                          "9223372036854775808", "99999999999999999999"})
    EXPECT_FALSE(parse_id(bad).has_value()) << bad;
}

}  // namespace sangsaeng

#include "core/cursor.h"

namespace sangsaeng {
TEST(Cursor, RoundTripsAndRejectsForgeries) {
  for (Id id : {Id{1}, Id{42}, IdGenerator(5).next(), Id{9223372036854775807}}) {
    const std::string c = encode_cursor(id);
    EXPECT_EQ(decode_cursor(c), id) << c;
  }
  for (const char* bad :
       {"", "c", "cAAAAAAAAAAA", "x0000000000A", "c/AAAAAAAAAA", "c9__________", "cAAAAAAAAAAAA"})
    EXPECT_FALSE(decode_cursor(bad).has_value()) << bad;
}
}  // namespace sangsaeng
