// PostgreSQL array literals: what goes in through unnest comes back as it was, whatever the
// text holds (the batch writes of the ledger, outage settlement and the outbox rely on it).
#include "store/arrays.h"

#include <gtest/gtest.h>

#include "support/store_fixture.h"

namespace sangsaeng::store {
namespace {

class ArraysTest : public testing::StoreTest {};

TEST(PgArray, SpellsIntegersNullsAndQuotedText) {
  EXPECT_EQ(pg_array(std::vector<long long>{}), "{}");
  EXPECT_EQ(pg_array(std::vector<long long>{1, -2, 9'000'000'000LL}), "{1,-2,9000000000}");
  EXPECT_EQ(pg_array({1, 2, 3}, {true, false, true}), "{1,NULL,3}");
  EXPECT_EQ(pg_array(std::vector<std::string>{"a", "b\"c", "d\\e"}), R"({"a","b\"c","d\\e"})");
}

TEST_P(ArraysTest, TextComesBackFromUnnestAsItWent) {
  if (db_->dialect() != Dialect::postgres) GTEST_SKIP() << "PostgreSQL arrays only";
  const std::vector<std::string> texts = {"",           "NULL",
                                          "a,b",        "{x}",
                                          "  spaced  ", "quote \" and back\\slash",
                                          "줄\n바꿈",   "혹한기 긴급 구호"};
  const std::string bound = pg_array(texts);
  std::vector<std::string> back(texts.size());
  db_->read([&](soci::session& s) {
    s << "SELECT t FROM unnest(CAST(:a AS TEXT[])) WITH ORDINALITY AS v(t, n) ORDER BY n",
        soci::use(bound), soci::into(back);
  });
  EXPECT_EQ(back, texts);
  const std::string ints = pg_array({7, 0, -7}, {true, false, true});
  long long nulls = -1, sum = 0;
  db_->read([&](soci::session& s) {
    s << "SELECT COUNT(*) - COUNT(v), COALESCE(SUM(v), 0) FROM unnest(CAST(:a AS BIGINT[])) AS "
         "u(v)",
        soci::use(ints), soci::into(nulls), soci::into(sum);
  });
  EXPECT_EQ(nulls, 1);
  EXPECT_EQ(sum, 0);
}

INSTANTIATE_STORE_TESTS(ArraysTest);

}  // namespace
}  // namespace sangsaeng::store
