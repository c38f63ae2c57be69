// The fair-start lottery: a published draw can be recomputed by anyone, a buyer's extra
// requests buy no extra chances, and the seed decides the order.
#include "market/lottery.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>

namespace sangsaeng::market {
namespace {

TEST(Lottery, CommitmentIsSha256OfTheSeed) {
  // FIPS 180-2's test vector for "abc".
  EXPECT_EQ(seed_commitment_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Lottery, HexRoundTripsAndRefusesGarbage) {
  const std::string seed = new_seed();
  ASSERT_EQ(seed.size(), kSeedBytes);
  EXPECT_EQ(from_hex(to_hex(seed)), seed);
  EXPECT_EQ(from_hex("abc"), "");
  EXPECT_EQ(from_hex("zz"), "");
  EXPECT_NE(new_seed(), seed);
}

TEST(Lottery, TicketsSortByTheirPublishedKeys) {
  const std::string seed = from_hex(std::string(64, '7'));
  std::vector<LotteryEntry> entries;
  for (Id t = 101; t <= 140; ++t) entries.push_back({t, t});
  const auto order = lottery_order(seed, entries);
  ASSERT_EQ(order.size(), entries.size());
  // What a person checking the draw does: compute each ticket's key and sort.
  for (std::size_t i = 1; i < order.size(); ++i)
    EXPECT_LT(ticket_key_hex(seed, entries[order[i - 1]].ticket),
              ticket_key_hex(seed, entries[order[i]].ticket));
  // Not arrival order.
  std::vector<std::size_t> arrival(entries.size());
  std::iota(arrival.begin(), arrival.end(), 0);
  EXPECT_NE(order, arrival);
}

TEST(Lottery, SameSeedSameOrderOtherSeedOtherOrder) {
  std::vector<LotteryEntry> entries;
  for (Id t = 1; t <= 50; ++t) entries.push_back({t * 7, t * 7});
  const std::string a = from_hex(std::string(64, 'a')), b = from_hex(std::string(64, 'b'));
  EXPECT_EQ(lottery_order(a, entries), lottery_order(a, entries));
  EXPECT_NE(lottery_order(a, entries), lottery_order(b, entries));
}

TEST(Lottery, ABuyersEntriesShareOneTicketInArrivalOrder) {
  // Buyer X sends five requests (ticket 10), Y and Z one each.
  const std::vector<LotteryEntry> entries = {{10, 10}, {11, 11}, {10, 12}, {10, 13},
                                             {14, 14}, {10, 15}, {10, 16}};
  const auto order = lottery_order(from_hex(std::string(64, '1')), entries);
  std::vector<Id> ids;
  for (std::size_t i : order) ids.push_back(entries[i].entry);
  const auto first_x = std::find(ids.begin(), ids.end(), 10);
  ASSERT_NE(first_x, ids.end());
  ASSERT_LE(first_x + 5, ids.end());
  EXPECT_EQ(std::vector<Id>(first_x, first_x + 5), (std::vector<Id>{10, 12, 13, 15, 16}));
}

TEST(Lottery, EveryTicketHasTheSameChanceOfComingFirst) {
  // Four buyers; one of them sends ten requests. Over 2,000 seeds each buyer comes first about
  // a quarter of the time (deterministic seeds, so this cannot flake).
  std::vector<LotteryEntry> entries = {{1, 1}, {2, 2}, {3, 3}};
  for (Id e = 4; e < 14; ++e) entries.push_back({4, e});
  std::map<Id, int> first;
  for (int s = 0; s < 2000; ++s) {
    const std::string seed = "seed-" + std::to_string(s);
    first[entries[lottery_order(seed, entries).front()].ticket]++;
  }
  for (Id t = 1; t <= 4; ++t) {
    EXPECT_GT(first[t], 400) << "ticket " << t;
    EXPECT_LT(first[t], 600) << "ticket " << t;
  }
}

}  // namespace
}  // namespace sangsaeng::market
