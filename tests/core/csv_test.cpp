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
}  // namespace sangsaeng
