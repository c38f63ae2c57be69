#include "core/config.h"

#include <gtest/gtest.h>

namespace sangsaeng {

TEST(Config, TomlThenEnvironmentOverride) {
  Config c;
  ASSERT_TRUE(apply_toml_text(c, "port = 9000\nthreads = 4\ndb_url = \"postgresql://x\"\n").ok());
  EXPECT_EQ(c.port, 9000);
  EXPECT_EQ(c.threads, 4);
  ASSERT_TRUE(
      apply_env(c, {{"SANGSAENG_PORT", "9100"}, {"SANGSAENG_SECURE_COOKIES", "true"}}).ok());
  EXPECT_EQ(c.port, 9100);
  EXPECT_TRUE(c.secure_cookies);
  EXPECT_EQ(c.effective_db_url(), "postgresql://x");
}

TEST(Config, UnknownKeysAndBadValuesAreNamed) {
  Config c;
  Status s = apply_toml_text(c, "prot = 9000\n");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("prot"), std::string::npos);
  EXPECT_FALSE(apply_toml_text(c, "port = 70000\n").ok());
  EXPECT_FALSE(apply_toml_text(c, "port = \n").ok());
  s = apply_env(c, {{"SANGSAENG_THREADS", "many"}});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("SANGSAENG_THREADS"), std::string::npos);
  EXPECT_EQ(c.port, 8080);  // nothing applied from the bad inputs
}

TEST(Config, ProxyTrustAndPrincipalCache) {
  Config c;
  EXPECT_FALSE(c.trust_proxy_headers);  // clients connecting directly could name any address
  EXPECT_EQ(c.principal_cache_ms, 2000);
  ASSERT_TRUE(apply_toml_text(c, "trust_proxy_headers = true\nprincipal_cache_ms = 0\n").ok());
  EXPECT_TRUE(c.trust_proxy_headers);
  EXPECT_EQ(c.principal_cache_ms, 0);
  EXPECT_FALSE(apply_env(c, {{"SANGSAENG_PRINCIPAL_CACHE_MS", "600000"}}).ok());  // over 60 s
}

TEST(Config, DefaultDatabaseIsSqliteUnderDataDir) {
  Config c;
  c.data_dir = "/tmp/x";
  EXPECT_EQ(c.effective_db_url(), "sqlite:///tmp/x/sangsaeng.db");
}

TEST(Config, PoolLeaseTimeout) {
  Config c;
  EXPECT_EQ(c.db_pool_timeout_ms, 2000);
  ASSERT_TRUE(apply_toml_text(c, "db_pool_timeout_ms = 500\n").ok());
  EXPECT_EQ(c.db_pool_timeout_ms, 500);
  EXPECT_FALSE(apply_env(c, {{"SANGSAENG_DB_POOL_TIMEOUT_MS", "0"}}).ok());  // never wait: no
}

// Care travel that makes no sense (a road shorter than the straight line, a speed of 0 that
// would make every trip endless, a solver budget of 0) is refused at start, naming the range.
TEST(Config, CareTravelIsRangeChecked) {
  Config c;
  for (const char* bad :
       {"care_road_factor = 0.5\n", "care_road_factor = 0\n", "care_speed_kmh = 0\n",
        "care_speed_kmh = 500\n", "care_plan_seconds_max = 0\n", "care_plan_seconds_max = 601\n"}) {
    const Status s = apply_toml_text(c, bad);
    ASSERT_FALSE(s.ok()) << bad;
    const std::string key(bad, std::string_view(bad).find(' '));
    EXPECT_NE(s.message().find("'" + key + "'"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find(" to "), std::string::npos) << s.message();  // names the range
  }
  const Status env = apply_env(c, {{"SANGSAENG_CARE_SPEED_KMH", "-3"}});
  ASSERT_FALSE(env.ok());
  EXPECT_NE(env.message().find("SANGSAENG_CARE_SPEED_KMH (a number from 1 to 120)"),
            std::string::npos)
      << env.message();
  EXPECT_EQ(c.care_road_factor, 1.3);  // nothing applied from the bad inputs
  EXPECT_EQ(c.care_speed_kmh, 25.0);
  ASSERT_TRUE(apply_toml_text(c, "care_road_factor = 1.5\ncare_speed_kmh = 30\n").ok());
  EXPECT_EQ(c.care_road_factor, 1.5);
  EXPECT_EQ(c.care_speed_kmh, 30.0);
}

}  // namespace sangsaeng
