// The shared CSV writer: what Excel and a courier's bulk upload read back.
#include "core/csv.h"

#include <gtest/gtest.h>

namespace sangsaeng {
namespace {

TEST(Csv, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(csv_field("김하늘"), "김하늘");
  EXPECT_EQ(csv_field("서울 종로구, 3층"), "\"서울 종로구, 3층\"");
  EXPECT_EQ(csv_field("문 앞 \"택배함\""), "\"문 앞 \"\"택배함\"\"\"");
  EXPECT_EQ(csv_field("두 줄\n메모"), "\"두 줄\n메모\"");
  EXPECT_EQ(csv_field(""), "");
}

TEST(Csv, StartsWithABomAndEndsRowsWithCrLf) {
  CsvWriter w;
  w.row({"받는분", "수량"});
  const std::vector<std::string> row{"김하늘", "2"};
  w.row(row);
  EXPECT_EQ(w.text(), "\xEF\xBB\xBF받는분,수량\r\n김하늘,2\r\n");
  EXPECT_EQ(w.rows(), 2u);
  CsvWriter plain({.bom = false, .guard_formulas = false});
  plain.row({"-5", "=1+1"});
  EXPECT_EQ(plain.text(), "-5,=1+1\r\n");
}

TEST(Csv, AFieldASpreadsheetWouldRunIsKeptAsText) {
  CsvWriter w({.bom = false});
  w.row({"=HYPERLINK(\"http://x\")", "+82", "@SUM(A1)", "010-1234-5678"});
  EXPECT_EQ(w.text(), "\"'=HYPERLINK(\"\"http://x\"\")\",'+82,'@SUM(A1),010-1234-5678\r\n");
}

}  // namespace

TEST(CsvParse, ReadsQuotesCommasNewlinesAndABom) {
  auto rows = csv_parse(
      "\xEF\xBB\xBFref,product\r\n02-1,\"기가, 500M\"\r\n\r\n02-2,\"say \"\"hi\"\"\nthere\"\n", 10);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows.value().size(), 3u);
  EXPECT_EQ(rows.value()[0], (std::vector<std::string>{"ref", "product"}));
  EXPECT_EQ(rows.value()[1], (std::vector<std::string>{"02-1", "기가, 500M"}));
  EXPECT_EQ(rows.value()[2], (std::vector<std::string>{"02-2", "say \"hi\"\nthere"}));
  // The writer's output reads back as it was written.
  CsvWriter w;
  w.row({"a,b", "c\"d", "", "e"});
  auto back = csv_parse(w.text(), 10);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value()[0], (std::vector<std::string>{"a,b", "c\"d", "", "e"}));
}

TEST(CsvParse, RefusesAnOpenQuoteTextAfterAQuoteAndTooManyRows) {
  EXPECT_EQ(csv_parse("a,\"b\nc", 10).status().slug(), "malformed-csv");
  EXPECT_EQ(csv_parse("a,\"b\"c\n", 10).status().slug(), "malformed-csv");
  EXPECT_EQ(csv_parse("a\nb\nc\n", 2).status().slug(), "too-many-rows");
  EXPECT_TRUE(csv_parse("a\nb\n", 2).ok());
  EXPECT_TRUE(csv_parse("", 2).value().empty());
}

}  // namespace sangsaeng
