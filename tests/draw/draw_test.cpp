// The seeded draw: the commitment is SHA-256 of the seed, the ordering is a permutation that the
// seed alone decides, anyone can recompute it from the published keys, and an entrant with many
// entries under one ticket has one chance.
#include "draw/draw.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>

namespace sangsaeng::draw {
namespace {

std::vector<std::string> numbered(int first, int last) {
  std::vector<std::string> out;
  for (int t = first; t <= last; ++t) out.push_back(std::to_string(t));
  return out;
}

bool is_permutation_of_indexes(std::vector<std::size_t> order, std::size_t n) {
  std::sort(order.begin(), order.end());
  std::vector<std::size_t> all(n);
  std::iota(all.begin(), all.end(), 0);
  return order == all;
}

TEST(Draw, TheCommitmentIsSha256OfTheSeed) {
  // FIPS 180-2's test vectors.
  EXPECT_EQ(commitment_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(commitment_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // A ticket's key is the hash of seed and ticket with nothing between them.
  EXPECT_EQ(ticket_key_hex("ab", "c"), commitment_hex("abc"));
}

TEST(Draw, SeedsAreFreshAndHexRoundTrips) {
  const std::string seed = new_seed();
  ASSERT_EQ(seed.size(), kSeedBytes);
  EXPECT_NE(new_seed(), seed);
  EXPECT_EQ(from_hex(to_hex(seed)), seed);
  EXPECT_EQ(to_hex("\x01\xab"), "01ab");
  EXPECT_EQ(from_hex(""), "");
  EXPECT_FALSE(from_hex("abc"));
  EXPECT_FALSE(from_hex("zz"));
}

TEST(Draw, TheSameSeedGivesTheSameOrderingAndItIsAPermutation) {
  const auto tickets = numbered(1, 200);
  const std::string seed = *from_hex(std::string(64, 'a'));
  const auto order = ordering(seed, tickets);
  EXPECT_TRUE(is_permutation_of_indexes(order, tickets.size()));
  EXPECT_EQ(ordering(seed, tickets), order);
  EXPECT_EQ(ordering(std::string(seed), std::vector<std::string>(tickets)), order);
  EXPECT_TRUE(ordering(seed, {}).empty());
}

TEST(Draw, ADifferentSeedGivesADifferentOrdering) {
  const auto tickets = numbered(1, 50);
  const auto a = ordering(*from_hex(std::string(64, 'a')), tickets);
  const auto b = ordering(*from_hex(std::string(64, 'b')), tickets);
  EXPECT_NE(a, b);
  // Not the order the entries came in either.
  std::vector<std::size_t> recorded(tickets.size());
  std::iota(recorded.begin(), recorded.end(), 0);
  EXPECT_NE(a, recorded);
}

TEST(Draw, TicketsSortByTheirPublishedKeys) {
  // What a person checking the draw does: compute each ticket's key and sort.
  const auto tickets = numbered(101, 140);
  const std::string seed = *from_hex(std::string(64, '7'));
  const auto order = ordering(seed, tickets);
  for (std::size_t i = 1; i < order.size(); ++i)
    EXPECT_LT(ticket_key_hex(seed, tickets[order[i - 1]]), ticket_key_hex(seed, tickets[order[i]]));
}

TEST(Draw, EntriesUnderOneTicketStayTogetherInRecordedOrder) {
  // Entrant X has five entries (ticket "10"), Y and Z one each.
  const std::vector<std::string> tickets = {"10", "11", "10", "10", "14", "10", "10"};
  const auto order = ordering(*from_hex(std::string(64, '1')), tickets);
  ASSERT_TRUE(is_permutation_of_indexes(order, tickets.size()));
  const auto first =
      std::find_if(order.begin(), order.end(), [&](std::size_t i) { return tickets[i] == "10"; });
  ASSERT_LE(first + 5, order.end());
  EXPECT_EQ(std::vector<std::size_t>(first, first + 5), (std::vector<std::size_t>{0, 2, 3, 5, 6}));
}

TEST(Draw, EveryTicketHasTheSameChanceOfComingFirst) {
  // Four entrants; one of them has ten entries. Over 2,000 seeds each comes first about a
  // quarter of the time (fixed seeds, so this cannot flake).
  std::vector<std::string> tickets = {"1", "2", "3"};
  for (int e = 0; e < 10; ++e) tickets.push_back("4");
  std::map<std::string, int> first;
  for (int s = 0; s < 2000; ++s)
    first[tickets[ordering("seed-" + std::to_string(s), tickets).front()]]++;
  for (const char* t : {"1", "2", "3", "4"}) {
    EXPECT_GT(first[t], 400) << "ticket " << t;
    EXPECT_LT(first[t], 600) << "ticket " << t;
  }
}

}  // namespace
}  // namespace sangsaeng::draw
