#include "core/json.h"

#include <gtest/gtest.h>

#include "core/time.h"

namespace sangsaeng {

TEST(ParseObject, RejectsMalformedInput) {
  for (std::string bad : {std::string("{"), std::string("[]"), std::string("42"), std::string(""),
                          std::string("{\"a\":1,}"), std::string("{\"a\":\"\xff\"}"),
                          std::string(40, '[') + std::string(40, ']')}) {
    auto r = parse_object(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), Code::bad_request);
    EXPECT_EQ(r.status().slug(), "malformed-json");
  }
  EXPECT_TRUE(parse_object("{\"name\":\"상생\"}").ok());
}

TEST(FieldReader, CollectsOneErrorPerBadField) {
  auto obj = parse_object(R"({"name": 5, "qty": 1.5, "big": 99999999999999999999, "flag": "yes",
                              "when": "tomorrow", "extra": 1})");
  ASSERT_TRUE(obj.ok());
  FieldReader r(obj.value());
  r.string("name");
  r.integer("qty", 0, 100);
  r.integer("big", 0, INT64_MAX);
  r.boolean("flag");
  r.instant("when");
  r.string("missing");
  r.reject_unknown({"name", "qty", "big", "flag", "when", "missing"});
  ASSERT_FALSE(r.ok());
  const Status status = r.status();
  const auto& fields = status.fields();
  ASSERT_EQ(fields.size(), 7u);
  EXPECT_EQ(fields[0].field, "name");
  EXPECT_EQ(fields[1].message, "must be a whole number");
  EXPECT_EQ(fields[2].message, "is too large");
  EXPECT_EQ(fields[5].message, "is required");
  EXPECT_EQ(fields[6].field, "extra");
  EXPECT_EQ(r.status().code(), Code::invalid_argument);
}

TEST(FieldReader, ReadsGoodValuesAndCountsCodePoints) {
  auto obj =
      parse_object(R"({"name": "  상생마켓 ", "qty": 2000, "at": "2026-12-02T10:00:00+09:00"})");
  ASSERT_TRUE(obj.ok());
  FieldReader r(obj.value());
  EXPECT_EQ(r.string("name", {.min_chars = 1, .max_chars = 4}), "상생마켓");
  EXPECT_EQ(r.integer("qty", 1, 10000), 2000);
  EXPECT_EQ(r.instant("at"), *parse_rfc3339("2026-12-02T01:00:00Z"));
  EXPECT_EQ(r.optional_string("absent"), std::nullopt);
  EXPECT_TRUE(r.ok());
  FieldReader too_long(obj.value());
  too_long.string("name", {.min_chars = 1, .max_chars = 3});
  EXPECT_FALSE(too_long.ok());
}

}  // namespace sangsaeng
