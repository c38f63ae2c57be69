#include "store/migrations.h"

#include <gtest/gtest.h>

#include "support/store_fixture.h"

namespace sangsaeng::store {
namespace {

class MigrationTest : public testing::StoreTest {};

TEST(SplitStatements, KeepsTriggerBodiesWhole) {
  const auto parts = split_statements(
      "-- comment\nCREATE TABLE a (x INT);\n\nCREATE TRIGGER t BEFORE UPDATE ON a\nBEGIN\n  "
      "SELECT RAISE(ABORT, 'no');\nEND;\nINSERT INTO a VALUES (1),\n(2);\n");
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], "CREATE TABLE a (x INT);");
  EXPECT_NE(parts[1].find("RAISE"), std::string::npos);
  EXPECT_NE(parts[2].find("(2)"), std::string::npos);
}

TEST(EmbeddedMigrations, BothDialectsHaveTheSameVersions) {
  std::vector<int> sqlite, pg;
  for (const auto& m : embedded_migrations())
    (m.dialect == Dialect::sqlite ? sqlite : pg).push_back(m.version);
  EXPECT_FALSE(sqlite.empty());
  EXPECT_EQ(sqlite, pg);
}

TEST_P(MigrationTest, MigrateIsIdempotentAndSeedsPrograms) {
  const MigrateReport again = migrate(*db_);
  EXPECT_EQ(again.applied, 0);
  EXPECT_GE(again.version, 2);
  const int programs = db_->read([](soci::session& s) {
    int n = 0;
    s << "SELECT COUNT(*) FROM programs", soci::into(n);
    return n;
  });
  EXPECT_EQ(programs, 14);
}

TEST_P(MigrationTest, RefusesADatabaseNewerThanTheProgram) {
  db_->write([](soci::session& s) {
    s << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999999, 'future', 0)";
  });
  EXPECT_THROW(migrate(*db_), StoreError);
}

INSTANTIATE_STORE_TESTS(MigrationTest);

}  // namespace
}  // namespace sangsaeng::store
