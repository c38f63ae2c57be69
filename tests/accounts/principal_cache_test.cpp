#include "accounts/principal_cache.h"

#include <gtest/gtest.h>

namespace sangsaeng::accounts {
namespace {

Principal principal_of_user(Id id) {
  Principal p;
  p.user.id = id;
  p.user.email = "u" + std::to_string(id) + "@example.kr";
  return p;
}

TEST(PrincipalCache, KeepsAnEntryForTheTtlAndNoLongerThanItsExpiry) {
  PrincipalCache cache(1000);
  cache.put("a", principal_of_user(1), 0, 1'000'000);
  cache.put("b", principal_of_user(2), 0, 500);
  EXPECT_EQ(cache.find("a", 999)->user.id, 1);
  EXPECT_FALSE(cache.find("a", 1000));
  EXPECT_TRUE(cache.find("b", 499));
  EXPECT_FALSE(cache.find("b", 500));
  EXPECT_FALSE(cache.find("c", 0));
}

TEST(PrincipalCache, ForgetsByKeyAndByUser) {
  PrincipalCache cache(1000);
  cache.put("phone", principal_of_user(1), 0, 10'000);
  cache.put("laptop", principal_of_user(1), 0, 10'000);
  cache.put("other", principal_of_user(2), 0, 10'000);
  cache.forget("phone");
  EXPECT_FALSE(cache.find("phone", 1));
  EXPECT_TRUE(cache.find("laptop", 1));
  cache.forget_user(1);
  EXPECT_FALSE(cache.find("laptop", 1));
  EXPECT_TRUE(cache.find("other", 1));
}

TEST(PrincipalCache, ZeroTtlKeepsNothing) {
  PrincipalCache cache(0);
  cache.put("a", principal_of_user(1), 0, 10'000);
  EXPECT_FALSE(cache.find("a", 0));
  EXPECT_EQ(cache.size(), 0u);
}

TEST(PrincipalCache, StaysWithinItsBound) {
  PrincipalCache cache(1'000'000);
  for (std::size_t i = 0; i <= PrincipalCache::kEntriesMax; ++i)
    cache.put("k" + std::to_string(i), principal_of_user(static_cast<Id>(i)), 0, 1'000'000);
  EXPECT_LE(cache.size(), PrincipalCache::kEntriesMax);
  EXPECT_TRUE(cache.find("k" + std::to_string(PrincipalCache::kEntriesMax), 1));
}

}  // namespace
}  // namespace sangsaeng::accounts
