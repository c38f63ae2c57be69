// Runs a storage test on both databases: SQLite in a temp dir and a real PostgreSQL that
// the harness starts itself. Use TEST_P(StoreTest, ...) and INSTANTIATE_STORE_TESTS().
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>

#include "store/db.h"
#include "store/migrations.h"
#include "support/temp_postgres.h"

namespace sangsaeng::testing {

inline std::string fresh_url(store::Dialect dialect) {
  static std::atomic<int> counter{0};
  if (dialect == store::Dialect::sqlite) return temp_sqlite_url();
  return TempPostgres::shared().create_database("t" + std::to_string(::getpid()) + "_" +
                                                std::to_string(counter++));
}

class StoreTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    url_ = fresh_url(GetParam());
    db_ = store::Db::open({.url = url_, .pool_size = 4});
    store::migrate(*db_);
  }
  std::string url_;
  std::unique_ptr<store::Db> db_;
};

inline std::string dialect_name(const ::testing::TestParamInfo<store::Dialect>& info) {
  return info.param == store::Dialect::sqlite ? "sqlite" : "postgres";
}

}  // namespace sangsaeng::testing

#define INSTANTIATE_STORE_TESTS(fixture)                                             \
  INSTANTIATE_TEST_SUITE_P(Databases, fixture,                                       \
                           ::testing::Values(::sangsaeng::store::Dialect::sqlite,    \
                                             ::sangsaeng::store::Dialect::postgres), \
                           ::sangsaeng::testing::dialect_name)
